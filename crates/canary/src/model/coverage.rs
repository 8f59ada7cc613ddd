//! How much of the period the sources cover, and the events kept out of the figures.

use jiff::civil::Date;
use serde::Serialize;

use super::EventRef;

#[derive(Debug, Clone, Serialize)]
pub struct Coverage {
    /// Days in the period with at least one event from any source.
    pub covered_days: u32,
    pub period_days: u32,
    /// 0–1, grows with covered days; see docs/method.md.
    pub confidence: f64,
    /// Whether there is enough data for a verdict.
    pub enough_for_verdict: bool,
    pub sources: Vec<SourceCoverage>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceCoverage {
    pub source: String,
    pub events: u64,
    pub days: u32,
    pub first: Option<Date>,
    pub last: Option<Date>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Excluded {
    pub before_1990: u64,
    pub in_future: u64,
    /// A few examples, as UTC RFC 3339 with their source.
    pub samples: Vec<EventRef>,
}
