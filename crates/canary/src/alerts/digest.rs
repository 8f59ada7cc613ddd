//! The weekly digest: one ISO week's figures against the person's boundaries, the alerts of
//! the week, the plan's progress and its next actions, in the plan's voice. Built from a
//! report over the week and the plan (both built as `canary report` and `canary plan` build
//! them) and rendered with the plan's Markdown and HTML renderers, so the three never say
//! different things.

use jiff::civil::Date;
use serde::Serialize;

use crate::Settings;
use crate::model::{Report, WeekRow};
use crate::plan::boundaries::{Scope, framework_over};
use crate::plan::markdown::{Block, CARE, boundary_blocks, render_blocks};
use crate::plan::review_period::due_words;
use crate::plan::{ActionStatus, Plan};

/// An alert of the week, as the digest names it.
#[derive(Debug, Clone, Serialize)]
pub struct WeekAlert {
    /// The local date it fired.
    pub on: Date,
    pub rule: String,
    pub title: String,
}

/// What the digest is built from.
#[derive(Debug, Clone, Copy)]
pub struct DigestInput<'a> {
    /// `YYYY-Www`.
    pub week: &'a str,
    pub monday: Date,
    /// The report over the week (Monday to Sunday).
    pub report: &'a Report,
    /// Today's plan.
    pub plan: &'a Plan,
    pub settings: &'a Settings,
    /// The alerts fired in the week, oldest first.
    pub alerts: &'a [WeekAlert],
}

fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

/// The week's row in its report.
fn row<'a>(input: &DigestInput<'a>) -> Option<&'a WeekRow> {
    input.report.weeks.iter().find(|w| w.start == input.monday)
}

/// The digest as blocks.
pub fn document(input: &DigestInput<'_>) -> Vec<Block> {
    use Block::*;
    let s = input.settings;
    let sunday = input
        .monday
        .checked_add(jiff::Span::new().days(6))
        .unwrap_or(input.monday);
    let mut d = vec![
        Heading(1, format!("Your week {} ({} to {sunday})", input.week, input.monday)),
        Para("Your week measured against the boundaries you set yourself. None of it is a verdict on you: it is what your own traces show, and the plan below answers it.".into()),
        Heading(2, "The week's figures".into()),
    ];
    match row(input).filter(|w| w.covered_days > 0) {
        None => d.push(Para(
            "No source saw this week: nothing to measure. `canary sources` shows what is imported and up to when.".into(),
        )),
        Some(w) => {
            let hours = if w.hours_at_least {
                format!(
                    "at least {:.1} h (from commits and sent mail alone, which show work but not its absence)",
                    w.hours
                )
            } else {
                format!("{:.1} h", w.hours)
            };
            let verdict = if w.hours_at_least {
                String::new()
            } else if w.hours > s.max_weekly_hours {
                format!(
                    ": **{:.1} h over** the {} h you set",
                    w.hours - s.max_weekly_hours,
                    s.max_weekly_hours
                )
            } else {
                format!(": within the {} h you set", s.max_weekly_hours)
            };
            let mut items = vec![
                format!("**Hours worked** — {hours}{verdict}."),
                format!(
                    "**Outside business hours** — {} of the hours.",
                    pct(w.after_hours_share)
                ),
                format!(
                    "**Nights with work in your sleep window** ({}–{}) — {}.",
                    s.sleep.start, s.sleep.end, w.sleep_nights
                ),
                format!("**Days off with work** — {}.", w.days_off_worked),
            ];
            if w.meeting_hours > 0.0 {
                items.push(format!("**Meetings** — {:.1} h.", w.meeting_hours));
            }
            if w.pages > 0 {
                items.push(format!(
                    "**Pages** — {} ({} emergencies, {} non-emergency in personal time).",
                    w.pages, w.pages_emergency, w.pages_personal_time
                ));
            }
            items.push(format!(
                "**Seen by your sources** — {} of 7 days ({} by a continuous source such as shell history or a calendar).",
                w.covered_days, w.continuous_days
            ));
            d.push(List(items));
        }
    }
    d.push(Heading(2, "Against your boundaries".into()));
    let weeks: Vec<WeekRow> = row(input).into_iter().cloned().collect();
    let scope = Scope {
        within: " this week".into(),
        of_weeks: "of 1 week".into(),
    };
    let groups = framework_over(input.report, s, &weeks, &scope);
    d.extend(boundary_blocks(&groups).into_iter().map(|b| match b {
        Heading(_, t) => Heading(3, t),
        other => other,
    }));
    d.push(Heading(2, "Alerts this week".into()));
    if input.alerts.is_empty() {
        d.push(Para("No alerts this week.".into()));
    } else {
        d.push(List(
            input
                .alerts
                .iter()
                .map(|a| format!("{} — {} (`{}`)", a.on, a.title, a.rule))
                .collect(),
        ));
    }
    let p = input.plan;
    d.push(Heading(2, "Your plan".into()));
    d.push(Para(format!(
        "{} of the {} actions shown are done.",
        p.progress.0, p.progress.1
    )));
    let next: Vec<String> = p
        .week
        .iter()
        .chain(&p.month)
        .filter(|a| a.status != ActionStatus::Done)
        .take(3)
        .map(|a| format!("**{}** (`{}`) — {}", a.title, a.id, a.how))
        .collect();
    if !next.is_empty() {
        d.push(Heading(3, "Next".into()));
        d.push(List(next));
    }
    d.push(Para(due_words(&p.review)));
    d.push(Para(CARE.into()));
    d
}

/// The digest as Markdown.
pub fn markdown(input: &DigestInput<'_>) -> String {
    render_blocks(&document(input))
}

/// The digest as a full HTML page.
pub fn html(input: &DigestInput<'_>) -> String {
    crate::plan::html::render_blocks(&format!("Canary digest {}", input.week), &document(input))
}
