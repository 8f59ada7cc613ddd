//! `canary checkin`: A one-minute check-in: stress, sleep, exercise, people, a hobby (being written).

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;

use crate::context::Context;

/// A one-minute check-in: stress, sleep, exercise, people, a hobby.
#[derive(Debug, Args)]
pub struct CheckinArgs {}

pub fn run(_ctx: &Context, _args: &CheckinArgs) -> Result<ExitCode> {
    bail!("not available yet")
}
