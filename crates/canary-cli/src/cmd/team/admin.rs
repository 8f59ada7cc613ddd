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
            println!("created group {}", v["group"].as_str().unwrap_or(name));
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
            println!("{token}");
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
            println!("{token}");
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
                println!("{}", serde_json::to_string_pretty(&v)?);
            } else {
                print!("{}", audit_table(&v));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn audit_table(v: &Value) -> String {
    let entries = v["entries"].as_array().cloned().unwrap_or_default();
    if entries.is_empty() {
        return "The audit log is empty.\n".into();
    }
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED);
    t.set_header(["When", "Token", "Role", "Action", "Group"]);
    for e in &entries {
        let s = |k: &str| e[k].as_str().unwrap_or("—").to_string();
        t.add_row(vec![
            Cell::new(when(e["at"].as_i64())),
            Cell::new(e["token_id"].as_i64().map_or("—".into(), |i| i.to_string()))
                .set_alignment(CellAlignment::Right),
            Cell::new(s("role")),
            Cell::new(s("route")),
            Cell::new(s("group")),
        ]);
    }
    format!("{t}\n{} entries\n", entries.len())
}
