//! One row per ISO week and per workday: the figures the charts, limits and trends read.

use jiff::civil::Date;
use serde::Serialize;

use super::interruptions::BandCounts;
use super::worktime::BandHours;

/// One ISO week.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WeekRow {
    /// ISO week, `YYYY-Www`.
    pub week: String,
    /// The Monday of the week.
    pub start: Date,
    /// Whether the week is complete: wholly inside the period and over before today (see
    /// [`crate::metrics::period::is_complete_week`]). Limits, trends, the checklist and the
    /// plan look only at complete weeks.
    pub complete: bool,
    /// Estimated working hours.
    pub hours: f64,
    /// Hours per band.
    pub by_band: BandHours,
    /// Share of the hours outside business hours (0–1); 0 when no hours.
    pub after_hours_share: f64,
    /// Nights (by the date their window started) with any activity in the sleep window.
    pub sleep_nights: u32,
    /// Saturdays and Sundays (and other non-working days) with any activity.
    pub days_off_worked: u32,
    /// Whether `hours` is above the declared maximum.
    pub over_max: bool,
    /// Days of this week covered by at least one source.
    pub covered_days: u32,
    /// Days of this week seen by a continuous source (shell, ActivityWatch, calendar,
    /// on-call; see docs/method.md).
    pub continuous_days: u32,
    /// Whether `hours` come from sparse sources alone (commits, sent mail): a lower bound,
    /// shown as "at least".
    pub hours_at_least: bool,
    /// Events in the week.
    pub events: u64,
    /// Days off with activity other than emergency on-call work.
    pub days_off_worked_non_emergency: u32,
    /// Days with mail sent before work or after dinner.
    pub mail_outside_hours_days: u32,
    pub meeting_hours: f64,
    pub pages: u32,
    /// Non-emergency pages outside business hours.
    pub pages_personal_time: u32,
    /// Pages per band in the week.
    pub pages_by_band: BandCounts,
    /// Pages in the week that meet the emergency rules (the rest are `pages - pages_emergency`).
    pub pages_emergency: u32,
    /// Pages in the week on workdays the person was not on call (0 unless on-call duty is
    /// declared).
    pub pages_off_rotation: u32,
    pub engaged_hours: f64,
}

/// One workday.
#[derive(Debug, Clone, Serialize)]
pub struct DayRow {
    pub date: Date,
    pub hours: f64,
    pub by_band: BandHours,
    /// First and last activity, local RFC 3339 with offset.
    pub first: Option<String>,
    pub last: Option<String>,
    pub events: u64,
    pub working_day: bool,
    pub vacation: bool,
}
