//! `canary review`: the monthly review — the period since the last saved review beside the same
//! number of days before it — as text, HTML or JSON, and `--done` to save that it was done.
//!
//! The figures come from two reports built exactly as `canary report` builds them (one per
//! period); the review itself is [`canary::plan::review::build`], a pure function.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use canary::Settings;
use canary::plan::review::{self, MonthlyReview, ReviewInput};
use canary::plan::review_doc;
use canary::plan::review_period::{self, Periods, Window};
use canary::store::Store;
use clap::Args;
use jiff::Timestamp;
use jiff::civil::Date;

use crate::cli::PeriodArgs;
use crate::cmd::{plan, report};
use crate::context::Context;

/// Your monthly review: this period beside the one before, boundaries, plan progress,
/// check-ins, questionnaires, support network, questions and what to adjust.
///
/// The period runs from the day after your last saved review to today (with none saved: the
/// last four complete weeks). Save the review with `--done` once you have been through it;
/// the next one is due 30 days later.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// First day of the period under review (YYYY-MM-DD, local), instead of the day after the
    /// last saved review.
    #[arg(long, value_name = "DATE")]
    pub since: Option<Date>,
    /// Print the review as JSON (schema in docs/json.md).
    #[arg(long, conflicts_with = "done")]
    pub json: bool,
    /// Also write the review as a self-contained HTML page to FILE.
    #[arg(long, value_name = "FILE", conflicts_with = "done")]
    pub html: Option<PathBuf>,
    /// Record that you went through this review today.
    #[arg(long)]
    pub done: bool,
    /// With --done: a few words on what you decided.
    #[arg(long, requires = "done")]
    pub note: Option<String>,
}

pub fn run(ctx: &Context, args: &ReviewArgs) -> Result<ExitCode> {
    let settings = ctx.settings()?;
    let store = ctx.store()?;
    let today = ctx.now.to_zoned(settings.zone()?).date();
    if let Some(since) = args.since.filter(|s| *s > today) {
        bail!("--since {since} is after today ({today}): give the first day of a past period");
    }
    let periods = periods(&store, &settings, today, args.since)?;
    if args.done {
        let note = args
            .note
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty());
        let p = periods.current;
        store.review_add(ctx.now, p.since, p.until, note)?;
        let next = review_period::due(&store.journal()?, &settings.zone()?, today);
        println!(
            "Saved your review of {} to {}. The next one is due {}.",
            p.since,
            p.until,
            next.next.map(|d| d.to_string()).unwrap_or_default()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let review = build(&store, &settings, ctx.now, &periods)?;
    let mut out = anstream::stdout().lock();
    if args.json {
        serde_json::to_writer_pretty(&mut out, &review)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", review_doc::render(&review))?;
    }
    if let Some(path) = &args.html {
        std::fs::write(path, review_doc::render_html(&review))
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("Wrote {}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// The period under review and the one before, from the saved reviews.
pub fn periods(
    store: &Store,
    settings: &Settings,
    today: Date,
    since: Option<Date>,
) -> Result<Periods> {
    let journal = store.journal()?;
    Ok(review_period::periods(
        &journal,
        &settings.zone()?,
        today,
        since,
    ))
}

/// Read what the review needs and build it: one report per period, the plan, the journal.
pub fn build(
    store: &Store,
    settings: &Settings,
    now: Timestamp,
    periods: &Periods,
) -> Result<MonthlyReview> {
    let over = |w: &Window| PeriodArgs {
        weeks: None,
        since: Some(w.since),
        until: Some(w.until),
    };
    let current = report::compute(store, settings, now, &over(&periods.current))?;
    let previous = report::compute(store, settings, now, &over(&periods.previous))?;
    let (plan, _) = plan::build(store, settings, now, false)?;
    let journal = store.journal()?;
    let checkins = store.checkins()?;
    Ok(review::build(&ReviewInput {
        periods,
        current: &current,
        previous: &previous,
        plan: &plan,
        settings,
        journal: &journal,
        checkins: &checkins,
        today: now.to_zoned(settings.zone()?).date(),
    }))
}
