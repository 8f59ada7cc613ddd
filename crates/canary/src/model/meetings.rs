//! Meetings from calendars: hours, outside hours, back-to-back chains, lunch breaks.

use serde::Serialize;

/// Meetings from calendars.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Meetings {
    pub measured: bool,
    pub count: u32,
    pub hours: f64,
    /// Meetings starting outside business hours.
    pub outside_hours: u32,
    /// Runs of at least three meetings with under five minutes between them.
    pub back_to_back_chains: u32,
    pub longest_chain: u32,
    /// Working days whose activity left no 30-minute break between 11:30 and 14:00.
    pub days_without_lunch_break: u32,
}
