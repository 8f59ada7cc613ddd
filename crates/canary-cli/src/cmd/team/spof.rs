//! `canary team spof`: who carries each code area and each service.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context as _, Result, anyhow, bail};
use canary::event::EventKind;
use canary::sources::git::commit_areas;
use canary::team::Roster;
use canary::team::everyone::{Measured, Options, measure};
use canary::team::fairness::OVERLOAD_THRESHOLD;
use canary::team::spof::{AreaRisk, Work, analyse};
use comfy_table::{Cell, CellAlignment, Table, presets};
use serde::Serialize;

use super::{load_roster, pct};
use crate::cli::team::SpofArgs;
use crate::context::Context;

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct AreaMap {
    #[serde(default)]
    areas: BTreeMap<String, String>,
}

#[derive(Debug, Serialize)]
pub struct SpofReport {
    pub code_areas: Vec<AreaRisk>,
    pub services: Vec<AreaRisk>,
}

pub fn run(_ctx: &Context, args: &SpofArgs) -> Result<ExitCode> {
    let report = compute(args)?;
    if args.json {
        outln!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        out!("{}", canary::privacy::display_safe_lines(&render(&report)));
    }
    Ok(ExitCode::SUCCESS)
}

/// The figures of `canary team spof` (notes about responders go to stderr).
pub fn compute(args: &SpofArgs) -> Result<SpofReport> {
    if args.repos.is_empty() && args.incidents.is_empty() {
        bail!("give at least one --repo PATH or --incidents EXPORT");
    }
    let roster = args.roster.as_deref().map(load_roster).transpose()?;
    let code = code_work(
        &args.repos,
        args.map.as_deref(),
        roster.as_ref(),
        args.max_commits,
    )?;
    let mut services = Vec::new();
    if !args.incidents.is_empty() {
        // Everyone paged counts, listed or not: a service only a contractor answers is a
        // single point of failure too.
        let base = roster.clone().unwrap_or_default();
        let opts = Options {
            threshold: OVERLOAD_THRESHOLD,
            roster_only: false,
        };
        let m = measure(&args.incidents, &base, opts)?;
        if roster.is_none() {
            eprintln!("No roster: responders are named as the exports name them.");
        } else if !m.unlisted.is_empty() {
            let names: Vec<&str> = m.unlisted.iter().map(|u| u.member.name.as_str()).collect();
            eprintln!(
                "Paged but not in the roster (counted as they are named): {}",
                names.join(", ")
            );
        }
        services = service_work(&m);
    }
    Ok(SpofReport {
        code_areas: analyse(&code),
        services: analyse(&services),
    })
}

/// Commits per code area (top-level directories, or `map`'s names for them), each author
/// named as the roster names them.
pub fn code_work(
    repos: &[PathBuf],
    map: Option<&Path>,
    roster: Option<&Roster>,
    max_commits: usize,
) -> Result<Vec<Work>> {
    let map = match map {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            toml::from_str::<AreaMap>(&text).map_err(|e| anyhow!("{}: {e}", p.display()))?
        }
        None => AreaMap::default(),
    };
    let mut code = Vec::new();
    for repo in repos {
        for c in commit_areas(repo, max_commits)? {
            let who = roster
                .and_then(|r| r.find(&c.author_email).or_else(|| r.find(&c.author_name)))
                .map(|m| m.name.clone())
                .unwrap_or(c.author_name.clone());
            let mut areas: Vec<String> = c
                .areas
                .iter()
                .map(|a| map.areas.get(a).cloned().unwrap_or(a.clone()))
                .collect();
            areas.sort();
            areas.dedup();
            for area in areas {
                code.push(Work {
                    area,
                    who: who.clone(),
                    weight: 1.0,
                });
            }
        }
    }
    Ok(code)
}

/// Pages per service (the incident's service, the page's context), per responder.
pub fn service_work(m: &Measured) -> Vec<Work> {
    m.events
        .iter()
        .flat_map(|r| {
            r.events
                .iter()
                .filter(|e| e.kind == EventKind::Page)
                .map(|e| Work {
                    area: e.context.clone().unwrap_or_else(|| "(no service)".into()),
                    who: r.responder.clone(),
                    weight: 1.0,
                })
        })
        .collect()
}

fn table(title: &str, unit: &str, rows: &[AreaRisk]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut t = Table::new();
    t.load_preset(presets::UTF8_FULL_CONDENSED);
    t.set_header([
        title,
        unit,
        "People",
        "Top person",
        "Share",
        "Bus factor",
        "Left holding it",
    ]);
    for r in rows {
        let right = |s: String| Cell::new(s).set_alignment(CellAlignment::Right);
        t.add_row(vec![
            Cell::new(&r.area),
            right(format!("{}", r.total)),
            right(r.people.to_string()),
            Cell::new(&r.top),
            right(pct(r.top_share)),
            right(format!(
                "{}{}",
                r.bus_factor,
                if r.is_spof() { " ⚠" } else { "" }
            )),
            Cell::new(match &r.left_holding {
                Some((who, share)) => format!("{who} ({} of the rest)", pct(*share)),
                None => "no one".to_string(),
            }),
        ]);
    }
    crate::render::width::fit_table(&mut t, crate::render::width::terminal_width());
    format!("{t}\n")
}

pub fn render(r: &SpofReport) -> String {
    let mut s = table("Code area", "Commits", &r.code_areas);
    s.push_str(&table("Service", "Pages", &r.services));
    let spofs: Vec<&AreaRisk> = r
        .code_areas
        .iter()
        .chain(&r.services)
        .filter(|a| a.is_spof())
        .collect();
    if spofs.is_empty() {
        s.push_str("No single point of failure: every area has a bus factor of 2 or more.\n");
    } else {
        for a in spofs {
            s.push_str(&format!(
                "Single point of failure: {} — {} carries {}; cross-train {}.\n",
                a.area,
                a.top,
                pct(a.top_share),
                a.left_holding
                    .as_ref()
                    .map_or("someone".to_string(), |(w, _)| w.clone())
            ));
        }
    }
    s
}
