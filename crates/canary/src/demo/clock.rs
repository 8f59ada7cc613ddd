//! Local days for the generators: wall-clock seconds after a local midnight turned into UTC
//! seconds, DST-correct, and cheap enough to call for every one of a million events.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// Seconds after local midnight of a clock time; `h` may pass 24 for the small hours that
/// belong to a day's night.
pub(crate) const fn hm(h: i64, m: i64) -> i64 {
    h * 3600 + m * 60
}

/// A zone from the bundled database, so the demo is the same on every machine.
pub(crate) fn zone(name: &str) -> TimeZone {
    crate::settings::lookup_zone(name).expect("the demo uses known IANA zones")
}

/// One local day in a zone.
#[derive(Debug, Clone)]
pub(crate) struct DayClock {
    zone: TimeZone,
    date: Date,
    /// UTC seconds of local midnight.
    midnight: i64,
    /// The offset does not change from midnight until 36 hours later, so local seconds are
    /// plain additions to `midnight`.
    steady: bool,
}

impl DayClock {
    pub(crate) fn new(zone: &TimeZone, date: Date) -> DayClock {
        let midnight = zone
            .to_ambiguous_timestamp(date.to_datetime(Time::midnight()))
            .compatible()
            .expect("demo dates are in jiff's range")
            .as_second();
        let offset_at =
            |s: i64| zone.to_offset(Timestamp::from_second(s).expect("demo dates are in range"));
        let steady = offset_at(midnight) == offset_at(midnight + hm(36, 0));
        DayClock {
            zone: zone.clone(),
            date,
            midnight,
            steady,
        }
    }

    pub(crate) fn date(&self) -> Date {
        self.date
    }

    /// UTC seconds of a local clock time given as seconds after this day's midnight (up to 36
    /// hours). A time skipped by the spring change moves forward, as calendars do.
    pub(crate) fn at(&self, local_secs: i64) -> i64 {
        if self.steady {
            return self.midnight + local_secs;
        }
        self.date
            .to_datetime(Time::midnight())
            .checked_add(SignedDuration::from_secs(local_secs))
            .and_then(|dt| self.zone.to_ambiguous_timestamp(dt).compatible())
            .map(jiff::Timestamp::as_second)
            .unwrap_or(self.midnight + local_secs)
    }

    /// UTC seconds of the next local midnight (23, 24 or 25 hours later).
    pub(crate) fn next_midnight(&self) -> i64 {
        self.at(hm(24, 0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_around_the_autumn_change_have_the_right_length() {
        let berlin = zone("Europe/Berlin");
        let day = |s: &str| DayClock::new(&berlin, s.parse().unwrap());
        let change = day("2026-10-25");
        assert_eq!(change.next_midnight() - change.at(0), 25 * 3600);
        // 10:00 local is 09:00 UTC after the change, 08:00 UTC the day before.
        assert_eq!(change.at(hm(10, 0)) % 86_400, 9 * 3600);
        assert_eq!(day("2026-10-24").at(hm(10, 0)) % 86_400, 8 * 3600);
        // A night running past midnight into the change keeps wall-clock meaning.
        let eve = day("2026-10-24");
        assert_eq!(eve.at(hm(27, 30)) % 86_400, 2 * 3600 + 1800);
        let spring = day("2026-03-29");
        assert_eq!(spring.next_midnight() - spring.at(0), 23 * 3600);
    }
}
