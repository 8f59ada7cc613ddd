//! `canary assess cbi|who5|checklist|signs|history`: answer a questionnaire in the terminal
//! (one menu per item, about a minute) or from a file and flags for scripts, store the answers
//! with their scores in the journal, and say what the scores mean — plainly, and with a
//! kind suggestion to talk to a professional when the answers point to crisis.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow, bail};
use canary::app::PeriodSpec;
use canary::assessment::instruments::{Instrument, cbi, parse_answers, who5};
use canary::assessment::{Measurements, measured_indicators};
use canary::model::Status;
use dialoguer::Select;

use crate::cli::journal::{AssessArgs, What};
use crate::context::Context;
use crate::render;

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
            outln!("{:<24} {}  [{}]", i.id, i.text, words.join(" / "));
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
    let ws = ctx.journal_workspace()?;
    let canary::app::Recorded {
        set,
        scores,
        crisis,
    } = ws.record_answers(instrument, answers, ctx.now)?;
    if args.json {
        let out = serde_json::json!({
            "instrument": instrument.id(),
            "taken_at": set.taken_at,
            "answers": set.answers,
            "scores": scores,
            "crisis": crisis,
        });
        outln!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        out!("{}", render::instruments::meaning(&set));
        if let Some(c) = &crisis {
            outln!("\n{c}");
        }
    }
    // Scripts read stdout; the person still sees the note.
    if let (true, Some(c)) = (args.json, &crisis) {
        eprintln!("{c}");
    }
    Ok(ExitCode::SUCCESS)
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
    let ws = ctx.workspace()?;
    let report = ws.report(&PeriodSpec::default(), ctx.now)?;
    if !report.coverage.enough_for_verdict {
        return Ok(Vec::new());
    }
    Ok(measured_indicators(&Measurements::of(&report))
        .into_iter()
        .filter(|i| i.status != Status::Unknown)
        .map(|i| {
            let yes = i.status == Status::Holds;
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

fn history(ctx: &Context, json: bool) -> Result<ExitCode> {
    let store = ctx.store()?;
    let all = store.answers(None)?;
    if json {
        outln!("{}", serde_json::to_string_pretty(&all)?);
        return Ok(ExitCode::SUCCESS);
    }
    if all.is_empty() {
        outln!("No answers yet: `canary assess cbi`, `who5`, `checklist` or `signs`.");
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
        outln!(
            "{}  {:<10} {summary}",
            s.set.taken_at.strftime("%Y-%m-%d %H:%M"),
            s.set.instrument.id()
        );
    }
    Ok(ExitCode::SUCCESS)
}
