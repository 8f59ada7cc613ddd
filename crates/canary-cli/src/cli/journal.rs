//! The arguments of the commands that write or read the journal: `assess`, `checkin`, `plan`,
//! `review`, `support` and `evaluate`. Declarations only; the work is in `cmd/<command>.rs`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use jiff::civil::Date;

/// Answer the questionnaires: Copenhagen Burnout Inventory, WHO-5, the risk checklist, warning signs.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The questionnaire, or `history` for every earlier answer.
    #[arg(value_enum)]
    pub what: What,
    /// Answers from a TOML or JSON file: item id → answer word or number.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// One answer, e.g. `--answer 4=often` (repeatable; overrides the file).
    #[arg(long = "answer", value_name = "ID=VALUE")]
    pub answer: Vec<String>,
    /// Print the scores (or the history) as JSON.
    #[arg(long)]
    pub json: bool,
    /// List the items and the answers each takes, then exit.
    #[arg(long)]
    pub items: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum What {
    Cbi,
    Who5,
    Checklist,
    Signs,
    History,
}

/// A one-minute check-in: stress, sleep, exercise, people, a hobby.
#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// Stress today, 1 (calm) to 5 (very stressed).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub stress: Option<u8>,
    /// Sleep last night, 1 (poor) to 5 (great).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub sleep: Option<u8>,
    /// Exercised today (yes/no).
    #[arg(long, value_parser = yes_no)]
    pub exercise: Option<bool>,
    /// Spent time with people outside work (yes/no).
    #[arg(long, value_parser = yes_no)]
    pub social: Option<bool>,
    /// Did something for a hobby (yes/no).
    #[arg(long, value_parser = yes_no)]
    pub hobby: Option<bool>,
    /// A short note (kept only on this machine).
    #[arg(long)]
    pub note: Option<String>,
    /// Print the stored check-in as JSON.
    #[arg(long)]
    pub json: bool,
}

/// Your prevention plan: boundaries, actions for this week, month and year, progress.
///
/// The first run with imported data starts the plan: today becomes its start date and
/// today's figures the baseline that later runs compare against. `canary plan restart` clears
/// both for a new start.
#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(subcommand)]
    pub command: Option<PlanCommand>,
    /// Also write the plan as a self-contained HTML page to FILE (`-`: to stdout, instead of
    /// the Markdown).
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
    /// A new start: clear the plan's start date and baseline (actions done, agreements and
    /// the support network stay); the next `canary plan` starts it again.
    Restart,
    /// Set a profile value: fund_months, savings, monthly_expenses, resume_updated, manager,
    /// plan_started.
    Set { key: String, value: String },
}

/// Your monthly review: this period beside the one before, boundaries, plan progress,
/// check-ins, questionnaires, support network, questions and what to adjust.
///
/// The period runs from the day after your last saved review to today (with none saved: the
/// last four complete weeks). Save the review with `--done` once you have been through it;
/// the next one is due 30 days later.
#[derive(Debug, Args)]
pub struct ReviewArgs {
    /// First day of the period under review, instead of the day after the last saved review:
    /// YYYY-MM-DD, YYYY-MM, YYYY-Www, YYYY or a time ago (10d, 2w, 3m, 1y).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<canary::app::PeriodBound>,
    /// Print the review as JSON (schema in docs/json.md).
    #[arg(long, conflicts_with = "done")]
    pub json: bool,
    /// Also write the review as a self-contained HTML page to FILE (`-`: to stdout, instead of
    /// the text).
    #[arg(long, value_name = "FILE", conflicts_with = "done")]
    pub html: Option<PathBuf>,
    /// Record that you went through this review today.
    #[arg(long)]
    pub done: bool,
    /// With --done: a few words on what you decided.
    #[arg(long, requires = "done")]
    pub note: Option<String>,
}

/// Your support network: mentors, friends outside tech, hobbies, activities.
#[derive(Debug, Args)]
pub struct SupportArgs {
    #[command(subcommand)]
    pub command: SupportCommand,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Kind {
    /// Someone who models healthy hours.
    Mentor,
    /// A friend or relative outside tech.
    Friend,
    /// A pastime away from screens.
    Hobby,
    /// A sport or other physical activity.
    Activity,
}

#[derive(Debug, Subcommand)]
pub enum SupportCommand {
    /// Add a person or pastime (an existing name gets the new kind).
    Add {
        name: String,
        #[arg(long, value_enum)]
        kind: Kind,
    },
    /// List the network, neglected longest first.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Record a contact: now, or on a given date.
    Touch {
        name: String,
        /// The day of the contact (YYYY-MM-DD, local).
        #[arg(long, value_name = "DATE")]
        on: Option<Date>,
    },
    /// Remove an entry.
    Remove { name: String },
}

/// A scorecard for a job offer or a team, from culture signs and red flags.
///
/// Question ids: balance_talk, long_tenure, boundaries_respected, after_hours_real,
/// oncall_fair (good signs); work_hard_play_hard, unlimited_pto, no_quiet_space,
/// overwork_praised, senior_turnover (red flags).
#[derive(Debug, Args)]
pub struct EvaluateArgs {
    /// An answer, ID=yes|no|unknown; repeatable.
    #[arg(long = "answer", value_name = "ID=ANSWER")]
    pub answers: Vec<String>,
    /// A file of ID=ANSWER lines (`#` starts a comment).
    #[arg(long = "answers", value_name = "FILE")]
    pub file: Option<PathBuf>,
    /// Print the scorecard as JSON.
    #[arg(long)]
    pub json: bool,
}

/// A yes/no answer given as a flag value.
fn yes_no(s: &str) -> Result<bool, String> {
    match s.to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" => Ok(false),
        _ => Err(format!("{s:?}: answer yes or no")),
    }
}
