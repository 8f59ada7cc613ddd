//! The journal: what the person tells Canary, as plain data — questionnaire answers,
//! check-ins, the support network, plan progress, agreements, saved reviews and the profile.
//!
//! Never derived and never re-importable. Below both sides that use it: [`crate::store`]
//! persists these types (and imports nothing from the plan or the assessment), and
//! [`crate::plan`] and [`crate::assessment`] read them (and import nothing from the store).
//! Plain types only: no I/O, no scoring, no rules.

pub mod answers;
pub mod checkins;
pub mod progress;
pub mod support;

use std::collections::BTreeMap;

use jiff::civil::Date;
use jiff::tz::TimeZone;

pub use answers::{AnswerSet, Instrument, StoredAnswers};
pub use checkins::Checkin;
pub use progress::{Agreement, BASELINE, Baseline, Done, PLAN_STARTED, SETTABLE, SavedReview};
pub use support::{SupportEntry, SupportKind};

/// Everything the person has told Canary that the plan uses, loaded whole by the store.
#[derive(Debug, Clone, Default)]
pub struct Journal {
    pub support: Vec<SupportEntry>,
    pub done: Vec<Done>,
    pub agreements: Vec<Agreement>,
    pub profile: BTreeMap<String, String>,
    /// Saved monthly reviews, oldest first.
    pub reviews: Vec<SavedReview>,
}

impl Journal {
    pub fn is_done(&self, id: &str) -> Option<&Done> {
        self.done.iter().find(|d| d.action_id == id)
    }

    pub fn plan_started(&self) -> Option<Date> {
        self.profile.get(PLAN_STARTED)?.parse().ok()
    }

    pub fn baseline(&self) -> Option<Baseline> {
        serde_json::from_str(self.profile.get(BASELINE)?).ok()
    }

    /// The latest saved review and its local date.
    pub fn last_review(&self, zone: &TimeZone) -> Option<(&SavedReview, Date)> {
        self.reviews
            .iter()
            .max_by_key(|r| r.reviewed_at)
            .map(|r| (r, r.reviewed_at.to_zoned(zone.clone()).date()))
    }

    /// The local date of the latest review saved in the month of `today`, if any.
    pub fn reviewed_in_month(&self, today: Date, zone: &TimeZone) -> Option<Date> {
        self.reviews
            .iter()
            .map(|r| r.reviewed_at.to_zoned(zone.clone()).date())
            .filter(|d| d.year() == today.year() && d.month() == today.month() && *d <= today)
            .max()
    }
}
