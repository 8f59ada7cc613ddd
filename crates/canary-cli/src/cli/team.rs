//! The arguments of `canary team …`: the team figures (`oncall`, `spof`, `rotate`, `cost`,
//! `dashboard`) and the team server's commands (`serve`, `share`, `enrol`, `health`, `admin`),
//! with the server options they share. Declarations only; the work is in `cmd/team/`.

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use canary::team::fairness::OVERLOAD_THRESHOLD;
use clap::{Args, Subcommand, ValueEnum};
use jiff::civil::Date;

/// Team mode: fairness, single points of failure, rotation, cost; the team health server.
#[derive(Debug, Subcommand)]
pub enum TeamCommand {
    /// On-call fairness per responder, in each person's own zone and sleep window.
    Oncall(OncallArgs),
    /// Single points of failure per code area (git) and per service (incidents).
    Spof(SpofArgs),
    /// Propose primary/secondary on-call for the next weeks, evening out the burden.
    Rotate(RotateArgs),
    /// The yearly cost of burnout to the team, for making the case upward.
    Cost(CostArgs),
    /// All of the above as pages in a local dashboard (127.0.0.1).
    Dashboard(DashboardArgs),
    /// Run the team server: weekly aggregates only, groups of at least 5 for managers.
    Serve(ServeArgs),
    /// Share your last complete weeks, per metric you choose, with a team server.
    Share(ShareArgs),
    /// Join a team server with the one-time enrolment code from its admin.
    Enrol(EnrolArgs),
    /// The manager's view: a group's weeks, shown only for at least k members.
    Health(HealthArgs),
    /// Administer a team server: groups, enrolment codes, manager tokens, the audit log.
    Admin(AdminArgs),
}

/// On-call fairness from PagerDuty or Opsgenie exports.
///
/// Every responder is measured against their own time zone, working hours and sleep window
/// from the roster. Responders the exports name but the roster lacks are added (marked `*`)
/// and measured with the roster's `[defaults]` (UTC and standard hours without), unless
/// `--roster-only`. Balance is Grafana OnCall's (the mean over all pairs of the smaller count
/// divided by the larger; 1 is even); Gini 0 is even. Overloaded: more than the threshold
/// times the team mean.
#[derive(Debug, Args)]
pub struct OncallArgs {
    /// The team roster (TOML, see `docs/method.md` Part IV). Without it, everyone in the
    /// exports is measured with the default boundaries.
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// PagerDuty or Opsgenie exports: files or folders.
    #[arg(value_name = "EXPORT", required = true)]
    pub exports: Vec<PathBuf>,
    /// Overloaded above this multiple of the team mean.
    #[arg(long, default_value_t = OVERLOAD_THRESHOLD, value_name = "X")]
    pub threshold: f64,
    /// Leave out responders who are not in the roster (they are still counted and named).
    #[arg(long, requires = "roster")]
    pub roster_only: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// Single points of failure: per code area (git) and per service (incidents), the share the
/// top person carries, the bus factor (the fewest people carrying more than half of the work)
/// and who would be left holding it if the top person were away.
#[derive(Debug, Args)]
pub struct SpofArgs {
    /// Git repositories; areas are top-level directories (or `--map`).
    #[arg(long = "repo", value_name = "PATH")]
    pub repos: Vec<PathBuf>,
    /// TOML mapping top-level names to areas: `[areas]` then `db = "Database"`.
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// On-call exports: services from incidents, per responder (named by `--roster`, else as
    /// the exports name them; responders the roster lacks count too).
    #[arg(long = "incidents", value_name = "EXPORT")]
    pub incidents: Vec<PathBuf>,
    /// The team roster: names authors and responders.
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// Read at most this many commits per repository, newest first.
    #[arg(long, default_value_t = 100_000, value_name = "N")]
    pub max_commits: usize,
    /// Print JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// Propose primary and secondary on-call for the next N weeks.
///
/// Evens out cumulative burden: past interruptions weighted by when they came (business 1,
/// off-hours or weekend 2, sleep window 3), plus the expected load of each proposed week.
/// Never assigns someone in a week they declared unavailable, never the same person as
/// primary and secondary, and rests a primary for `--rest-weeks` after their week.
#[derive(Debug, Args)]
pub struct RotateArgs {
    #[arg(long, value_name = "FILE")]
    pub roster: PathBuf,
    /// Weeks to propose.
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub weeks: usize,
    /// Past on-call exports: the burden to even out.
    #[arg(long = "history", value_name = "EXPORT")]
    pub history: Vec<PathBuf>,
    /// First Monday of the proposal (default: the next Monday).
    #[arg(long, value_name = "DATE")]
    pub start: Option<Date>,
    /// Weeks off after a primary week.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub rest_weeks: usize,
    /// Write the proposal as CSV to FILE (`-`: to stdout, instead of the table).
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// Write the proposal as an iCalendar file (`-`: to stdout, instead of the table).
    #[arg(long, value_name = "FILE")]
    pub ics: Option<PathBuf>,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

/// The yearly cost of burnout (turnover, absence, errors, overtime) from your inputs.
///
/// Every input you leave out is an assumption with a default, labelled as such in the output.
/// Keys: currency, team_size, salary, overhead_factor, turnover_rate,
/// burnout_share_of_turnover, replacement_cost_factor, sick_days, burnout_share_of_sick_days,
/// working_days, overtime_hours_per_week, overtime_premium, weeks_per_year, hours_per_week,
/// incidents_per_year, cost_per_incident, fatigue_share_of_incidents.
#[derive(Debug, Args)]
pub struct CostArgs {
    /// Inputs (TOML); without it every figure is a labelled assumption.
    #[arg(long, value_name = "FILE")]
    pub inputs: Option<PathBuf>,
    /// Also write a standalone HTML page to FILE (`-`: to stdout, instead of the Markdown).
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Print JSON instead of Markdown.
    #[arg(long)]
    pub json: bool,
}

/// Open the team dashboard on 127.0.0.1: on-call fairness, single points of failure, a
/// rotation proposal and the cost of burnout, from the same inputs as `canary team oncall`,
/// `spof`, `rotate` and `cost`. Each page is there when its inputs are given.
///
/// The files are read once, at start; restart to read them again. Nothing leaves this machine.
#[derive(Debug, Args)]
pub struct DashboardArgs {
    /// The team roster (TOML): each member's zone, hours, sleep window and unavailability.
    #[arg(long, value_name = "FILE")]
    pub roster: Option<PathBuf>,
    /// PagerDuty or Opsgenie exports (files or folders): fairness, services, rotation history.
    #[arg(long = "oncall", value_name = "EXPORT")]
    pub oncall: Vec<PathBuf>,
    /// Leave responders who are not in the roster out of the fairness figures.
    #[arg(long, requires = "roster")]
    pub roster_only: bool,
    /// Overloaded above this multiple of the team mean.
    #[arg(long, default_value_t = OVERLOAD_THRESHOLD, value_name = "X")]
    pub threshold: f64,
    /// Git repositories for single points of failure per code area.
    #[arg(long = "repo", value_name = "PATH")]
    pub repos: Vec<PathBuf>,
    /// TOML mapping top-level directories to areas (as `canary team spof --map`).
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// Weeks of rotation to propose (needs a roster of two or more).
    #[arg(long, default_value_t = 8, value_name = "N")]
    pub weeks: usize,
    /// The cost inputs (TOML, as `canary team cost --inputs`); without it, labelled defaults.
    #[arg(long, value_name = "FILE")]
    pub cost_inputs: Option<PathBuf>,
    /// Port to listen on (0 picks a free one; the URL is printed).
    #[arg(long, default_value_t = 8788)]
    pub port: u16,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0: any free port, printed at start).
    #[arg(long, default_value_t = 7878)]
    pub port: u16,
    /// Address to listen on. The default is loopback only; give another address to expose
    /// the server deliberately, with --tls-cert/--tls-key or behind a TLS-terminating proxy
    /// (tokens travel in headers).
    #[arg(long, value_name = "ADDR", default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// The server's database (default: team-server.db beside your own store).
    #[arg(long, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The smallest group a manager may see for a week (never below 5).
    #[arg(long, value_name = "K", default_value_t = canary_team::MIN_GROUP)]
    pub min_group: u32,
    /// First start: create the admin token and print it once.
    #[arg(long)]
    pub init: bool,
    /// Serve HTTPS with this certificate chain (PEM, the server's certificate first).
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key of --tls-cert (PEM: PKCS#8, PKCS#1 or SEC1).
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Metric {
    Hours,
    #[value(name = "after_hours")]
    AfterHours,
    Sleep,
    Interruptions,
    Risk,
    Instruments,
}

#[derive(Debug, Args)]
pub struct ShareArgs {
    /// The server, your member token and the CA to trust (not needed with --dry-run).
    #[command(flatten)]
    pub remote: ServerArgs,
    /// Print exactly what would be sent, and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// What to share, comma-separated; nothing is shared that is not named here.
    #[arg(long, value_delimiter = ',', required_unless_present_any = ["show", "delete"])]
    pub metrics: Vec<Metric>,
    /// Print everything the server holds from you (JSON), and share nothing.
    #[arg(long, conflicts_with_all = ["dry_run", "delete"])]
    pub show: bool,
    /// Delete what you shared from the server: one ISO week (YYYY-Www) or `all`.
    #[arg(long, value_name = "WEEK|all", conflicts_with = "dry_run")]
    pub delete: Option<String>,
    /// How many of the last complete weeks to share.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub weeks: u32,
}

#[derive(Debug, Args)]
pub struct EnrolArgs {
    /// The one-time enrolment code the admin gave you.
    #[arg(long, value_name = "CODE")]
    pub code: String,
    /// The server and the CA to trust.
    #[command(flatten)]
    pub conn: ConnArgs,
}

#[derive(Debug, Args)]
pub struct HealthArgs {
    /// The group to show; without it, the groups on the server are listed.
    #[arg(long, value_name = "NAME")]
    pub group: Option<String>,
    /// First ISO week, YYYY-Www (default: 7 weeks before --to).
    #[arg(long, value_name = "YYYY-Www")]
    pub from: Option<String>,
    /// Last ISO week, YYYY-Www (default: the current week).
    #[arg(long, value_name = "YYYY-Www")]
    pub to: Option<String>,
    /// Print the server's JSON instead of a table.
    #[arg(long)]
    pub json: bool,
    /// The server, your manager token and the CA to trust.
    #[command(flatten)]
    pub remote: ServerArgs,
}

#[derive(Debug, Args)]
pub struct AdminArgs {
    #[command(subcommand)]
    pub command: AdminCommand,
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create a group (members are enrolled into exactly one group, for good).
    Group {
        /// 1–64 of A–Z, a–z, 0–9, - and _.
        name: String,
        /// The server, the admin token and the CA to trust.
        #[command(flatten)]
        remote: ServerArgs,
    },
    /// Create a one-time enrolment code for one member of a group.
    Enrolment {
        /// The group the member joins.
        #[arg(long, value_name = "NAME")]
        group: String,
        /// Hours until the code expires (1–720).
        #[arg(long, value_name = "H", default_value_t = 72)]
        hours: u32,
        /// The server, the admin token and the CA to trust.
        #[command(flatten)]
        remote: ServerArgs,
    },
    /// Create a manager token (reads whole groups of at least k members, nothing else).
    Manager {
        /// Days until the token expires (1–730).
        #[arg(long, value_name = "D", default_value_t = 365)]
        days: u32,
        /// The server, the admin token and the CA to trust.
        #[command(flatten)]
        remote: ServerArgs,
    },
    /// Every read and administrative act, oldest first.
    Audit {
        /// Print JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// The server, the admin token and the CA to trust.
        #[command(flatten)]
        remote: ServerArgs,
    },
}

/// Where the team server is and how to trust it.
#[derive(Debug, Clone, Args)]
pub struct ConnArgs {
    /// The team server: https://HOST[:PORT], or http://127.0.0.1:PORT on this machine.
    #[arg(long, value_name = "URL", env = "CANARY_TEAM_SERVER")]
    pub server: Option<String>,
    /// Also trust the certificates in this PEM file (a private CA or the server's own
    /// self-signed certificate), beside the usual web roots.
    #[arg(long, value_name = "FILE", env = "CANARY_TEAM_CA")]
    pub ca_cert: Option<PathBuf>,
}

/// The server options plus the token for the role the command needs.
#[derive(Debug, Clone, Args)]
pub struct ServerArgs {
    #[command(flatten)]
    pub conn: ConnArgs,
    /// Your token for this command's role: member, manager or admin.
    #[arg(long, env = "CANARY_TEAM_TOKEN", hide_env_values = true)]
    pub token: Option<String>,
}
