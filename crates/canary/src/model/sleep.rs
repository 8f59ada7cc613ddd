//! Nights with activity in the sleep window, with the events behind each.

use jiff::civil::Date;
use serde::Serialize;

use super::EventRef;

#[derive(Debug, Clone, Serialize)]
pub struct SleepSummary {
    /// Nights with activity inside the sleep window.
    pub nights: u32,
    /// Those nights, newest first, with the events behind each.
    pub recent: Vec<SleepNight>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SleepNight {
    /// The date the night's window started.
    pub night: Date,
    pub events: u32,
    /// Local times of the events, RFC 3339 with offset, and their kinds.
    pub samples: Vec<EventRef>,
}
