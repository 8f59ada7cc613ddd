//! `canary serve`: the local dashboard on 127.0.0.1 (the server, its guard and its pages are
//! [`crate::dashboard`]).

use std::process::ExitCode;

use anyhow::Result;
use clap::Args;

use crate::context::Context;

/// Open the local dashboard: charts of your weeks, the check-in, your plan and your sources.
///
/// Listens on 127.0.0.1 only; nothing leaves this machine.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Port to listen on (0 picks a free one; the URL is printed).
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
}

pub fn run(ctx: &Context, args: &ServeArgs) -> Result<ExitCode> {
    let settings = ctx.settings()?;
    let store = ctx.store()?;
    crate::dashboard::serve(store, settings, ctx.now, true, args.port)
}
