//! `canary import KIND PATH…`: read files into the store, with a progress bar on a terminal
//! and a summary of what was new, already there, and skipped (with the first few reasons).
//!
//! The importing itself is the library's [`canary::app::import`]; this module turns the
//! arguments into a request (asking which found sources to read for `auto`), draws the
//! progress bar and prints the summary.

use std::cell::RefCell;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use canary::SourceKind;
use canary::app::import::{ImportRequest, PathFailure, ProgressSink, import};
use canary::privacy::display_safe;
use indicatif::{ProgressBar, ProgressStyle};

use crate::cli::ImportArgs;
use crate::context::Context;

pub fn run(ctx: &Context, args: &ImportArgs) -> Result<ExitCode> {
    let settings = ctx.settings()?;
    let mut store = ctx.store_or_create()?;
    let options = args
        .options
        .iter()
        .map(|o| {
            let (k, v) = o.split_once('=').with_context(|| {
                format!("--option {o}: write it as KEY=VALUE, e.g. timestamp=created_at")
            })?;
            Ok((k.trim().to_string(), v.trim().to_string()))
        })
        .collect::<Result<Vec<_>>>()?;
    let jobs: Vec<(SourceKind, std::path::PathBuf)> = match args.kind.source() {
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
    let request = ImportRequest {
        source: args.kind.source(),
        jobs,
        options,
        now: ctx.now,
        home: etcetera::home_dir().unwrap_or_default(),
        again: args.again,
    };
    let mut summary = import(&mut store, &settings, &request, &Bar::default())?;
    record_paths(ctx, &request, &summary);

    let mut out = anstream::stdout().lock();
    if args.json {
        crate::output::json(&mut out, &summary)?;
    } else {
        for p in summary.paths.iter().filter(|p| p.failure.is_none()) {
            if p.read == "unchanged" {
                writeln!(
                    out,
                    "{} {}: unchanged since it was last read, not read again (`--again` reads it whole)",
                    p.source,
                    display_safe(&p.path),
                )?;
                continue;
            }
            let how = match p.read.as_str() {
                "whole" => String::new(),
                how => format!(" (read: {how})"),
            };
            writeln!(
                out,
                "{} {}: {} new, {} already imported, {} skipped{how}",
                p.source,
                display_safe(&p.path),
                p.new,
                p.duplicates,
                p.skipped
            )?;
            for s in &p.first_skipped {
                writeln!(out, "  skipped {}", display_safe(s))?;
            }
            if p.skipped > p.first_skipped.len() as u64 {
                writeln!(out, "  … all skipped records: `canary sources runs`")?;
            }
        }
        if args.kind.source().is_none() {
            write!(out, "{}", crate::cmd::import_auto::summary(&summary))?;
        }
    }
    drop(out);
    let mut errors: Vec<anyhow::Error> = summary
        .paths
        .iter_mut()
        .filter_map(|p| p.failure.take())
        .map(|f| match f {
            // The library's error itself, so that its hint is found and printed.
            PathFailure::Import(e) => anyhow::Error::new(e),
            PathFailure::Store(e) => anyhow::Error::new(e),
            f @ (PathFailure::RolledBack | PathFailure::StaleKeys) => anyhow::Error::new(f),
        })
        .collect();
    if errors.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    // With one path its failure is the command's error (with its hint); with several, the
    // others were still imported and each failure is listed.
    if summary.paths.len() == 1 && args.kind.source().is_some() {
        return Err(errors.remove(0));
    }
    for e in &errors {
        eprintln!("error: {}", display_safe(&format!("{e:#}")));
    }
    Ok(ExitCode::from(1))
}

/// Keep the imported paths in `sources.toml` (0600, beside the settings): the store records
/// only their keyed hashes. A file that cannot be written costs the names in `canary sources
/// runs`, not the import.
///
/// A path refused before anything was read (missing, not in the format, or needing a
/// setting first, like a Slack export without chat ids) is not kept: `canary sync` would
/// fail on it every hour. Importing it again once it can be read records it. A path that
/// failed part-way (a file truncated while read) is kept, since sync can carry on.
fn record_paths(
    ctx: &Context,
    request: &ImportRequest,
    summary: &canary::app::import::ImportSummary,
) {
    use canary::settings::sources::SourceRecord;
    let mut file = ctx.sources_file();
    let read_something = |p: &&canary::app::import::PathOutcome| {
        p.failure.is_none() || p.new + p.duplicates + p.skipped > 0
    };
    let records = summary
        .paths
        .iter()
        .filter(read_something)
        .map(|p| SourceRecord {
            id: p.path_id.clone(),
            kind: p.source.clone(),
            path: p.path.clone(),
            options: request.options.iter().cloned().collect(),
        });
    let changed = file.record_all(records);
    if changed && let Err(e) = file.save(&ctx.sources_path()) {
        eprintln!("warning: {e}");
    }
}

/// A progress bar per path on a terminal, nothing otherwise.
#[derive(Default)]
struct Bar(RefCell<Option<ProgressBar>>);

impl ProgressSink for Bar {
    fn start(&self, _source: SourceKind, label: &str) {
        *self.0.borrow_mut() = Some(progress_bar(&display_safe(label)));
    }

    fn total(&self, total: u64) {
        if let Some(bar) = self.0.borrow().as_ref() {
            bar.set_length(total);
            bar.set_style(bar_style());
        }
    }

    fn done(&self, done: u64) {
        if let Some(bar) = self.0.borrow().as_ref() {
            bar.set_position(done);
        }
    }

    fn finish(&self) {
        if let Some(bar) = self.0.borrow_mut().take() {
            bar.finish_and_clear();
        }
    }
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
