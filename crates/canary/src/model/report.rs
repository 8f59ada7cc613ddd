//! The whole report and its period: the top of the model, holding every family below.

use jiff::Timestamp;
use jiff::civil::Date;
use serde::Serialize;

use super::communication::Communication;
use super::coverage::{Coverage, Excluded};
use super::instruments::Instruments;
use super::interruptions::Interruptions;
use super::limits::LimitsSummary;
use super::meetings::Meetings;
use super::rest::RestSummary;
use super::risk::Risk;
use super::sleep::SleepSummary;
use super::trend::Trend;
use super::vacations::Vacations;
use super::weeks::{DayRow, WeekRow};
use super::worktime::{Heatmap, PersonalTime, WorktimeSummary};

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Schema version of this JSON; bumped on breaking changes.
    pub schema: u32,
    /// The "now" the report was computed for.
    pub generated_at: Timestamp,
    pub timezone: String,
    /// The period measured, inclusive dates in local time.
    pub period: Period,
    pub risk: Risk,
    /// One row per ISO week in the period, oldest first.
    pub weeks: Vec<WeekRow>,
    /// Per-day figures (workdays by the day boundary), oldest first.
    pub days: Vec<DayRow>,
    /// Activity counts by weekday (0 = Monday) and hour of the day, local time.
    pub heatmap: Heatmap,
    pub worktime: WorktimeSummary,
    /// Personal time by the person's own rules: never part of `worktime` or any indicator.
    pub personal: PersonalTime,
    pub rest: RestSummary,
    pub sleep: SleepSummary,
    pub limits: LimitsSummary,
    pub trend: Trend,
    pub coverage: Coverage,
    /// Events kept out of the metrics because their dates are impossible.
    pub excluded: Excluded,
    pub communication: Communication,
    pub meetings: Meetings,
    pub interruptions: Interruptions,
    pub vacations: Vacations,
    /// The latest questionnaire scores, shown beside the level (never inside it).
    pub instruments: Instruments,
    /// When the latest answers point to crisis: a plain, kind message to talk to a
    /// professional. `None` otherwise.
    pub crisis: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Period {
    pub since: Date,
    pub until: Date,
    pub days: u32,
}
