//! `canary config show|set|keys|path`: read and change settings one key at a time.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Context as _, Result};

use crate::cli::ConfigCommand;
use crate::context::Context;

pub fn run(ctx: &Context, cmd: &ConfigCommand) -> Result<ExitCode> {
    let mut out = anstream::stdout().lock();
    match cmd {
        ConfigCommand::Show { json } => {
            let settings = ctx.settings()?;
            if *json {
                crate::output::json(&mut out, &settings)?;
            } else {
                if !ctx.has_settings() {
                    eprintln!(
                        "note: {} does not exist yet; these are the defaults (run `canary init`)",
                        ctx.config_path.display()
                    );
                }
                write!(out, "{}", settings.to_toml())?;
            }
        }
        ConfigCommand::Set { key, value } => {
            let mut settings = ctx.settings()?;
            settings
                .set(key, value)
                .with_context(|| format!("cannot set {key}"))?;
            settings.save(&ctx.config_path)?;
            eprintln!("{key} set in {}", ctx.config_path.display());
        }
        ConfigCommand::Keys => {
            for (key, help) in canary::settings::KEYS
                .iter()
                .chain(canary::settings::alerts::KEYS)
            {
                writeln!(out, "{key:<28} {help}")?;
            }
        }
        ConfigCommand::Path => {
            writeln!(out, "config {}", ctx.config_path.display())?;
            writeln!(out, "store  {}", ctx.db_path.display())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
