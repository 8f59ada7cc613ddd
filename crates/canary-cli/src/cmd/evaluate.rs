//! `canary evaluate`: A scorecard for a job offer or a team, from culture signs and red flags (being written).

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;

use crate::context::Context;

/// A scorecard for a job offer or a team, from culture signs and red flags.
#[derive(Debug, Args)]
pub struct EvaluateArgs {}

pub fn run(_ctx: &Context, _args: &EvaluateArgs) -> Result<ExitCode> {
    bail!("not available yet")
}
