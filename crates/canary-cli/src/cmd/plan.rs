//! `canary plan`: Your prevention plan: boundaries, actions for this week, month and year, progress (being written).

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;

use crate::context::Context;

/// Your prevention plan: boundaries, actions for this week, month and year, progress.
#[derive(Debug, Args)]
pub struct PlanArgs {}

pub fn run(_ctx: &Context, _args: &PlanArgs) -> Result<ExitCode> {
    bail!("not available yet")
}
