//! `canary sync`: read again every source `sources.toml` records, only what is new in each
//! (the library's [`canary::app::sync`]), one line per source; the outcome is kept in the
//! store for `canary schedule status` and `canary status`.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use canary::app::sync::{SyncSummary, sync};
use canary::privacy::display_safe;
use canary::store::Store;

use crate::cli::SyncArgs;
use crate::context::Context;

pub fn run(ctx: &Context, args: &SyncArgs) -> Result<ExitCode> {
    let settings = ctx.settings()?;
    let mut store = ctx.store()?;
    let sources = ctx.sources_file().sources;
    if sources.is_empty() {
        eprintln!(
            "Nothing to sync: no imported paths are recorded in {}.",
            ctx.sources_path().display()
        );
        eprintln!("hint: `canary import auto` finds and imports the usual sources");
        if args.json {
            print(&SyncSummary::default(), args)?;
        }
        return Ok(ExitCode::SUCCESS);
    }
    let summary = match sync(&mut store, &settings, &sources, ctx.now) {
        Ok(s) => s,
        Err(e) => {
            let _ = store.save_last_sync(&canary::store::LastSync {
                ran_at: ctx.now,
                ok: false,
                new: 0,
                millis: 0,
                message: Some(format!("the store failed: {e}")),
            });
            return Err(e.into());
        }
    };
    print(&summary, args)?;
    after_sync(ctx, &store, &summary, args.quiet || args.json)?;
    Ok(if summary.failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// What runs after every sync, by hand or scheduled: last week's digest when it is not
/// written yet (see [`crate::digest_file::weekly`]), the alert check over the fresh data (new
/// alerts stored once, delivered as desktop notifications when the rules' gate allows,
/// otherwise left waiting for the next command or the prompt), then the sync's outcome kept as
/// the last run's — last, so that a failed digest or alert check is part of that outcome.
fn after_sync(ctx: &Context, store: &Store, summary: &SyncSummary, quiet: bool) -> Result<()> {
    let mut outcome = summary.outcome(ctx.now);
    let checked = ctx.workspace().and_then(|ws| {
        if let Some(week) = crate::digest_file::weekly(&ws, ctx.now)?
            && !quiet
        {
            eprintln!("Wrote the digest of {week}: canary digest --week {week}");
        }
        crate::notify::check_and_deliver(&ws, ctx.now)
    });
    match checked {
        Ok(checked) if !quiet && !checked.check.fired.is_empty() => {
            eprintln!(
                "{}: canary alerts",
                canary::words::count(checked.check.fired.len() as u64, "new alert")
            );
        }
        Ok(_) => {}
        Err(e) => {
            outcome.ok = false;
            outcome.message = Some(format!("the digest or alert check failed: {e:#}"));
            eprintln!("warning: the digest or alert check failed: {e:#}");
        }
    }
    store.save_last_sync(&outcome)?;
    Ok(())
}

fn print(summary: &SyncSummary, args: &SyncArgs) -> Result<()> {
    let mut out = anstream::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, summary)?;
        writeln!(out)?;
        return Ok(());
    }
    let width = summary
        .lines
        .iter()
        .map(|l| l.source.len())
        .max()
        .unwrap_or(0);
    for l in &summary.lines {
        let path = display_safe(&l.path);
        if let Some(e) = &l.error {
            eprintln!("{:<width$} {path}: {}", l.source, display_safe(e));
            continue;
        }
        if args.quiet {
            continue;
        }
        let what = match l.how.as_deref() {
            None => "unchanged".to_string(),
            Some(how) => {
                let mut s = format!("{} new ({how})", l.new);
                if l.duplicates > 0 {
                    s.push_str(&format!(", {} already imported", l.duplicates));
                }
                if l.skipped > 0 {
                    s.push_str(&format!(", {} skipped", l.skipped));
                }
                s
            }
        };
        writeln!(out, "{:<width$} {path}: {what}, {} ms", l.source, l.millis)?;
    }
    if !args.quiet {
        writeln!(
            out,
            "{} sources, {} new events, {} ms{}",
            summary.lines.len(),
            summary.new,
            summary.millis,
            if summary.failed > 0 {
                format!("; {} could not be read", summary.failed)
            } else {
                String::new()
            }
        )?;
    }
    Ok(())
}
