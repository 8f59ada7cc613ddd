//! `canary plan`: the personal prevention plan (Markdown, HTML or JSON), progress on its
//! actions, the conversation brief for the manager, agreements and profile values.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use canary::Settings;
use canary::journal::{BASELINE, Journal, PLAN_STARTED, SETTABLE};
use canary::model::Report;
use canary::plan::{self, Plan, PlanInput};
use canary::store::Store;
use clap::{Args, Subcommand};
use jiff::Timestamp;
use jiff::civil::Date;

use crate::cli::PeriodArgs;
use crate::cmd::report;
use crate::context::Context;

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
    let store = ctx.store()?;
    match &args.command {
        None => {
            let settings = ctx.settings()?;
            let (plan, _) = build(&store, &settings, ctx.now, true)?;
            show(&plan, args.json, args.html.as_deref())?;
        }
        Some(PlanCommand::Done { id, note }) => {
            check_id(id)?;
            store.plan_done(id, ctx.now, note.as_deref())?;
            println!("Marked {id} done.");
        }
        Some(PlanCommand::Undo { id }) => {
            check_id(id)?;
            if store.plan_undo(id)? {
                println!("Marked {id} not done.");
            } else {
                println!("{id} was not marked done.");
            }
            if id == plan::actions::MONTHLY_REVIEW {
                let zone = ctx.settings()?.zone()?;
                let today = ctx.now.to_zoned(zone.clone()).date();
                if let Some(on) = store.journal()?.reviewed_in_month(today, &zone) {
                    println!(
                        "It still shows as done this month: you saved a review on {on} (`canary review --done`)."
                    );
                }
            }
        }
        Some(PlanCommand::Conversation { json }) => {
            let settings = ctx.settings()?;
            let (report, journal, today) = inputs(&store, &settings, ctx.now)?;
            let brief = plan::conversation::brief(&report, &settings, &journal, today);
            let mut out = anstream::stdout().lock();
            if *json {
                serde_json::to_writer_pretty(&mut out, &brief)?;
                writeln!(out)?;
            } else {
                write!(out, "{}", plan::conversation::markdown(&brief))?;
            }
        }
        Some(PlanCommand::Agree { text }) => {
            if text.trim().is_empty() {
                bail!("nothing to record: give the agreement in words");
            }
            store.agreement_add(text.trim(), ctx.now)?;
            println!("Recorded. It is in the follow-up draft of `canary plan conversation`.");
        }
        Some(PlanCommand::Set { key, value }) => set(&store, key, value)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn check_id(id: &str) -> Result<()> {
    if !plan::action_ids().any(|a| a == id) {
        bail!(
            "no action `{id}` in the plan's catalogue; the ids are shown in `canary plan` (e.g. w-mail-cutoff)"
        );
    }
    Ok(())
}

fn set(store: &Store, key: &str, value: &str) -> Result<()> {
    let Some(_) = SETTABLE.iter().find(|(k, _)| *k == key) else {
        let keys: Vec<&str> = SETTABLE.iter().map(|(k, _)| *k).collect();
        bail!("unknown key `{key}`: use one of {}", keys.join(", "));
    };
    let value = value.trim();
    match key {
        "resume_updated" | "plan_started" => {
            value
                .parse::<Date>()
                .with_context(|| format!("{key} wants a date YYYY-MM-DD, not `{value}`"))?;
        }
        "fund_months" | "savings" | "monthly_expenses" => {
            let n: f64 = value
                .parse()
                .with_context(|| format!("{key} wants a number, not `{value}`"))?;
            if !n.is_finite() || n < 0.0 {
                bail!("{key} wants a number of zero or more, not `{value}`");
            }
        }
        _ => {}
    }
    store.profile_set(key, value)?;
    println!("{key} = {value}");
    Ok(())
}

/// The report, the journal and today's local date.
pub fn inputs(
    store: &Store,
    settings: &Settings,
    now: Timestamp,
) -> Result<(Report, Journal, Date)> {
    let period = PeriodArgs {
        weeks: Some(26),
        since: None,
        until: None,
    };
    let report = report::compute(store, settings, now, &period)?;
    let journal = store.journal()?;
    let today = now.to_zoned(settings.zone()?).date();
    Ok((report, journal, today))
}

/// Build the plan, starting it (start date and baseline) when `start` and it has not started.
pub fn build(
    store: &Store,
    settings: &Settings,
    now: Timestamp,
    start: bool,
) -> Result<(Plan, Report)> {
    let (report, mut journal, today) = inputs(store, settings, now)?;
    if start && journal.plan_started().is_none() {
        store.profile_set(PLAN_STARTED, &today.to_string())?;
        store.profile_set(BASELINE, &serde_json::to_string(&plan::baseline(&report))?)?;
        journal = store.journal()?;
        eprintln!("Your plan starts today, {today}; later runs show what changed since.");
    }
    let plan = plan::build(&PlanInput {
        report: &report,
        settings,
        journal: &journal,
        today,
    });
    Ok((plan, report))
}

/// Print the plan, and write the HTML page when asked.
pub fn show(plan: &Plan, json: bool, html: Option<&std::path::Path>) -> Result<()> {
    let mut out = anstream::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, plan)?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", plan::markdown::render(plan))?;
    }
    if let Some(path) = html {
        std::fs::write(path, plan::html::render(plan))
            .with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("Wrote {}", path.display());
    }
    Ok(())
}
