//! `canary plan`: the personal prevention plan (Markdown, HTML or JSON), progress on its
//! actions, the conversation brief for the manager, agreements and profile values.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use canary::app::PlanStart;
use canary::plan;

use crate::cli::journal::{PlanArgs, PlanCommand};
use crate::context::Context;
use crate::render;

pub fn run(ctx: &Context, args: &PlanArgs) -> Result<ExitCode> {
    match &args.command {
        None => {
            let ws = ctx.workspace()?;
            let _unreadable = crate::render::UnreadableWarning(&ws.store);
            match ws.start_plan(ctx.now)? {
                PlanStart::Started { on, baseline: true } => {
                    eprintln!("Your plan starts today, {on}; later runs show what changed since.");
                }
                PlanStart::Started {
                    on,
                    baseline: false,
                } => eprintln!(
                    "Your plan starts today, {on}. There are not yet enough complete weeks of data for a baseline; it is kept on the first run that has them."
                ),
                PlanStart::BaselineKept { started } => eprintln!(
                    "Your plan (started {started}) now has its baseline from today's figures; later runs show what changed since."
                ),
                PlanStart::NoData => eprintln!(
                    "Nothing is imported yet, so the plan has not started and keeps no baseline: import a source (`canary import …`), then run `canary plan` again."
                ),
                PlanStart::Running => {}
            }
            let plan = ws.plan(ctx.now)?;
            render::plan::show(&plan, args.json, args.html.as_deref())?;
        }
        Some(PlanCommand::Done { id, note }) => {
            ctx.journal_workspace()?
                .mark_done(id, ctx.now, note.as_deref())?;
            outln!("Marked {id} done.");
        }
        Some(PlanCommand::Undo { id }) => {
            let ws = ctx.journal_workspace()?;
            if ws.mark_undone(id)? {
                outln!("Marked {id} not done.");
            } else {
                outln!("{id} was not marked done.");
            }
            if id == plan::actions::MONTHLY_REVIEW {
                let zone = ctx.settings()?.zone()?;
                let today = ctx.now.to_zoned(zone.clone()).date();
                if let Some(on) = ws.journal()?.reviewed_in_month(today, &zone) {
                    outln!(
                        "It still shows as done this month: you saved a review on {on} (`canary review --done`)."
                    );
                }
            }
        }
        Some(PlanCommand::Conversation { json }) => {
            let brief = ctx.workspace()?.conversation(ctx.now)?;
            let mut out = anstream::stdout().lock();
            if *json {
                crate::output::json(&mut out, &brief)?;
            } else {
                write!(out, "{}", plan::conversation::markdown(&brief))?;
            }
        }
        Some(PlanCommand::Agree { text }) => {
            ctx.journal_workspace()?.agree(text, ctx.now)?;
            outln!("Recorded. It is in the follow-up draft of `canary plan conversation`.");
        }
        Some(PlanCommand::Restart) => match ctx.journal_workspace()?.restart_plan()? {
            Some(started) => outln!(
                "Plan restarted: its start date ({started}) and baseline are cleared. The next `canary plan` starts it again from today's figures; actions done, agreements and your support network stay."
            ),
            None => outln!(
                "The plan had not started, so there was nothing to clear; the next `canary plan` starts it."
            ),
        },
        Some(PlanCommand::Set { key, value }) => {
            let value = ctx.journal_workspace()?.set_profile(key, value)?;
            outln!("{key} = {value}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
