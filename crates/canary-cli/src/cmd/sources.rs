//! `canary sources`: what has been imported (counts, date ranges, runs with skipped records),
//! and `canary sources forget SOURCE` to remove one source's events.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use canary::SourceKind;
use canary::privacy::display_safe;
use serde::Serialize;

use crate::cli::{SourcesArgs, SourcesCommand};
use crate::context::Context;

#[derive(Serialize)]
struct Listing {
    sources: Vec<canary::store::SourceSummary>,
    runs: Vec<canary::store::ImportRun>,
}

pub fn run(ctx: &Context, args: &SourcesArgs) -> Result<ExitCode> {
    match &args.command {
        None => list(ctx, args.json),
        Some(SourcesCommand::Runs { json }) => runs(ctx, *json),
        Some(SourcesCommand::Forget { source, yes }) => forget(ctx, source, *yes),
    }
}

fn list(ctx: &Context, json: bool) -> Result<ExitCode> {
    let store = ctx.store()?;
    let sources = store.source_summaries()?;
    let mut out = anstream::stdout().lock();
    if json {
        let runs = ctx.runs_with_paths(&store)?;
        crate::output::json(&mut out, &Listing { sources, runs })?;
        return Ok(ExitCode::SUCCESS);
    }
    if sources.is_empty() {
        writeln!(out, "Nothing imported yet into {}.", ctx.db_path.display())?;
        eprintln!(
            "hint: `canary import zsh ~/.zsh_history`, `canary import git PATH`, … (see `canary import --help`)"
        );
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(
        out,
        "{:<14} {:>9}  {:<10}  {:<10}",
        "source", "events", "first", "last"
    )?;
    for s in &sources {
        writeln!(
            out,
            "{:<14} {:>9}  {:<10}  {:<10}",
            s.source,
            s.events,
            s.first.strftime("%Y-%m-%d"),
            s.last.strftime("%Y-%m-%d")
        )?;
    }
    let runs = ctx.runs_with_paths(&store)?;
    let interrupted = runs
        .iter()
        .filter(|r| r.status == canary::store::RunStatus::Running)
        .count();
    writeln!(out, "\n{} import runs; the latest:", runs.len())?;
    for r in runs.iter().take(5) {
        run_line(&mut out, r)?;
    }
    if interrupted > 0 {
        eprintln!(
            "note: {interrupted} runs did not finish (interrupted or still running); what they committed is kept, and importing the same path again completes it"
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn run_line(out: &mut impl Write, r: &canary::store::ImportRun) -> Result<()> {
    let status = match r.status {
        canary::store::RunStatus::Done => "done",
        canary::store::RunStatus::Failed => "failed",
        canary::store::RunStatus::Running => "unfinished",
    };
    writeln!(
        out,
        "  #{} {} {} {}: {} new, {} already imported, {} skipped — {status}{}",
        r.id,
        r.started_at.strftime("%Y-%m-%d %H:%M"),
        r.source,
        run_path(r),
        r.new,
        r.duplicates,
        r.skipped,
        r.message
            .as_deref()
            .map(|m| format!(": {}", display_safe(m)))
            .unwrap_or_default()
    )?;
    Ok(())
}

/// A run's path as `sources.toml` names it (escaped: a path is a name a file chose), or the
/// start of its keyed hash when the path was not recorded there.
pub fn run_path(r: &canary::store::ImportRun) -> String {
    match &r.path {
        Some(p) => display_safe(p).into_owned(),
        None => format!(
            "(path {}…, not in sources.toml)",
            &r.path_id[..r.path_id.len().min(12)]
        ),
    }
}

fn runs(ctx: &Context, json: bool) -> Result<ExitCode> {
    let store = ctx.store()?;
    let runs = ctx.runs_with_paths(&store)?;
    let mut out = anstream::stdout().lock();
    if json {
        #[derive(Serialize)]
        struct RunWithSkips {
            #[serde(flatten)]
            run: canary::store::ImportRun,
            skips: Vec<canary::store::SkipRecord>,
        }
        let all = runs
            .into_iter()
            .map(|run| {
                Ok(RunWithSkips {
                    skips: store.skips(run.id)?,
                    run,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        crate::output::json(&mut out, &all)?;
        return Ok(ExitCode::SUCCESS);
    }
    for r in &runs {
        run_line(&mut out, r)?;
        for s in store.skips(r.id)? {
            writeln!(
                out,
                "      skipped {}: {}",
                display_safe(&s.location),
                display_safe(&s.reason)
            )?;
        }
        if r.skipped > canary::store::SKIPS_KEPT_PER_RUN as u64 {
            writeln!(
                out,
                "      (the first {} of {} skipped records are kept)",
                canary::store::SKIPS_KEPT_PER_RUN,
                r.skipped
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn forget(ctx: &Context, source: &str, yes: bool) -> Result<ExitCode> {
    let kind: SourceKind = source.parse()?;
    let mut store = ctx.store()?;
    let held = store
        .source_summaries()?
        .into_iter()
        .find(|s| s.source == kind.as_str())
        .map_or(0, |s| s.events);
    if held == 0 {
        eprintln!("The store holds no {kind} events.");
        return Ok(ExitCode::SUCCESS);
    }
    if !yes {
        if !std::io::stdin().is_terminal() {
            bail!(
                "not asking without a terminal: pass --yes to remove {held} {kind} {}",
                canary::words::noun_for(held, "event")
            );
        }
        let sure = dialoguer::Confirm::new()
            .with_prompt(format!(
                "Remove {} {held} {kind} {} from the store?",
                if held == 1 { "the" } else { "all" },
                canary::words::noun_for(held, "event")
            ))
            .default(false)
            .interact()
            .context("cannot ask for confirmation")?;
        if !sure {
            eprintln!("Nothing removed.");
            return Ok(ExitCode::SUCCESS);
        }
    }
    let removed = store.forget(kind)?;
    // `canary sync` reads the recorded paths again: the forgotten source's go too.
    let mut file = ctx.sources_file();
    let before = file.sources.len();
    file.sources.retain(|s| s.kind != kind.as_str());
    if file.sources.len() != before
        && let Err(e) = file.save(&ctx.sources_path())
    {
        eprintln!("warning: {e}");
    }
    eprintln!(
        "Removed {removed} {kind} {}, and its paths from what `canary sync` reads. Import the source again to bring them back.",
        canary::words::noun_for(removed, "event")
    );
    Ok(ExitCode::SUCCESS)
}
