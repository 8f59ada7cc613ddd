//! The business case: the yearly cost of burnout to a team — turnover, absence, errors and
//! overtime, the four direct costs the article lists — from inputs the manager provides. Every
//! figure not given is an *assumption* with a labelled default, shown beside the result.

use serde::{Deserialize, Serialize};

/// The manager's inputs; `None` means "use the labelled default assumption".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CostInputs {
    pub currency: Option<String>,
    pub team_size: Option<f64>,
    /// Mean gross yearly salary.
    pub salary: Option<f64>,
    /// Employer's on-costs as a multiple of salary (taxes, benefits).
    pub overhead_factor: Option<f64>,
    /// Share of the team leaving per year.
    pub turnover_rate: Option<f64>,
    /// Share of departures attributable to burnout.
    pub burnout_share_of_turnover: Option<f64>,
    /// Cost of replacing one person, as a multiple of salary.
    pub replacement_cost_factor: Option<f64>,
    /// Sick days per person per year.
    pub sick_days: Option<f64>,
    /// Share of sick days attributable to stress and burnout.
    pub burnout_share_of_sick_days: Option<f64>,
    pub working_days: Option<f64>,
    /// Overtime hours per person per week.
    pub overtime_hours_per_week: Option<f64>,
    /// Pay for an overtime hour as a multiple of the normal hourly cost (0 if unpaid).
    pub overtime_premium: Option<f64>,
    pub weeks_per_year: Option<f64>,
    pub hours_per_week: Option<f64>,
    /// Incidents (outages, security incidents) per year.
    pub incidents_per_year: Option<f64>,
    pub cost_per_incident: Option<f64>,
    /// Share of incidents attributable to fatigue.
    pub fatigue_share_of_incidents: Option<f64>,
}

/// One input as used: its value and whether it was an assumption.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Used {
    pub key: &'static str,
    pub label: &'static str,
    pub value: f64,
    pub assumed: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostLine {
    pub name: &'static str,
    pub formula: &'static str,
    pub amount: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostReport {
    pub currency: String,
    pub inputs: Vec<Used>,
    pub lines: Vec<CostLine>,
    pub total: f64,
    pub per_person: f64,
}

/// The defaults, each an assumption to be replaced by the team's own figure.
const DEFAULTS: [(&str, &str, f64); 16] = [
    ("team_size", "team size", 8.0),
    ("salary", "mean yearly salary", 70000.0),
    ("overhead_factor", "employer on-cost factor", 1.3),
    ("turnover_rate", "yearly turnover rate", 0.15),
    (
        "burnout_share_of_turnover",
        "share of departures due to burnout",
        0.3,
    ),
    (
        "replacement_cost_factor",
        "replacement cost (× salary)",
        0.5,
    ),
    ("sick_days", "sick days per person per year", 8.0),
    (
        "burnout_share_of_sick_days",
        "share of sick days due to stress",
        0.3,
    ),
    ("working_days", "working days per year", 220.0),
    (
        "overtime_hours_per_week",
        "overtime hours per person per week",
        4.0,
    ),
    (
        "overtime_premium",
        "overtime pay (× hourly cost; 0 if unpaid)",
        1.0,
    ),
    ("weeks_per_year", "working weeks per year", 46.0),
    ("hours_per_week", "contract hours per week", 40.0),
    ("incidents_per_year", "incidents per year", 12.0),
    ("cost_per_incident", "cost per incident", 5000.0),
    (
        "fatigue_share_of_incidents",
        "share of incidents due to fatigue",
        0.2,
    ),
];

impl CostInputs {
    fn given(&self, key: &str) -> Option<f64> {
        match key {
            "team_size" => self.team_size,
            "salary" => self.salary,
            "overhead_factor" => self.overhead_factor,
            "turnover_rate" => self.turnover_rate,
            "burnout_share_of_turnover" => self.burnout_share_of_turnover,
            "replacement_cost_factor" => self.replacement_cost_factor,
            "sick_days" => self.sick_days,
            "burnout_share_of_sick_days" => self.burnout_share_of_sick_days,
            "working_days" => self.working_days,
            "overtime_hours_per_week" => self.overtime_hours_per_week,
            "overtime_premium" => self.overtime_premium,
            "weeks_per_year" => self.weeks_per_year,
            "hours_per_week" => self.hours_per_week,
            "incidents_per_year" => self.incidents_per_year,
            "cost_per_incident" => self.cost_per_incident,
            "fatigue_share_of_incidents" => self.fatigue_share_of_incidents,
            _ => None,
        }
    }
}

/// Compute the report; refuses negative or non-finite inputs and zero divisors.
pub fn compute(inputs: &CostInputs) -> Result<CostReport, String> {
    let used: Vec<Used> = DEFAULTS
        .iter()
        .map(|&(key, label, default)| {
            let given = inputs.given(key);
            Used {
                key,
                label,
                value: given.unwrap_or(default),
                assumed: given.is_none(),
            }
        })
        .collect();
    for u in &used {
        if !u.value.is_finite() || u.value < 0.0 {
            return Err(format!("`{}` must be a number ≥ 0, not {}", u.key, u.value));
        }
    }
    let v = |k: &str| {
        used.iter()
            .find(|u| u.key == k)
            .map(|u| u.value)
            .unwrap_or(0.0)
    };
    for k in ["working_days", "weeks_per_year", "hours_per_week"] {
        if v(k) == 0.0 {
            return Err(format!("`{k}` must be more than 0"));
        }
    }
    let n = v("team_size");
    let yearly = v("salary") * v("overhead_factor");
    let daily = yearly / v("working_days");
    let hourly = yearly / (v("weeks_per_year") * v("hours_per_week"));
    let lines = vec![
        CostLine {
            name: "Turnover",
            formula: "team size × turnover rate × burnout share × replacement factor × salary",
            amount: n
                * v("turnover_rate")
                * v("burnout_share_of_turnover")
                * v("replacement_cost_factor")
                * v("salary"),
        },
        CostLine {
            name: "Absence",
            formula: "team size × sick days × stress share × (salary × on-cost ÷ working days)",
            amount: n * v("sick_days") * v("burnout_share_of_sick_days") * daily,
        },
        CostLine {
            name: "Errors and incidents",
            formula: "incidents per year × cost per incident × fatigue share",
            amount: v("incidents_per_year")
                * v("cost_per_incident")
                * v("fatigue_share_of_incidents"),
        },
        CostLine {
            name: "Overtime",
            formula: "team size × overtime h/week × weeks × hourly cost × overtime pay factor",
            amount: n
                * v("overtime_hours_per_week")
                * v("weeks_per_year")
                * hourly
                * v("overtime_premium"),
        },
    ];
    let total: f64 = lines.iter().map(|l| l.amount).sum();
    Ok(CostReport {
        currency: inputs.currency.clone().unwrap_or_else(|| "EUR".to_string()),
        inputs: used,
        per_person: if n > 0.0 { total / n } else { 0.0 },
        lines,
        total,
    })
}

/// A whole amount with thousands separators: `12600.4` → `12,600`.
pub fn money(x: f64) -> String {
    let s = format!("{:.0}", x.round());
    let (sign, digits) = s.strip_prefix('-').map_or(("", s.as_str()), |d| ("-", d));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// The report as Markdown, assumptions marked.
pub fn markdown(r: &CostReport) -> String {
    let mut s = String::from("# The cost of burnout to this team, per year\n\n");
    s.push_str("| Cost | Amount | How |\n|---|---:|---|\n");
    for l in &r.lines {
        s.push_str(&format!(
            "| {} | {} {} | {} |\n",
            l.name,
            money(l.amount),
            r.currency,
            l.formula
        ));
    }
    s.push_str(&format!(
        "| **Total** | **{} {}** | {} {} per person |\n\n",
        money(r.total),
        r.currency,
        money(r.per_person),
        r.currency
    ));
    s.push_str("## Inputs\n\n| Input | Value | Source |\n|---|---:|---|\n");
    for u in &r.inputs {
        s.push_str(&format!(
            "| {} (`{}`) | {} | {} |\n",
            u.label,
            u.key,
            u.value,
            if u.assumed {
                "**assumption** (default — replace with your figure)"
            } else {
                "given"
            }
        ));
    }
    s.push_str(
        "\nIndirect costs (knowledge loss, lost innovation, customer service, employer brand) \
         are not counted: this is a floor, not an estimate of the whole.\n",
    );
    s
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The report as a standalone HTML page.
pub fn html(r: &CostReport) -> String {
    let mut s = String::from(
        "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>The cost of burnout</title>\
         <style>body{font-family:sans-serif;max-width:50em;margin:2em auto}td,th{padding:.3em .6em;\
         border-bottom:1px solid #ddd}.n{text-align:right}.a{color:#a40}</style>\
         <h1>The cost of burnout to this team, per year</h1><table><tr><th>Cost<th>Amount<th>How",
    );
    for l in &r.lines {
        s.push_str(&format!(
            "<tr><td>{}<td class=n>{} {}<td>{}",
            esc(l.name),
            money(l.amount),
            esc(&r.currency),
            esc(l.formula)
        ));
    }
    s.push_str(&format!(
        "<tr><th>Total<th class=n>{} {}<td>{} per person</table><h2>Inputs</h2><table>",
        money(r.total),
        esc(&r.currency),
        money(r.per_person)
    ));
    for u in &r.inputs {
        s.push_str(&format!(
            "<tr><td>{} (<code>{}</code>)<td class=n>{}<td{}>{}",
            esc(u.label),
            u.key,
            u.value,
            if u.assumed { " class=a" } else { "" },
            if u.assumed {
                "assumption (default)"
            } else {
                "given"
            }
        ));
    }
    s.push_str("</table></html>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_by_hand_and_labelled_as_assumptions() {
        let r = compute(&CostInputs::default()).unwrap();
        assert!(r.inputs.iter().all(|u| u.assumed));
        // Turnover 8 × .15 × .3 × .5 × 70000 = 12600.
        assert!((r.lines[0].amount - 12600.0).abs() < 1e-6);
        // Errors 12 × 5000 × .2 = 12000.
        assert!((r.lines[2].amount - 12000.0).abs() < 1e-6);
        let md = markdown(&r);
        assert!(md.contains("**assumption**"));
        assert!(md.contains("12,600 EUR"));
    }

    #[test]
    fn given_inputs_replace_assumptions_and_bad_ones_are_refused() {
        let i: CostInputs = toml::from_str("team_size = 4\nsalary = 50000\n").unwrap();
        let r = compute(&i).unwrap();
        assert!(!r.inputs[0].assumed);
        assert!((r.lines[0].amount - 4.0 * 0.15 * 0.3 * 0.5 * 50000.0).abs() < 1e-6);
        let bad = CostInputs {
            salary: Some(-1.0),
            ..CostInputs::default()
        };
        assert!(compute(&bad).is_err());
        assert!(html(&r).contains("<table>"));
    }
}
