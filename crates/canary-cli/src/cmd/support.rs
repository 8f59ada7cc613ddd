//! `canary support`: Your support network: mentors, friends outside tech, hobbies, activities (being written).

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Args;

use crate::context::Context;

/// Your support network: mentors, friends outside tech, hobbies, activities.
#[derive(Debug, Args)]
pub struct SupportArgs {}

pub fn run(_ctx: &Context, _args: &SupportArgs) -> Result<ExitCode> {
    bail!("not available yet")
}
