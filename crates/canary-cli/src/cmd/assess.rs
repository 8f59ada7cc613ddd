//! `canary assess`: Answer the questionnaires: Copenhagen Burnout Inventory, WHO-5, the risk checklist, warning signs (being written).

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;

use crate::context::Context;

/// Answer the questionnaires: Copenhagen Burnout Inventory, WHO-5, the risk checklist, warning signs.
#[derive(Debug, Args)]
pub struct AssessArgs {}

pub fn run(_ctx: &Context, _args: &AssessArgs) -> Result<ExitCode> {
    bail!("not available yet")
}
