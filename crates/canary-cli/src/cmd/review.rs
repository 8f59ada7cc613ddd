//! `canary review`: the monthly review — the period since the last saved review beside the same
//! number of days before it — as text, HTML or JSON, and `--done` to save that it was done.
//!
//! The figures come from two reports built exactly as `canary report` builds them (one per
//! period), by the application core's [`Workspace::review`](canary::app::Workspace::review);
//! the review itself is [`canary::plan::review::build`], a pure function.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use canary::plan::review_doc;

use crate::cli::ReviewArgs;
use crate::context::Context;
use crate::output;

pub fn run(ctx: &Context, args: &ReviewArgs) -> Result<ExitCode> {
    let ws = ctx.workspace()?;
    let _unreadable = crate::render::UnreadableWarning(&ws.store);
    let today = ws.today(ctx.now)?;
    let since = args
        .since
        .map(|b| b.day(canary::app::PeriodEnd::Start, today));
    if let Some(since) = since.filter(|s| *s > today) {
        bail!("--since {since} is after today ({today}): give the first day of a past period");
    }
    let periods = ws.review_periods(today, since)?;
    if args.done {
        let next = ws.save_review(&periods, ctx.now, args.note.as_deref())?;
        let p = periods.current;
        outln!(
            "Saved your review of {} to {}. The next one is due {}.",
            p.since,
            p.until,
            next.next.map(|d| d.to_string()).unwrap_or_default()
        );
        return Ok(ExitCode::SUCCESS);
    }
    let review = ws.review(&periods, ctx.now)?;
    // The file first: a closed stdout must not keep it from being written. With `--html -`
    // the page goes to stdout instead of the text.
    if let Some(path) = &args.html {
        let to_stdout = output::is_stdout(path);
        output::at_most_one_stdout(&[("--json", args.json && to_stdout), ("--html -", to_stdout)])?;
        output::write_text(path, &review_doc::render_html(&review))?;
        if to_stdout {
            return Ok(ExitCode::SUCCESS);
        }
    }
    let mut out = anstream::stdout().lock();
    if args.json {
        crate::output::json(&mut out, &review)?;
    } else {
        writeln!(out, "{}", review_doc::render(&review))?;
    }
    Ok(ExitCode::SUCCESS)
}
