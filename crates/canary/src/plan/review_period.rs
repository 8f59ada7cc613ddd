//! Which days a monthly review looks at, and when the next one is due.
//!
//! The period under review runs from the day after the last saved review up to today; with no
//! saved review it is the last four complete ISO weeks, and `--since` sets its first day. A
//! review saved under [`MIN_DAYS`] ago is shown again over the period it covered, so reading it
//! back right after `canary review --done` gives the same review. The period it is compared
//! with is the same number of days just before it. A review is due [`CADENCE_DAYS`] after the
//! last one. Pure: the journal, the zone and today come in.

use jiff::ToSpan;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::journal::Journal;
use crate::metrics::period;

/// Days from one review to the next: the monthly practice.
pub const CADENCE_DAYS: i64 = 30;
/// A period since the last review shorter than this is not a month to look back on.
pub const MIN_DAYS: i64 = 7;
/// Days before the due date from which the review counts as due.
pub const DUE_SOON_DAYS: i64 = 3;
/// Complete weeks looked at when no review has been saved.
pub const DEFAULT_WEEKS: u32 = 4;

/// A run of local dates, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Window {
    pub since: Date,
    pub until: Date,
    pub days: i64,
}

impl Window {
    pub fn new(since: Date, until: Date) -> Window {
        let days = (until - since).get_days() as i64 + 1;
        Window { since, until, days }
    }

    pub fn contains(&self, d: Date) -> bool {
        self.since <= d && d <= self.until
    }

    /// The same number of days just before this window.
    pub fn before(&self) -> Window {
        let until = self.since.yesterday().unwrap_or(self.since);
        let since = until
            .checked_sub((self.days - 1).days())
            .unwrap_or(Date::MIN);
        Window::new(since, until)
    }
}

/// Why the period is what it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// From the day after the last saved review to today.
    SinceLastReview,
    /// The last review was saved under [`MIN_DAYS`] ago: the period it covered.
    LastReviewAgain,
    /// The first day was given (`--since`).
    Asked,
    /// No review saved yet: the last four complete weeks.
    LastFourWeeks,
}

/// The period under review and the one it is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Periods {
    pub current: Window,
    pub previous: Window,
    pub basis: Basis,
    /// The local date of the last saved review.
    pub last_review: Option<Date>,
}

/// The last [`DEFAULT_WEEKS`] complete ISO weeks before today's week (see
/// [`crate::metrics::period::last_complete_weeks`]).
pub fn last_complete_weeks(today: Date) -> Window {
    let (since, until) = period::last_complete_weeks(today, DEFAULT_WEEKS);
    Window::new(since, until)
}

/// Choose the periods. `since` is the `--since` date (clamped to today).
pub fn periods(journal: &Journal, zone: &TimeZone, today: Date, since: Option<Date>) -> Periods {
    let last = journal.last_review(zone);
    let last_review = last.map(|(_, d)| d);
    let (current, basis) = match (since, last) {
        (Some(s), _) => (Window::new(s.min(today), today), Basis::Asked),
        (None, Some((_, on))) if (today - on).get_days() as i64 >= MIN_DAYS => {
            let from = on.tomorrow().unwrap_or(on);
            (Window::new(from, today), Basis::SinceLastReview)
        }
        (None, Some((r, _))) if r.since <= r.until => {
            (Window::new(r.since, r.until), Basis::LastReviewAgain)
        }
        _ => (last_complete_weeks(today), Basis::LastFourWeeks),
    };
    Periods {
        current,
        previous: current.before(),
        basis,
        last_review,
    }
}

/// Where the monthly review stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DueStatus {
    /// No review saved yet.
    None,
    /// The next one is more than [`DUE_SOON_DAYS`] away.
    Upcoming,
    /// Within [`DUE_SOON_DAYS`] of the due date, or on it.
    Due,
    /// Past the due date.
    Overdue,
}

/// The last review, the next due date and the status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Due {
    pub last: Option<Date>,
    pub next: Option<Date>,
    pub status: DueStatus,
    /// Days past the due date when overdue.
    pub overdue_days: Option<i64>,
}

pub fn due(journal: &Journal, zone: &TimeZone, today: Date) -> Due {
    let Some((_, last)) = journal.last_review(zone) else {
        return Due {
            last: None,
            next: None,
            status: DueStatus::None,
            overdue_days: None,
        };
    };
    let next = last.checked_add(CADENCE_DAYS.days()).unwrap_or(Date::MAX);
    let left = (next - today).get_days() as i64;
    let status = if left < 0 {
        DueStatus::Overdue
    } else if left <= DUE_SOON_DAYS {
        DueStatus::Due
    } else {
        DueStatus::Upcoming
    };
    Due {
        last: Some(last),
        next: Some(next),
        status,
        overdue_days: (left < 0).then_some(-left),
    }
}

/// The due line in words, for the plan and the review.
pub fn due_words(d: &Due) -> String {
    match (d.last, d.next, d.status) {
        (Some(last), Some(next), DueStatus::Upcoming) => {
            format!("Last review on {last}; next due {next}.")
        }
        (Some(last), Some(next), DueStatus::Due) => format!(
            "Last review on {last}; next due {next} — **due**: run `canary review`, then save it with `canary review --done`."
        ),
        (Some(last), Some(next), DueStatus::Overdue) => format!(
            "Last review on {last}; next due {next} — **overdue** by {}: run `canary review`, then save it with `canary review --done`.",
            crate::words::count(d.overdue_days.unwrap_or(0), "day")
        ),
        _ => "No monthly review saved yet. `canary review` sets this month beside the one before; save it with `canary review --done`.".to_string(),
    }
}
