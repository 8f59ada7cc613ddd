//! "Is now inside my boundaries?": the band of an instant, until when it lasts, and the kind
//! nudges shown in the sleep window.
//!
//! Pure: "now" is passed in, the zone and boundaries come from the [`Classifier`]. The command
//! line turns a [`Status`] into one line and an exit status (`canary check`); git and shell
//! hooks print a [`nudge_for`] text when the band is [`Band::Sleep`].

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use serde::Serialize;

use super::{Band, Classifier};

/// How far ahead [`boundary_status`] looks for the end of the current band (band edges are
/// at most a few a day, so this covers a vacation of several months).
const MAX_STEPS: usize = 1_000;

/// Where "now" falls and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Status {
    pub band: Band,
    /// Local wall-clock time of "now".
    pub local: DateTime,
    /// The first instant at which the band changes, if within reach.
    pub until: Option<Timestamp>,
    /// `until` in local wall-clock time.
    pub until_local: Option<DateTime>,
}

/// The band of `now` and the instant it ends, by the person's declared boundaries.
pub fn boundary_status(classifier: &Classifier, now: Timestamp) -> Status {
    let placed = classifier.place(now, None);
    let mut t = now;
    let mut until = None;
    for _ in 0..MAX_STEPS {
        t = classifier.next_boundary(t, None);
        if classifier.place(t, None).band != placed.band {
            until = Some(t);
            break;
        }
    }
    Status {
        band: placed.band,
        local: placed.local,
        until,
        until_local: until.map(|u| classifier.local(u, None)),
    }
}

impl Status {
    /// Whether now is outside business hours.
    pub fn is_outside(&self) -> bool {
        self.band != Band::Business
    }

    /// "17:00" today, "Mon 08:00" within a week, "2026-12-01 08:00" beyond; empty when unknown.
    fn until_text(&self) -> String {
        let Some(u) = self.until_local else {
            return String::new();
        };
        let hm = u.strftime("%H:%M").to_string();
        let days = (u.date() - self.local.date()).get_days();
        let same_or_next_morning = u.date() == self.local.date()
            || (self.band == Band::Sleep && days == 1 && u.hour() < 12);
        if same_or_next_morning {
            format!(" until {hm}")
        } else if days < 7 {
            format!(" until {} {hm}", u.strftime("%a"))
        } else {
            format!(" until {} {hm}", u.date())
        }
    }

    /// One line saying where now falls, e.g. "inside your working hours until 17:00".
    pub fn line(&self) -> String {
        let until = self.until_text();
        match self.band {
            Band::Business => format!("inside your working hours{until}"),
            Band::OffHours => format!("outside your hours: off-hours{until}"),
            Band::NonWorkingDay => format!("outside your hours: a non-working day{until}"),
            Band::Vacation => format!("outside your hours: on vacation{until}"),
            Band::Sleep => format!("in your sleep window{until} — is this an emergency?"),
        }
    }
}

/// The nudges, in Canary's words: short, kind, never a scolding.
pub const NUDGES: &[&str] = &[
    "It's your sleep window. The work is saved; the rest can wait until morning.",
    "Is this a true emergency? If not, tomorrow-you will do it better and faster.",
    "You set this sleep window for a reason. Consider calling it a night.",
    "Nothing here gets easier at this hour. Write down where you are and stop.",
    "Late nights borrow from tomorrow's focus. Rest is part of the job.",
    "If someone else is on call, let them be on call. Get some sleep.",
    "Still here? That's worth noticing. Be kind to yourself and log off.",
];

/// The nudge for a local date: the same all day, a different one the next.
pub fn nudge_for(date: Date) -> &'static str {
    let i = (date.year() as i64 * 366 + date.day_of_year() as i64).rem_euclid(NUDGES.len() as i64);
    NUDGES[i as usize]
}

#[cfg(test)]
mod tests;
