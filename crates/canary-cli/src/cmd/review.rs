//! `canary review`: the monthly review — the period since the last saved review beside the same
//! number of days before it — as text, HTML or JSON, and `--done` to save that it was done.
//!
//! The figures come from two reports built exactly as `canary report` builds them (one per
//! period), by the application core's [`Workspace::review`](canary::app::Workspace::review);
//! the review itself is [`canary::plan::review::build`], a pure function.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use canary::plan::review_doc;
use clap::Args;
use jiff::civil::Date;

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
    let ws = ctx.workspace()?;
    let today = ws.today(ctx.now)?;
    if let Some(since) = args.since.filter(|s| *s > today) {
        bail!("--since {since} is after today ({today}): give the first day of a past period");
    }
    let periods = ws.review_periods(today, args.since)?;
    if args.done {
        let next = ws.save_review(&periods, ctx.now, args.note.as_deref())?;
        let p = periods.current;
        println!(
            "Saved your review of {} to {}. The next one is due {}.",
            p.since,
            p.until,
            next.next.map(|d| d.to_string()).unwrap_or_default()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let review = ws.review(&periods, ctx.now)?;
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
