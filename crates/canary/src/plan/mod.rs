//! The personal prevention plan: a pure function from the report, the declared settings, the
//! journal (support network, progress, agreements, profile) and today's date to a [`Plan`].
//!
//! Nothing here reads a file or the clock. The CLI loads the journal from the store, builds
//! the plan and renders it with [`markdown`] or [`html`]. The journal's types are
//! [`crate::journal`]'s: the plan reads them and never touches the store. How actions are chosen, the recovery
//! phases and the runway rule are written in `docs/method.md`, Part III. The monthly review
//! ([`review`]) is built beside the plan from the same journal.

pub mod actions;
pub mod boundaries;
pub mod career;
pub mod conversation;
pub mod evaluate;
pub mod html;
pub mod markdown;
pub mod recovery;
pub mod review;
pub mod review_doc;
pub mod review_period;
pub mod support;

use jiff::civil::Date;
use serde::Serialize;

use crate::Settings;
use crate::journal::{Baseline, Journal};
use crate::model::Report;

pub use actions::{Action, ActionStatus, Horizon};
pub use boundaries::{Boundary, BoundaryGroup};
pub use career::Career;
pub use recovery::{Phase, Recovery};
pub use support::SupportPicture;

/// What the plan is built from.
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a> {
    pub report: &'a Report,
    pub settings: &'a Settings,
    pub journal: &'a Journal,
    /// Today, in the person's time zone.
    pub today: Date,
}

/// The whole plan, one serialisable value for Markdown, HTML and JSON.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    pub today: Date,
    pub role: String,
    /// The report's risk level, as a word.
    pub risk_level: String,
    /// A few plain sentences on what the figures say, before the detail.
    pub summary: Vec<String>,
    pub boundaries: Vec<BoundaryGroup>,
    pub week: Vec<Action>,
    pub month: Vec<Action>,
    pub year: Vec<Action>,
    /// Actions shown as done, and actions shown.
    pub progress: (usize, usize),
    pub support: SupportPicture,
    /// The last saved monthly review and when the next is due.
    pub review: review_period::Due,
    pub recovery: Recovery,
    pub career: Career,
}

/// Build the plan.
pub fn build(input: &PlanInput<'_>) -> Plan {
    let zone = input.settings.zone().unwrap_or(jiff::tz::TimeZone::UTC);
    let facts = actions::Facts::from_input(input);
    let [week, month, year] = actions::choose(&facts, input.journal);
    let all = week.iter().chain(&month).chain(&year);
    let shown = all.clone().count();
    let done = all.filter(|a| a.status == ActionStatus::Done).count();
    Plan {
        today: input.today,
        role: role_name(&input.settings.role).to_string(),
        risk_level: input.report.risk.level.as_str().to_string(),
        summary: summary(input.report, input.settings),
        boundaries: boundaries::framework(input.report, input.settings),
        week,
        month,
        year,
        progress: (done, shown),
        support: support::picture(&input.journal.support, input.today, &zone),
        review: review_period::due(input.journal, &zone, input.today),
        recovery: recovery::recovery(input.report, input.journal, input.today),
        career: career::career(&input.journal.profile, input.today),
    }
}

/// What the figures say, in plain sentences.
fn summary(r: &Report, s: &Settings) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(h) = r.trend.recent_hours.filter(|h| *h > s.max_weekly_hours) {
        out.push(format!(
            "Your weeks have run to about {} hours lately, {} more than the {} you set yourself.",
            h.round(),
            (h - s.max_weekly_hours).round(),
            s.max_weekly_hours
        ));
    }
    if let Some(n) = r.trend.recent_sleep_nights.filter(|n| *n >= 1.0) {
        let last = r
            .sleep
            .recent
            .first()
            .map(|n| format!(", most recently the night of {}", n.night));
        out.push(format!(
            "Work has reached into your sleep about {} nights a week{}.",
            n.round(),
            last.unwrap_or_default()
        ));
    }
    if let Some(v) = r.vacations.periods.iter().rev().find(|v| v.days_worked > 0) {
        out.push(format!(
            "Your last time off ({}..{}) was not fully off: you worked on {} of its {} days.",
            v.start, v.end, v.days_worked, v.days
        ));
    }
    if out.is_empty() {
        out.push(
            "Your figures sit inside the limits you set; this plan is about keeping it that way."
                .to_string(),
        );
    } else {
        out.push("None of this is a verdict on you. It is what your own traces show, and each action below answers one of these figures.".to_string());
    }
    out
}

/// The role in words.
pub fn role_name(role: &str) -> &'static str {
    match role {
        "sysadmin" => "system administrator",
        "network" => "network engineer",
        "helpdesk" => "help desk",
        "manager" => "IT manager",
        _ => "IT professional",
    }
}

/// The recent figures of a report, kept as the plan's [`Baseline`] when it starts.
pub fn baseline(report: &Report) -> Baseline {
    Baseline {
        hours: report.trend.recent_hours,
        after_hours_share: report.trend.recent_after_hours_share,
        sleep_nights: report.trend.recent_sleep_nights,
    }
}

/// Every action id in the catalogue, for `canary plan done` to check against.
pub fn action_ids() -> impl Iterator<Item = &'static str> {
    actions::CATALOGUE.iter().map(|a| a.id)
}

/// Hours with one decimal.
pub(crate) fn h1(x: f64) -> String {
    format!("{x:.1}")
}

#[cfg(test)]
mod review_tests;
#[cfg(test)]
mod tests;
