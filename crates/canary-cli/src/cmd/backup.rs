//! `canary export` and `canary restore`: the full JSON backup of the store — events, import
//! runs, the journal and the identity key — written and read by [`canary::store::Store`].
//!
//! The backup is as private as the store: written files are readable by their owner only.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use canary::store::{RestoreMode, TableCounts};

use crate::cli::{ExportArgs, RestoreArgs};
use crate::context::Context;
use crate::output;

pub fn run(ctx: &Context, args: &ExportArgs) -> Result<ExitCode> {
    let store = ctx.store()?;
    let file = args.file.as_deref().filter(|p| !output::is_stdout(p));
    let counts = match file {
        None => {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            let counts = store.export(&mut out)?;
            out.flush()?;
            counts
        }
        Some(path) => export_to_file(&store, path)?,
    };
    let target = file.map_or("stdout".to_string(), |p| p.display().to_string());
    eprintln!("Backed up {} to {target}.", summary(&counts));
    eprintln!("It holds your journal and identity key: keep it as private as the store.");
    Ok(ExitCode::SUCCESS)
}

/// Written atomically ([`canary::fsutil::write_atomic_with`]), so a failed export never
/// leaves half a file; a new file is readable by its owner only, like the store.
fn export_to_file(store: &canary::store::Store, path: &Path) -> Result<TableCounts> {
    canary::fsutil::write_atomic_with(path, |out| -> Result<TableCounts> {
        let mut out = out;
        store
            .export(&mut out)
            .with_context(|| format!("cannot write {}", path.display()))
    })
}

pub fn restore(ctx: &Context, args: &RestoreArgs) -> Result<ExitCode> {
    let mut store = ctx.store_or_create()?;
    let held = store.nonempty_tables()?;
    let mode = if held.is_empty() {
        RestoreMode::IntoEmpty
    } else if !args.replace {
        bail!(
            "the store at {} already holds {}; pass --replace to replace it with the backup \
             (export it first if you may want it back)",
            store.path(),
            summary(&held)
        );
    } else {
        if !args.yes {
            if !std::io::stdin().is_terminal() {
                bail!(
                    "not asking without a terminal: pass --yes to replace {}",
                    summary(&held)
                );
            }
            let sure = dialoguer::Confirm::new()
                .with_prompt(format!(
                    "Replace {} in {} with the backup?",
                    summary(&held),
                    store.path()
                ))
                .default(false)
                .interact()?;
            if !sure {
                eprintln!("Nothing changed.");
                return Ok(ExitCode::SUCCESS);
            }
        }
        RestoreMode::Replace
    };
    let counts = if args.file.as_os_str() == "-" {
        store.restore(std::io::stdin().lock(), mode)?
    } else {
        let file = std::fs::File::open(&args.file)
            .with_context(|| format!("cannot open {}", args.file.display()))?;
        store
            .restore(file, mode)
            .with_context(|| format!("cannot restore {}", args.file.display()))?
    };
    eprintln!("Restored {} into {}.", summary(&counts), store.path());
    Ok(ExitCode::SUCCESS)
}

/// "1204 events, 3 import runs, 2 answers, …" (tables with rows only; meta left out).
fn summary(counts: &TableCounts) -> String {
    let parts: Vec<String> = counts
        .iter()
        .filter(|(t, n)| *n > 0 && t != "meta")
        .map(|(t, n)| format!("{n} {}", t.replace('_', " ")))
        .collect();
    if parts.is_empty() {
        "an empty store".to_string()
    } else {
        parts.join(", ")
    }
}
