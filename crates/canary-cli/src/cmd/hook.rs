//! `canary hook`: Install or remove a gentle nudge in git or your shell prompt during your sleep window (being written).

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;

use crate::context::Context;

/// Install or remove a gentle nudge in git or your shell prompt during your sleep window.
#[derive(Debug, Args)]
pub struct HookArgs {}

pub fn run(_ctx: &Context, _args: &HookArgs) -> Result<ExitCode> {
    bail!("not available yet")
}
