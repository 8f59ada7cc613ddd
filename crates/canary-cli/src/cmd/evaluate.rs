//! `canary evaluate`: a scorecard for a job offer or a team. Each question is answered yes,
//! no or unknown — interactively, with `--answer ID=yes`, or from a file of `ID=answer` lines.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::{Context as _, Result, bail};
use canary::plan::evaluate::{Answer, QUESTIONS, Scorecard, score};

use crate::cli::EvaluateArgs;
use crate::context::Context;

fn parse_pair(s: &str, at: &str) -> Result<(String, Answer)> {
    let Some((id, a)) = s.split_once('=') else {
        bail!("{at}: expected ID=yes|no|unknown, got `{s}`");
    };
    let id = id.trim();
    if !QUESTIONS.iter().any(|q| q.id == id) {
        let ids: Vec<&str> = QUESTIONS.iter().map(|q| q.id).collect();
        bail!(
            "{at}: unknown question `{id}`; the ids are {}",
            ids.join(", ")
        );
    }
    let answer =
        Answer::parse(a).with_context(|| format!("{at}: `{a}` is not yes, no or unknown"))?;
    Ok((id.to_string(), answer))
}

pub fn run(_ctx: &Context, args: &EvaluateArgs) -> Result<ExitCode> {
    let mut answers = Vec::new();
    if let Some(path) = &args.file {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        for (n, line) in text.lines().enumerate() {
            let line = line.split('#').next().unwrap_or("").trim();
            if !line.is_empty() {
                answers.push(parse_pair(line, &format!("{}:{}", path.display(), n + 1))?);
            }
        }
    }
    for a in &args.answers {
        answers.push(parse_pair(a, "--answer")?);
    }
    if answers.is_empty() {
        if !std::io::stdin().is_terminal() {
            bail!(
                "no answers: give --answer ID=yes|no|unknown or --answers FILE (or run in a terminal)"
            );
        }
        for q in QUESTIONS {
            let items = ["yes", "no", "don't know"];
            let pick = dialoguer::Select::new()
                .with_prompt(q.text)
                .items(items)
                .default(2)
                .interact()?;
            let a = [Answer::Yes, Answer::No, Answer::Unknown][pick];
            answers.push((q.id.to_string(), a));
        }
    }
    let card = score(&answers);
    let mut out = anstream::stdout().lock();
    if args.json {
        crate::output::json(&mut out, &card)?;
    } else {
        write!(out, "{}", text(&card))?;
    }
    Ok(ExitCode::SUCCESS)
}

fn text(c: &Scorecard) -> String {
    let mut s = format!(
        "Score {} of {} answered ({} questions in all): {}\n",
        c.score, c.answered, c.out_of, c.verdict
    );
    let mut section = |title: &str, items: &[&str]| {
        if !items.is_empty() {
            s.push_str(&format!("\n{title}\n"));
            for i in items {
                s.push_str(&format!("  - {i}\n"));
            }
        }
    };
    section("Red flags found:", &c.red_flags);
    section("Good signs:", &c.good_signs);
    section(
        "Still to find out (ask in the interview, or ask people who work there):",
        &c.unknown,
    );
    s
}
