//! The arguments of the local tools: `serve` (the dashboard), `check`, `hook`, `break`,
//! `export` and `restore`. Declarations only; the work is in `cmd/<command>.rs`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};

/// Open the local dashboard: charts of your weeks, the check-in, your plan and your sources.
///
/// Listens on 127.0.0.1 only; nothing leaves this machine.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0 picks a free one; the URL is printed).
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
}

/// Is now inside your boundaries? Prints one line and sets the exit status, so a shell prompt
/// or a script can ask without parsing anything.
///
/// Exit status: 0 inside your working hours; 1 outside them (off-hours, a non-working day or
/// vacation); 2 in your sleep window; 3 Canary could not tell (e.g. the settings cannot be
/// read). Example: `canary check --quiet || echo "after hours"`.
#[derive(Debug, Args)]
#[command(
    after_help = "Exit status: 0 inside your working hours; 1 outside them (off-hours, a \
non-working day or vacation); 2 in your sleep window; 3 Canary could not tell (e.g. the settings \
cannot be read). Example: canary check --quiet || echo \"after hours\""
)]
pub struct CheckArgs {
    /// Print nothing; only the exit status answers.
    #[arg(long, short = 'q', conflicts_with = "json")]
    pub quiet: bool,
    /// Print one JSON object: band, local time, until, line, exit status.
    #[arg(long)]
    pub json: bool,
    /// For hooks: print a short, kind nudge in the sleep window and nothing otherwise
    /// (the exit status is unchanged).
    #[arg(long, hide = true, conflicts_with_all = ["json", "quiet"])]
    pub nudge: bool,
}

/// Install or remove a gentle nudge in git or your shell prompt during your sleep window.
///
/// The nudge is one short line, only in your sleep window; it never blocks a commit or a
/// prompt. Shell prompts show it at most every --every minutes.
#[derive(Debug, Args)]
pub struct HookArgs {
    #[command(subcommand)]
    pub action: HookAction,
}

#[derive(Debug, Subcommand)]
pub enum HookAction {
    /// Add the nudge (running it again updates it in place).
    Install {
        target: HookTarget,
        /// For git: the repository (default: the current folder).
        #[arg(long, value_name = "PATH")]
        repo: Option<PathBuf>,
        /// For shells: at most one nudge every this many minutes.
        #[arg(long, value_name = "MINUTES", default_value_t = 30)]
        every: u32,
    },
    /// Remove exactly what `install` added.
    Remove {
        target: HookTarget,
        /// For git: the repository (default: the current folder).
        #[arg(long, value_name = "PATH")]
        repo: Option<PathBuf>,
    },
}

/// Where the nudge goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HookTarget {
    /// A repository's post-commit hook.
    Git,
    Zsh,
    Bash,
    Fish,
}

/// A Pomodoro-style break timer: focused work, then a real break, then again.
///
/// A bell rings at the end of each phase. Ctrl-C stops the timer (exit status 0).
#[derive(Debug, Args)]
pub struct BreakArgs {
    /// Minutes of focused work per cycle.
    #[arg(long, value_name = "MINUTES", default_value_t = 25)]
    pub work: u32,
    /// Minutes of rest after each cycle.
    #[arg(long, value_name = "MINUTES", default_value_t = 5)]
    pub rest: u32,
    /// Number of work cycles.
    #[arg(long, value_name = "N", default_value_t = 4)]
    pub cycles: u32,
    /// Minutes of the longer rest after the last cycle (0 for none).
    #[arg(long, value_name = "MINUTES", default_value_t = 15)]
    pub long_rest: u32,
    /// Count the numbers above in seconds instead of minutes (for a quick try).
    #[arg(long)]
    pub seconds: bool,
    /// Print the schedule and exit.
    #[arg(long)]
    pub dry_run: bool,
}

/// Write a full JSON backup of the store: events, import runs and skips, your questionnaire
/// answers, check-ins, support network, plan progress, agreements and profile, and the
/// identity key. Keep it as private as the store itself: it holds everything Canary knows.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Write the backup to FILE (readable by you only) instead of stdout (`-` is stdout too).
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,
}

/// Restore a backup written by `canary export`, in one transaction: all of it or nothing.
///
/// Into an empty store by default; `--replace` deletes what the store holds first (asks
/// unless `--yes`).
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// The backup file (`-` for stdin).
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Replace everything the store holds with the backup.
    #[arg(long)]
    pub replace: bool,
    /// Do not ask before replacing.
    #[arg(long, short = 'y')]
    pub yes: bool,
}
