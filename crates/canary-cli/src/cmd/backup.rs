//! `canary backup`: A full JSON backup of the store (events, runs and journal), and restoring it (being written).

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;

use crate::context::Context;

/// A full JSON backup of the store (events, runs and journal), and restoring it.
#[derive(Debug, Args)]
pub struct ExportArgs {}

pub fn run(_ctx: &Context, _args: &ExportArgs) -> Result<ExitCode> {
    bail!("not available yet")
}

/// Restore a backup written by `canary export`.
#[derive(Debug, Args)]
pub struct RestoreArgs {}

pub fn restore(_ctx: &Context, _args: &RestoreArgs) -> Result<ExitCode> {
    bail!("not available yet")
}
