//! `canary team cost`: the business case in Markdown (and HTML).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow};
use canary::team::cost::{CostInputs, compute, html, markdown};
use clap::Args;

use super::write_file;
use crate::context::Context;

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
    /// Also write a standalone HTML page.
    #[arg(long, value_name = "FILE")]
    pub html: Option<PathBuf>,
    /// Print JSON instead of Markdown.
    #[arg(long)]
    pub json: bool,
}

/// The manager's inputs from a TOML file, or none (every figure an assumption).
pub fn read_inputs(path: Option<&Path>) -> Result<CostInputs> {
    Ok(match path {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            toml::from_str(&text).map_err(|e| anyhow!("{}: {e}", p.display()))?
        }
        None => CostInputs::default(),
    })
}

pub fn run(_ctx: &Context, args: &CostArgs) -> Result<ExitCode> {
    let inputs = read_inputs(args.inputs.as_deref())?;
    let report = compute(&inputs).map_err(|e| anyhow!("bad inputs: {e}"))?;
    if let Some(p) = &args.html {
        write_file(p, &html(&report))?;
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", markdown(&report));
    }
    Ok(ExitCode::SUCCESS)
}
