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

use crate::cli::TeamCommand;
use crate::context::Context;

pub use demo::run as demo;
pub(crate) use demo_server::{ServerDemo, WEEKS};
pub(crate) use spof::SpofReport;

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

pub(crate) fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}
