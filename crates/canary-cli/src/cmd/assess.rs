//! `canary assess cbi|who5|checklist|signs|history`: answer a questionnaire in the terminal
//! (one menu per item, about a minute) or from a file and flags for scripts, store the answers
//! with their scores in the journal, and say what the scores mean — plainly, and with a
//! kind suggestion to talk to a professional when the answers point to crisis.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow, bail};
use canary::assessment::instruments::{
    AnswerSet, Instrument, cbi, checklist, parse_answers, signs, who5,
};
use canary::assessment::summarise;
use clap::{Args, ValueEnum};
use dialoguer::Select;

use crate::context::Context;

/// Answer the questionnaires: Copenhagen Burnout Inventory, WHO-5, the risk checklist, warning signs.
#[derive(Debug, Args)]
pub struct AssessArgs {
    /// The questionnaire, or `history` for every earlier answer.
    #[arg(value_enum)]
    pub what: What,
    /// Answers from a TOML or JSON file: item id → answer word or number.
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,
    /// One answer, e.g. `--answer 4=often` (repeatable; overrides the file).
    #[arg(long = "answer", value_name = "ID=VALUE")]
    pub answer: Vec<String>,
    /// Print the scores (or the history) as JSON.
    #[arg(long)]
    pub json: bool,
    /// List the items and the answers each takes, then exit.
    #[arg(long)]
    pub items: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum What {
    Cbi,
    Who5,
    Checklist,
    Signs,
    History,
}

pub fn run(ctx: &Context, args: &AssessArgs) -> Result<ExitCode> {
    let instrument = match args.what {
        What::Cbi => Instrument::Cbi,
        What::Who5 => Instrument::Who5,
        What::Checklist => Instrument::Checklist,
        What::Signs => Instrument::Signs,
        What::History => return history(ctx, args.json),
    };
    if args.items {
        for i in instrument.items() {
            let words: Vec<&str> = i.scale.options().iter().map(|(w, _)| *w).collect();
            println!("{:<24} {}  [{}]", i.id, i.text, words.join(" / "));
        }
        return Ok(ExitCode::SUCCESS);
    }
    let mut given: Vec<(String, String)> = match &args.answers {
        Some(path) => read_file(path)?,
        None => Vec::new(),
    };
    for a in &args.answer {
        let (id, v) = a
            .split_once('=')
            .ok_or_else(|| anyhow!("--answer {a}: expected ID=VALUE, e.g. --answer 4=often"))?;
        given.push((id.to_string(), v.to_string()));
    }
    let answers = if given.is_empty() {
        if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
            bail!(
                "no answers given and no terminal to ask in: pass --answers FILE or --answer ID=VALUE (see `canary assess {} --items`)",
                instrument.id()
            );
        }
        interactive(ctx, instrument)?
    } else {
        parse_answers(
            instrument,
            given.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        )
        .map_err(|e| anyhow!(e))?
    };
    let store = ctx.store()?;
    let (set, scores, crisis) = record(&store, instrument, ctx.now, answers)?;
    if args.json {
        let out = serde_json::json!({
            "instrument": instrument.id(),
            "taken_at": set.taken_at,
            "answers": set.answers,
            "scores": scores,
            "crisis": crisis,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        print!("{}", meaning(&set));
        if let Some(c) = &crisis {
            println!("\n{c}");
        }
    }
    // Scripts read stdout; the person still sees the note.
    if let (true, Some(c)) = (args.json, &crisis) {
        eprintln!("{c}");
    }
    Ok(ExitCode::SUCCESS)
}

/// Score a filled-in questionnaire and keep it in the journal; returns the set, its scores
/// and the crisis message when the answers point to one. The dashboard's forms store through
/// this too, so both keep answers the same way.
pub(crate) fn record(
    store: &canary::store::Store,
    instrument: Instrument,
    now: jiff::Timestamp,
    answers: BTreeMap<String, u8>,
) -> Result<(AnswerSet, serde_json::Value, Option<String>)> {
    if answers.is_empty() {
        bail!("no answers: nothing stored");
    }
    let set = AnswerSet {
        instrument,
        taken_at: now,
        answers,
    };
    let scores = instrument.score(&set.answers);
    store.save_answers(&set, &scores)?;
    let (_, crisis) = summarise(&[&set]);
    Ok((set, scores, crisis))
}

/// `item = answer` pairs from a TOML or JSON file (JSON when it parses as JSON).
fn read_file(path: &Path) -> Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read answers from {}", path.display()))?;
    let scalar = |v: String| v.trim_matches('"').to_string();
    if let Ok(serde_json::Value::Object(map)) = serde_json::from_str(&text) {
        return Ok(map
            .into_iter()
            .map(|(k, v)| (k, scalar(v.to_string())))
            .collect());
    }
    let table: toml::Table = text
        .parse()
        .with_context(|| format!("{}: neither JSON nor TOML", path.display()))?;
    Ok(table
        .into_iter()
        .map(|(k, v)| (k, scalar(v.to_string())))
        .collect())
}

/// Ask each item with a menu; measurable checklist items only when the data cannot tell.
fn interactive(ctx: &Context, instrument: Instrument) -> Result<BTreeMap<String, u8>> {
    eprintln!("{}\n{}\n", instrument.title(), instrument.intro());
    let known = if instrument == Instrument::Checklist {
        measured_known(ctx).unwrap_or_default()
    } else {
        Vec::new()
    };
    let mut out = BTreeMap::new();
    let items = instrument.items();
    for (n, item) in items.iter().enumerate() {
        if let Some(line) = known.iter().find(|(id, _)| id == item.id) {
            eprintln!("  from your data: {}", line.1);
            continue;
        }
        let words: Vec<&str> = item.scale.options().iter().map(|(w, _)| *w).collect();
        let pick = Select::new()
            .with_prompt(format!("{}/{} {}", n + 1, items.len(), item.text))
            .items(&words)
            .default(0)
            .interact_opt()?;
        let Some(pick) = pick else {
            eprintln!("  skipped");
            continue;
        };
        out.insert(item.id.to_string(), item.scale.options()[pick].1);
    }
    Ok(out)
}

/// The measured checklist items the data can already tell: (id, what it shows).
fn measured_known(ctx: &Context) -> Result<Vec<(String, String)>> {
    let settings = ctx.settings()?;
    let store = ctx.store()?;
    let period = crate::cli::PeriodArgs {
        weeks: Some(26),
        since: None,
        until: None,
    };
    let report = super::report::compute(&store, &settings, ctx.now, &period)?;
    if !report.coverage.enough_for_verdict {
        return Ok(Vec::new());
    }
    let measured = canary::assessment::Measurements::of(&report);
    Ok(canary::assessment::measured_indicators(&measured)
        .into_iter()
        .filter(|i| i.status != canary::model::Status::Unknown)
        .map(|i| {
            let yes = i.status == canary::model::Status::Holds;
            let line = format!(
                "{}: {} ({})",
                i.label,
                if yes { "yes" } else { "no" },
                i.evidence
            );
            (i.id, line)
        })
        .collect())
}

/// The scores and what they mean, in words.
pub(crate) fn meaning(set: &AnswerSet) -> String {
    let mut o = String::new();
    let mut line = |s: String| {
        o.push_str(&s);
        o.push('\n');
    };
    match set.instrument {
        Instrument::Cbi => {
            let s = cbi::score(&set.answers);
            line("Copenhagen Burnout Inventory (0–100; higher is more burnout)".into());
            for (name, v, n, of) in [
                ("personal", s.personal, s.answered[0], 6),
                ("work-related", s.work, s.answered[1], 7),
                ("client-related", s.client, s.answered[2], 6),
            ] {
                line(match v {
                    Some(v) => format!("  {name:<15} {v:>6.2}  {}", cbi::band(v)),
                    None => format!(
                        "  {name:<15}    —    not scored: {n} of {of} items answered, at least half are needed"
                    ),
                });
            }
            line(format!("  {}", cbi::CUTOFF_NOTE));
            line(format!("  Source: {}", cbi::CITATION));
        }
        Instrument::Who5 => match who5::score(&set.answers) {
            Some(w) => {
                line(format!(
                    "WHO-5 Well-Being Index: {} of 100 (raw {} of 25; higher is better)",
                    w.score, w.raw
                ));
                line(format!(
                    "  {}",
                    if w.see_professional {
                        "28 or below: a clear reason to talk to a professional about how you are."
                    } else if w.poor {
                        "50 or below: poor well-being. Worth taking seriously, and worth a talk with your GP if it stays there."
                    } else {
                        "above 50: no sign of poor well-being."
                    }
                ));
                line(format!("  Source: {}", who5::CITATION));
            }
            None => line("WHO-5 not scored: all five items are needed.".into()),
        },
        Instrument::Checklist => {
            let s = checklist::score(&set.answers);
            line(format!(
                "Risk checklist: {} answered; {} high-risk and {} medium-risk signs hold, {} protective signs.",
                s.answered,
                s.high_holding.len(),
                s.medium_holding.len(),
                s.low_holding.len()
            ));
            line("  `canary report` combines these with what your data shows.".into());
        }
        Instrument::Signs => {
            let s = signs::score(&set.answers);
            line(format!(
                "Warning signs (often / sometimes): physical {}/{}, emotional {}/{}, behavioural {}/{}",
                s.physical[0],
                s.physical[1],
                s.emotional[0],
                s.emotional[1],
                s.behavioural[0],
                s.behavioural[1]
            ));
        }
    }
    line("Canary is a self-help tool, not a diagnosis.".into());
    o
}

fn history(ctx: &Context, json: bool) -> Result<ExitCode> {
    let store = ctx.store()?;
    let all = store.answers(None)?;
    if json {
        println!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(ExitCode::SUCCESS);
    }
    if all.is_empty() {
        println!("No answers yet: `canary assess cbi`, `who5`, `checklist` or `signs`.");
    }
    for s in &all {
        let summary = match s.set.instrument {
            Instrument::Cbi => {
                let c = cbi::score(&s.set.answers);
                let f = |v: Option<f64>| v.map(|v| format!("{v:.1}")).unwrap_or("—".into());
                format!(
                    "personal {}, work {}, client {}",
                    f(c.personal),
                    f(c.work),
                    f(c.client)
                )
            }
            Instrument::Who5 => who5::score(&s.set.answers)
                .map(|w| format!("{} of 100", w.score))
                .unwrap_or_else(|| "not scored".into()),
            _ => format!("{} answers", s.set.answers.len()),
        };
        println!(
            "{}  {:<10} {summary}",
            s.set.taken_at.strftime("%Y-%m-%d %H:%M"),
            s.set.instrument.id()
        );
    }
    Ok(ExitCode::SUCCESS)
}
