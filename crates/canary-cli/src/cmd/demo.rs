//! `canary demo`: the whole pipeline on a built-in, fictional persona, in a throwaway store —
//! never the user's. Deterministic: the same output on every machine and every run.

use std::collections::BTreeMap;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use canary::app::{PeriodSpec, Workspace};
use canary::journal::SupportKind;
use canary::metrics::constants::DEFAULT_WEEKS;
use canary::store::Store;
use jiff::{SignedDuration, Timestamp};

use crate::cli::DemoArgs;
use crate::context::Context;
use crate::render;

pub fn run(_ctx: &Context, args: &DemoArgs) -> Result<ExitCode> {
    let persona = canary::demo::persona();
    let now = canary::demo::demo_now();

    // A temporary folder unless the user asked to keep the store.
    let _tmp;
    let path = match &args.keep {
        Some(p) => {
            if crate::output::is_stdout(p) {
                bail!("--keep wants a file for the demo store (a database cannot go to stdout)");
            }
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
    let ws = Workspace::new(store, persona.settings, true);

    seed_journal(&ws, now)?;
    eprintln!(
        "Demo: {}, a fictional sysadmin on call, over {DEFAULT_WEEKS} weeks up to {} (generated data, throwaway store).",
        persona.name,
        now.strftime("%Y-%m-%d")
    );
    // A kept store gets its settings beside it, so the CLI can read it too.
    let config = args.keep.as_ref().map(|p| p.with_extension("toml"));
    if args.serve {
        if let Some(c) = &config {
            ws.settings.save(c)?;
        }
        return crate::dashboard::serve(ws, Default::default(), now, false, args.port);
    }
    if args.plan {
        render::plan::show(&ws.plan(now)?, args.json, None)?;
    } else {
        render::report::print(&ws.report(&PeriodSpec::default(), now)?, args.json)?;
    }
    if let (Some(p), Some(config)) = (&args.keep, &config) {
        ws.settings.save(config)?;
        eprintln!(
            "The demo store is kept at {}; explore it with\n  canary --db {} --config {} events --band sleep",
            p.display(),
            p.display(),
            config.display()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The persona's journal: a plan started six weeks ago with the figures of then, a small
/// support network that has been let slide, two actions done, one monthly review saved a
/// month ago, and a few profile values.
fn seed_journal(ws: &Workspace, now: Timestamp) -> Result<()> {
    let days_ago = |d: i64| now.checked_sub(SignedDuration::from_hours(24 * d));
    let start = days_ago(42)?;
    let then = ws.report(&PeriodSpec::default(), start)?;
    ws.start_plan_with(&then, start)?;
    let store = &ws.store;
    store.profile_set("fund_months", "3.5")?;
    store.profile_set("resume_updated", "2025-09-14")?;
    store.profile_set("manager", "Dana")?;
    for (name, kind, added, last) in [
        ("Sam (school friend)", SupportKind::Friend, 42, Some(71)),
        ("Guitar", SupportKind::Hobby, 42, Some(48)),
        ("Cycling club", SupportKind::Activity, 42, Some(19)),
    ] {
        store.support_add(name, kind, days_ago(added)?)?;
        if let Some(d) = last {
            store.support_touch(name, days_ago(d)?)?;
        }
    }
    // One monthly review, thirty days ago, over the four complete weeks before it: the next
    // is due today.
    let reviewed = days_ago(30)?;
    let on = ws.today(reviewed)?;
    let covered = canary::plan::review_period::last_complete_weeks(on);
    store.review_add(
        reviewed,
        covered.since,
        covered.until,
        Some("Nights are the worst of it; asked the team which alerts really need me."),
    )?;
    store.plan_done("w-honest-check", days_ago(40)?, None)?;
    store.plan_done(
        "w-define-emergency",
        days_ago(33)?,
        Some("shared with the team"),
    )?;
    Ok(())
}
