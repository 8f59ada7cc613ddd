//! `canary team admin …`: the team server's administrator creates groups, one-time enrolment
//! codes and manager tokens, and reads the audit log. Every call needs the admin token that
//! `canary team serve --init` printed.
//!
//! A new token goes alone to stdout (for scripts); what it is for goes to stderr.

use std::process::ExitCode;

use anyhow::{Result, bail};
use comfy_table::{Cell, CellAlignment, Table, presets};
use serde_json::{Value, json};

use crate::cli::team::{AdminArgs, AdminCommand};
use crate::context::Context;

/// A Unix time as a UTC date and time, to the minute.
pub(crate) fn when(secs: Option<i64>) -> String {
    secs.and_then(|s| jiff::Timestamp::from_second(s).ok())
        .map_or("—".into(), |t| {
            t.strftime("%Y-%m-%d %H:%M UTC").to_string()
        })
}

pub fn run(_ctx: &Context, args: &AdminArgs) -> Result<ExitCode> {
    match &args.command {
        AdminCommand::Group { name, remote: r } => {
            let v = r.call("POST", "/v1/admin/groups", Some(&json!({ "name": name })))?;
            outln!("created group {}", v["group"].as_str().unwrap_or(name));
        }
        AdminCommand::Enrolment {
            group,
            hours,
            remote: r,
        } => {
            let body = json!({ "group": group, "ttl_hours": hours });
            let v = r.call("POST", "/v1/admin/enrolments", Some(&body))?;
            let Some(token) = v["token"].as_str() else {
                bail!("the server sent no token");
            };
            outln!("{token}");
            eprintln!(
                "enrolment code for one member of {group}, valid until {}, spent on first use;\n\
                 the member runs: canary team enrol --server {} --code CODE",
                when(v["expires_at"].as_i64()),
                r.conn.url()?
            );
        }
        AdminCommand::Manager { days, remote: r } => {
            let v = r.call(
                "POST",
                "/v1/admin/managers",
                Some(&json!({ "ttl_days": days })),
            )?;
            let Some(token) = v["token"].as_str() else {
                bail!("the server sent no token");
            };
            outln!("{token}");
            eprintln!(
                "manager token, valid until {}; shown once: hand it over privately;\n\
                 the manager runs: canary team health --server {} --group NAME",
                when(v["expires_at"].as_i64()),
                r.conn.url()?
            );
        }
        AdminCommand::Audit { json, remote: r } => {
            let v = r.call("GET", "/v1/admin/audit", None)?;
            if *json {
                outln!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                out!("{}", audit_table(&v));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// ISO weeks for a table cell: all of a few, or the first and last of many.
fn weeks_cell(weeks: &[Value]) -> String {
    let w: Vec<&str> = weeks.iter().filter_map(Value::as_str).collect();
    match (w.first(), w.last()) {
        (Some(a), Some(z)) if w.len() > 4 => {
            format!("{a} … {z} ({})", canary::words::count(w.len(), "week"))
        }
        _ => w.join(", "),
    }
}

/// What came of an entry: `ok` (with the weeks it concerned), `refused STATUS (rule): reason`
/// with a repeat count, or `—` for entries older than outcomes.
fn outcome_cell(e: &Value) -> String {
    let times = match e["count"].as_u64() {
        Some(n) if n > 1 => format!(" ×{n}"),
        _ => String::new(),
    };
    let weeks = weeks_cell(e["weeks"].as_array().map_or(&[][..], Vec::as_slice));
    match e["outcome"].as_str() {
        Some("ok") if weeks.is_empty() => "ok".into(),
        Some("ok") => format!("ok: {weeks}"),
        Some("refused") => format!(
            "refused {} ({}): {}{times}",
            e["status"].as_u64().unwrap_or(0),
            e["rule"].as_str().unwrap_or("?"),
            e["reason"].as_str().unwrap_or("")
        ),
        _ => "—".into(),
    }
}

fn audit_table(v: &Value) -> String {
    let entries = v["entries"].as_array().cloned().unwrap_or_default();
    if entries.is_empty() {
        return "The audit log is empty (0 entries).\n".into();
    }
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED);
    t.set_header([
        "When", "Token", "Role", "Action", "Group", "Member", "Outcome",
    ]);
    let id = |x: &Value| x.as_i64().map_or("—".into(), |i| i.to_string());
    for e in &entries {
        let s = |k: &str| e[k].as_str().unwrap_or("—").to_string();
        t.add_row(vec![
            Cell::new(when(e["at"].as_i64())),
            Cell::new(id(&e["token_id"])).set_alignment(CellAlignment::Right),
            Cell::new(s("role")),
            Cell::new(s("route")),
            Cell::new(s("group")),
            Cell::new(id(&e["member"])).set_alignment(CellAlignment::Right),
            Cell::new(outcome_cell(e)),
        ]);
    }
    format!("{t}\n{}\n", canary::words::count(entries.len(), "entry"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_audit_table_shows_weeks_refusals_and_repeats() {
        let v = json!({ "entries": [
            { "at": 1_700_000_000, "token_id": 7, "role": "member", "route": "share",
              "group": "ops", "member": 3, "weeks": ["2025-W10", "2025-W11"], "outcome": "ok",
              "count": 1 },
            { "at": 1_700_000_060, "token_id": null, "role": null, "route": "my_weeks",
              "group": null, "member": null, "weeks": [], "outcome": "refused", "status": 401,
              "rule": "token", "reason": "no token", "count": 4 },
            { "at": 1_600_000_000, "token_id": 1, "role": "admin", "route": "create_group",
              "group": "ops", "member": null, "weeks": [], "outcome": null, "count": 1 },
        ]});
        let t = audit_table(&v);
        assert!(t.contains("ok: 2025-W10, 2025-W11"), "{t}");
        assert!(t.contains("refused 401 (token): no token ×4"), "{t}");
        assert!(t.contains("3 entries"), "{t}");
        let many: Vec<Value> = (1..=9).map(|w| json!(format!("2025-W0{w}"))).collect();
        assert_eq!(weeks_cell(&many), "2025-W01 … 2025-W09 (9 weeks)");
        assert_eq!(
            audit_table(&json!({ "entries": [] })),
            "The audit log is empty (0 entries).\n"
        );
    }
}
