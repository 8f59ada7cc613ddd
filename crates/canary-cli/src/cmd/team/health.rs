//! `canary team health`: the manager's view of a group, week by week, as the team server
//! releases it. A week appears with figures only once settled and when at least k members
//! reported it; otherwise it says why it is hidden. Without `--group`, the groups are listed.

use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use canary::metrics::period::iso_week_label;
use canary_team::model::parse_week;
use canary_team::store::SETTLE_DAYS;
use comfy_table::{Cell, CellAlignment, Table, presets};
use jiff::ToSpan;
use jiff::civil::Date;
use serde_json::Value;

use crate::cli::team::HealthArgs;
use crate::context::Context;

/// How many weeks are shown when no range is given (ending with the current week).
const DEFAULT_WEEKS: i64 = 8;

fn week_arg(flag: &str, s: &str) -> Result<Date> {
    parse_week(s).with_context(|| format!("--{flag} takes an ISO week YYYY-Www, not {s:?}"))
}

pub fn run(ctx: &Context, args: &HealthArgs) -> Result<ExitCode> {
    let Some(group) = &args.group else {
        let v = args.remote.call("GET", "/v1/groups", None)?;
        if args.json {
            outln!("{}", serde_json::to_string_pretty(&v)?);
        } else {
            let names: Vec<&str> = v["groups"]
                .as_array()
                .map(|a| a.iter().filter_map(Value::as_str).collect())
                .unwrap_or_default();
            if names.is_empty() {
                outln!("No groups yet.");
            }
            for n in names {
                outln!("{}", canary::privacy::display_safe(n));
            }
        }
        return Ok(ExitCode::SUCCESS);
    };
    if group.is_empty()
        || !group
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        bail!("a group name is made of A–Z, a–z, 0–9, - and _, not {group:?}");
    }
    let today = ctx.now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let to = match &args.to {
        Some(s) => week_arg("to", s)?,
        None => parse_week(&iso_week_label(today)).context("the current week")?,
    };
    let from = match &args.from {
        Some(s) => week_arg("from", s)?,
        None => to.checked_sub((7 * (DEFAULT_WEEKS - 1)).days())?,
    };
    if from > to {
        bail!(
            "--from {} is after --to {}",
            iso_week_label(from),
            iso_week_label(to)
        );
    }
    let path = format!(
        "/v1/groups/{group}/weeks?from={}&to={}",
        iso_week_label(from),
        iso_week_label(to)
    );
    let v = args.remote.call("GET", &path, None)?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        out!(
            "{}",
            canary::privacy::display_safe_lines(&render(group, &v, today))
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Whether the server may have released `week` by `today` (the same rule as the store's).
fn settled(week: &str, today: Date) -> bool {
    parse_week(week)
        .and_then(|monday| monday.checked_add((6 + SETTLE_DAYS).days()).ok())
        .is_some_and(|d| d < today)
}

fn num(f: &Value, key: &str, places: usize) -> String {
    f[key]
        .as_f64()
        .map_or("—".into(), |x| format!("{x:.places$}"))
}

/// The noise the server says it adds: ", with random noise (on the group's total about ±10 h,
/// …)", or nothing from a server that adds none.
fn noise_note(v: &Value) -> String {
    let n = &v["noise"];
    let parts: Vec<String> = [
        ("hours_mean", " h"),
        ("sleep_nights_mean", " night"),
        ("interruptions_mean", " pages"),
        ("cbi_personal_mean", " points"),
    ]
    .iter()
    .filter_map(|(k, unit)| n[*k].as_f64().map(|b| format!("±{b}{unit}")))
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!(
            ", with random noise (on the group's total about {}; on a mean, that divided by \
             the members)",
            parts.join(", ")
        )
    }
}

/// The table a manager reads: one row per week, hidden weeks say why.
pub fn render(group: &str, v: &Value, today: Date) -> String {
    render_at(group, v, today, crate::render::width::terminal_width())
}

/// [`render`] for `width` columns: below [`NARROW`](crate::render::width::NARROW) the headers
/// take two lines, the CBI pair is written `52/61`, and a hidden week says only "hidden" or
/// "not yet", with the reasons under the table (the table then fits 80 columns).
fn render_at(group: &str, v: &Value, today: Date, width: usize) -> String {
    let narrow = width < crate::render::width::NARROW;
    let k = v["k"].as_u64().unwrap_or(u64::from(canary_team::MIN_GROUP));
    let weeks = v["weeks"].as_array().cloned().unwrap_or_default();
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED);
    if narrow {
        t.set_header([
            "Week",
            "Mem-\nbers",
            "Hours",
            "After\nhours",
            "Sleep\nnights",
            "Inter-\nrupts",
            "Risk\nL/M/H/?",
            "CBI\np/w",
            "WHO-5",
        ]);
    } else {
        t.set_header([
            "Week",
            "Members",
            "Hours",
            "After hours",
            "Sleep nights",
            "Interruptions",
            "Risk L/M/H/?",
            "CBI pers./work",
            "WHO-5",
        ]);
    }
    let right = |s: String| Cell::new(s).set_alignment(CellAlignment::Right);
    let mut shown = 0;
    // Which short reasons the narrow table used, to say them under it.
    let (mut too_few, mut not_yet) = (false, false);
    for w in &weeks {
        let week = w["week"].as_str().unwrap_or("?");
        let f = &w["figures"];
        if w["suppressed"] == true || f.is_null() {
            let settled = settled(week, today);
            too_few |= settled;
            not_yet |= !settled;
            let why = match (settled, narrow) {
                (true, false) => format!("fewer than {k} members: hidden"),
                (false, false) => "not settled yet: hidden".into(),
                (true, true) => "hidden".into(),
                (false, true) => "not yet".into(),
            };
            t.add_row(vec![Cell::new(week), Cell::new(why)]);
            continue;
        }
        shown += 1;
        let risk = match f["risk"].as_object() {
            Some(r) => ["low", "medium", "high", "unknown"]
                .map(|l| r.get(l).and_then(Value::as_u64).unwrap_or(0).to_string())
                .join("/"),
            None => "—".into(),
        };
        let after = f["after_hours_share_mean"]
            .as_f64()
            .map_or("—".into(), super::pct);
        t.add_row(vec![
            Cell::new(week),
            right(
                f["reporting"]
                    .as_u64()
                    .map_or("—".into(), |n| n.to_string()),
            ),
            right(num(f, "hours_mean", 1)),
            right(after),
            right(num(f, "sleep_nights_mean", 1)),
            right(num(f, "interruptions_mean", 1)),
            right(risk),
            right(format!(
                "{}{}{}",
                num(f, "cbi_personal_mean", 0),
                if narrow { "/" } else { " / " },
                num(f, "cbi_work_mean", 0)
            )),
            right(num(f, "who5_mean", 0)),
        ]);
    }
    if narrow {
        // One space of padding, on the left: nine columns of figures fit 80 columns.
        for c in t.column_iter_mut() {
            c.set_padding((1, 0));
        }
    }
    crate::render::width::fit_table(&mut t, width);
    let hidden = if narrow {
        let mut legend: Vec<String> = Vec::new();
        if too_few {
            legend.push(format!("hidden: fewer than {k} members"));
        }
        if not_yet {
            legend.push("not yet: not settled yet".into());
        }
        legend.push("CBI p/w: personal and work-related burnout".into());
        format!("{}.\n", legend.join("; "))
    } else {
        String::new()
    };
    let text = format!(
        "Group {group}: {shown} of {} shown (k = {k}).\n{t}\n{hidden}\
         Figures are means over the members who measured them{}; \
         —: fewer than {k} measured it.\n\
         A week shows once settled ({SETTLE_DAYS} days after its Sunday) and never changes after.\n",
        canary::words::count(weeks.len(), "week"),
        noise_note(v)
    );
    crate::render::width::fit(&text, width)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::width::display_width;

    /// A server's answer for three weeks: one hidden (too few members), one shown, one not
    /// settled yet.
    fn answer() -> Value {
        let figures = serde_json::json!({
            "reporting": 12, "hours_mean": 47.25, "after_hours_share_mean": 0.234,
            "sleep_nights_mean": 1.5, "interruptions_mean": 12.4,
            "risk": {"low": 3, "medium": 5, "high": 3, "unknown": 1},
            "cbi_personal_mean": 52.4, "cbi_work_mean": 61.0, "who5_mean": 48.0
        });
        serde_json::json!({
            "k": 5,
            "noise": {"hours_mean": 10.0},
            "weeks": [
                {"week": "2026-W44", "suppressed": true, "figures": null},
                {"week": "2026-W45", "suppressed": false, "figures": figures},
                {"week": "2026-W48", "suppressed": true, "figures": null}
            ]
        })
    }

    #[test]
    fn the_health_table_fits_80_columns_and_says_why_weeks_are_hidden() {
        let today = jiff::civil::date(2026, 11, 30);
        let narrow = render_at("ops", &answer(), today, 80);
        let wide_lines: Vec<&str> = narrow.lines().filter(|l| display_width(l) > 80).collect();
        assert!(wide_lines.is_empty(), "{wide_lines:#?}\n{narrow}");
        assert!(narrow.contains("52/61"), "{narrow}");
        assert!(narrow.contains("hidden: fewer than 5 members; not yet: not settled yet"));
        let wide = render_at("ops", &answer(), today, 140);
        assert!(wide.contains("fewer than 5 members: hidden"), "{wide}");
        assert!(wide.contains("not settled yet: hidden"), "{wide}");
        assert!(wide.contains("52 / 61"), "{wide}");
        // Both say the same figures.
        for figure in ["47.2", "23%", "1.5", "12.4", "3/5/3/1", "48"] {
            assert!(narrow.contains(figure) && wide.contains(figure), "{figure}");
        }
    }
}
