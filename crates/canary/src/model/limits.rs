//! Weekly hours against the declared maximum and the EU Working Time Directive's average.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct LimitsSummary {
    pub max_weekly_hours: f64,
    /// Weeks above the declared maximum.
    pub weeks_over_max: u32,
    /// Weeks above 50 hours.
    pub weeks_over_50: u32,
    /// Average weekly hours over the last 17 weeks (EU reference period); `None` with fewer
    /// than 17 weeks of data.
    pub avg_17_weeks: Option<f64>,
    /// Whether that average is above 48 hours.
    pub over_48_average: bool,
}
