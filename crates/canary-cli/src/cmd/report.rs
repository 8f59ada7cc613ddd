//! `canary report`: the risk picture, weekly figures, heatmap and evidence, as text or JSON.

use std::collections::HashSet;
use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use canary::Settings;
use canary::model::{Report, RiskLevel};
use canary::report::ReportInput;
use canary::store::{EventFilter, Store};
use jiff::{SignedDuration, Timestamp};

use crate::cli::{PeriodArgs, ReportArgs};
use crate::context::Context;
use crate::render;

pub fn run(ctx: &Context, args: &ReportArgs) -> Result<ExitCode> {
    let settings = ctx.settings()?;
    let store = ctx.store()?;
    let report = compute(&store, &settings, ctx.now, &args.period)?;
    print(&report, args.json)?;
    if !args.json {
        if !ctx.has_settings() {
            eprintln!(
                "hint: these figures use the default boundaries; declare yours with `canary init`"
            );
        }
        let held = store.source_summaries()?;
        let first = held.iter().map(|s| s.first).min();
        let last = held.iter().map(|s| s.last).max();
        if let (0, Some(first), Some(last)) = (report.coverage.covered_days, first, last) {
            let (a, b) = (first.strftime("%Y-%m-%d"), last.strftime("%Y-%m-%d"));
            eprintln!(
                "hint: nothing in this period; your imported data runs from {a} to {b}: try `canary report --since {a} --until {b}`"
            );
        } else if report.risk.level == RiskLevel::Unknown {
            eprintln!(
                "hint: import more of your traces, e.g. `canary import zsh ~/.zsh_history` or `canary import git ~/src/repo`"
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Print a report as text or JSON on stdout.
pub fn print(report: &Report, json: bool) -> Result<()> {
    let mut out = anstream::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, report)?;
        writeln!(out)?;
    } else {
        write!(out, "{}", render::report::render(report))?;
    }
    Ok(())
}

/// Read what the period needs from the store (events and the journal's answers) and build
/// the report.
pub fn compute(
    store: &Store,
    settings: &Settings,
    now: Timestamp,
    period: &PeriodArgs,
) -> Result<Report> {
    let my_actors = my_actor_hashes(store, settings)?;
    let events = load_events(store, settings, now, period)?;
    let answers = store.answer_sets()?;
    let input = ReportInput {
        events: &events,
        settings,
        now,
        my_actors: &my_actors,
        since: period.since,
        until: period.until,
        weeks: period.weeks,
        answers: &answers,
    };
    Ok(canary::report::build(&input))
}

/// The events a period needs: those near it, and every implausible one (to report them).
pub fn load_events(
    store: &Store,
    settings: &Settings,
    now: Timestamp,
    period: &PeriodArgs,
) -> Result<Vec<canary::Event>> {
    // Load from a week before the period (days that start before the period's first
    // midnight in some zones, streaks) to a day after it; the builder trims to the period.
    let weeks = i64::from(period.weeks.unwrap_or(26));
    let zone = settings.zone()?;
    let since = match period.since {
        Some(d) => d.to_zoned(zone.clone())?.timestamp(),
        None => now.checked_sub(SignedDuration::from_hours(24 * 7 * (weeks + 1)))?,
    };
    let until = match period.until {
        Some(d) => d.to_zoned(zone)?.timestamp(),
        None => now,
    }
    .checked_add(SignedDuration::from_hours(48))?
    // Later events are in the future: they come with the implausible ones below.
    .min(now.checked_add(SignedDuration::from_secs(1))?);
    let mut events = store.events(&EventFilter {
        since: Some(since.checked_sub(SignedDuration::from_hours(24 * 7))?),
        until: Some(until),
        ..EventFilter::default()
    })?;
    events.extend(store.implausible_events(canary::time::earliest_plausible(), now)?);
    Ok(events)
}

/// The store's hashes of the person's identities, to recognise their own events.
pub fn my_actor_hashes(store: &Store, settings: &Settings) -> Result<HashSet<String>> {
    let hasher = store.hasher()?;
    Ok(settings
        .identities
        .emails
        .iter()
        .map(|e| hasher.hash(e))
        .collect())
}
