//! Assembling the report: run every metric over the events of a period and put the figures,
//! the risk assessment and the evidence into one [`Report`].
//!
//! Pure: events, settings and "now" come in; a value comes out.

pub mod model;

use std::collections::HashSet;

use jiff::Timestamp;
use jiff::civil::Date;

pub use model::*;

use crate::event::Event;
use crate::settings::Settings;

/// The JSON schema version of [`Report`].
pub const SCHEMA: u32 = 1;

/// What a report is computed from.
#[derive(Debug, Clone)]
pub struct ReportInput<'a> {
    /// All events that may matter, in any order (the builder filters by period and plausibility).
    pub events: &'a [Event],
    pub settings: &'a Settings,
    /// The instant the report is for; events after it are "in the future".
    pub now: Timestamp,
    /// Hashes of the person's identities (see [`crate::privacy`]): an event whose `actor` is
    /// one of these is theirs, as is every event with no actor.
    pub my_actors: &'a HashSet<String>,
    /// First and last local date of the period (inclusive). Defaults: the last `weeks` ISO
    /// weeks up to "now".
    pub since: Option<Date>,
    pub until: Option<Date>,
    /// Number of weeks when `since` is not given (default 26).
    pub weeks: Option<u32>,
}
