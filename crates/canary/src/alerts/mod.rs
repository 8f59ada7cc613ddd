//! Alerts: rules over the report's own figures, each against the person's settings and each
//! naming its evidence, and when an alert may reach the person.
//!
//! ```text
//! report (the default period, built for "now") ─┐
//! settings ([alerts], hours, sleep, max)  ───────┼─► rules::evaluate ─► Vec<Alert> (id per occurrence)
//! journal, answers, check-ins ───────────────────┘
//! settings, now, delivered today ─► delivery::gate ─► deliver now, or wait (sleep window, hours, limit)
//! ```
//!
//! Pure: nothing here reads the store, a file or the clock; "now" comes in. The store keeps
//! each alert once by its id (`canary::app` stores and delivers them); the rules only say
//! what holds now. Every threshold is in [`crate::settings::AlertSettings`], documented in
//! docs/method.md ("Alerts").

pub mod delivery;
pub mod digest;
pub mod rules;

use serde::Serialize;

pub use delivery::{Gate, Wait, gate};
pub use rules::{AlertInput, evaluate};

/// The rules, each with the name `canary alerts mute RULE` takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// Activity in the sleep window on N of the last 7 nights.
    SleepWindow,
    /// This week's hours passed, or are on pace to pass, the weekly maximum.
    WeeklyHours,
    /// N days in a row with activity, no day off.
    NoDayOff,
    /// No full weekend off in N weeks.
    NoWeekendOff,
    /// Pages on days the person was not on call.
    PageOffCall,
    /// A non-emergency page in personal time.
    PagePersonalTime,
    /// A source that had events daily has gone quiet.
    SourceQuiet,
    /// The next check-in is due.
    CheckinDue,
    /// A questionnaire is due to be taken again.
    QuestionnaireDue,
    /// The monthly review is due.
    ReviewDue,
}

impl Rule {
    /// Every rule, in the order they are listed.
    pub const ALL: [Rule; 10] = [
        Rule::SleepWindow,
        Rule::WeeklyHours,
        Rule::NoDayOff,
        Rule::NoWeekendOff,
        Rule::PageOffCall,
        Rule::PagePersonalTime,
        Rule::SourceQuiet,
        Rule::CheckinDue,
        Rule::QuestionnaireDue,
        Rule::ReviewDue,
    ];

    /// The rule's name, as typed and stored.
    pub fn name(self) -> &'static str {
        match self {
            Rule::SleepWindow => "sleep-window",
            Rule::WeeklyHours => "weekly-hours",
            Rule::NoDayOff => "no-day-off",
            Rule::NoWeekendOff => "no-weekend-off",
            Rule::PageOffCall => "page-off-call",
            Rule::PagePersonalTime => "page-personal-time",
            Rule::SourceQuiet => "source-quiet",
            Rule::CheckinDue => "checkin-due",
            Rule::QuestionnaireDue => "questionnaire-due",
            Rule::ReviewDue => "review-due",
        }
    }

    /// The rule of a name.
    pub fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }

    /// One line on what the rule watches, for `canary alerts rules` and the docs.
    pub fn help(self) -> &'static str {
        match self {
            Rule::SleepWindow => "activity in your sleep window on N of the last 7 nights",
            Rule::WeeklyHours => {
                "this week's hours past your weekly maximum, or on pace to pass it"
            }
            Rule::NoDayOff => "N days in a row with work and no day off",
            Rule::NoWeekendOff => "no full weekend off in N weeks",
            Rule::PageOffCall => "paged on a day you were not on call",
            Rule::PagePersonalTime => "a non-emergency page in your personal time",
            Rule::SourceQuiet => "a source that had events daily has gone quiet",
            Rule::CheckinDue => "the next check-in is due",
            Rule::QuestionnaireDue => "a questionnaire is due to be taken again",
            Rule::ReviewDue => "the monthly review is due",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One alert as a rule found it: an id for this occurrence (the same figures give the same
/// id, so it fires once), a one-line title and the evidence behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Alert {
    /// `RULE/OCCURRENCE`, e.g. `sleep-window/2026-12-05` (the night that made it).
    pub id: String,
    pub rule: Rule,
    /// One line, e.g. "Work in your sleep window on 3 of the last 7 nights".
    pub title: String,
    /// The figures behind it, one line each, in the report's terms.
    pub evidence: Vec<String>,
}

#[cfg(test)]
mod tests;
