//! The commands that keep Canary current by itself: `sync`, `schedule`, `status`.

use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// Print JSON: one entry per source and the totals.
    #[arg(long)]
    pub json: bool,
    /// Print only problems (for the scheduled run).
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Subcommand)]
pub enum ScheduleCommand {
    /// Run `canary sync` on a schedule: a systemd user timer, a launchd agent on macOS, or a
    /// crontab line where neither exists.
    Install {
        /// How often, e.g. 30m, 1h, 2h (default 1h).
        #[arg(long, default_value = "1h", value_name = "DURATION")]
        every: String,
    },
    /// Remove exactly what `schedule install` installed.
    Remove,
    /// What is installed, when it last ran and with what result.
    Status {
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}
