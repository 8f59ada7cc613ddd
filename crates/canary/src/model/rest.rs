//! Rest between workdays, streaks of days with activity and weekends off.

use jiff::civil::Date;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct RestSummary {
    /// Shortest rest between the last activity of one workday and the first of the next, hours.
    pub shortest_rest_hours: Option<f64>,
    /// The workday after that shortest rest.
    pub shortest_rest_before: Option<Date>,
    /// Rests shorter than 11 hours (EU Working Time Directive, Art. 3).
    pub short_rests: u32,
    /// Longest run of consecutive days with activity (no day off).
    pub longest_streak_days: u32,
    pub longest_streak_end: Option<Date>,
    /// The run of days with activity up to "now".
    pub current_streak_days: u32,
    /// Days since the last Saturday–Sunday with no activity at all; `None` when none in data.
    pub days_since_full_weekend_off: Option<u32>,
    pub last_full_weekend_off: Option<Date>,
}
