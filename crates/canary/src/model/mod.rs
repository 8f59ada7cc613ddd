//! The report model: everything `canary report` shows, as plain serialisable values, one file
//! per metric family.
//!
//! The terminal report, `canary report --json` and the dashboard all present the same
//! [`Report`], so they never disagree. Field names here are the JSON schema documented in
//! `docs/json.md`; renaming one is a breaking change for scripts.
//!
//! A leaf of the library: the model depends on [`crate::time`] (bands) and nothing else in the
//! crate. [`crate::metrics`] fill it in, [`crate::assessment`] adds the risk, and
//! [`crate::report`] assembles it (`crates/canary/src/layers.rs` checks the direction).

pub mod communication;
pub mod coverage;
pub mod instruments;
pub mod interruptions;
pub mod limits;
pub mod meetings;
pub mod report;
pub mod rest;
pub mod risk;
pub mod sleep;
pub mod trend;
pub mod vacations;
pub mod weeks;
pub mod worktime;

use serde::Serialize;

pub use communication::Communication;
pub use coverage::{Coverage, Excluded, HeldSource, SourceCoverage};
pub use instruments::{
    CbiSummary, Instruments, PartialAnswers, ScorePoint, SignsPoint, Who5Summary,
};
pub use interruptions::{BandCounts, Interruptions, PagesDetail, ServicePages};
pub use limits::LimitsSummary;
pub use meetings::Meetings;
pub use report::{Period, Report};
pub use rest::RestSummary;
pub use risk::{
    Basis, Indicator, Risk, RiskLevel, Stage, StageReason, StageReasonKind, Status, Tier,
};
pub use sleep::{SleepNight, SleepSummary};
pub use trend::Trend;
pub use vacations::{VacationPeriod, Vacations};
pub use weeks::{DayRow, WeekRow};
pub use worktime::{BandHours, Heatmap, PersonalTime, WorktimeSummary};

/// A pointer to an event behind a figure.
#[derive(Debug, Clone, Serialize)]
pub struct EventRef {
    pub local: String,
    pub kind: String,
    pub source: String,
}
