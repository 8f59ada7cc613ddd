//! `canary init`: declare the boundaries every metric is measured against.
//!
//! Asks in the terminal, or takes every answer from flags with `--yes` for scripts. Flags given
//! alongside the questions become the suggested answers.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use canary::Settings;
use canary::settings::{ROLES, system_zone_name};
use dialoguer::{Confirm, Input, Select};

use crate::cli::InitArgs;
use crate::context::Context;

pub fn run(ctx: &Context, args: &InitArgs) -> Result<ExitCode> {
    if ctx.has_settings() && !args.force {
        bail!(
            "settings already exist at {}: change one with `canary config set KEY VALUE`, or start over with `canary init --force`",
            ctx.config_path.display()
        );
    }
    let mut settings = from_flags(args)?;
    if !args.yes {
        if !std::io::stdin().is_terminal() {
            bail!(
                "no terminal to ask in: pass --yes and give the answers as flags (see `canary init --help`)"
            );
        }
        ask(&mut settings)?;
    }
    settings.save(&ctx.config_path)?;
    eprintln!("Saved your boundaries to {}", ctx.config_path.display());
    // The store starts here, empty; commands that only read it refuse a missing one.
    drop(ctx.store_or_create()?);
    eprintln!("Your store is at {}", ctx.db_path.display());
    eprintln!("Next: import your traces, e.g.");
    eprintln!("  canary import zsh ~/.zsh_history");
    eprintln!("  canary import git ~/src/some-repo");
    eprintln!("then run `canary report`.");
    Ok(ExitCode::SUCCESS)
}

/// Settings from defaults and flags alone.
fn from_flags(args: &InitArgs) -> Result<Settings> {
    let mut s = Settings::default();
    if let Some(tz) = &args.timezone {
        s.set("timezone", tz)?;
    } else if system_zone_name().is_none() {
        s.set("timezone", "UTC")?;
    }
    if let Some(h) = &args.hours {
        s.set("hours.weekdays", h)?;
    }
    for d in &args.days {
        let (day, ranges) = d.split_once('=').with_context(|| {
            format!("--day {d}: write it as DAY=RANGES, e.g. sat=10:00-14:00 or fri=off")
        })?;
        s.set(&format!("hours.{}", day.trim().to_lowercase()), ranges)?;
    }
    if let Some(v) = &args.sleep {
        s.set("sleep", v)?;
    }
    if let Some(v) = args.max_weekly_hours {
        s.set("max_weekly_hours", &v.to_string())?;
    }
    if let Some(v) = &args.day_boundary {
        s.set("day_boundary", v)?;
    }
    if let Some(v) = &args.role {
        s.set("role", v)?;
    }
    s.identities.emails.extend(args.emails.iter().cloned());
    s.identities
        .git_names
        .extend(args.git_names.iter().cloned());
    s.identities.chat_ids.extend(args.chat_ids.iter().cloned());
    s.identities
        .oncall_ids
        .extend(args.oncall_ids.iter().cloned());
    if let Some(v) = &args.oncall_rotation {
        s.set("oncall.rotation", v)?;
    }
    if let Some(v) = &args.emergency_urgencies {
        s.set("emergency.urgencies", v)?;
    }
    if let Some(v) = &args.emergency_senders {
        s.set("emergency.senders", v)?;
    }
    s.validate()?;
    Ok(s)
}

/// Ask each question, suggesting what the flags or defaults say; re-ask on a bad answer.
fn ask(s: &mut Settings) -> Result<()> {
    eprintln!("Canary measures your work against the boundaries you declare here.");
    eprintln!("Press Enter to keep a suggestion. Everything stays on this machine.\n");
    ask_setting(
        s,
        "timezone",
        "Your time zone (IANA name)",
        s.timezone.clone(),
    )?;
    let role = Select::new()
        .with_prompt("Your role")
        .items(ROLES)
        .default(ROLES.iter().position(|r| *r == s.role).unwrap_or(0))
        .interact()?;
    s.set("role", ROLES[role])?;
    let weekdays = join(&s.hours.mon);
    ask_setting(
        s,
        "hours.weekdays",
        "Working hours Monday to Friday (e.g. 08:00-12:00,13:00-17:00)",
        weekdays,
    )?;
    if Confirm::new()
        .with_prompt("Different hours on some days (a short Friday, a Saturday shift)?")
        .default(false)
        .interact()?
    {
        for day in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] {
            let key = format!("hours.{day}");
            let current = current_hours(s, day);
            ask_setting(s, &key, &format!("  {day} (ranges, or off)"), current)?;
        }
    }
    let sleep = format!("{}-{}", s.sleep.start, s.sleep.end);
    ask_setting(s, "sleep", "Your sleep window", sleep)?;
    ask_setting(
        s,
        "max_weekly_hours",
        "Most hours you will work in a week, except genuine emergencies",
        s.max_weekly_hours.to_string(),
    )?;
    ask_setting(
        s,
        "day_boundary",
        "Work before this time counts toward the previous day",
        s.day_boundary.to_string(),
    )?;
    ask_setting(
        s,
        "identities.emails",
        "Your mail addresses, comma-separated (also used for git)",
        s.identities.emails.join(", "),
    )?;
    ask_setting(
        s,
        "identities.git_names",
        "Your git author names, comma-separated",
        s.identities.git_names.join(", "),
    )?;
    ask_setting(
        s,
        "identities.chat_ids",
        "Your chat user ids (Slack U…), comma-separated",
        s.identities.chat_ids.join(", "),
    )?;
    ask_setting(
        s,
        "identities.oncall_ids",
        "Your on-call user ids (PagerDuty, Opsgenie), comma-separated",
        s.identities.oncall_ids.join(", "),
    )?;
    let rotation = s
        .oncall
        .rotation
        .map(|r| format!("{}/{}/{}", r.first, r.every_weeks, r.days))
        .unwrap_or_else(|| "none".into());
    ask_setting(
        s,
        "oncall.rotation",
        "Your on-call rotation as FIRST-DAY/EVERY-N-WEEKS/DAYS (e.g. 2026-01-05/4/7), or none",
        rotation,
    )?;
    ask_setting(
        s,
        "emergency.urgencies",
        "Incident urgencies that are true emergencies",
        s.emergency.urgencies.join(", "),
    )?;
    Ok(())
}

fn ask_setting(s: &mut Settings, key: &str, prompt: &str, suggestion: String) -> Result<()> {
    loop {
        let answer: String = Input::new()
            .with_prompt(prompt)
            .default(suggestion.clone())
            .allow_empty(true)
            .interact_text()?;
        match s.set(key, answer.trim()) {
            Ok(()) => return Ok(()),
            Err(e) => eprintln!("  {e}"),
        }
    }
}

fn current_hours(s: &Settings, day: &str) -> String {
    let ranges = canary::settings::weekday_from_key(day).map_or(&[][..], |d| s.hours.on(d));
    if ranges.is_empty() {
        "off".to_string()
    } else {
        join(ranges)
    }
}

fn join(ranges: &[canary::settings::TimeRange]) -> String {
    ranges
        .iter()
        .map(std::string::ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}
