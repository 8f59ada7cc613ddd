//! When the person is on call: declared periods and a repeating rotation (one week in four,
//! say). Pages while on call are the job; pages while *not* on call mean someone reaches past
//! the rotation to the person everyone calls — the article's "indispensable employee".
//!
//! ```toml
//! [oncall]
//! periods = [{ start = "2026-12-21", end = "2026-12-27" }]
//! rotation = { first = "2026-01-05", every_weeks = 4, days = 7 }
//! ```
//!
//! Dates are workdays (a page at 03:00 belongs to the workday before, by the day boundary).
//! A rotation repeats both ways from `first`, which may be any first day of one stint.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::Vacation;

/// A repeating rotation: on call for `days` days, every `every_weeks` weeks, in step with
/// `first`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    pub first: Date,
    pub every_weeks: u32,
    pub days: u32,
}

impl Rotation {
    /// Whether `date` falls in one of the rotation's stints.
    pub fn covers(&self, date: Date) -> bool {
        let cycle = i64::from(self.every_weeks) * 7;
        if cycle == 0 {
            return false;
        }
        let since = i64::from((date - self.first).get_days());
        since.rem_euclid(cycle) < i64::from(self.days)
    }

    /// Parse `FIRST/EVERY_WEEKS/DAYS`, e.g. `2026-01-05/4/7`.
    pub fn parse(s: &str) -> Result<Rotation, String> {
        let bad = || format!("{s}: write it as FIRST-DAY/EVERY-N-WEEKS/DAYS, e.g. 2026-01-05/4/7");
        let mut parts = s.trim().split('/');
        let (Some(first), Some(every), Some(days), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(bad());
        };
        let r = Rotation {
            first: first.trim().parse().map_err(|_| bad())?,
            every_weeks: every.trim().parse().map_err(|_| bad())?,
            days: days.trim().parse().map_err(|_| bad())?,
        };
        r.check()?;
        Ok(r)
    }

    /// The rotation's numbers make sense: a cycle of 1 to 52 weeks, stints of 1 day up to the
    /// whole cycle.
    pub fn check(&self) -> Result<(), String> {
        if !(1..=52).contains(&self.every_weeks) {
            return Err(format!(
                "every_weeks must be 1 to 52, not {}",
                self.every_weeks
            ));
        }
        if self.days == 0 || self.days > self.every_weeks * 7 {
            return Err(format!(
                "days must be 1 to {} (the whole cycle), not {}",
                self.every_weeks * 7,
                self.days
            ));
        }
        Ok(())
    }
}

/// The person's on-call duty: declared periods, a rotation, or both.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OnCall {
    pub periods: Vec<Vacation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rotation: Option<Rotation>,
}

impl OnCall {
    /// Whether anything was declared: without it, Canary cannot tell on call from not.
    pub fn declared(&self) -> bool {
        !self.periods.is_empty() || self.rotation.is_some()
    }

    /// Whether the person is on call on the workday `date`.
    pub fn on_call(&self, date: Date) -> bool {
        self.periods
            .iter()
            .any(|p| p.start <= date && date <= p.end)
            || self.rotation.is_some_and(|r| r.covers(date))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_week_in_four_repeats_both_ways() {
        let r = Rotation::parse("2026-01-05/4/7").unwrap();
        // The first stint: Monday 5 to Sunday 11 January.
        assert!(r.covers(d("2026-01-05")) && r.covers(d("2026-01-11")));
        assert!(!r.covers(d("2026-01-12")) && !r.covers(d("2026-02-01")));
        // Four weeks later, and four weeks before.
        assert!(r.covers(d("2026-02-02")) && r.covers(d("2026-02-08")));
        assert!(r.covers(d("2025-12-08")) && !r.covers(d("2025-12-15")));
        // Across a year and a DST change the count is in days, so the cycle holds: 2026-11-23
        // is 322 days after 2026-01-05, 322 = 11 × 28 + 14 → not on call; 2026-11-09 is.
        assert!(!r.covers(d("2026-11-23")));
        assert!(r.covers(d("2026-11-09")));
    }

    #[test]
    fn periods_and_rotation_together() {
        let oc = OnCall {
            periods: vec![Vacation {
                start: d("2026-12-24"),
                end: d("2026-12-26"),
            }],
            rotation: Some(Rotation::parse("2026-01-05/4/7").unwrap()),
        };
        assert!(oc.declared());
        assert!(oc.on_call(d("2026-12-25")));
        assert!(oc.on_call(d("2026-01-06")));
        assert!(!oc.on_call(d("2026-01-20")));
        assert!(!OnCall::default().declared());
        assert!(!OnCall::default().on_call(d("2026-01-06")));
    }

    #[test]
    fn bad_rotations_are_refused_with_the_reason() {
        for s in [
            "2026-01-05/0/7",
            "2026-01-05/1/8",
            "2026-01-05/4/0",
            "2026-01-05/4",
            "x/4/7",
        ] {
            assert!(Rotation::parse(s).is_err(), "{s}");
        }
        assert!(
            Rotation::parse("2026-01-05/1/7").is_ok(),
            "always on call is allowed"
        );
    }

    proptest! {
        /// In any window of one cycle, exactly `days` dates are covered, wherever it starts.
        #[test]
        fn every_cycle_has_its_days(every in 1u32..8, days_frac in 0.0f64..1.0, offset in -2000i32..2000) {
            let days = ((f64::from(every * 7) * days_frac) as u32).max(1);
            let r = Rotation { first: d("2026-01-05"), every_weeks: every, days };
            let start = d("2026-01-05").checked_add(jiff::Span::new().days(offset)).unwrap();
            let covered = (0..every * 7)
                .filter(|k| r.covers(start.checked_add(jiff::Span::new().days(*k)).unwrap()))
                .count();
            prop_assert_eq!(covered as u32, days);
        }
    }
}
