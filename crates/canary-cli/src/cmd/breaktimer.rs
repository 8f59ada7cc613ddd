//! `canary breaktimer`: A Pomodoro-style break timer in the terminal (being written).

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;

use crate::context::Context;

/// A Pomodoro-style break timer in the terminal.
#[derive(Debug, Args)]
pub struct BreakArgs {}

pub fn run(_ctx: &Context, _args: &BreakArgs) -> Result<ExitCode> {
    bail!("not available yet")
}
