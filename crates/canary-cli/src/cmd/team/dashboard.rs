//! `canary team dashboard`: the team commands' figures (on-call fairness, single points of
//! failure, the rotation proposal, the cost of burnout), computed once by the same functions as
//! `canary team oncall|spof|rotate|cost`, then served as pages on 127.0.0.1 by
//! [`crate::dashboard::team`].

use std::process::ExitCode;

use anyhow::{Result, bail};
use canary::team::Roster;
use canary::team::everyone::{Options, measure};
use canary::team::spof::analyse;

use super::spof::SpofReport;
use super::{load_roster, oncall, rotate, spof};
use crate::cli::team::DashboardArgs;
use crate::context::Context;
use crate::dashboard::team::{TeamView, serve};

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
            eprintln!("{}", canary::privacy::display_safe(&line));
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
