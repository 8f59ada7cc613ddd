//! `canary team rotate`: a primary/secondary proposal for the next weeks.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use canary::event::EventKind;
use canary::team::Roster;
use canary::team::everyone::{Measured, Options, measure};
use canary::team::fairness::OVERLOAD_THRESHOLD;
use canary::team::oncall::{burden, responder_stats};
use canary::team::rotate::{Proposal, RotateOptions, propose, to_csv, to_ics};
use comfy_table::{Table, presets};
use jiff::civil::{Date, Weekday};
use jiff::tz::TimeZone;

use super::load_roster;
use crate::cli::team::RotateArgs;
use crate::context::Context;
use crate::output;

/// Each member's weighted burden from the history, and the mean burden of a week.
pub fn history_burden(roster: &Roster, history: &[PathBuf]) -> Result<(Vec<f64>, f64)> {
    if history.is_empty() {
        return Ok(no_history(roster));
    }
    let opts = Options {
        threshold: OVERLOAD_THRESHOLD,
        roster_only: true,
    };
    Ok(burden_of(roster, &measure(history, roster, opts)?))
}

/// No history: nobody has carried anything yet, and a week is assumed to weigh 10.
pub fn no_history(roster: &Roster) -> (Vec<f64>, f64) {
    (vec![0.0; roster.members.len()], 10.0)
}

/// Each member's weighted burden in exports already read for `roster` (members first, as
/// [`measure`] orders them), and the mean burden of a week; names on stderr who carried load
/// without being in the roster.
pub fn burden_of(roster: &Roster, m: &Measured) -> (Vec<f64>, f64) {
    if !m.unlisted.is_empty() {
        let who: Vec<String> = m
            .unlisted
            .iter()
            .map(|u| {
                let i = m.members.iter().position(|x| x.name == u.member.name);
                let pages = i.map_or(0, |i| {
                    m.events[i]
                        .events
                        .iter()
                        .filter(|e| e.kind == EventKind::Page)
                        .count()
                });
                format!("{} ({pages})", u.member.name)
            })
            .collect();
        eprintln!(
            "Paged in the history but not in the roster, so not rotated and their load not \
             evened out: {}. Add them to the roster to include them.",
            who.join(", ")
        );
    }
    let events = &m.events[..roster.members.len()];
    let mut pages = events
        .iter()
        .flat_map(|r| r.events.iter())
        .filter(|e| e.kind == EventKind::Page)
        .map(|e| e.utc.as_second());
    let first = pages.next();
    let (lo, hi) = pages.fold((first, first), |(lo, hi), t| {
        (lo.map(|l| l.min(t)), hi.map(|h| h.max(t)))
    });
    let burdens: Vec<f64> = roster
        .members
        .iter()
        .zip(events)
        .map(|(m, r)| burden(&responder_stats(&m.name, &r.events, &m.settings())))
        .collect();
    let weeks = match (lo, hi) {
        (Some(lo), Some(hi)) => ((hi - lo) as f64 / (7.0 * 86400.0)).ceil().max(1.0),
        _ => 1.0,
    };
    let total: f64 = burdens.iter().sum();
    let per_week = if total > 0.0 { total / weeks } else { 10.0 };
    (burdens, per_week)
}

pub fn run(ctx: &Context, args: &RotateArgs) -> Result<ExitCode> {
    let (roster, p) = compute(ctx, args)?;
    let csv_out = args.csv.as_deref().is_some_and(output::is_stdout);
    let ics_out = args.ics.as_deref().is_some_and(output::is_stdout);
    output::at_most_one_stdout(&[
        ("--json", args.json && (csv_out || ics_out)),
        ("--csv -", csv_out),
        ("--ics -", ics_out),
    ])?;
    if let Some(f) = &args.csv {
        output::write_text(f, &to_csv(&roster.members, &p))?;
    }
    if let Some(f) = &args.ics {
        output::write_text(f, &to_ics(&roster.members, &p))?;
    }
    // `-` put the CSV or the calendar on stdout instead of the table.
    if csv_out || ics_out {
        return Ok(ExitCode::SUCCESS);
    }
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&json(&roster, &p))?);
    } else {
        out!(
            "{}",
            canary::privacy::display_safe_lines(&render(&roster, &p))
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The roster and the proposal of `canary team rotate`.
pub fn compute(ctx: &Context, args: &RotateArgs) -> Result<(Roster, Proposal)> {
    let roster = load_roster(&args.roster)?;
    if roster.members.len() < 2 {
        bail!("a rotation needs at least two members");
    }
    let history = history_burden(&roster, &args.history)?;
    let p = proposal(
        ctx,
        &roster,
        history,
        args.weeks,
        args.start,
        args.rest_weeks,
    )?;
    Ok((roster, p))
}

/// The proposal for `weeks` weeks from `start` (default: the next Monday), given each
/// member's burden so far and the mean burden of a week.
pub fn proposal(
    ctx: &Context,
    roster: &Roster,
    (history, per_week): (Vec<f64>, f64),
    weeks: usize,
    start: Option<Date>,
    rest_weeks: usize,
) -> Result<Proposal> {
    let start = match start {
        Some(d) => d,
        None => {
            let today = ctx.now.to_zoned(TimeZone::UTC).date();
            today.nth_weekday(1, Weekday::Monday)?
        }
    };
    let opts = RotateOptions {
        start,
        weeks,
        primary_load: per_week,
        secondary_load: per_week / 4.0,
        rest_weeks,
    };
    Ok(propose(&roster.members, &history, &opts))
}

/// The proposal as JSON, people named (not roster positions): see `docs/json.md`.
pub fn json(roster: &Roster, p: &Proposal) -> serde_json::Value {
    let name = |i: Option<usize>| i.and_then(|i| roster.members.get(i)).map(|m| &m.name);
    serde_json::json!({
        "weeks": p.weeks.iter().map(|w| serde_json::json!({
            "start": w.start,
            "primary": name(w.primary),
            "secondary": name(w.secondary),
        })).collect::<Vec<_>>(),
        "burden": roster.members.iter().enumerate().map(|(i, m)| serde_json::json!({
            "member": m.name,
            "before": p.burden_before.get(i),
            "after": p.burden_after.get(i),
        })).collect::<Vec<_>>(),
        "balance_before": p.balance_before,
        "balance_after": p.balance_after,
        "balance_round_robin": p.balance_round_robin,
        "method": p.method,
    })
}

pub fn render(roster: &Roster, p: &Proposal) -> String {
    let name = |i: Option<usize>| {
        i.map_or("— no one available —".to_string(), |i| {
            roster.members[i].name.clone()
        })
    };
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED);
    t.set_header(["Week of", "Primary", "Secondary"]);
    for w in &p.weeks {
        t.add_row(vec![
            w.start.to_string(),
            name(w.primary),
            name(w.secondary),
        ]);
    }
    crate::render::width::fit_table(&mut t, crate::render::width::terminal_width());
    format!(
        "{t}\nBalance of cumulative burden: {:.2} now → {:.2} after ({}; round-robin would give {:.2}).\n",
        p.balance_before, p.balance_after, p.method, p.balance_round_robin
    )
}
