//! `canary team oncall`: per-responder interruptions and the team's balance.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use canary::team::fairness::OVERLOAD_THRESHOLD;
use canary::team::oncall::{
    TeamOncall, apply_schedules, read_exports, read_schedules, team_oncall,
};
use clap::Args;
use comfy_table::{Cell, CellAlignment, Table, presets};

use super::load_roster;
use crate::context::Context;

/// On-call fairness from PagerDuty or Opsgenie exports.
///
/// Every responder is measured against their own time zone, working hours and sleep window
/// from the roster. Balance is Grafana OnCall's (the mean over all pairs of the smaller count
/// divided by the larger; 1 is even); Gini 0 is even. Overloaded: more than the threshold
/// times the team mean.
#[derive(Debug, Args)]
pub struct OncallArgs {
    /// The team roster (TOML, see `docs/method.md` Part IV).
    #[arg(long, value_name = "FILE")]
    pub roster: PathBuf,
    /// PagerDuty or Opsgenie exports: files or folders.
    #[arg(value_name = "EXPORT", required = true)]
    pub exports: Vec<PathBuf>,
    /// Overloaded above this multiple of the team mean.
    #[arg(long, default_value_t = OVERLOAD_THRESHOLD, value_name = "X")]
    pub threshold: f64,
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

pub fn run(_ctx: &Context, args: &OncallArgs) -> Result<ExitCode> {
    let roster = load_roster(&args.roster)?;
    let (events, skipped) = read_exports(&args.exports, &roster)?;
    let mut team = team_oncall(&roster, &events, args.threshold);
    if let Some(schedules) = read_schedules(&args.exports) {
        apply_schedules(&mut team, &roster, &schedules);
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&team)?);
        return Ok(ExitCode::SUCCESS);
    }
    print!("{}", render(&team));
    if !skipped.is_empty() {
        eprintln!("{} records skipped in the exports", skipped.len());
    }
    Ok(ExitCode::SUCCESS)
}

pub fn render(team: &TeamOncall) -> String {
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED);
    t.set_header([
        "Responder",
        "Pages",
        "Business",
        "Off-hours",
        "Sleep",
        "Weekend",
        "Nights",
        "Longest run",
        "Engaged h",
        "On call h",
    ]);
    for r in &team.responders {
        let n = |x: u32| Cell::new(x).set_alignment(CellAlignment::Right);
        t.add_row(vec![
            Cell::new(&r.responder),
            n(r.interruptions),
            n(r.by_band[0]),
            n(r.off_hours),
            n(r.sleep),
            n(r.weekend),
            n(r.interrupted_nights),
            n(r.longest_night_run),
            Cell::new(format!("{:.1}", r.engaged_secs as f64 / 3600.0))
                .set_alignment(CellAlignment::Right),
            Cell::new(
                r.oncall_hours
                    .map_or("—".to_string(), |h| format!("{h:.0}")),
            )
            .set_alignment(CellAlignment::Right),
        ]);
    }
    let mut s = format!("{t}\n");
    s.push_str(&format!(
        "Balance {:.2} (1 = even) · Gini {:.2} (0 = even) · mean {:.1} pages per responder\n",
        team.balance, team.gini, team.mean_interruptions
    ));
    if team.overloaded.is_empty() {
        s.push_str("No one is overloaded.\n");
    }
    for o in &team.overloaded {
        s.push_str(&format!(
            "Overloaded: {} with {} pages, {:.1}× the team mean ({:.1} above it)\n",
            o.responder, o.interruptions, o.times_mean, o.above_mean
        ));
    }
    s
}
