//! One module per command; [`run`] dispatches to them.

mod config;
mod demo;
mod events;
mod import;
mod import_auto;
mod init;
mod report;
mod sources;

use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, Command};
use crate::context::Context;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let ctx = Context::from_cli(&cli)?;
    match cli.command {
        Command::Demo(args) => demo::run(&ctx, &args),
        Command::Init(args) => init::run(&ctx, &args),
        Command::Config(cmd) => config::run(&ctx, &cmd),
        Command::Import(args) => import::run(&ctx, &args),
        Command::Report(args) => report::run(&ctx, &args),
        Command::Events(args) => events::run(&ctx, &args),
        Command::Sources(args) => sources::run(&ctx, &args),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "canary", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
    }
}
