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
    /// Imported sources whose events all lie before or after the period: never silently
    /// absent, the report names each with its dates (empty when the store was not asked).
    pub outside_period: Vec<HeldSource>,
}

/// What one source holds in the store, over all time: its events and first and last local day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeldSource {
    pub source: String,
    pub events: u64,
    pub first: Date,
    pub last: Date,
}

impl Coverage {
    /// Whether an imported source of this name lies outside the period.
    pub fn outside(&self, source: &str) -> Option<&HeldSource> {
        self.outside_period.iter().find(|h| h.source == source)
    }
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
