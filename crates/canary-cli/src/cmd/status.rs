//! `canary status`: one screen — each imported source with its path, last sync, newest event
//! and a warning when it is stale or gone; the schedule and its last run; the alerts waiting
//! to be read; the store's size.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use canary::app::sync::{PathFreshness, freshness};
use canary::privacy::display_safe;
use canary::settings::schedule::{Installed, schedule_path};
use canary::store::LastSync;
use jiff::Timestamp;
use serde::Serialize;

use crate::cli::StatusArgs;
use crate::context::Context;

#[derive(Serialize)]
struct Screen {
    sources: Vec<PathFreshness>,
    schedule: Option<Installed>,
    last_sync: Option<LastSync>,
    /// Alerts not delivered or read yet (titles; `canary alerts` shows their evidence).
    pending_alerts: Vec<String>,
    store: String,
    store_bytes: u64,
    events: u64,
}

pub fn run(ctx: &Context, args: &StatusArgs) -> Result<ExitCode> {
    let store = ctx.store()?;
    let records = ctx.sources_file().sources;
    let screen = Screen {
        sources: freshness(&store, &records, ctx.now)?,
        schedule: Installed::load(&schedule_path(&ctx.config_path))?,
        last_sync: store.last_sync()?,
        pending_alerts: store
            .alerts_pending()?
            .into_iter()
            .map(|a| a.title)
            .collect(),
        store: ctx.db_path.display().to_string(),
        store_bytes: store.file_size(),
        events: store.event_count()?,
    };
    let mut out = anstream::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &screen)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let when = |t: Option<Timestamp>| {
        t.map_or_else(
            || "never".to_string(),
            |t| t.strftime("%Y-%m-%d %H:%M").to_string(),
        )
    };
    if screen.sources.is_empty() {
        writeln!(
            out,
            "Sources: none recorded (`canary import auto` finds the usual ones)."
        )?;
    } else {
        writeln!(out, "Sources ({}):", screen.sources.len())?;
    }
    let width = screen
        .sources
        .iter()
        .map(|s| s.source.len())
        .max()
        .unwrap_or(0);
    for s in &screen.sources {
        writeln!(
            out,
            "  {:<width$} {}\n  {:<width$}   synced {} · new events last found {} · newest event {}",
            s.source,
            display_safe(&s.path),
            "",
            when(s.synced_at),
            when(s.last_new_at),
            when(s.newest_event),
        )?;
        if let Some(w) = s.warning() {
            writeln!(out, "  {:<width$}   warning: {}", "", display_safe(&w))?;
        }
    }
    match &screen.schedule {
        None => writeln!(
            out,
            "Schedule: none (`canary schedule install` runs `canary sync` every hour)."
        )?,
        Some(r) => {
            writeln!(
                out,
                "Schedule: {}, every {}{}.",
                r.scheduler.describe(),
                r.every,
                if r.activated {
                    ""
                } else {
                    " (not started: see `canary schedule status`)"
                }
            )?;
            for m in r.missing() {
                writeln!(
                    out,
                    "  warning: {} is gone: `canary schedule remove`, then `install` again",
                    display_safe(&m.display().to_string())
                )?;
            }
        }
    }
    writeln!(
        out,
        "{}",
        crate::render::last_sync_line(screen.last_sync.as_ref())
    )?;
    if screen.pending_alerts.is_empty() {
        writeln!(out, "Alerts: none waiting.")?;
    } else {
        writeln!(
            out,
            "Alerts: {} waiting (`canary alerts` shows the evidence):",
            screen.pending_alerts.len()
        )?;
        for title in &screen.pending_alerts {
            writeln!(out, "  {}", display_safe(title))?;
        }
    }
    writeln!(
        out,
        "Store: {}, {:.1} MiB, {} events.",
        display_safe(&screen.store),
        screen.store_bytes as f64 / (1024.0 * 1024.0),
        screen.events
    )?;
    Ok(ExitCode::SUCCESS)
}
