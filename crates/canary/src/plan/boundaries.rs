//! The boundary framework: communication, workload and technology boundaries as the person
//! declared them, each with what the last four complete weeks measured against it (the plan),
//! or what a whole report period measured (the monthly review, see [`framework_over`]).

use jiff::civil::{Date, Weekday};
use serde::Serialize;

use crate::Settings;
use crate::model::{Report, WeekRow};
use crate::settings::weekday_key;

/// Weeks looked back on for violations.
pub const WEEKS: usize = 4;

/// One boundary and what crossed it.
#[derive(Debug, Clone, Serialize)]
pub struct Boundary {
    /// The boundary as declared, e.g. "Sleep window 22:30–07:00".
    pub boundary: String,
    /// What was measured against it, in words; empty when nothing crossed it.
    pub crossed: Option<String>,
    /// Whether the weeks could show it crossed: false when no source covered them, or only
    /// sparse ones (commits, sent mail, which show work but never its absence). An uncrossed
    /// boundary that was not measured reads "not measured", never "kept".
    pub measured: bool,
}

/// One of the three groups.
#[derive(Debug, Clone, Serialize)]
pub struct BoundaryGroup {
    /// `communication`, `workload` or `technology`.
    pub group: &'static str,
    pub boundaries: Vec<Boundary>,
}

/// The last [`WEEKS`] complete weeks (see [`WeekRow::complete`]), oldest first.
pub fn recent_weeks(report: &Report) -> &[WeekRow] {
    let end = report
        .weeks
        .iter()
        .rposition(|w| w.complete)
        .map_or(0, |i| i + 1);
    let start = report.weeks[..end]
        .iter()
        .rposition(|w| !w.complete)
        .map_or(0, |i| i + 1)
        .max(end.saturating_sub(WEEKS));
    &report.weeks[start..end]
}

fn b(boundary: String, crossed: Option<String>) -> Boundary {
    Boundary {
        boundary,
        crossed,
        measured: true,
    }
}

fn working_hours(s: &Settings) -> String {
    let days = [
        Weekday::Monday,
        Weekday::Tuesday,
        Weekday::Wednesday,
        Weekday::Thursday,
        Weekday::Friday,
        Weekday::Saturday,
        Weekday::Sunday,
    ];
    let mut parts: Vec<(Vec<&str>, String)> = Vec::new();
    for d in days {
        let ranges = s.hours.on(d);
        if ranges.is_empty() {
            continue;
        }
        let text = ranges
            .iter()
            .map(|r| r.to_string().replace('-', "–"))
            .collect::<Vec<_>>()
            .join(", ");
        match parts.last_mut() {
            Some((ds, t)) if *t == text => ds.push(weekday_key(d)),
            _ => parts.push((vec![weekday_key(d)], text)),
        }
    }
    parts
        .iter()
        .map(|(ds, t)| match ds.as_slice() {
            [one] => format!("{} {t}", cap(one)),
            [first, .., last] => format!("{}–{} {t}", cap(first), cap(last)),
            [] => String::new(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn count<T>(n: u32, one: &str, many: &str, rest: T) -> Option<String>
where
    T: FnOnce() -> String,
{
    (n > 0).then(|| format!("{}{}", crate::words::count_as(n, one, many), rest()))
}

/// The framework with its violations in the last [`WEEKS`] complete weeks.
pub fn framework(report: &Report, s: &Settings) -> Vec<BoundaryGroup> {
    let weeks = recent_weeks(report);
    let scope = Scope {
        within: format!(" in the last {} complete weeks", weeks.len()),
        of_weeks: format!("of the last {} complete weeks", weeks.len()),
    };
    framework_over(report, s, weeks, &scope)
}

/// How the counted weeks are named in the sentences.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Appended to counts, e.g. " in the last 4 complete weeks".
    pub within: String,
    /// After "N …" for weeks over the limit, e.g. "of the last 4 complete weeks".
    pub of_weeks: String,
}

/// The framework with its violations in the given week rows of the report.
pub fn framework_over(
    report: &Report,
    s: &Settings,
    weeks: &[WeekRow],
    scope: &Scope,
) -> Vec<BoundaryGroup> {
    let since = weeks.first().map(|w| w.start);
    let sum = |f: fn(&WeekRow) -> u32| weeks.iter().map(f).sum::<u32>();
    let in_4 = scope.within.clone();

    // Communication.
    let mail_days = sum(|w| w.mail_outside_hours_days);
    let mail = count(mail_days, "day", "days", || {
        let mut t = format!(" with mail sent before work or after dinner{in_4}");
        if let Some(m) = report.communication.median_reply_minutes {
            t.push_str(&format!(
                "; after-hours mail answered in a median {}",
                crate::words::duration_minutes(m)
            ));
        }
        t
    });
    let pages = sum(|w| w.pages_personal_time);
    let emergency = format!(
        "Only emergencies outside working hours (urgency {}; priority {})",
        list(&s.emergency.urgencies),
        list(&s.emergency.priorities)
    );
    let paged = count(pages, "non-emergency page", "non-emergency pages", || {
        format!(" reached you in personal time{in_4}")
    });
    let nights: Vec<Date> = report
        .sleep
        .recent
        .iter()
        .map(|n| n.night)
        .filter(|n| since.is_some_and(|s| *n >= s))
        .collect();
    let sleep_n = sum(|w| w.sleep_nights);
    let sleep = count(sleep_n, "night", "nights", || {
        let mut t = in_4.clone();
        let examples: Vec<String> = report
            .sleep
            .recent
            .iter()
            .filter(|n| nights.contains(&n.night))
            .take(3)
            .filter_map(|n| {
                let last = n.samples.last()?;
                let time = last.local.get(11..16)?;
                Some(format!(
                    "{} at {time} ({})",
                    n.night,
                    last.kind.replace('_', " ")
                ))
            })
            .collect();
        if !examples.is_empty() {
            t.push_str(&format!(": {}", examples.join(", ")));
        }
        t
    })
    .map(|t| format!("crossed on {t}"));
    let communication = vec![
        b(format!("Working hours {}", working_hours(s)), mail),
        b(emergency, paged),
        b(
            format!("Sleep window {}–{}", s.sleep.start, s.sleep.end),
            sleep,
        ),
    ];

    // Workload.
    let over: Vec<String> = weeks
        .iter()
        .filter(|w| w.hours > s.max_weekly_hours)
        .map(|w| crate::words::hours(w.hours))
        .collect();
    let over = (!over.is_empty()).then(|| {
        format!(
            "{} {} over it ({})",
            over.len(),
            scope.of_weeks,
            over.join(", ")
        )
    });
    let off = sum(|w| w.days_off_worked_non_emergency);
    let off = count(off, "day off", "days off", || {
        let mut t = format!(" with non-emergency work{in_4}");
        if let Some(d) = report.rest.days_since_full_weekend_off {
            t.push_str(&format!(
                "; {} since a full weekend off",
                crate::words::count(d, "day")
            ));
        }
        t
    });
    let vac = report
        .vacations
        .periods
        .iter()
        .filter(|v| v.days_worked > 0)
        .map(|v| {
            format!(
                "{}..{}: worked on {} of {}",
                v.start,
                v.end,
                v.days_worked,
                crate::words::count(v.days, "day")
            )
        })
        .collect::<Vec<_>>();
    let off_rotation = sum(|w| w.pages_off_rotation);
    let off_rotation = count(off_rotation, "page", "pages", || {
        format!(" reached you while you were not on call{in_4}")
    });
    let mut workload = vec![
        b(
            format!(
                "At most {} hours a week except for real emergencies",
                s.max_weekly_hours
            ),
            over,
        ),
        b("Days off stay off".to_string(), off),
        b(
            "Vacations without work".to_string(),
            (!vac.is_empty()).then(|| vac.join("; ")),
        ),
    ];
    if s.oncall.declared() {
        workload.push(b("Paged only when on call".to_string(), off_rotation));
    }

    // Technology.
    let mut tools: Vec<&str> = report
        .sleep
        .recent
        .iter()
        .filter(|n| nights.contains(&n.night))
        .flat_map(|n| n.samples.iter().map(|e| e.source.as_str()))
        .collect();
    tools.sort_unstable();
    tools.dedup();
    let after: f64 = weeks
        .iter()
        .map(|w| w.by_band.off_hours + w.by_band.sleep + w.by_band.non_working_day)
        .sum();
    let technology = vec![
        b(
            "Work tools closed outside working hours".to_string(),
            (after >= 0.5).then(|| {
                format!(
                    "{} of work outside business hours{in_4}",
                    crate::words::hours(after)
                )
            }),
        ),
        b(
            "No work devices or apps at night".to_string(),
            (!tools.is_empty()).then(|| format!("used at night: {}", tools.join(", "))),
        ),
    ];
    // An absent crossing is evidence only when a continuous source saw the weeks.
    let measured = weeks.iter().any(|w| w.continuous_days > 0);
    let mark = |v: Vec<Boundary>| -> Vec<Boundary> {
        v.into_iter()
            .map(|x| Boundary {
                measured: measured || x.crossed.is_some(),
                ..x
            })
            .collect()
    };
    let (communication, workload, technology) =
        (mark(communication), mark(workload), mark(technology));
    vec![
        BoundaryGroup {
            group: "communication",
            boundaries: communication,
        },
        BoundaryGroup {
            group: "workload",
            boundaries: workload,
        },
        BoundaryGroup {
            group: "technology",
            boundaries: technology,
        },
    ]
}

fn list(v: &[String]) -> String {
    if v.is_empty() {
        "none".to_string()
    } else {
        v.join(", ")
    }
}
