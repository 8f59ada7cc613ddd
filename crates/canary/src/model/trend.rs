//! The recent weeks against the weeks before them.

use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Trend {
    /// Mean weekly hours over the last 4 weeks and over the 8 weeks before them.
    pub recent_hours: Option<f64>,
    pub earlier_hours: Option<f64>,
    pub recent_after_hours_share: Option<f64>,
    pub earlier_after_hours_share: Option<f64>,
    pub recent_sleep_nights: Option<f64>,
    pub earlier_sleep_nights: Option<f64>,
    /// Figures that rose past the thresholds in docs/method.md.
    pub rising: Vec<String>,
}
