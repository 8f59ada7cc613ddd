//! `canary support`: the support network — mentors, friends outside tech, hobbies and
//! physical activities — with the date of the last contact, so the plan can name who or what
//! has been let slide.

use std::io::Write;
use std::process::ExitCode;

use anyhow::{Result, bail};
use canary::journal::SupportKind;
use canary::plan::support::days_since;

use crate::cli::journal::{Kind, SupportArgs, SupportCommand};
use crate::context::Context;

impl From<Kind> for SupportKind {
    fn from(k: Kind) -> SupportKind {
        match k {
            Kind::Mentor => SupportKind::Mentor,
            Kind::Friend => SupportKind::Friend,
            Kind::Hobby => SupportKind::Hobby,
            Kind::Activity => SupportKind::Activity,
        }
    }
}

pub fn run(ctx: &Context, args: &SupportArgs) -> Result<ExitCode> {
    // Listing reads the store; adding, touching and removing write to it.
    let store = if matches!(args.command, SupportCommand::List { .. }) {
        ctx.store()?
    } else {
        ctx.store_or_create()?
    };
    match &args.command {
        SupportCommand::Add { name, kind } => {
            let name = name.trim();
            if name.is_empty() {
                bail!("give a name");
            }
            let kind = SupportKind::from(*kind);
            if store.support_add(name, kind, ctx.now)? {
                outln!("Added {name} ({}).", kind.as_str());
            } else {
                outln!("{name} is now a {}.", kind.as_str());
            }
        }
        SupportCommand::Touch { name, on } => {
            let at = match on {
                Some(d) => d.to_zoned(ctx.settings()?.zone()?)?.timestamp(),
                None => ctx.now,
            };
            if at > ctx.now {
                bail!("--on is in the future");
            }
            if !store.support_touch(name, at)? {
                bail!("no one called `{name}` in your support network: see `canary support list`");
            }
            outln!("Noted contact with {name}.");
        }
        SupportCommand::Remove { name } => {
            if !store.support_remove(name)? {
                bail!("no one called `{name}` in your support network");
            }
            outln!("Removed {name}.");
        }
        SupportCommand::List { json } => {
            let zone = ctx.settings()?.zone()?;
            let today = ctx.now.to_zoned(zone.clone()).date();
            let mut entries = store.support_list()?;
            entries.sort_by_key(canary::journal::SupportEntry::last_seen);
            let mut out = anstream::stdout().lock();
            if *json {
                let rows: Vec<serde_json::Value> = entries
                    .iter()
                    .map(|e| {
                        serde_json::json!({
                            "name": e.name,
                            "kind": e.kind,
                            "added_at": e.added_at,
                            "last_contact": e.last_contact,
                            "days_since_contact": days_since(e.last_seen(), today, &zone),
                        })
                    })
                    .collect();
                crate::output::json(&mut out, &rows)?;
            } else if entries.is_empty() {
                writeln!(
                    out,
                    "No one yet. Add someone: canary support add NAME --kind mentor|friend|hobby|activity"
                )?;
            } else {
                for e in &entries {
                    let last = match e.last_contact {
                        Some(_) => canary::words::days_ago(days_since(e.last_seen(), today, &zone)),
                        None => "no contact recorded".to_string(),
                    };
                    writeln!(out, "{:<24} {:<9} {last}", e.name, e.kind.as_str())?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
