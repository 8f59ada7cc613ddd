//! `canary check`: is now inside your boundaries? One line and an exit status for prompts,
//! scripts and the nudge hooks.
//!
//! Exit status: 0 business hours, 1 outside them (off-hours, a non-working day, vacation),
//! 2 the sleep window, 3 an error (settings that cannot be read). The decision is
//! [`canary::time::boundary_status`]; this module only presents it.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Result;
use canary::time::{Band, Classifier, Status, boundary_status, nudge_for};

use crate::cli::CheckArgs;
use crate::context::Context;

/// Exit status when `check` itself fails (settings unreadable, bad zone).
pub const ERROR_EXIT: u8 = 3;

/// The exit status for a band.
pub fn exit_status(band: Band) -> u8 {
    match band {
        Band::Business => 0,
        Band::OffHours | Band::NonWorkingDay | Band::Vacation => 1,
        Band::Sleep => 2,
    }
}

pub fn run(ctx: &Context, args: &CheckArgs) -> Result<ExitCode> {
    let status = match decide(ctx) {
        Ok(s) => s,
        Err(err) => {
            if !args.quiet && !args.nudge {
                eprintln!("error: {err:#}");
            }
            return Ok(ExitCode::from(ERROR_EXIT));
        }
    };
    let code = exit_status(status.band);
    let mut out = std::io::stdout().lock();
    if args.json {
        let value = serde_json::json!({
            "band": status.band,
            "local": status.local.to_string(),
            "until": status.until.map(|t| t.to_string()),
            "until_local": status.until_local.map(|t| t.to_string()),
            "line": status.line(),
            "exit_status": code,
        });
        crate::output::json(&mut out, &value)?;
    } else if args.nudge {
        if status.band == Band::Sleep {
            writeln!(out, "canary: {}", nudge_for(status.local.date()))?;
        }
        // Alerts that no desktop took are shown once at the prompt (never in the sleep
        // window: the library's delivery gate decides).
        crate::notify::terminal_fallback(ctx, &mut out);
    } else if !args.quiet {
        writeln!(out, "{}", status.line())?;
    }
    Ok(ExitCode::from(code))
}

fn decide(ctx: &Context) -> Result<Status> {
    let settings = ctx.settings()?;
    let classifier = Classifier::new(&settings)?;
    Ok(boundary_status(&classifier, ctx.now))
}
