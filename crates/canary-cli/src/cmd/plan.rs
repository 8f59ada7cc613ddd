//! `canary plan`: the personal prevention plan (Markdown, HTML or JSON), progress on its
//! actions, the conversation brief for the manager, agreements and profile values.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use canary::plan;

use crate::cli::journal::{PlanArgs, PlanCommand};
use crate::context::Context;
use crate::render;

pub fn run(ctx: &Context, args: &PlanArgs) -> Result<ExitCode> {
    match &args.command {
        None => {
            let ws = ctx.workspace()?;
            let _unreadable = crate::render::UnreadableWarning(&ws.store);
            if let Some(today) = ws.start_plan(ctx.now)? {
                eprintln!("Your plan starts today, {today}; later runs show what changed since.");
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
                serde_json::to_writer_pretty(&mut out, &brief)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", plan::conversation::markdown(&brief))?;
            }
        }
        Some(PlanCommand::Agree { text }) => {
            ctx.journal_workspace()?.agree(text, ctx.now)?;
            outln!("Recorded. It is in the follow-up draft of `canary plan conversation`.");
        }
        Some(PlanCommand::Set { key, value }) => {
            let value = ctx.journal_workspace()?.set_profile(key, value)?;
            outln!("{key} = {value}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
