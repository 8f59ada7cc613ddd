//! Support-network gaps: which kinds are missing and who or what has been neglected longest.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use crate::journal::{SupportEntry, SupportKind};

/// Days without contact after which an entry counts as neglected.
pub const NEGLECTED_DAYS: i64 = 30;

/// An entry and the days since it was last in touch.
#[derive(Debug, Clone, Serialize)]
pub struct Neglected {
    pub name: String,
    pub kind: SupportKind,
    pub days: i64,
}

/// The network at a glance.
#[derive(Debug, Clone, Serialize)]
pub struct SupportPicture {
    /// Every entry, neglected longest first.
    pub entries: Vec<Neglected>,
    /// The one neglected longest, when it is over [`NEGLECTED_DAYS`].
    pub neglected: Option<Neglected>,
    /// Kinds with no entry at all.
    pub missing: Vec<SupportKind>,
}

/// Days from an instant's local date to `today` (never negative).
pub fn days_since(t: jiff::Timestamp, today: Date, zone: &TimeZone) -> i64 {
    let d = t.to_zoned(zone.clone()).date();
    (today - d).get_days().max(0) as i64
}

pub fn picture(entries: &[SupportEntry], today: Date, zone: &TimeZone) -> SupportPicture {
    let mut all: Vec<Neglected> = entries
        .iter()
        .map(|e| Neglected {
            name: e.name.clone(),
            kind: e.kind,
            days: days_since(e.last_seen(), today, zone),
        })
        .collect();
    all.sort_by(|a, b| b.days.cmp(&a.days).then(a.name.cmp(&b.name)));
    let neglected = all.first().filter(|n| n.days >= NEGLECTED_DAYS).cloned();
    let missing = SupportKind::ALL
        .into_iter()
        .filter(|k| !entries.iter().any(|e| e.kind == *k))
        .collect();
    SupportPicture {
        entries: all,
        neglected,
        missing,
    }
}
