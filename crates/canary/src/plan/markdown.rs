//! The plan as a list of simple blocks, and those blocks as Markdown. The HTML renderer uses
//! the same blocks, so the two never say different things.

use super::actions::{Action, ActionStatus};
use super::boundaries::BoundaryGroup;
use super::recovery::Phase;
use super::{Plan, h1};
use crate::journal::SupportKind;

/// One block of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(u8, String),
    Para(String),
    List(Vec<String>),
    /// Items with a done mark.
    Checklist(Vec<(bool, String)>),
}

/// The words shown when things feel like too much; also on the conversation brief.
pub const CARE: &str = "This plan is not a diagnosis: it reads the traces of your work, not you. If things feel unmanageable — you dread every day, sleep is gone, or you have thoughts of harming yourself — talk to your doctor, a therapist or your employee assistance programme this week, and in a crisis call your local emergency number or a crisis line.";

fn action_line(a: &Action) -> (bool, String) {
    let done = a.status == ActionStatus::Done;
    let mut s = format!("**{}** (`{}`) — {}", a.title, a.id, a.how);
    if !a.why.is_empty() {
        s.push_str(&format!(" *Why: {}.*", a.why));
    }
    if let Some(d) = &a.done_on {
        s.push_str(&format!(" Done {d}."));
    }
    (done, s)
}

/// The boundary groups: a heading and a list each.
pub fn boundary_blocks(groups: &[BoundaryGroup]) -> Vec<Block> {
    let mut d = Vec::new();
    for g in groups {
        let mut title = g.group.to_string();
        title[..1].make_ascii_uppercase();
        d.push(Block::Heading(3, title));
        d.push(Block::List(
            g.boundaries
                .iter()
                .map(|b| match &b.crossed {
                    Some(c) => format!("**{}** — {c}", b.boundary),
                    None if b.measured => format!("**{}** — kept", b.boundary),
                    None => format!("**{}** — not measured", b.boundary),
                })
                .collect(),
        ));
    }
    d
}

/// The plan as blocks.
pub fn document(p: &Plan) -> Vec<Block> {
    use Block::*;
    let stage = super::stage::title(&p.stage);
    let start = if p.care.is_some() {
        "Before anything else, talk to a professional and to your manager; the rest of this plan can wait until you have."
    } else {
        "Start with this week; the rest can wait its turn."
    };
    let mut d = vec![
        Heading(1, format!("Your prevention plan — {}", p.today)),
        Para(format!(
            "Written from your own figures as a {}. Your risk level in the report is **{}**; your stage: **{stage}**. {start}",
            p.role, p.risk_level
        )),
    ];
    if let Some(c) = &p.care {
        d.push(Heading(2, "First: two conversations".into()));
        let mut why = format!("This comes first because {}.", c.reasons.join("; "));
        why.push_str(" None of this is a diagnosis.");
        d.push(Para(why));
        if let Some(m) = &c.crisis {
            d.push(Para(format!("**{m}**")));
            d.push(Para(super::CRISIS_HELP.into()));
        }
        d.push(List(vec![
            super::TALK_PROFESSIONAL.into(),
            super::TALK_MANAGER.into(),
        ]));
    }
    d.push(Para(p.summary.join(" ")));
    d.push(Heading(2, format!("Where you are: {stage}")));
    let mut about = String::from(p.stage.looks_like);
    if !p.stage.signs.is_empty() {
        about.push_str(&format!(" What shows it: {}.", p.stage.signs.join("; ")));
    }
    about.push_str(" An estimate from the four stages of the burnout journey, not a diagnosis.");
    d.push(Para(about));
    d.push(List(
        p.stage
            .advice
            .iter()
            .map(std::string::ToString::to_string)
            .collect(),
    ));
    d.push(Heading(
        2,
        "Your boundaries and where they were crossed".into(),
    ));
    d.extend(boundary_blocks(&p.boundaries));
    let (done, shown) = p.progress;
    d.push(Heading(2, format!("Actions — {done} of {shown} done")));
    d.push(Para(
        "Chosen from your figures, not the whole list. Mark one with `canary plan done ID`.".into(),
    ));
    for (title, actions) in [
        ("This week", &p.week),
        ("This month", &p.month),
        ("This year", &p.year),
    ] {
        d.push(Heading(3, title.into()));
        d.push(Checklist(actions.iter().map(action_line).collect()));
    }

    d.push(Heading(2, "Monthly review".into()));
    d.push(Para(super::review_period::due_words(&p.review)));

    d.push(Heading(2, "Support network".into()));
    let s = &p.support;
    if s.entries.is_empty() {
        d.push(Para("No one recorded yet. Add people and pastimes with `canary support add NAME --kind mentor|friend|hobby|activity`.".into()));
    } else {
        d.push(List(
            s.entries
                .iter()
                .map(|e| {
                    format!(
                        "{} ({}): last contact {}",
                        e.name,
                        e.kind.as_str(),
                        crate::words::days_ago(e.days)
                    )
                })
                .collect(),
        ));
    }
    if let Some(n) = &s.neglected {
        d.push(Para(format!(
            "Neglected longest: **{}**, {}. A short message this week counts.",
            n.name,
            crate::words::count(n.days, "day")
        )));
    }
    if !s.missing.is_empty() {
        let m: Vec<&str> = s
            .missing
            .iter()
            .map(|k| SupportKind::describe(*k))
            .collect();
        d.push(Para(format!("Missing: {}.", m.join("; "))));
    }

    d.push(Heading(2, "Recovery".into()));
    let r = &p.recovery;
    match (r.started, r.phase) {
        (Some(start), Some(phase)) => {
            d.push(Para(format!(
                "Plan started {start}, {} weeks ago: you are in the {}.",
                r.weeks_in.unwrap_or(0),
                phase.label()
            )));
            d.push(List(phase.expect().iter().map(std::string::ToString::to_string).collect()));
            if r.changes.is_empty() {
                d.push(Para("No baseline yet: the figures to compare against are kept on the first run with enough complete weeks of data.".into()));
            } else {
                d.push(Para("Since the start (mean of the last four weeks then and now):".into()));
                d.push(List(
                    r.changes
                        .iter()
                        .map(|c| {
                            let f = |x: Option<f64>| x.map_or("—".to_string(), h1);
                            let word = match c.improved {
                                Some(true) => " — better",
                                Some(false) => " — not better yet",
                                None => "",
                            };
                            format!("{}: {} then, {} now{word}", c.figure, f(c.then), f(c.now))
                        })
                        .collect(),
                ));
            }
        }
        _ => d.push(Para(format!(
            "The plan starts the first time you run `canary plan` with data imported; from then on it tracks the {} and beyond. `canary plan restart` clears the start for a new one.",
            Phase::Immediate.label()
        ))),
    }

    d.push(Heading(2, "Career resilience".into()));
    let c = &p.career;
    let mut items = vec![match c.runway_months {
        Some(m) => format!(
            "Emergency fund: about {:.1} months of costs ({} the 6–12 months worth having).",
            m,
            match c.runway_status {
                "below" => "below",
                "within" => "within",
                _ => "above",
            }
        ),
        None => "Emergency fund: not recorded. `canary plan set fund_months N`, or `savings` and `monthly_expenses`.".to_string(),
    }];
    items.push(match (c.resume_updated, c.resume_age_days) {
        (Some(date), Some(age)) if c.resume_stale => {
            format!(
                "Résumé last updated {date}, {}: time to refresh it.",
                crate::words::days_ago(age)
            )
        }
        (Some(date), _) => format!("Résumé updated {date}: current."),
        _ => "Résumé date not recorded: `canary plan set resume_updated YYYY-MM-DD`.".to_string(),
    });
    d.push(List(items));
    d.push(Heading(2, "If things feel unmanageable".into()));
    d.push(Para(CARE.into()));
    d
}

/// Blocks as Markdown.
pub fn render_blocks(blocks: &[Block]) -> String {
    let mut out = String::new();
    for b in blocks {
        match b {
            Block::Heading(level, t) => {
                out.push_str(&format!("{} {t}\n\n", "#".repeat(usize::from(*level))));
            }
            Block::Para(t) => out.push_str(&format!("{t}\n\n")),
            Block::List(items) => {
                for i in items {
                    out.push_str(&format!("- {i}\n"));
                }
                out.push('\n');
            }
            Block::Checklist(items) => {
                for (done, i) in items {
                    out.push_str(&format!("- [{}] {i}\n", if *done { "x" } else { " " }));
                }
                out.push('\n');
            }
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

/// The plan as Markdown.
pub fn render(p: &Plan) -> String {
    render_blocks(&document(p))
}
