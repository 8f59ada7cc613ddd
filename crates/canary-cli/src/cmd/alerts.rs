//! `canary alerts [check|mute|unmute|test|rules]`: what Canary noticed by itself. The rules
//! and when an alert may be delivered are the library's ([`canary::alerts`]); delivery is
//! [`crate::notify`]'s.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use canary::alerts::Rule;
use canary::store::{AlertState, StoredAlert};

use crate::cli::{AlertsAction, AlertsArgs};
use crate::context::Context;
use crate::notify;

pub fn run(ctx: &Context, args: &AlertsArgs) -> Result<ExitCode> {
    match &args.action {
        None => list(ctx, args.json),
        Some(AlertsAction::Check) => check(ctx, args.json),
        Some(AlertsAction::Mute { rule }) => {
            let ws = ctx.workspace()?;
            let n = ws.mute_rule(rule, ctx.now)?;
            eprintln!(
                "Muted {rule}: its alerts are kept but not delivered{}. `canary alerts unmute {rule}` undoes it.",
                if n > 0 {
                    format!(" ({n} waiting muted)")
                } else {
                    String::new()
                }
            );
            Ok(ExitCode::SUCCESS)
        }
        Some(AlertsAction::Unmute { rule }) => {
            let ws = ctx.workspace()?;
            if ws.unmute_rule(rule)? {
                eprintln!("Unmuted {rule}: its next alerts are delivered again.");
            } else {
                eprintln!("{rule} was not muted.");
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(AlertsAction::Test) => test(),
        Some(AlertsAction::Rules) => rules(ctx, args.json),
    }
}

fn local(ctx: &Context, t: jiff::Timestamp) -> String {
    let zone = ctx
        .settings()
        .ok()
        .and_then(|s| s.zone().ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    t.to_zoned(zone).strftime("%Y-%m-%d %H:%M").to_string()
}

fn state_word(a: &StoredAlert) -> &'static str {
    match (a.state, a.channel.as_deref()) {
        (AlertState::New, _) => "new",
        (AlertState::Muted, _) => "muted",
        (AlertState::Seen, Some("desktop")) => "delivered",
        (AlertState::Seen, Some("terminal")) => "shown",
        (AlertState::Seen, _) => "seen",
    }
}

fn list(ctx: &Context, json: bool) -> Result<ExitCode> {
    let ws = ctx.workspace()?;
    let alerts = ws.alerts_list(true)?;
    let mut out = anstream::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &alerts)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if alerts.is_empty() {
        writeln!(
            out,
            "No alerts yet. `canary alerts check` runs the rules now; `canary alerts rules` lists them."
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    for a in &alerts {
        writeln!(
            out,
            "{}  {:<9}  {}",
            local(ctx, a.fired_at),
            state_word(a),
            canary::privacy::display_safe_lines(&a.title)
        )?;
        for line in &a.evidence {
            writeln!(out, "    {}", canary::privacy::display_safe_lines(line))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn check(ctx: &Context, json: bool) -> Result<ExitCode> {
    let ws = ctx.workspace()?;
    let checked = notify::check_and_deliver(&ws, ctx.now)?;
    let mut out = anstream::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &checked)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let c = &checked.check;
    if c.fired.is_empty() {
        writeln!(
            out,
            "No new alerts ({} rule{} hold{} an alert already kept).",
            c.holding,
            if c.holding == 1 { "" } else { "s" },
            if c.holding == 1 { "s" } else { "" }
        )?;
    } else {
        writeln!(
            out,
            "{} new alert{}:",
            c.fired.len(),
            if c.fired.len() == 1 { "" } else { "s" }
        )?;
        for a in &c.fired {
            let muted = if a.state == AlertState::Muted {
                " (muted)"
            } else {
                ""
            };
            writeln!(
                out,
                "  {}{muted}",
                canary::privacy::display_safe_lines(&a.title)
            )?;
            for line in &a.evidence {
                writeln!(out, "    {}", canary::privacy::display_safe_lines(line))?;
            }
        }
    }
    if !checked.delivered.is_empty() {
        writeln!(
            out,
            "Delivered {} as desktop notification{}.",
            checked.delivered.len(),
            if checked.delivered.len() == 1 {
                ""
            } else {
                "s"
            }
        )?;
    }
    if let Some(e) = &checked.desktop_error {
        writeln!(
            out,
            "No desktop notification ({}); the next `canary` command and the prompt hook will show them.",
            canary::privacy::display_safe_lines(e)
        )?;
    } else if !ws.settings.alerts.desktop && !c.deliver.is_empty() {
        writeln!(
            out,
            "Desktop notifications are off (`alerts.desktop`); the next `canary` command and the prompt hook will show them."
        )?;
    }
    if let (Some(w), false) = (c.wait, c.waiting.is_empty()) {
        writeln!(out, "{} waiting: {}.", c.waiting.len(), w.words())?;
    }
    Ok(ExitCode::SUCCESS)
}

fn test() -> Result<ExitCode> {
    notify::desktop(
        "Canary test notification",
        "If you can read this, Canary's alerts will reach you here.",
    )
    .context(
        "the test notification could not be sent; alerts will be printed by the next `canary` command and the prompt hook instead",
    )?;
    eprintln!("Sent a test notification.");
    Ok(ExitCode::SUCCESS)
}

fn rules(ctx: &Context, json: bool) -> Result<ExitCode> {
    let ws = ctx.workspace()?;
    let muted = ws.muted_rules()?;
    let mut out = anstream::stdout().lock();
    let rows: Vec<serde_json::Value> = Rule::ALL
        .iter()
        .map(|r| {
            serde_json::json!({
                "rule": r.name(),
                "watches": r.help(),
                "muted": muted.iter().any(|m| m == r.name()),
            })
        })
        .collect();
    if json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    for r in Rule::ALL {
        let m = if muted.iter().any(|m| m == r.name()) {
            " (muted)"
        } else {
            ""
        };
        writeln!(out, "{:<20} {}{m}", r.name(), r.help())?;
    }
    Ok(ExitCode::SUCCESS)
}
