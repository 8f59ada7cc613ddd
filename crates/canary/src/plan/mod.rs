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
pub mod stage;
pub mod support;

use jiff::civil::Date;
use serde::Serialize;

use crate::Settings;
use crate::journal::{Baseline, Checkin, Journal};
use crate::model::Report;

pub use actions::{Action, ActionStatus, Horizon};
pub use boundaries::{Boundary, BoundaryGroup};
pub use career::Career;
pub use recovery::{Phase, Recovery};
pub use stage::StageAdvice;
pub use support::SupportPicture;

/// What the plan is built from.
#[derive(Debug, Clone, Copy)]
pub struct PlanInput<'a> {
    pub report: &'a Report,
    pub settings: &'a Settings,
    pub journal: &'a Journal,
    /// Every check-in, oldest first (the latest up to today is read).
    pub checkins: &'a [Checkin],
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
    /// Talking to a professional and to the manager, when they come first (stage 3–4, a
    /// poor WHO-5, answers that point to crisis); `None` otherwise.
    pub care: Option<Care>,
    /// The stage the person is in and what helps at it.
    pub stage: StageAdvice,
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

/// Why talking to a professional and to the manager come first, and the words for it.
#[derive(Debug, Clone, Serialize)]
pub struct Care {
    /// One reason each: answers pointing to crisis, a poor WHO-5, stage 3 or 4.
    pub reasons: Vec<String>,
    /// The report's crisis message, when the latest answers point to one.
    pub crisis: Option<String>,
}

/// The words for a professional: not a diagnosis, where to go, what to say.
pub const TALK_PROFESSIONAL: &str = "**Talk to a professional** — your doctor, occupational health, a therapist or your employee assistance programme, this week. Tell them what you notice (sleep, mood, energy, how long it has been like this). Canary reads traces of your work and your own answers: it is not a diagnosis, and they can help you find out what is going on.";
/// The words for the manager: health stays private, ask for one concrete relief.
pub const TALK_MANAGER: &str = "**Talk to your manager** — ask for a short talk this week. Your health can stay private: say that the current load is not sustainable for you and ask for one concrete relief, such as work handed over, someone else on call, or a deadline moved. `canary plan conversation` has your figures and a follow-up to send.";
/// Help pointers when the answers point to crisis.
pub const CRISIS_HELP: &str = "If you are in crisis or have thoughts of harming yourself, do not wait for an appointment: call your local emergency number or a crisis line now, or go to the nearest emergency department.";

/// Build the plan.
pub fn build(input: &PlanInput<'_>) -> Plan {
    let zone = input.settings.zone().unwrap_or(jiff::tz::TimeZone::UTC);
    let facts = actions::Facts::from_input(input);
    let care = facts.care_first().then(|| Care {
        reasons: facts.care_reasons(),
        crisis: facts.crisis.clone(),
    });
    let [week, month, year] = actions::choose(&facts, input.journal);
    let all = week.iter().chain(&month).chain(&year);
    let shown = all.clone().count();
    let done = all.filter(|a| a.status == ActionStatus::Done).count();
    Plan {
        today: input.today,
        role: role_name(&input.settings.role).to_string(),
        risk_level: input.report.risk.level.as_str().to_string(),
        care,
        stage: stage::advice(&input.report.risk.stage),
        summary: summary(input.report, input.settings, &facts),
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

/// What the figures and the answers say, in plain sentences.
fn summary(r: &Report, s: &Settings, f: &actions::Facts) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(answers_said(f));
    if let Some(h) = r.trend.recent_hours.filter(|h| *h > s.max_weekly_hours) {
        out.push(format!(
            "Your weeks have run to about {} lately, {} more than the {} you set yourself.",
            crate::words::hours(h.round()),
            crate::words::hours((h - s.max_weekly_hours).round()),
            crate::words::hours(s.max_weekly_hours)
        ));
    }
    if let Some(n) = r.trend.recent_sleep_nights.filter(|n| *n >= 1.0) {
        let last = r
            .sleep
            .recent
            .first()
            .map(|n| format!(", most recently the night of {}", n.night));
        out.push(format!(
            "Work has reached into your sleep about {} a week{}.",
            crate::words::count(n.round() as u32, "night"),
            last.unwrap_or_default()
        ));
    }
    if let Some(v) = r.vacations.periods.iter().rev().find(|v| v.days_worked > 0) {
        out.push(format!(
            "Your last time off ({}..{}) was not fully off: you worked on {} of its {}.",
            v.start,
            v.end,
            v.days_worked,
            crate::words::count(v.days, "day")
        ));
    }
    out.extend(days_said(f));
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

/// The questionnaires and the latest check-in, in sentences.
fn answers_said(f: &actions::Facts) -> Vec<String> {
    use crate::assessment::instruments::{cbi, who5};
    let mut out = Vec::new();
    if let Some(w) = f.who5 {
        out.push(if f.who5_poor {
            format!(
                "Your latest WHO-5 well-being score is {w} of 100: {} or below points to poor well-being.",
                who5::POOR
            )
        } else {
            format!("Your latest WHO-5 well-being score is {w} of 100.")
        });
    }
    let scales: Vec<String> = [("personal", f.cbi_personal), ("work-related", f.cbi_work)]
        .into_iter()
        .filter_map(|(name, v)| v.map(|v| format!("{name} burnout {v:.0}")))
        .collect();
    if !scales.is_empty() {
        let high = [f.cbi_personal, f.cbi_work]
            .into_iter()
            .flatten()
            .any(|v| v >= cbi::HIGH);
        out.push(format!(
            "Your latest burnout questionnaire (CBI) shows {} of 100{}.",
            scales.join(" and "),
            if high {
                format!(" ({} or more is read as high)", cbi::HIGH)
            } else {
                String::new()
            }
        ));
    }
    if let Some(c) = f.checkin {
        let rated: Vec<String> = [("stress", c.stress), ("sleep", c.sleep)]
            .into_iter()
            .filter_map(|(name, v)| v.map(|v| format!("{name} {v} of 5")))
            .collect();
        let mut line = format!(
            "Your last check-in ({}) rated {}.",
            c.on,
            rated.join(" and ")
        );
        if c.stress.is_some_and(|s| s >= actions::HIGH_STRESS)
            && c.sleep.is_some_and(|s| s <= actions::POOR_SLEEP)
        {
            line.push_str(" High stress with poor sleep is worth taking seriously.");
        }
        out.push(line);
    }
    out
}

/// Lunch breaks, short rests and streaks, when the report has enough data to say them.
fn days_said(f: &actions::Facts) -> Vec<String> {
    let mut out = Vec::new();
    if !f.enough_data {
        return out;
    }
    if f.short_rests > 0 {
        out.push(format!(
            "In the period, {} between one workday and the next {} shorter than 11 hours.",
            crate::words::count(f.short_rests, "rest"),
            if f.short_rests == 1 { "was" } else { "were" }
        ));
    }
    if f.days_without_lunch > 0 {
        out.push(format!(
            "On {} in the period there was no 30-minute break at lunchtime.",
            crate::words::count(f.days_without_lunch, "working day")
        ));
    }
    if f.current_streak_days >= actions::STREAK_ACTION {
        out.push(format!(
            "You have worked {} in a row up to today.",
            crate::words::count(f.current_streak_days, "day")
        ));
    } else if f.longest_streak_days >= actions::STREAK_ACTION {
        out.push(format!(
            "Your longest run of days with work and no day off was {}.",
            crate::words::count(f.longest_streak_days, "day")
        ));
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
mod listens_tests;
#[cfg(test)]
mod review_tests;
#[cfg(test)]
mod tests;
