//! `canary plan`: the personal prevention plan (Markdown, HTML or JSON), progress on its
//! actions, the conversation brief for the manager, agreements and profile values.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use canary::plan;
use clap::{Args, Subcommand};

use crate::context::Context;
use crate::render;

/// Your prevention plan: boundaries, actions for this week, month and year, progress.
///
/// The first run starts the plan: today becomes its start date and today's figures the
/// baseline that later runs compare against.
#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(subcommand)]
    pub command: Option<PlanCommand>,
    /// Also write the plan as a self-contained HTML page to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Print the plan as JSON instead of Markdown.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Mark an action done, by its id (e.g. `w-mail-cutoff`).
    Done {
        id: String,
        /// A few words on how it went.
        #[arg(long)]
        note: Option<String>,
    },
    /// Mark an action not done again.
    Undo { id: String },
    /// A brief for a talk with your manager, with your figures and a follow-up draft.
    Conversation {
        /// Print the brief as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Record something agreed with your manager; it goes into the follow-up draft.
    Agree { text: String },
    /// Set a profile value: fund_months, savings, monthly_expenses, resume_updated, manager,
    /// plan_started.
    Set { key: String, value: String },
}

pub fn run(ctx: &Context, args: &PlanArgs) -> Result<ExitCode> {
    let ws = ctx.workspace()?;
    match &args.command {
        None => {
            if let Some(today) = ws.start_plan(ctx.now)? {
                eprintln!("Your plan starts today, {today}; later runs show what changed since.");
            }
            let plan = ws.plan(ctx.now)?;
            render::plan::show(&plan, args.json, args.html.as_deref())?;
        }
        Some(PlanCommand::Done { id, note }) => {
            ws.mark_done(id, ctx.now, note.as_deref())?;
            println!("Marked {id} done.");
        }
        Some(PlanCommand::Undo { id }) => {
            if ws.mark_undone(id)? {
                println!("Marked {id} not done.");
            } else {
                println!("{id} was not marked done.");
            }
            if id == plan::actions::MONTHLY_REVIEW {
                let today = ws.today(ctx.now)?;
                if let Some(on) = ws.journal()?.reviewed_in_month(today, &ws.zone()?) {
                    println!(
                        "It still shows as done this month: you saved a review on {on} (`canary review --done`)."
                    );
                }
            }
        }
        Some(PlanCommand::Conversation { json }) => {
            let brief = ws.conversation(ctx.now)?;
            let mut out = anstream::stdout().lock();
            if *json {
                serde_json::to_writer_pretty(&mut out, &brief)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", plan::conversation::markdown(&brief))?;
            }
        }
        Some(PlanCommand::Agree { text }) => {
            ws.agree(text, ctx.now)?;
            println!("Recorded. It is in the follow-up draft of `canary plan conversation`.");
        }
        Some(PlanCommand::Set { key, value }) => {
            let value = ws.set_profile(key, value)?;
            println!("{key} = {value}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
