//! The arguments of `canary alerts` and `canary digest`. Declarations only; the work is in
//! `cmd/alerts.rs` and `cmd/digest.rs`.

use std::path::PathBuf;

use clap::{Args, Subcommand};

/// Alerts: what Canary noticed by itself, each with its evidence.
///
/// Without a subcommand, lists every alert kept (newest last) and marks the new ones seen.
/// Rules and thresholds are under `[alerts]` in the settings (`canary config keys`); how each
/// rule decides is in docs/method.md ("Alerts").
#[derive(Debug, Args)]
pub struct AlertsArgs {
    #[command(subcommand)]
    pub action: Option<AlertsAction>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum AlertsAction {
    /// Evaluate the rules now, keep new alerts and deliver what may be delivered (never in
    /// your sleep window; outside working hours only when you opted in; a few a day).
    Check,
    /// Stop a rule's alerts from being delivered (they are still kept).
    Mute {
        /// The rule, e.g. sleep-window (see `canary alerts rules`).
        rule: String,
    },
    /// Deliver a rule's alerts again.
    Unmute {
        /// The rule, e.g. sleep-window.
        rule: String,
    },
    /// Send a test desktop notification.
    Test,
    /// The rules, what each watches and whether it is muted.
    Rules,
}

/// The week in one page: its figures against your boundaries, its alerts, your plan's
/// progress and next actions.
#[derive(Debug, Args)]
pub struct DigestArgs {
    /// The ISO week, e.g. 2026-W49 (default: the last complete week).
    #[arg(long, value_name = "YYYY-Www")]
    pub week: Option<String>,
    /// Also write it as an HTML page to FILE.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Save it to $XDG_DATA_HOME/canary/digests/YYYY-Www.md (what the schedule runs on Mondays).
    #[arg(long)]
    pub save: bool,
    /// Mail it to your own first address (`identities.emails`) through the `sendmail` set in
    /// `alerts.sendmail`; never to anyone else.
    #[arg(long)]
    pub mail: bool,
}
