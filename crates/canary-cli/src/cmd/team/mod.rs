//! `canary team …`: on-call fairness, single points of failure, rotation proposals and the
//! cost of burnout, for a team lead or manager (figures from `canary::team`); and the team
//! server: running it (`serve`), administering it (`admin`), joining it (`enrol`), sharing
//! with it (`share`) and the manager's view (`health`). Each subcommand has its own module;
//! the client commands share their server options through `remote`.

mod admin;
mod cost;
mod dashboard;
mod demo;
mod demo_server;
mod enrol;
mod health;
mod oncall;
mod remote;
mod rotate;
mod serve;
mod share;
mod spof;

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result};
use canary::team::Roster;
use clap::Subcommand;

use crate::context::Context;

pub use admin::AdminArgs;
pub use cost::CostArgs;
pub use dashboard::DashboardArgs;
pub use demo::run as demo;
pub(crate) use demo_server::{ServerDemo, WEEKS};
pub use enrol::EnrolArgs;
pub use health::HealthArgs;
pub use oncall::OncallArgs;
pub use rotate::RotateArgs;
pub use serve::ServeArgs;
pub use share::ShareArgs;
pub use spof::SpofArgs;
pub(crate) use spof::SpofReport;

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

pub fn run(ctx: &Context, cmd: &TeamCommand) -> Result<ExitCode> {
    match cmd {
        TeamCommand::Oncall(a) => oncall::run(ctx, a),
        TeamCommand::Spof(a) => spof::run(ctx, a),
        TeamCommand::Rotate(a) => rotate::run(ctx, a),
        TeamCommand::Cost(a) => cost::run(ctx, a),
        TeamCommand::Dashboard(a) => dashboard::run(ctx, a),
        TeamCommand::Serve(a) => serve::run(ctx, a),
        TeamCommand::Share(a) => share::run(ctx, a),
        TeamCommand::Enrol(a) => enrol::run(ctx, a),
        TeamCommand::Health(a) => health::run(ctx, a),
        TeamCommand::Admin(a) => admin::run(ctx, a),
    }
}

pub(crate) fn load_roster(path: &Path) -> Result<Roster> {
    Roster::load(path).context("cannot use the roster")
}

pub(crate) fn write_file(path: &Path, text: &str) -> Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

pub(crate) fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}
