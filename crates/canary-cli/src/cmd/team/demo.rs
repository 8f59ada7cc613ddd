//! `canary demo --team`: every team command on a generated team.

use std::process::ExitCode;

use anyhow::Result;
use canary::team::cost::{CostInputs, compute, markdown};
use canary::team::demo::demo_team;
use canary::team::fairness::OVERLOAD_THRESHOLD;
use canary::team::oncall::{burden, responder_stats, team_oncall};
use canary::team::rotate::{RotateOptions, propose};
use canary::team::spof::analyse;

use super::spof::SpofReport;
use crate::dashboard::team::TeamView;

/// Every team command's figures on the generated team, and the team server run through.
fn compute_demo() -> Result<TeamView> {
    let now = canary::demo::demo_now();
    let team = demo_team(now);
    let oncall = team_oncall(&team.roster, &team.events, OVERLOAD_THRESHOLD);
    let spof = SpofReport {
        code_areas: analyse(&team.code),
        services: analyse(&team.services),
    };
    let history: Vec<f64> = team
        .roster
        .members
        .iter()
        .zip(&team.events)
        .map(|(m, r)| burden(&responder_stats(&m.name, &r.events, &m.settings())))
        .collect();
    let per_week = history.iter().sum::<f64>() / 12.0;
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let opts = RotateOptions {
        start: today.nth_weekday(1, jiff::civil::Weekday::Monday)?,
        weeks: 8,
        primary_load: per_week,
        secondary_load: per_week / 4.0,
        rest_weeks: 1,
    };
    let rotation = propose(&team.roster.members, &history, &opts);
    let cost = compute(&CostInputs {
        team_size: Some(team.roster.members.len() as f64),
        ..CostInputs::default()
    })
    .map_err(anyhow::Error::msg)?;
    // The server part needs a loopback port; without it the rest of the demo still stands,
    // and the reason is said.
    let server = match super::demo_server::run(&team) {
        Ok(s) => Some(s),
        Err(e) => {
            eprintln!("note: the team server part of the demo could not run: {e:#}");
            None
        }
    };
    Ok(TeamView {
        name: "demo team".into(),
        oncall: Some(oncall),
        spof: Some(spof),
        rotation: Some((team.roster, rotation)),
        cost: Some(cost),
        health: server,
        provenance: vec!["Generated demo team: fictional people, fixed data.".into()],
    })
}

/// `canary demo --team [--json] [--serve --port N]`.
#[allow(clippy::disallowed_methods)] // the demo's team server releases weeks by the real date
pub fn run(json: bool, serve: Option<u16>) -> Result<ExitCode> {
    let view = compute_demo()?;
    if let Some(port) = serve {
        eprintln!("Team demo: nine generated members in four time zones, twelve weeks of on-call.");
        return crate::dashboard::team::serve(view, port);
    }
    // Every part is there in the demo.
    let server = view.health.as_ref();
    let (Some(oncall), Some(spof), Some((roster, rotation)), Some(cost)) =
        (&view.oncall, &view.spof, &view.rotation, &view.cost)
    else {
        anyhow::bail!("the team demo is missing a part");
    };
    if json {
        let v = serde_json::json!({
            "roster": roster,
            "oncall": oncall,
            "spof": spof,
            "rotation": super::rotate::json(roster, rotation),
            "cost": cost,
            "server": server,
        });
        outln!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(ExitCode::SUCCESS);
    }
    // Tables are laid out to the width (see render::width); the prose wraps to it.
    let mut s = String::new();
    s.push_str(
        "Team demo: nine generated members in four time zones, twelve weeks of on-call.\n\n",
    );
    s.push_str("## On-call fairness (canary team oncall)\n\n");
    s.push_str(&super::oncall::render(oncall));
    s.push_str("\n## Single points of failure (canary team spof)\n\n");
    s.push_str(&super::spof::render(spof));
    s.push_str("\n## Rotation proposal for the next 8 weeks (canary team rotate)\n\n");
    s.push_str(&super::rotate::render(roster, rotation));
    s.push_str("\n## Cost of burnout (canary team cost)\n\n");
    s.push_str(&markdown(cost));
    s.push_str("\n## Team health without exposure (canary team serve, share, health)\n\n");
    // The server releases weeks by the real date, so its hidden weeks are explained by it too.
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    match server {
        Some(server) => s.push_str(&super::demo_server::render(server, today)),
        None => s.push_str("(not shown: the demo could not run its team server; see above)\n"),
    }
    out!(
        "{}",
        crate::render::width::fit(&s, crate::render::width::terminal_width())
    );
    Ok(ExitCode::SUCCESS)
}
