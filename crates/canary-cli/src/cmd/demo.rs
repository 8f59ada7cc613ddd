//! `canary demo`: the whole pipeline on a built-in, fictional persona, in a throwaway store —
//! never the user's. Deterministic: the same output on every machine and every run.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use canary::store::Store;

use crate::cli::{DemoArgs, PeriodArgs};
use crate::cmd::report;
use crate::context::Context;

pub fn run(_ctx: &Context, args: &DemoArgs) -> Result<ExitCode> {
    let persona = canary::demo::persona();
    let now = canary::demo::demo_now();

    // A temporary folder unless the user asked to keep the store.
    let _tmp;
    let path = match &args.keep {
        Some(p) => {
            if p.exists() {
                bail!(
                    "{} already exists: --keep wants a new path for the demo store",
                    p.display()
                );
            }
            p.clone()
        }
        None => {
            let dir = tempfile::tempdir()
                .context("cannot create a temporary folder for the demo store")?;
            let p = dir.path().join("demo.db");
            _tmp = dir;
            p
        }
    };
    let mut store = Store::open(&path)?;
    let mut by_source: BTreeMap<canary::SourceKind, Vec<canary::Event>> = BTreeMap::new();
    for e in persona.events {
        by_source.entry(e.source).or_default().push(e);
    }
    for (source, events) in by_source {
        store.insert_events(source, "demo persona", events, now)?;
    }
    for set in canary::demo::answers() {
        store.save_answers(&set, &set.instrument.score(&set.answers))?;
    }

    let period = PeriodArgs {
        weeks: Some(26),
        since: None,
        until: None,
    };
    let report = report::compute(&store, &persona.settings, now, &period)?;
    eprintln!(
        "Demo: {}, a fictional sysadmin on call, over 26 weeks up to {} (generated data, throwaway store).",
        persona.name,
        now.strftime("%Y-%m-%d")
    );
    report::print(&report, args.json)?;
    if let Some(p) = &args.keep {
        let config = p.with_extension("toml");
        persona.settings.save(&config)?;
        eprintln!(
            "The demo store is kept at {}; explore it with\n  canary --db {} --config {} events --band sleep",
            p.display(),
            p.display(),
            config.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}
