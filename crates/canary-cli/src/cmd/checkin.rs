//! `canary checkin`: a one-minute check-in — stress and sleep 1–5, and whether there was
//! exercise, time with people and a hobby — asked in the terminal or given as flags, stored in
//! the journal beside the previous one.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Result, bail};
use canary::journal::Checkin;
use dialoguer::Select;

use crate::cli::CheckinArgs;
use crate::context::Context;

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
    if c.is_empty() {
        if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
            bail!(
                "nothing to save: a check-in needs at least one answer, and there is no terminal to ask in; pass e.g. --stress 3 --sleep 4 --exercise yes --social no --hobby yes"
            );
        }
        ask(&mut c)?;
    }
    if c.is_empty() {
        bail!("{}", canary::app::AppError::EmptyCheckin);
    }
    let store = ctx.store_or_create()?;
    let previous = store.checkins()?.pop();
    store.save_checkin(&c)?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&c)?);
        return Ok(ExitCode::SUCCESS);
    }
    outln!("Check-in saved. {}", summary(&c));
    if let Some(p) = previous {
        outln!("Last time: {}", summary(&p));
    }
    if c.stress.is_some_and(|s| s >= 4) && c.sleep.is_some_and(|s| s <= 2) {
        outln!(
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
