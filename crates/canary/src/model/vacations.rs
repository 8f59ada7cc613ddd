//! Time away and the work done in it.

use jiff::civil::Date;
use serde::Serialize;

/// Time away and the work done in it.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Vacations {
    pub periods: Vec<VacationPeriod>,
}

/// One stretch of vacation days.
#[derive(Debug, Clone, Serialize)]
pub struct VacationPeriod {
    pub start: Date,
    pub end: Date,
    pub days: u32,
    /// `declared` (settings or out-of-office in a calendar) or `detected` (3+ working days
    /// without any activity amid otherwise well-covered days).
    pub origin: String,
    /// Days with any activity, and the hours worked, inside the period.
    pub days_worked: u32,
    pub hours_worked: f64,
}
