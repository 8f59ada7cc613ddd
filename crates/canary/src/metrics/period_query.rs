//! What a person types to choose a period — `--weeks 12`, `--since 2026-03`, `--until
//! 2026-W14`, `--since 3m`, `--all` — and the one place it becomes a [`PeriodSpec`] of dates.
//!
//! ```text
//! today = Mon 2026-12-07
//!   --since 2026-03      → 2026-03-01        --until 2026-03      → 2026-03-31
//!   --since 2026-W14     → Mon 2026-03-30    --until 2026-W14     → Sun 2026-04-05
//!   --since 2026         → 2026-01-01        --until 2026         → 2026-12-31
//!   --since 2w           → 2026-11-23        --until 1m           → 2026-11-07
//!   --all                → first imported day … today
//! ```
//!
//! Every front end (report, events, plan, review, `team share`, the dashboard's URL) parses
//! with [`PeriodBound`]'s `FromStr` and resolves with [`PeriodQuery::resolve`], so the forms
//! and the limits are the same everywhere. Pure: "today" and the data's range are passed in.

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, ISOWeekDate, Weekday};

use super::period::{PeriodSpec, add_days};

/// The earliest day a period may start: events before 1990 are implausible
/// ([`crate::time::earliest_plausible`]), so nothing before it can be measured.
pub const EARLIEST_DAY: Date = jiff::civil::date(1990, 1, 1);

/// How far past today a period may reach: a year (a planned vacation, say). Further is a typo
/// (`9999-12-27`), refused rather than computed.
pub const MAX_DAYS_AHEAD: i64 = 366;

/// The most weeks `--weeks` takes: back to [`EARLIEST_DAY`] and a little more.
pub const MAX_WEEKS: u32 = 2_000;

/// One end of a period as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodBound {
    /// `YYYY-MM-DD`.
    Day(Date),
    /// `YYYY-MM`: its first day as a start, its last as an end.
    Month { year: i16, month: i8 },
    /// `YYYY-Www`: its Monday as a start, its Sunday as an end.
    Week { year: i16, week: i8 },
    /// `YYYY`: the first or the last day of the year.
    Year(i16),
    /// `Nd`, `Nw`, `Nm`, `Ny`: that long before today.
    Ago { count: u32, unit: AgoUnit },
}

/// The unit of a relative bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgoUnit {
    Days,
    Weeks,
    Months,
    Years,
}

/// Why a period cannot be resolved.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error(
        "`{0}` is not a day: write YYYY-MM-DD, YYYY-MM, YYYY-Www, YYYY, or a time ago such as 10d, 2w, 3m, 1y"
    )]
    Unparsable(String),
    #[error("{which} {day} is before {EARLIEST_DAY}, the earliest day Canary measures")]
    TooEarly { which: &'static str, day: Date },
    #[error(
        "{which} {day} is more than a year after today ({today}); periods may reach at most {MAX_DAYS_AHEAD} days ahead"
    )]
    TooLate {
        which: &'static str,
        day: Date,
        today: Date,
    },
    #[error("--weeks {0} is more than {MAX_WEEKS} weeks")]
    TooManyWeeks(u32),
    #[error("--weeks 0: a period holds at least one week")]
    ZeroWeeks,
}

impl FromStr for PeriodBound {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<PeriodBound, PeriodError> {
        let bad = || PeriodError::Unparsable(s.to_string());
        let t = s.trim();
        if let Some(unit) = t.chars().last().and_then(AgoUnit::from_suffix) {
            let digits = &t[..t.len() - 1];
            if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
                let count = digits.parse().map_err(|_| bad())?;
                return Ok(PeriodBound::Ago { count, unit });
            }
            return Err(bad());
        }
        let num = |p: &str, len: usize| -> Result<i64, PeriodError> {
            if p.len() == len && p.bytes().all(|b| b.is_ascii_digit()) {
                p.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let parts: Vec<&str> = t.split('-').collect();
        match parts.as_slice() {
            [y] => Ok(PeriodBound::Year(year(num(y, 4)?).ok_or_else(bad)?)),
            [y, w] if w.starts_with(['W', 'w']) => {
                let (year, week) = (num(y, 4)?, num(&w[1..], 2)?);
                let (year, week) = (year as i16, week as i8);
                ISOWeekDate::new(year, week, Weekday::Monday).map_err(|_| bad())?;
                Ok(PeriodBound::Week { year, week })
            }
            [y, m] => {
                let (year, month) = (num(y, 4)? as i16, num(m, 2)? as i8);
                Date::new(year, month, 1).map_err(|_| bad())?;
                Ok(PeriodBound::Month { year, month })
            }
            [_, _, _] => t.parse::<Date>().map(PeriodBound::Day).map_err(|_| bad()),
            _ => Err(bad()),
        }
    }
}

fn year(y: i64) -> Option<i16> {
    (1..=9999).contains(&y).then_some(y as i16)
}

impl AgoUnit {
    fn from_suffix(c: char) -> Option<AgoUnit> {
        match c {
            'd' | 'D' => Some(AgoUnit::Days),
            'w' | 'W' => Some(AgoUnit::Weeks),
            'm' | 'M' => Some(AgoUnit::Months),
            'y' | 'Y' => Some(AgoUnit::Years),
            _ => None,
        }
    }

    fn suffix(self) -> char {
        match self {
            AgoUnit::Days => 'd',
            AgoUnit::Weeks => 'w',
            AgoUnit::Months => 'm',
            AgoUnit::Years => 'y',
        }
    }
}

impl fmt::Display for PeriodBound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            PeriodBound::Day(d) => write!(f, "{d}"),
            PeriodBound::Month { year, month } => write!(f, "{year:04}-{month:02}"),
            PeriodBound::Week { year, week } => write!(f, "{year:04}-W{week:02}"),
            PeriodBound::Year(y) => write!(f, "{y:04}"),
            PeriodBound::Ago { count, unit } => write!(f, "{count}{}", unit.suffix()),
        }
    }
}

/// Which end of the period a bound is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    Start,
    Finish,
}

impl PeriodBound {
    /// The day this bound names as a start (its first day) or an end (its last day).
    /// Saturates at the calendar's range rather than failing; the limits are checked after.
    pub fn day(&self, end: End, today: Date) -> Date {
        let first_or_last = |first: Date, last: Date| match end {
            End::Start => first,
            End::Finish => last,
        };
        match *self {
            PeriodBound::Day(d) => d,
            PeriodBound::Month { year, month } => {
                let first = Date::new(year, month, 1).unwrap_or(today);
                first_or_last(first, first.last_of_month())
            }
            PeriodBound::Week { year, week } => {
                let monday = ISOWeekDate::new(year, week, Weekday::Monday)
                    .map(jiff::civil::ISOWeekDate::date)
                    .unwrap_or(today);
                first_or_last(monday, add_days(monday, 6))
            }
            PeriodBound::Year(y) => {
                let first = Date::new(y, 1, 1).unwrap_or(today);
                first_or_last(first, first.last_of_year())
            }
            PeriodBound::Ago { count, unit } => {
                let n = i64::from(count.min(100_000));
                let span = match unit {
                    AgoUnit::Days => jiff::Span::new().try_days(n),
                    AgoUnit::Weeks => jiff::Span::new().try_weeks(n),
                    AgoUnit::Months => jiff::Span::new().try_months(n),
                    AgoUnit::Years => jiff::Span::new().try_years(n),
                };
                span.ok()
                    .and_then(|s| today.checked_sub(s).ok())
                    .unwrap_or(EARLIEST_DAY)
            }
        }
    }
}

/// The period a person asked for, as typed: the one input type of every front end.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PeriodQuery {
    pub weeks: Option<u32>,
    pub since: Option<PeriodBound>,
    pub until: Option<PeriodBound>,
    /// From the first imported day to today.
    pub all: bool,
}

impl PeriodQuery {
    /// The dates this query names, given today and the first and last day of the imported
    /// data (needed only for `all`). Bounds out of order are swapped; a bound before
    /// [`EARLIEST_DAY`] or more than [`MAX_DAYS_AHEAD`] days after today is refused.
    pub fn resolve(
        &self,
        today: Date,
        data: Option<(Date, Date)>,
    ) -> Result<PeriodSpec, PeriodError> {
        if let Some(w) = self.weeks {
            if w == 0 {
                return Err(PeriodError::ZeroWeeks);
            }
            if w > MAX_WEEKS {
                return Err(PeriodError::TooManyWeeks(w));
            }
        }
        let latest = add_days(today, MAX_DAYS_AHEAD);
        let check = |which: &'static str, day: Date| {
            if day < EARLIEST_DAY {
                Err(PeriodError::TooEarly { which, day })
            } else if day > latest {
                Err(PeriodError::TooLate { which, day, today })
            } else {
                Ok(day)
            }
        };
        if self.all {
            let (first, last) = data.unwrap_or((today, today));
            let since = first.max(EARLIEST_DAY);
            let until = last.max(today).min(latest);
            return Ok(PeriodSpec::between(since.min(until), until));
        }
        let since = self
            .since
            .map(|b| check("--since", b.day(End::Start, today)))
            .transpose()?;
        let until = self
            .until
            .map(|b| check("--until", b.day(End::Finish, today)))
            .transpose()?;
        let (since, until) = match (since, until) {
            (Some(s), Some(u)) if s > u => (Some(u), Some(s)),
            other => other,
        };
        Ok(PeriodSpec {
            weeks: self.weeks,
            since,
            until,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testutil::date;

    fn parse(s: &str) -> PeriodBound {
        s.parse().unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    fn range(since: &str, until: &str) -> (Date, Date) {
        let today = date("2026-12-07");
        let (s, u) = (parse(since), parse(until));
        (s.day(End::Start, today), u.day(End::Finish, today))
    }

    #[test]
    fn each_form_names_its_first_and_last_day() {
        assert_eq!(
            range("2026-03", "2026-03"),
            (date("2026-03-01"), date("2026-03-31"))
        );
        assert_eq!(
            range("2024-02", "2024-02"),
            (date("2024-02-01"), date("2024-02-29"))
        );
        assert_eq!(
            range("2026-W14", "2026-W14"),
            (date("2026-03-30"), date("2026-04-05"))
        );
        // ISO week-years differ from calendar years at the edges.
        assert_eq!(
            range("2026-W53", "2026-W53"),
            (date("2026-12-28"), date("2027-01-03"))
        );
        assert_eq!(
            range("2025", "2025"),
            (date("2025-01-01"), date("2025-12-31"))
        );
        assert_eq!(range("2w", "10d"), (date("2026-11-23"), date("2026-11-27")));
        assert_eq!(range("3m", "1y"), (date("2026-09-07"), date("2025-12-07")));
        assert_eq!(
            range("2026-02-03", "0d"),
            (date("2026-02-03"), date("2026-12-07"))
        );
    }

    #[test]
    fn nonsense_is_refused_with_the_forms_it_takes() {
        for s in [
            "",
            "2026-13",
            "2026-W54",
            "2025-W53",
            "26-03",
            "3x",
            "m",
            "-3m",
            "2026-02-30",
            "2026-1-1",
            "yesterday",
            "2026-03-01-02",
        ] {
            let e = s.parse::<PeriodBound>().unwrap_err();
            assert!(e.to_string().contains("YYYY-Www"), "{s}: {e}");
        }
    }

    #[test]
    fn display_round_trips() {
        for s in [
            "2026-03-04",
            "2026-03",
            "2026-W07",
            "2026",
            "3m",
            "12w",
            "10d",
            "1y",
        ] {
            assert_eq!(parse(s).to_string(), s);
        }
    }

    #[test]
    fn until_alone_keeps_the_default_weeks_before_it() {
        let q = PeriodQuery {
            until: Some(parse("2019-07-07")),
            ..PeriodQuery::default()
        };
        let spec = q.resolve(date("2026-12-07"), None).unwrap();
        assert_eq!(spec.until, Some(date("2019-07-07")));
        assert_eq!(spec.since, None);
    }

    #[test]
    fn far_future_and_prehistoric_bounds_are_refused() {
        let today = date("2026-12-07");
        let q = |since: Option<&str>, until: Option<&str>| PeriodQuery {
            since: since.map(parse),
            until: until.map(parse),
            ..PeriodQuery::default()
        };
        let e = q(None, Some("9999-12-27"))
            .resolve(today, None)
            .unwrap_err();
        assert!(matches!(e, PeriodError::TooLate { .. }), "{e}");
        let e = q(Some("1970-01-01"), None)
            .resolve(today, None)
            .unwrap_err();
        assert!(matches!(e, PeriodError::TooEarly { .. }), "{e}");
        assert!(q(None, Some("2027-06-30")).resolve(today, None).is_ok());
        let weeks = PeriodQuery {
            weeks: Some(MAX_WEEKS + 1),
            ..PeriodQuery::default()
        };
        assert!(weeks.resolve(today, None).is_err());
    }

    #[test]
    fn reversed_bounds_are_swapped() {
        let q = PeriodQuery {
            since: Some(parse("2026-06")),
            until: Some(parse("2026-03")),
            ..PeriodQuery::default()
        };
        let spec = q.resolve(date("2026-12-07"), None).unwrap();
        assert_eq!(spec.since, Some(date("2026-03-31")));
        assert_eq!(spec.until, Some(date("2026-06-01")));
    }

    #[test]
    fn all_runs_from_the_first_imported_day_to_today() {
        let q = PeriodQuery {
            all: true,
            ..PeriodQuery::default()
        };
        let today = date("2026-12-07");
        let spec = q
            .resolve(today, Some((date("2014-03-02"), date("2016-05-01"))))
            .unwrap();
        assert_eq!(spec, PeriodSpec::between(date("2014-03-02"), today));
        let empty = q.resolve(today, None).unwrap();
        assert_eq!(empty, PeriodSpec::between(today, today));
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Any resolved period lies within the limits and runs forward.
            #[test]
            fn resolved_periods_are_bounded_and_ordered(
                s in 0u32..20_000, u in 0u32..20_000, weeks in proptest::option::of(1u32..=MAX_WEEKS),
            ) {
                let today = date("2026-12-07");
                let since = PeriodBound::Day(add_days(EARLIEST_DAY, i64::from(s)));
                let until = PeriodBound::Day(add_days(EARLIEST_DAY, i64::from(u)));
                let q = PeriodQuery { weeks, since: Some(since), until: Some(until), all: false };
                if let Ok(spec) = q.resolve(today, None) {
                    let (a, b) = (spec.since.unwrap(), spec.until.unwrap());
                    prop_assert!(a <= b);
                    prop_assert!(a >= EARLIEST_DAY);
                    prop_assert!(b <= add_days(today, MAX_DAYS_AHEAD));
                }
            }

            /// The parser takes any string without panicking, and what it takes it prints back.
            #[test]
            fn parser_never_panics(s in "\\PC{0,12}") {
                if let Ok(b) = s.parse::<PeriodBound>() {
                    let again: PeriodBound = b.to_string().parse().unwrap();
                    prop_assert_eq!(again, b);
                }
            }
        }
    }
}
