//! `canary check`: Is now inside your boundaries? One line and an exit status for prompts and scripts (being written).

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;

use crate::context::Context;

/// Is now inside your boundaries? One line and an exit status for prompts and scripts.
#[derive(Debug, Args)]
pub struct CheckArgs {}

pub fn run(_ctx: &Context, _args: &CheckArgs) -> Result<ExitCode> {
    bail!("not available yet")
}
