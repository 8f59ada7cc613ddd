//! `canary events`: the events behind any figure, placed exactly as the report places them
//! (same preparation, same bands), filtered by band, kind, source, night or week.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use canary::metrics::classify::ClassifyInput;
use canary::metrics::classify::{Item, is_mine, prepare};
use canary::metrics::period::PeriodSpec;
use canary::metrics::period::{iso_week_label, rfc3339_local, rfc3339_utc};
use canary::metrics::sleep_window::nights_of;
use canary::time::{Band, Implausible, plausibility};
use canary::{EventKind, SourceKind};
use serde::Serialize;

use crate::cli::{EventsArgs, PeriodArgs};
use crate::cmd::report::{load_events, my_actor_hashes};
use crate::context::Context;

/// One event as `--json` prints it.
#[derive(Debug, Serialize)]
pub(crate) struct Row {
    pub(crate) kind: EventKind,
    pub(crate) source: SourceKind,
    /// The instant, UTC, RFC 3339.
    pub(crate) utc: String,
    /// Local time in the configured zone (or the event's own offset when so configured).
    pub(crate) local: String,
    pub(crate) band: Band,
    /// The first night whose sleep window the event touches (named by the date it started).
    pub(crate) night: Option<jiff::civil::Date>,
    /// The workday it counts toward (day boundary applied).
    pub(crate) workday: jiff::civil::Date,
    /// ISO week of the workday.
    pub(crate) week: String,
    /// The offset the source itself recorded, seconds east of UTC.
    pub(crate) source_offset: Option<i32>,
    pub(crate) duration_seconds: Option<i64>,
    pub(crate) urgency: Option<canary::Urgency>,
    /// Whether it counts as the person's activity (a received mail does not).
    pub(crate) activity: bool,
}

/// An event kept out of the figures.
#[derive(Debug, Serialize)]
struct ExcludedRow {
    kind: EventKind,
    source: SourceKind,
    utc: String,
    reason: &'static str,
}

pub fn run(ctx: &Context, args: &EventsArgs) -> Result<ExitCode> {
    let settings = ctx.settings()?;
    let store = ctx.store()?;
    let my_actors = my_actor_hashes(&store, &settings)?;
    if args.excluded {
        return excluded(ctx, &store, &my_actors, args);
    }
    let band = match &args.band {
        Some(b) => Some(Band::parse(b).ok_or_else(|| {
            anyhow::anyhow!("unknown band `{b}` (expected one of: business, off_hours, sleep, non_working_day, vacation)")
        })?),
        None => None,
    };
    let kinds = args
        .kinds
        .iter()
        .map(|k| k.parse())
        .collect::<Result<Vec<EventKind>, _>>()?;
    let sources = args
        .sources
        .iter()
        .map(|s| s.parse())
        .collect::<Result<Vec<SourceKind>, _>>()?;
    if let Some(w) = args.week.as_ref().filter(|w| !is_iso_week(w)) {
        bail!("`{w}` is not an ISO week: write it as YYYY-Www, e.g. 2026-W07");
    }

    let filter = Filter {
        band,
        kinds,
        sources,
        night: args.night,
        week: args.week.clone(),
    };
    let (mut rows, span, timezone) = list(
        &store, &settings, ctx.now, &my_actors, args.since, args.until, &filter,
    )?;
    if let Some(n) = args.limit {
        rows.drain(..rows.len().saturating_sub(n));
    }

    let mut out = anstream::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    for r in &rows {
        let night = r.night.map(|n| format!("night of {n}")).unwrap_or_default();
        let dur = r
            .duration_seconds
            .map(|d| format!("{} min", d / 60))
            .unwrap_or_default();
        writeln!(
            out,
            "{}  {:<15} {:<14} {:<13} {:<10} {night}",
            r.local,
            r.band.as_str(),
            r.kind.as_str(),
            r.source.as_str(),
            dur
        )?;
    }
    eprintln!(
        "{} events, {} to {} ({})",
        rows.len(),
        span.0,
        span.1,
        timezone
    );
    Ok(ExitCode::SUCCESS)
}

/// What `canary events` keeps: every condition given must hold.
#[derive(Debug, Default)]
pub(crate) struct Filter {
    pub(crate) band: Option<Band>,
    pub(crate) kinds: Vec<EventKind>,
    pub(crate) sources: Vec<SourceKind>,
    pub(crate) night: Option<jiff::civil::Date>,
    pub(crate) week: Option<String>,
}

/// The events of the period (`since`/`until`, default the last 26 weeks) that pass the
/// filter, placed as the report places them; with the period's first and last day and the
/// time zone. The dashboard's night page lists its events through this too.
pub(crate) fn list(
    store: &canary::store::Store,
    settings: &canary::Settings,
    now: jiff::Timestamp,
    my_actors: &std::collections::HashSet<String>,
    since: Option<jiff::civil::Date>,
    until: Option<jiff::civil::Date>,
    f: &Filter,
) -> Result<(Vec<Row>, (jiff::civil::Date, jiff::civil::Date), String)> {
    let period = PeriodArgs {
        weeks: None,
        since,
        until,
    };
    let events = load_events(store, settings, now, &period)?;
    let input = ClassifyInput {
        events: &events,
        settings,
        now,
        my_actors,
        period: PeriodSpec {
            weeks: None,
            since,
            until,
        },
    };
    let prepared = prepare(&input);
    // A span that starts in the evening and runs into the sleep window is behind that night's
    // figure too, so band and night filters look at every night an event touches.
    let keep = |i: &Item<'_>, nights: &[jiff::civil::Date]| {
        i.day.is_some()
            && f.band
                .is_none_or(|b| i.placed.band == b || (b == Band::Sleep && !nights.is_empty()))
            && (f.kinds.is_empty() || f.kinds.contains(&i.event.kind))
            && (f.sources.is_empty() || f.sources.contains(&i.event.source))
            && f.night.is_none_or(|n| nights.contains(&n))
            && f.week
                .as_ref()
                .is_none_or(|w| iso_week_label(i.placed.workday) == *w)
    };
    let rows: Vec<Row> = prepared
        .items
        .iter()
        .filter_map(|i| {
            let nights = nights_of(&prepared.classifier, i);
            keep(i, &nights).then_some((i, nights))
        })
        .map(|(i, nights)| Row {
            kind: i.event.kind,
            source: i.event.source,
            utc: rfc3339_utc(i.event.utc),
            local: rfc3339_local(i.placed.local, i.placed.offset),
            band: i.placed.band,
            night: nights.first().copied(),
            workday: i.placed.workday,
            week: iso_week_label(i.placed.workday),
            source_offset: i.event.offset,
            duration_seconds: i.event.duration,
            urgency: i.event.urgency,
            activity: i.is_activity(),
        })
        .collect();
    Ok((
        rows,
        (prepared.span.since, prepared.span.until),
        prepared.timezone.to_string(),
    ))
}

fn excluded(
    ctx: &Context,
    store: &canary::store::Store,
    my_actors: &std::collections::HashSet<String>,
    args: &EventsArgs,
) -> Result<ExitCode> {
    let events = store.implausible_events(canary::time::earliest_plausible(), ctx.now)?;
    let rows: Vec<ExcludedRow> = events
        .iter()
        .filter(|e| is_mine(e, my_actors))
        .filter_map(|e| {
            let reason = match plausibility(e.utc, ctx.now)? {
                Implausible::BeforeEarliest => "dated before 1990",
                Implausible::InFuture => "dated in the future",
            };
            Some(ExcludedRow {
                kind: e.kind,
                source: e.source,
                utc: rfc3339_utc(e.utc),
                reason,
            })
        })
        .collect();
    let mut out = anstream::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &rows)?;
        writeln!(out)?;
    } else {
        for r in &rows {
            writeln!(
                out,
                "{}  {:<14} {:<10} {}",
                r.utc,
                r.kind.as_str(),
                r.source.as_str(),
                r.reason
            )?;
        }
        eprintln!("{} events kept out of the figures", rows.len());
    }
    Ok(ExitCode::SUCCESS)
}

fn is_iso_week(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8
        && b[..4].iter().all(u8::is_ascii_digit)
        && &b[4..6] == b"-W"
        && b[6..].iter().all(u8::is_ascii_digit)
}
