//! The plan's progress as the person records it: actions done, agreements with the manager,
//! saved monthly reviews, and the profile (plan start, baseline figures, fund and résumé).

use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

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
    /// Whether any figure was measured: a baseline without one compares nothing and is
    /// never kept.
    pub fn has_figures(&self) -> bool {
        self.hours.is_some() || self.after_hours_share.is_some() || self.sleep_nights.is_some()
    }
}
