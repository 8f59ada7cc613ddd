//! `canary serve`: the local dashboard on 127.0.0.1 (the server, its guard and its pages are
//! [`crate::dashboard`]).

use std::process::ExitCode;

use anyhow::Result;

use crate::cli::ServeArgs;
use crate::context::Context;

pub fn run(ctx: &Context, args: &ServeArgs) -> Result<ExitCode> {
    crate::dashboard::serve(
        ctx.workspace()?,
        ctx.sources_file(),
        ctx.now,
        true,
        args.port,
    )
}
