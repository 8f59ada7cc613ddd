//! The command line: every command, flag and help text, declared with clap.
//!
//! Only declarations live here and in `cli/` (the journal commands, the local tools, team
//! mode); each command's work is in `cmd/<command>.rs`. One way only: `cmd` modules import
//! their arguments from here, and nothing here imports from `cmd` (the CLI's `layers` test
//! checks it).

pub mod alerts;
pub mod journal;
pub mod sync;
pub mod team;
pub mod tools;

use std::path::PathBuf;

use canary::sources::registry;
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand};

pub use alerts::{AlertsAction, AlertsArgs, DigestArgs};
pub use journal::{AssessArgs, CheckinArgs, EvaluateArgs, PlanArgs, ReviewArgs, SupportArgs};
pub use sync::{ScheduleCommand, StatusArgs, SyncArgs};
pub use team::TeamCommand;
pub use tools::{BreakArgs, CheckArgs, ExportArgs, HookArgs, RestoreArgs, ServeArgs};

/// Canary reads the traces of work you already have on disk — git history, shell history,
/// and more — measures them against the boundaries you declare, and tells you, with the
/// evidence, how at risk of burnout you are. Everything stays on this machine.
///
/// Start with `canary demo` to see a report on a built-in persona, then `canary init`,
/// `canary import …` and `canary report` for your own data.
#[derive(Debug, Parser)]
#[command(name = "canary", version, about, long_about, max_term_width = 100)]
pub struct Cli {
    /// Settings file (default: $XDG_CONFIG_HOME/canary/config.toml).
    #[arg(long, global = true, env = "CANARY_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Store file (default: $XDG_DATA_HOME/canary/canary.db).
    #[arg(long, global = true, env = "CANARY_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Compute as if it were this instant (RFC 3339); for reproducible reports and tests.
    #[arg(
        long,
        global = true,
        env = "CANARY_NOW",
        value_name = "INSTANT",
        hide = true
    )]
    pub now: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the whole pipeline on a built-in persona, in a throwaway store.
    Demo(DemoArgs),
    /// The local dashboard in your browser (127.0.0.1 only): charts, check-in, plan, sources.
    Serve(ServeArgs),
    /// Declare your time zone, working hours, sleep window, limits and identities.
    Init(InitArgs),
    /// Show or change settings.
    #[command(subcommand)]
    Config(ConfigCommand),
    /// Import traces of work from files on this machine.
    Import(ImportArgs),
    /// Your risk picture, weekly figures and when you work.
    Report(ReportArgs),
    /// List the events behind any figure.
    Events(EventsArgs),
    /// What has been imported, and removing a source.
    Sources(SourcesArgs),
    /// Read again every imported source, only what is new in each; one line per source.
    Sync(SyncArgs),
    /// Run `canary sync` by itself every hour: install, remove or show the schedule.
    #[command(subcommand)]
    Schedule(ScheduleCommand),
    /// One screen: each source's freshness, the schedule and its last run, the store.
    Status(StatusArgs),
    /// Answer the questionnaires: Copenhagen Burnout Inventory, WHO-5, the risk checklist, warning signs.
    Assess(AssessArgs),
    /// A one-minute check-in: stress, sleep, exercise, people, a hobby.
    Checkin(CheckinArgs),
    /// Your prevention plan: boundaries, actions for this week, month and year, progress.
    Plan(PlanArgs),
    /// Your monthly review: this month beside the one before, and what to adjust.
    Review(ReviewArgs),
    /// Your support network: mentors, friends outside tech, hobbies, activities.
    Support(SupportArgs),
    /// A scorecard for a job offer or a team, from culture signs and red flags.
    Evaluate(EvaluateArgs),
    /// Is now inside your boundaries? One line and an exit status for prompts and scripts.
    Check(CheckArgs),
    /// What Canary noticed by itself: list, check now, mute a rule, test the notification.
    Alerts(AlertsArgs),
    /// The week in one page: figures against your boundaries, alerts, plan progress.
    Digest(DigestArgs),
    /// Install or remove a gentle nudge in git or your shell prompt during your sleep window.
    Hook(HookArgs),
    /// A Pomodoro-style break timer in the terminal.
    Break(BreakArgs),
    /// A full JSON backup of the store: events, import runs and your journal.
    Export(ExportArgs),
    /// Restore a backup written by `canary export`.
    Restore(RestoreArgs),
    /// Team mode: on-call fairness, single points of failure, rotation, cost of burnout.
    #[command(subcommand)]
    Team(TeamCommand),
    /// Print a shell completion script.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Print the report as JSON instead of text.
    #[arg(long)]
    pub json: bool,
    /// Keep the demo store at PATH (must not exist) to explore it with `canary --db PATH …`.
    #[arg(long, value_name = "PATH")]
    pub keep: Option<PathBuf>,
    /// Print the persona's prevention plan instead of the report.
    #[arg(long)]
    pub plan: bool,
    /// Show team mode on a generated team of nine: on-call fairness, single points of
    /// failure, a rotation proposal and the cost of burnout (with `--serve`, as the team
    /// dashboard).
    #[arg(long, conflicts_with_all = ["plan", "keep"])]
    pub team: bool,
    /// Show the persona (or with `--team` the team) in the local dashboard instead of
    /// printing the report.
    #[arg(long)]
    pub serve: bool,
    /// Port for `--serve` (0 picks a free one; the URL is printed).
    #[arg(long, default_value_t = 8787, requires = "serve")]
    pub port: u16,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Do not ask: take every answer from the flags, defaults for the rest.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Overwrite an existing settings file.
    #[arg(long)]
    pub force: bool,
    /// IANA time zone (default: this machine's).
    #[arg(long, value_name = "ZONE")]
    pub timezone: Option<String>,
    /// Working hours Monday to Friday, e.g. 08:00-18:00 or 08:00-12:00,13:00-17:00.
    #[arg(long, value_name = "RANGES")]
    pub hours: Option<String>,
    /// Working hours for one day, e.g. `--day sat=10:00-14:00` or `--day fri=off`. Repeatable.
    #[arg(long = "day", value_name = "DAY=RANGES")]
    pub days: Vec<String>,
    /// Sleep window, e.g. 22:00-07:00.
    #[arg(long, value_name = "START-END")]
    pub sleep: Option<String>,
    /// Maximum weekly hours except for genuine emergencies (default 45).
    #[arg(long, value_name = "HOURS")]
    pub max_weekly_hours: Option<f64>,
    /// Activity before this time counts toward the previous day (default 04:00).
    #[arg(long, value_name = "HH:MM")]
    pub day_boundary: Option<String>,
    /// Your role: sysadmin, network, helpdesk or manager.
    #[arg(long)]
    pub role: Option<String>,
    /// A mail address of yours (also matched as git author email). Repeatable.
    #[arg(long = "email", value_name = "ADDRESS")]
    pub emails: Vec<String>,
    /// A git author name of yours. Repeatable.
    #[arg(long = "git-name", value_name = "NAME")]
    pub git_names: Vec<String>,
    /// A chat user id of yours. Repeatable.
    #[arg(long = "chat-id", value_name = "ID")]
    pub chat_ids: Vec<String>,
    /// An on-call user id of yours. Repeatable.
    #[arg(long = "oncall-id", value_name = "ID")]
    pub oncall_ids: Vec<String>,
    /// Your on-call rotation: first day of a stint / every N weeks / days on call, e.g.
    /// 2026-01-05/4/7 for one week in four.
    #[arg(long, value_name = "FIRST/WEEKS/DAYS")]
    pub oncall_rotation: Option<String>,
    /// Incident urgencies that are true emergencies (comma-separated; default high).
    #[arg(long, value_name = "LIST")]
    pub emergency_urgencies: Option<String>,
    /// Mail senders whose mail is a true emergency (comma-separated).
    #[arg(long, value_name = "LIST")]
    pub emergency_senders: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum ConfigCommand {
    /// Print the effective settings (TOML, or JSON with --json).
    Show {
        #[arg(long)]
        json: bool,
    },
    /// Change one setting, e.g. `canary config set identities.emails me@example.org`.
    Set {
        /// The key (`canary config keys` lists them).
        key: String,
        /// The new value.
        value: String,
    },
    /// List the keys `config set` understands.
    Keys,
    /// Print where the settings and the store are.
    Path,
}

/// What `canary import` reads: a source from the library's registry, or `auto`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    Source(canary::SourceKind),
    /// Look for the usual sources and ask before reading each.
    Auto,
}

impl ImportKind {
    /// The source it reads; `None` for `auto`, which finds them.
    pub fn source(self) -> Option<canary::SourceKind> {
        match self {
            ImportKind::Source(s) => Some(s),
            ImportKind::Auto => None,
        }
    }
}

/// What `auto` does, as `canary import --help` says it.
const AUTO_HELP: &str = "Look for the usual sources on this machine (shell histories, \
Thunderbird, Evolution and mutt mail, Maildirs and ~/mail/*.mbox, .ics and Google Takeout \
exports, PagerDuty, Opsgenie and Slack exports in ~/Downloads, ActivityWatch, and git \
repositories under the PATHs given as roots), list them, and ask once: all, choose or none";

/// The choices of `canary import KIND`: every source in the registry, then `auto`.
fn import_kind() -> impl TypedValueParser<Value = ImportKind> {
    let sources = registry::SOURCES
        .iter()
        .map(|s| PossibleValue::new(s.name).help(s.help));
    let auto = PossibleValue::new("auto").help(AUTO_HELP);
    PossibleValuesParser::new(sources.chain([auto])).map(|name| {
        registry::by_name(&name).map_or(ImportKind::Auto, |s| ImportKind::Source(s.kind))
    })
}

/// Every source's options with their help, from the registry, for `canary import --help`.
fn import_options_help() -> String {
    let with_options = || registry::SOURCES.iter().filter(|s| !s.options.is_empty());
    let width = with_options()
        .flat_map(|s| s.options)
        .map(|o| o.key.len() + o.placeholder.len() + 1)
        .max()
        .unwrap_or(0);
    let mut out = String::from("Format options (-o KEY=VALUE):");
    for source in with_options() {
        out.push_str(&format!("\n  {}:", source.name));
        for o in source.options {
            let key = format!("{}={}", o.key, o.placeholder);
            out.push_str(&format!("\n    {key:width$}  {}", o.help));
        }
    }
    out.push_str("\n  every format:");
    for o in canary::sources::options::COMMON {
        let key = format!("{}={}", o.key, o.placeholder);
        out.push_str(&format!("\n    {key:width$}  {}", o.help));
    }
    out
}

#[derive(Debug, Args)]
#[command(after_long_help = import_options_help())]
pub struct ImportArgs {
    /// The format to read.
    #[arg(value_parser = import_kind())]
    pub kind: ImportKind,
    /// Files or repositories to read (for `auto`: folders to search for git repositories).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// For `auto`: import everything found without asking.
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// Print one JSON object with the counts instead of text.
    #[arg(long)]
    pub json: bool,
    /// Read every path whole, even one unchanged or only grown since it was last imported or
    /// synced (by default such a path is not read again, or only its new part is).
    #[arg(long)]
    pub again: bool,
    /// A format option, KEY=VALUE (repeatable); `--help` lists each format's options.
    ///
    /// E.g. `-o timestamp=created_at`. An option the format does not take, or a value of the
    /// wrong type, is an error. Local times without a zone are read in your time zone unless
    /// `timezone=ZONE` says otherwise.
    #[arg(long = "option", short = 'o', value_name = "KEY=VALUE")]
    pub options: Vec<String>,
}

#[derive(Debug, Args, Clone)]
pub struct PeriodArgs {
    /// Number of ISO weeks up to today, or up to --until (default 26).
    #[arg(long, value_name = "N", conflicts_with = "since")]
    pub weeks: Option<u32>,
    /// First day: YYYY-MM-DD, YYYY-MM, YYYY-Www, YYYY, or a time ago (10d, 2w, 3m, 1y).
    #[arg(long, value_name = "WHEN")]
    pub since: Option<canary::app::PeriodBound>,
    /// Last day, in the same forms as --since (a month or week means its last day).
    #[arg(long, value_name = "WHEN")]
    pub until: Option<canary::app::PeriodBound>,
    /// Everything imported: from the first imported day to today.
    #[arg(long, conflicts_with_all = ["weeks", "since", "until"])]
    pub all: bool,
}

impl PeriodArgs {
    /// The period asked for, as typed; [`canary::app::Workspace::period`] resolves it.
    pub fn query(&self) -> canary::app::PeriodQuery {
        canary::app::PeriodQuery {
            weeks: self.weeks,
            since: self.since,
            until: self.until,
            all: self.all,
        }
    }
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Print the report as JSON (schema in docs/json.md).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Only this band: business, off_hours, sleep, non_working_day, vacation.
    #[arg(long)]
    pub band: Option<String>,
    /// Only this kind (commit, command, mail_sent, …). Repeatable. Absence days
    /// (out_of_office, holiday) are not listed: they shape the bands, see `canary report`.
    #[arg(long = "kind")]
    pub kinds: Vec<String>,
    /// Only this source (git, zsh, …). Repeatable.
    #[arg(long = "source")]
    pub sources: Vec<String>,
    /// Only events of the night that started on this date.
    #[arg(long, value_name = "DATE")]
    pub night: Option<jiff::civil::Date>,
    /// Only events of this ISO week, e.g. 2026-W47.
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<String>,
    /// Only events counted toward this day (the day boundary applied), e.g. 2026-11-03.
    #[arg(long, value_name = "DATE")]
    pub day: Option<jiff::civil::Date>,
    /// Only events starting on this weekday of the local clock (mon … sun).
    #[arg(long, value_name = "DAY")]
    pub weekday: Option<String>,
    /// Only events starting in this hour of the local clock (0–23).
    #[arg(long, value_name = "H")]
    pub hour: Option<u8>,
    /// Only your own activity (leaves out received mail): what the heatmap and the nights count.
    #[arg(long)]
    pub activity: bool,
    /// Only the events kept out of the metrics (dated before 1990 or in the future).
    #[arg(long)]
    pub excluded: bool,
    /// The personal events (by your `[personal]` rules) instead of the work events.
    #[arg(long)]
    pub personal: bool,
    /// At most this many events (newest kept).
    #[arg(long, value_name = "N")]
    pub limit: Option<usize>,
    #[command(flatten)]
    pub period: PeriodArgs,
    /// Print a JSON array.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct SourcesArgs {
    #[command(subcommand)]
    pub command: Option<SourcesCommand>,
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum SourcesCommand {
    /// Remove every event of one source from the store.
    Forget {
        /// The source, e.g. zsh or git.
        source: String,
        /// Do not ask for confirmation.
        #[arg(long, short = 'y')]
        yes: bool,
    },
    /// Show the import runs, with skipped records.
    Runs {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    use super::*;

    /// `canary import KIND` offers exactly the registry's sources, then `auto`: a list kept by
    /// hand beside the registry would drift from it.
    #[test]
    fn import_kinds_are_the_registry_s() {
        let cli = Cli::command();
        let import = cli.find_subcommand("import").expect("an import command");
        let kind = import
            .get_arguments()
            .find(|a| a.get_id() == "kind")
            .expect("a KIND argument");
        let values = kind.get_possible_values();
        let offered: Vec<&str> = values
            .iter()
            .map(clap::builder::PossibleValue::get_name)
            .collect();
        let mut expected: Vec<&str> = registry::SOURCES.iter().map(|s| s.name).collect();
        expected.push("auto");
        assert_eq!(offered, expected);

        for source in registry::SOURCES {
            let parsed = Cli::try_parse_from(["canary", "import", source.name, "x"]).unwrap();
            let Command::Import(args) = parsed.command else {
                panic!("{} is not an import", source.name)
            };
            assert_eq!(args.kind, ImportKind::Source(source.kind));
        }
        let err = Cli::try_parse_from(["canary", "import", "demo", "x"]).unwrap_err();
        assert_eq!(err.kind(), clap::error::ErrorKind::InvalidValue);
    }

    #[test]
    fn import_help_lists_every_option_of_the_registry() {
        let help = import_options_help();
        for source in registry::SOURCES {
            for o in source.options {
                let line = format!("{}={}", o.key, o.placeholder);
                assert!(help.contains(&line) && help.contains(o.help), "{line}");
            }
        }
        Cli::command().debug_assert();
    }
}
