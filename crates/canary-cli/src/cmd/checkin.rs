//! `canary checkin`: a one-minute check-in — stress and sleep 1–5, and whether there was
//! exercise, time with people and a hobby — asked in the terminal or given as flags, stored in
//! the journal beside the previous one.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Result, bail};
use canary::journal::Checkin;
use clap::Args;
use dialoguer::Select;

use crate::context::Context;

/// A one-minute check-in: stress, sleep, exercise, people, a hobby.
#[derive(Debug, Args)]
pub struct CheckinArgs {
    /// Stress today, 1 (calm) to 5 (very stressed).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub stress: Option<u8>,
    /// Sleep last night, 1 (poor) to 5 (great).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=5))]
    pub sleep: Option<u8>,
    /// Exercised today (yes/no).
    #[arg(long, value_parser = yes_no)]
    pub exercise: Option<bool>,
    /// Spent time with people outside work (yes/no).
    #[arg(long, value_parser = yes_no)]
    pub social: Option<bool>,
    /// Did something for a hobby (yes/no).
    #[arg(long, value_parser = yes_no)]
    pub hobby: Option<bool>,
    /// A short note (kept only on this machine).
    #[arg(long)]
    pub note: Option<String>,
    /// Print the stored check-in as JSON.
    #[arg(long)]
    pub json: bool,
}

fn yes_no(s: &str) -> Result<bool, String> {
    match s.to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Ok(true),
        "no" | "n" | "false" | "0" => Ok(false),
        _ => Err(format!("{s:?}: answer yes or no")),
    }
}

pub fn run(ctx: &Context, args: &CheckinArgs) -> Result<ExitCode> {
    let mut c = Checkin {
        taken_at: Some(ctx.now),
        stress: args.stress,
        sleep: args.sleep,
        exercise: args.exercise,
        social: args.social,
        hobby: args.hobby,
        note: args.note.clone(),
    };
    let none_given = c.stress.is_none()
        && c.sleep.is_none()
        && c.exercise.is_none()
        && c.social.is_none()
        && c.hobby.is_none();
    if none_given {
        if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
            bail!(
                "no answers given and no terminal to ask in: pass e.g. --stress 3 --sleep 4 --exercise yes --social no --hobby yes"
            );
        }
        ask(&mut c)?;
    }
    let store = ctx.store()?;
    let previous = store.checkins()?.pop();
    store.save_checkin(&c)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&c)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("Check-in saved. {}", summary(&c));
    if let Some(p) = previous {
        println!("Last time: {}", summary(&p));
    }
    if c.stress.is_some_and(|s| s >= 4) && c.sleep.is_some_and(|s| s <= 2) {
        println!(
            "High stress and poor sleep: go easy on yourself tonight, and keep the evening free of work if you can."
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn ask(c: &mut Checkin) -> Result<()> {
    let scale = |prompt: &str, words: [&str; 5]| -> Result<Option<u8>> {
        let pick = Select::new()
            .with_prompt(prompt)
            .items(words)
            .default(2)
            .interact_opt()?;
        Ok(pick.map(|i| i as u8 + 1))
    };
    let yn = |prompt: &str| -> Result<Option<bool>> {
        let pick = Select::new()
            .with_prompt(prompt)
            .items(["yes", "no"])
            .default(0)
            .interact_opt()?;
        Ok(pick.map(|i| i == 0))
    };
    c.stress = scale(
        "Stress today",
        [
            "1 calm",
            "2 a little",
            "3 some",
            "4 a lot",
            "5 very stressed",
        ],
    )?;
    c.sleep = scale(
        "Sleep last night",
        ["1 poor", "2 restless", "3 so-so", "4 good", "5 great"],
    )?;
    c.exercise = yn("Did you move or exercise today?")?;
    c.social = yn("Time with people outside work?")?;
    c.hobby = yn("Something for a hobby?")?;
    Ok(())
}

fn summary(c: &Checkin) -> String {
    let n = |v: Option<u8>| v.map(|v| format!("{v}/5")).unwrap_or("—".into());
    let b = |v: Option<bool>| match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "—",
    };
    format!(
        "stress {}, sleep {}, exercise {}, people {}, hobby {}",
        n(c.stress),
        n(c.sleep),
        b(c.exercise),
        b(c.social),
        b(c.hobby)
    )
}
