//! The journal as the plan sees it: support entries, actions done, agreements, saved monthly
//! reviews and the profile (plan start, baseline figures, fund and résumé). Loaded by the
//! store, passed in whole.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::{Deserialize, Serialize};

use crate::model::Report;

/// Profile key holding the plan's start date (`YYYY-MM-DD`).
pub const PLAN_STARTED: &str = "plan_started";
/// Profile key holding the [`Baseline`] as JSON.
pub const BASELINE: &str = "plan_baseline";
/// Profile keys `canary plan set` accepts, with a description each.
pub const SETTABLE: &[(&str, &str)] = &[
    ("fund_months", "months your savings would cover, e.g. 4"),
    ("savings", "savings you could live on, in any currency"),
    ("monthly_expenses", "what a month costs you, same currency"),
    (
        "resume_updated",
        "when you last updated your résumé, YYYY-MM-DD",
    ),
    ("manager", "your manager's name, for the conversation brief"),
    ("plan_started", "the plan's start date, YYYY-MM-DD"),
];

/// Kinds of support the plan looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportKind {
    Mentor,
    Friend,
    Hobby,
    Activity,
}

impl SupportKind {
    pub const ALL: [SupportKind; 4] = [
        SupportKind::Mentor,
        SupportKind::Friend,
        SupportKind::Hobby,
        SupportKind::Activity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SupportKind::Mentor => "mentor",
            SupportKind::Friend => "friend",
            SupportKind::Hobby => "hobby",
            SupportKind::Activity => "activity",
        }
    }

    pub fn parse(s: &str) -> Option<SupportKind> {
        SupportKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// What the kind stands for, in words.
    pub fn describe(self) -> &'static str {
        match self {
            SupportKind::Mentor => "a mentor who keeps healthy hours",
            SupportKind::Friend => "a friend outside tech",
            SupportKind::Hobby => "a hobby away from screens",
            SupportKind::Activity => "a physical activity",
        }
    }
}

/// One person or pastime in the support network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportEntry {
    pub name: String,
    pub kind: SupportKind,
    pub added_at: Timestamp,
    pub last_contact: Option<Timestamp>,
}

impl SupportEntry {
    /// The last contact, or when the entry was added if there was none since.
    pub fn last_seen(&self) -> Timestamp {
        self.last_contact.unwrap_or(self.added_at)
    }
}

/// An action marked done.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Done {
    pub action_id: String,
    pub done_at: Timestamp,
    pub note: Option<String>,
}

/// Something agreed with the manager.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Agreement {
    pub agreed_at: Timestamp,
    pub text: String,
}

/// A monthly review the person went through and saved with `canary review --done`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedReview {
    pub reviewed_at: Timestamp,
    /// The period the review covered, local dates, inclusive.
    pub since: Date,
    pub until: Date,
    pub note: Option<String>,
}

/// Everything the person has told Canary that the plan uses.
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

/// The figures when the plan started, to show what changed since.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// Mean weekly hours over the 4 complete weeks before the start.
    pub hours: Option<f64>,
    /// Share of working time outside business hours.
    pub after_hours_share: Option<f64>,
    /// Sleep-window nights per week.
    pub sleep_nights: Option<f64>,
}

impl Baseline {
    /// The recent figures of a report.
    pub fn of(report: &Report) -> Baseline {
        Baseline {
            hours: report.trend.recent_hours,
            after_hours_share: report.trend.recent_after_hours_share,
            sleep_nights: report.trend.recent_sleep_nights,
        }
    }
}
