//! `canary events`: the events behind any figure, placed exactly as the report places them
//! (the application core's [`Workspace::events`](canary::app::Workspace::events)), filtered by
//! band, kind, source, night or week.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use canary::app::EventQuery;
use canary::time::Band;
use canary::{EventKind, SourceKind};

use crate::cli::EventsArgs;
use crate::context::Context;

/// A weekday by its name or its first three letters (`mon`, `Tuesday`), 0 = Monday.
pub fn weekday(d: &str) -> Result<u8> {
    const NAMES: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let lower = d.trim().to_ascii_lowercase();
    NAMES
        .iter()
        .position(|n| lower.starts_with(n))
        .map(|i| i as u8)
        .ok_or_else(|| anyhow::anyhow!("`{d}` is not a weekday (mon, tue, … sun)"))
}

pub fn run(ctx: &Context, args: &EventsArgs) -> Result<ExitCode> {
    let ws = ctx.workspace()?;
    let _unreadable = crate::render::UnreadableWarning(&ws.store);
    if args.excluded {
        return excluded(ctx, &ws, args);
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

    let query = EventQuery {
        band,
        kinds,
        sources,
        night: args.night,
        week: args.week.clone(),
        day: args.day,
        weekday: match &args.weekday {
            Some(d) => Some(weekday(d)?),
            None => None,
        },
        hour: match args.hour {
            Some(h @ 0..=23) => Some(h),
            Some(h) => bail!("--hour {h}: an hour of the clock is 0 to 23"),
            None => None,
        },
        activity_only: args.activity,
        period: ws.period(&args.period.query(), ctx.now)?,
        personal: args.personal,
    };
    let list = ws.events(&query, ctx.now)?;
    let mut rows = list.rows;
    if let Some(n) = args.limit {
        rows.drain(..rows.len().saturating_sub(n));
    }

    if args.json {
        // Straight to stdout: the rows hold names, dates and numbers only, and JSON escapes
        // every control character, so the terminal-escape filter would find nothing to strip
        // (it was a quarter of the time over a million events).
        crate::output::json(std::io::stdout().lock(), &rows)?;
        return Ok(ExitCode::SUCCESS);
    }
    let out = anstream::stdout().lock();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    for r in &rows {
        let night = r.night.map(|n| format!("night of {n}")).unwrap_or_default();
        let dur = r
            .duration_seconds
            .map(|d| canary::words::duration_minutes(d as f64 / 60.0))
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
    out.flush()?;
    eprintln!(
        "{}, {} to {} ({})",
        canary::words::count(rows.len(), "event"),
        list.since,
        list.until,
        list.timezone
    );
    Ok(ExitCode::SUCCESS)
}

fn excluded(ctx: &Context, ws: &canary::app::Workspace, args: &EventsArgs) -> Result<ExitCode> {
    let rows = ws.excluded_events(ctx.now)?;
    let mut out = anstream::stdout().lock();
    if args.json {
        crate::output::json(&mut out, &rows)?;
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
        eprintln!(
            "{} kept out of the figures",
            canary::words::count(rows.len(), "event")
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub fn is_iso_week(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 8
        && b[..4].iter().all(u8::is_ascii_digit)
        && &b[4..6] == b"-W"
        && b[6..].iter().all(u8::is_ascii_digit)
}
