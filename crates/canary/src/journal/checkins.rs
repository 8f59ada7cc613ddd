//! Check-ins: the one-minute answers on stress, sleep and habits (`canary checkin`, the
//! dashboard's form), as the journal keeps them.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// One quick check-in. Stress and sleep 1–5 (stress: 1 calm … 5 very stressed; sleep: 1 poor
/// … 5 great); exercise, time with people and a hobby: yes or no. Any may be left out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Checkin {
    pub taken_at: Option<Timestamp>,
    pub stress: Option<u8>,
    pub sleep: Option<u8>,
    pub exercise: Option<bool>,
    pub social: Option<bool>,
    pub hobby: Option<bool>,
    pub note: Option<String>,
}

impl Checkin {
    /// Whether nothing was answered (a note alone is not a check-in).
    pub fn is_empty(&self) -> bool {
        self.stress.is_none()
            && self.sleep.is_none()
            && self.exercise.is_none()
            && self.social.is_none()
            && self.hobby.is_none()
    }
}
