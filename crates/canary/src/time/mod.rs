//! Time as the person lives it: turning instants into local clock time in their zone, and
//! sorting every instant into a [`Band`] by the boundaries they declared.
//!
//! Pure: nothing here reads the clock or the machine's zone; the zone comes from
//! [`crate::settings::lookup_zone`] and "now" is always passed in.

mod bands;
mod status;

pub use bands::{Band, Classifier, Placed};
pub use status::{NUDGES, Status, boundary_status, nudge_for};

use jiff::Timestamp;

/// The earliest instant metrics accept: anything before 1990 is an impossible date.
pub fn earliest_plausible() -> Timestamp {
    Timestamp::from_second(631_152_000).expect("1990-01-01 is a valid timestamp")
}

/// Why an event is kept out of the metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Implausible {
    /// Dated before 1990.
    BeforeEarliest,
    /// Dated after "now".
    InFuture,
}

/// Check an instant against the plausible range `[1990, now]`.
pub fn plausibility(ts: Timestamp, now: Timestamp) -> Option<Implausible> {
    if ts < earliest_plausible() {
        Some(Implausible::BeforeEarliest)
    } else if ts > now {
        Some(Implausible::InFuture)
    } else {
        None
    }
}
