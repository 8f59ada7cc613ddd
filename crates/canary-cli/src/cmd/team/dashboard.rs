//! `canary team dashboard`: the team commands' figures (on-call fairness, single points of
//! failure, the rotation proposal, the cost of burnout), computed once by the same functions as
//! `canary team oncall|spof|rotate|cost`, then served as pages on 127.0.0.1 by
//! [`crate::dashboard::team`].

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use canary::team::Roster;
use canary::team::everyone::{Options, measure};
use canary::team::fairness::OVERLOAD_THRESHOLD;
use canary::team::spof::analyse;
use clap::Args;

use super::spof::SpofReport;
use super::{load_roster, oncall, rotate, spof};
use crate::context::Context;
use crate::dashboard::team::{TeamView, serve};

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

/// `canary team dashboard`: compute every part from the inputs given, then serve.
pub fn run(ctx: &Context, args: &DashboardArgs) -> Result<ExitCode> {
    if args.oncall.is_empty() && args.repos.is_empty() {
        bail!("give on-call exports (--oncall EXPORT) or repositories (--repo PATH), or both");
    }
    let roster = match &args.roster {
        Some(p) => load_roster(p)?,
        None => Roster::default(),
    };
    let mut view = TeamView::default();
    // The exports are read once: fairness, services and the rotation's history all come
    // from the same measurement (it keeps everyone's events whatever `--roster-only` says).
    let measured = if args.oncall.is_empty() {
        None
    } else {
        let opts = Options {
            threshold: args.threshold,
            roster_only: args.roster_only,
        };
        let m = measure(&args.oncall, &roster, opts)?;
        for line in oncall::notes(&m, &roster, args.roster.is_some()) {
            eprintln!("{line}");
        }
        if !m.skipped.is_empty() {
            eprintln!("{} records skipped in the exports", m.skipped.len());
        }
        Some(m)
    };
    let code = spof::code_work(
        &args.repos,
        args.map.as_deref(),
        args.roster.is_some().then_some(&roster),
        100_000,
    )?;
    let services = measured
        .as_ref()
        .map(spof::service_work)
        .unwrap_or_default();
    view.spof = Some(SpofReport {
        code_areas: analyse(&code),
        services: analyse(&services),
    });
    if args.roster.is_some() && roster.members.len() >= 2 {
        let history = match &measured {
            Some(m) => rotate::burden_of(&roster, m),
            None => rotate::no_history(&roster),
        };
        let p = rotate::proposal(ctx, &roster, history, args.weeks, None, 1)?;
        view.rotation = Some((roster.clone(), p));
    }
    view.oncall = measured.map(|m| m.team);
    let mut inputs = super::cost::read_inputs(args.cost_inputs.as_deref())?;
    if inputs.team_size.is_none() && !roster.members.is_empty() {
        inputs.team_size = Some(roster.members.len() as f64);
    }
    view.cost =
        Some(canary::team::cost::compute(&inputs).map_err(|e| anyhow::anyhow!("bad inputs: {e}"))?);
    let mut read = Vec::new();
    if let Some(p) = &args.roster {
        read.push(format!("roster {}", p.display()));
    }
    if !args.oncall.is_empty() {
        read.push(format!("{} on-call export path(s)", args.oncall.len()));
    }
    if !args.repos.is_empty() {
        read.push(format!("{} repositories", args.repos.len()));
    }
    view.provenance.push(format!(
        "Read at {}: {}; restart to read them again.",
        ctx.now.strftime("%Y-%m-%d %H:%M UTC"),
        read.join(", ")
    ));
    serve(view, args.port)
}
