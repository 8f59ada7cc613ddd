//! `canary import KIND PATH…`: read files into the store, with a progress bar on a terminal
//! and a summary of what was new, already there, and skipped (with the first few reasons).

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};
use canary::SourceKind;
use canary::sources::{ImportContext, importer};
use canary::store::{Progress, RunStatus, Store};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

use crate::cli::ImportArgs;
use crate::context::Context;

/// The outcome of importing one path.
#[derive(Debug, Serialize)]
struct PathOutcome {
    source: String,
    path: String,
    new: u64,
    duplicates: u64,
    skipped: u64,
    /// The first few skipped records as `file:line: reason`.
    first_skipped: Vec<String>,
    /// Why the path could not be imported at all.
    error: Option<String>,
}

/// What `--json` prints.
#[derive(Debug, Serialize)]
struct Summary {
    source: String,
    new: u64,
    duplicates: u64,
    skipped: u64,
    failed: usize,
    paths: Vec<PathOutcome>,
}

pub fn run(ctx: &Context, args: &ImportArgs) -> Result<ExitCode> {
    let settings = ctx.settings()?;
    let mut store = ctx.store()?;
    // Importers that meet local times without a zone (calendars, CSV) read them in yours.
    let mut options =
        std::collections::BTreeMap::from([("timezone".to_string(), settings.timezone.clone())]);
    for o in &args.options {
        let (k, v) = o.split_once('=').with_context(|| {
            format!("--option {o}: write it as KEY=VALUE, e.g. timestamp=created_at")
        })?;
        options.insert(k.trim().to_string(), v.trim().to_string());
    }
    let import_ctx = ImportContext::new(settings.identities.clone(), store.hasher()?)
        .with_emergency(settings.emergency.clone())
        .with_options(options);
    let jobs: Vec<(SourceKind, PathBuf)> = match args.kind.source() {
        Some(source) => {
            if args.paths.is_empty() {
                bail!(
                    "which files? e.g. `canary import {source} PATH…` (or `canary import auto` to look for them)"
                );
            }
            args.paths.iter().map(|p| (source, p.clone())).collect()
        }
        None => crate::cmd::import_auto::choose(&args.paths, args.yes)?,
    };

    let on_call = jobs
        .iter()
        .any(|(s, _)| matches!(s, SourceKind::Pagerduty | SourceKind::Opsgenie));
    if on_call && canary::sources::pagerduty::takes_every_interruption(&settings.identities) {
        eprintln!(
            "note: no on-call user ids declared, so every interruption in these exports is taken as yours (`canary config set identities.oncall_ids P…`)"
        );
    }
    let mut paths = Vec::new();
    let mut errors = Vec::new();
    for (source, path) in &jobs {
        let read = importer(*source).with_context(|| format!("no importer for {source}"))?;
        let (outcome, error) = import_one(ctx, &mut store, &import_ctx, read, *source, path)?;
        paths.push(outcome);
        errors.extend(error);
    }
    let summary = Summary {
        source: args
            .kind
            .source()
            .map_or("auto".to_string(), |s| s.to_string()),
        new: paths.iter().map(|p| p.new).sum(),
        duplicates: paths.iter().map(|p| p.duplicates).sum(),
        skipped: paths.iter().map(|p| p.skipped).sum(),
        failed: errors.len(),
        paths,
    };

    let mut out = anstream::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
    } else {
        for p in summary.paths.iter().filter(|p| p.error.is_none()) {
            writeln!(
                out,
                "{} {}: {} new, {} already imported, {} skipped",
                p.source, p.path, p.new, p.duplicates, p.skipped
            )?;
            for s in &p.first_skipped {
                writeln!(out, "  skipped {s}")?;
            }
            if p.skipped > p.first_skipped.len() as u64 {
                writeln!(out, "  … all skipped records: `canary sources runs`")?;
            }
        }
    }
    drop(out);
    if errors.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    // With one path its failure is the command's error (with its hint); with several, the
    // others were still imported and each failure is listed.
    if summary.paths.len() == 1 && args.kind.source().is_some() {
        return Err(errors.remove(0));
    }
    for e in &errors {
        eprintln!("error: {e}");
    }
    Ok(ExitCode::from(1))
}

/// Import one path in its own run; an input that cannot be read is reported, not fatal.
fn import_one(
    ctx: &Context,
    store: &mut Store,
    import_ctx: &ImportContext,
    read: canary::sources::ImportFn,
    source: canary::SourceKind,
    path: &Path,
) -> Result<(PathOutcome, Option<anyhow::Error>)> {
    let label = path
        .canonicalize()
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string();
    let run = store.start_run(source, &label, ctx.now)?;
    let bar = progress_bar(&label);
    let mut on_progress = |p| match p {
        Progress::Total(t) => {
            bar.set_length(t);
            bar.set_style(bar_style());
        }
        Progress::Done(d) => bar.set_position(d),
    };
    let (result, written) =
        store.import_pipelined(run, &mut on_progress, |sink| read(path, import_ctx, sink));
    bar.finish_and_clear();
    let counts = written.as_ref().cloned().unwrap_or_default();
    // A store failure outranks the importer's own complaint (which is then "the store stopped").
    let error = match (written, result) {
        (Err(e), _) => Some(anyhow::Error::new(e)),
        (Ok(_), Err(e)) => Some(anyhow::Error::new(e)),
        (Ok(_), Ok(())) => None,
    };
    let (new, duplicates, skipped) = (counts.new, counts.duplicates, counts.skipped);
    let first_skipped = counts
        .first_skips
        .iter()
        .map(|(l, r)| format!("{l}: {r}"))
        .collect();
    let message = error.as_ref().map(|e| e.to_string());
    let status = if error.is_some() {
        RunStatus::Failed
    } else {
        RunStatus::Done
    };
    store.finish_run(
        run,
        status,
        message.as_deref(),
        jiff::Timestamp::now().max(ctx.now),
    )?;
    Ok((
        PathOutcome {
            source: source.to_string(),
            path: label,
            new,
            duplicates,
            skipped,
            first_skipped,
            error: message,
        },
        error,
    ))
}

fn progress_bar(label: &str) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner().with_message(label.to_string());
    bar.set_style(ProgressStyle::with_template("{spinner} {msg} {pos}").expect("valid template"));
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template("{msg} [{bar:30}] {percent}% {eta}")
        .expect("valid template")
        .progress_chars("=> ")
}
