//! One module per command; [`run`] dispatches to them. A command's arguments are declared in
//! [`crate::cli`]; no command module imports another (the `layers` test checks it).

mod alerts;
pub(crate) mod assess;
mod backup;
mod breaktimer;
mod check;
mod checkin;
mod config;
mod demo;
mod digest;
mod evaluate;
pub(crate) mod events;
mod hook;
mod hook_scripts;
mod import;
mod import_auto;
mod init;
mod plan;
pub(crate) mod report;
mod review;
mod schedule;
mod serve;
mod sources;
mod status;
mod support;
mod sync;
pub(crate) mod team;

use std::process::ExitCode;

use anyhow::Result;
use clap::CommandFactory;

use crate::cli::{Cli, Command};
use crate::context::Context;

pub fn run(cli: Cli) -> Result<ExitCode> {
    let ctx = Context::from_cli(&cli)?;
    // The commands after which alerts that could not reach the desktop are printed once.
    let fallback = matches!(
        cli.command,
        Command::Report(_)
            | Command::Plan(_)
            | Command::Review(_)
            | Command::Events(_)
            | Command::Sources(_)
            | Command::Checkin(_)
            | Command::Assess(_)
            | Command::Import(_)
    );
    let code = dispatch(&ctx, cli)?;
    if fallback {
        crate::notify::terminal_fallback(&ctx, &mut anstream::stderr().lock());
    }
    Ok(code)
}

fn dispatch(ctx: &Context, cli: Cli) -> Result<ExitCode> {
    let ctx = ctx.clone();
    match cli.command {
        // `canary demo --team` is the team commands' demo.
        Command::Demo(args) if args.team => team::demo(args.json, args.serve.then_some(args.port)),
        Command::Demo(args) => demo::run(&ctx, &args),
        Command::Serve(args) => serve::run(&ctx, &args),
        Command::Init(args) => init::run(&ctx, &args),
        Command::Config(cmd) => config::run(&ctx, &cmd),
        Command::Import(args) => import::run(&ctx, &args),
        Command::Report(args) => report::run(&ctx, &args),
        Command::Events(args) => events::run(&ctx, &args),
        Command::Sources(args) => sources::run(&ctx, &args),
        Command::Sync(args) => sync::run(&ctx, &args),
        Command::Schedule(cmd) => schedule::run(&ctx, &cmd),
        Command::Status(args) => status::run(&ctx, &args),
        Command::Assess(args) => assess::run(&ctx, &args),
        Command::Checkin(args) => checkin::run(&ctx, &args),
        Command::Plan(args) => plan::run(&ctx, &args),
        Command::Review(args) => review::run(&ctx, &args),
        Command::Support(args) => support::run(&ctx, &args),
        Command::Evaluate(args) => evaluate::run(&ctx, &args),
        Command::Check(args) => check::run(&ctx, &args),
        Command::Alerts(args) => alerts::run(&ctx, &args),
        Command::Digest(args) => digest::run(&ctx, &args),
        Command::Hook(args) => hook::run(&ctx, &args),
        Command::Break(args) => breaktimer::run(&ctx, &args),
        Command::Export(args) => backup::run(&ctx, &args),
        Command::Restore(args) => backup::restore(&ctx, &args),
        Command::Team(cmd) => team::run(&ctx, &cmd),
        Command::Completions { shell } => {
            // Into a buffer first: clap_complete panics on a failed write.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "canary", &mut script);
            std::io::Write::write_all(&mut std::io::stdout(), &script)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
