//! The period a report covers, and the calendar arithmetic every metric shares.
//!
//! ```text
//! weeks = 3, now = Wed 2026-03-18 10:00
//!   W10 Mon 03-02 ... Sun 03-08 | W11 Mon 03-09 ... Sun 03-15 | W12 Mon 03-16 .. Wed 03-18
//!   ^ since                                                                          ^ until
//! ```
//!
//! Dates are local dates in the person's zone. A day index is the number of days after
//! `since`; every per-day vector in the metrics is indexed by it. Not for: deciding which
//! workday an instant belongs to (that is [`crate::time::Classifier`]).

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};

use super::constants::DEFAULT_WEEKS;

/// What the person asked for: a number of ISO weeks up to today, or first and last days.
///
/// The one definition of "the period" every front end passes in (`canary report --weeks
/// --since --until`, the dashboard, the plan, the review, `team share`);
/// [`PeriodSpec::resolve`] is the one place it becomes dates.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PeriodSpec {
    /// Number of ISO weeks up to `until` when `since` is not given (default
    /// [`DEFAULT_WEEKS`]).
    pub weeks: Option<u32>,
    /// First local date (inclusive).
    pub since: Option<Date>,
    /// Last local date (inclusive); default today.
    pub until: Option<Date>,
}

impl PeriodSpec {
    /// The last `n` ISO weeks up to today.
    pub fn weeks(n: u32) -> PeriodSpec {
        PeriodSpec {
            weeks: Some(n),
            ..PeriodSpec::default()
        }
    }

    /// From `since` to `until`, both local dates, inclusive.
    pub fn between(since: Date, until: Date) -> PeriodSpec {
        PeriodSpec {
            weeks: None,
            since: Some(since),
            until: Some(until),
        }
    }

    /// The number of weeks, with the default when none was asked for.
    pub fn weeks_or_default(&self) -> u32 {
        self.weeks.unwrap_or(DEFAULT_WEEKS).max(1)
    }

    /// Resolve the period from what the user asked for.
    ///
    /// `until` defaults to today's local date; `since` defaults to the Monday of the week
    /// `weeks - 1` weeks before the week of `until`, so the period holds `weeks` ISO weeks,
    /// the last one possibly incomplete. Reversed bounds are swapped.
    pub fn resolve(&self, now: Timestamp, zone: &TimeZone) -> PeriodSpan {
        let today = zone.to_offset(now).to_datetime(now).date();
        let until = self.until.unwrap_or(today);
        let weeks = i64::from(self.weeks_or_default());
        let since = self
            .since
            .unwrap_or_else(|| add_days(monday_of(until), -7 * (weeks - 1)));
        let (since, until) = if since <= until {
            (since, until)
        } else {
            (until, since)
        };
        PeriodSpan::new(since, until, today, now)
    }
}

/// The resolved period: inclusive local dates, "now" and today's date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeriodSpan {
    pub since: Date,
    pub until: Date,
    /// The local calendar date of `now`.
    pub today: Date,
    pub now: Timestamp,
    dates: Vec<Date>,
    first_day: i32,
}

impl PeriodSpan {
    /// A period with explicit bounds (`since <= until`).
    pub fn new(since: Date, until: Date, today: Date, now: Timestamp) -> PeriodSpan {
        let first_day = day_number(since);
        let len = (day_number(until) - first_day + 1).max(0) as usize;
        let mut dates = Vec::with_capacity(len);
        let mut d = since;
        for _ in 0..len {
            dates.push(d);
            d = d.tomorrow().unwrap_or(d);
        }
        PeriodSpan {
            since,
            until,
            today,
            now,
            dates,
            first_day,
        }
    }

    /// Number of days in the period.
    pub fn days(&self) -> usize {
        self.dates.len()
    }

    /// Every date of the period, oldest first.
    pub fn dates(&self) -> &[Date] {
        &self.dates
    }

    /// The day index of a date, when it is inside the period.
    pub fn index(&self, date: Date) -> Option<usize> {
        let i = day_number(date) - self.first_day;
        (i >= 0 && (i as usize) < self.dates.len()).then_some(i as usize)
    }

    /// The Monday of every ISO week that overlaps the period, oldest first.
    pub fn mondays(&self) -> Vec<Date> {
        let mut out = Vec::new();
        let mut m = monday_of(self.since);
        while m <= self.until {
            out.push(m);
            m = add_days(m, 7);
        }
        out
    }

    /// Whether the ISO week starting on `monday` lies wholly inside the period and has ended
    /// before today. Limits and trends use only complete weeks, so that a week in progress
    /// does not look like a light one.
    pub fn is_complete_week(&self, monday: Date) -> bool {
        is_complete_week(monday, self.since, self.until, self.today)
    }
}

/// The one definition of a complete week: the ISO week starting on `monday` lies wholly inside
/// `since..=until` and its Sunday is before `today`. Figures over weeks (limits, trends, the
/// checklist, the plan's boundaries, `team share`) use only complete weeks, so that a week in
/// progress does not look like a light one; the report marks each [`WeekRow`]'s `complete`
/// with this.
///
/// [`WeekRow`]: crate::model::WeekRow
pub fn is_complete_week(monday: Date, since: Date, until: Date, today: Date) -> bool {
    let sunday = add_days(monday, 6);
    monday >= since && sunday <= until && sunday < today
}

/// The last `n` complete ISO weeks before today's week, as first and last date: the weeks a
/// review looks at when none was saved, or a period of whole weeks up to the last one.
pub fn last_complete_weeks(today: Date, n: u32) -> (Date, Date) {
    let monday = monday_of(today);
    let until = add_days(monday, -1);
    let since = add_days(monday, -7 * i64::from(n));
    (since, until)
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian), for cheap date arithmetic.
pub fn day_number(d: Date) -> i32 {
    // Howard Hinnant's days_from_civil.
    let (y, m, day) = (d.year() as i32, d.month() as i32, d.day() as i32);
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A date moved by a number of days (saturating at jiff's range).
pub fn add_days(d: Date, days: i64) -> Date {
    d.checked_add(jiff::Span::new().days(days)).unwrap_or(d)
}

/// The Monday of a date's ISO week.
pub fn monday_of(d: Date) -> Date {
    add_days(d, -i64::from(d.weekday().to_monday_zero_offset()))
}

/// An ISO week label, `YYYY-Www`, with the ISO week-year (2027-01-01 is in `2026-W53`).
pub fn iso_week_label(d: Date) -> String {
    let w = d.iso_week_date();
    let mut s = String::with_capacity(8);
    if push_year(&mut s, w.year()) {
        s.push_str("-W");
        push2(&mut s, w.week());
        return s;
    }
    format!("{:04}-W{:02}", w.year(), w.week())
}

/// Push a year of 0 to 9999 as four digits; `false` (nothing pushed) for any other year, which
/// the callers format with `format!` (`-0044`). The labels are written digit by digit because
/// `canary events --json` writes three of them per event.
fn push_year(s: &mut String, year: i16) -> bool {
    if !(0..=9999).contains(&year) {
        return false;
    }
    let y = year as u16;
    for d in [y / 1000, y / 100 % 10, y / 10 % 10, y % 10] {
        s.push(char::from(b'0' + d as u8));
    }
    true
}

/// Push 0 to 99 as two digits.
fn push2(s: &mut String, n: i8) {
    let n = n.unsigned_abs() % 100;
    s.push(char::from(b'0' + n / 10));
    s.push(char::from(b'0' + n % 10));
}

/// Push `2026-03-10T23:41:05` (a year of 0 to 9999); `false` (nothing pushed) otherwise.
fn push_datetime(s: &mut String, dt: DateTime) -> bool {
    if !push_year(s, dt.year()) {
        return false;
    }
    s.push('-');
    push2(s, dt.month());
    s.push('-');
    push2(s, dt.day());
    s.push('T');
    push2(s, dt.hour());
    s.push(':');
    push2(s, dt.minute());
    s.push(':');
    push2(s, dt.second());
    true
}

/// Local time as RFC 3339 with its offset, to the second: `2026-03-10T23:41:05+01:00`.
pub fn rfc3339_local(local: DateTime, offset: Offset) -> String {
    let secs = offset.seconds();
    let sign = if secs < 0 { '-' } else { '+' };
    let abs = secs.unsigned_abs();
    let mut s = String::with_capacity(25);
    // Offsets are within ±25:59:59, so hours and minutes are two digits each.
    if push_datetime(&mut s, local) {
        s.push(sign);
        push2(&mut s, (abs / 3600) as i8);
        s.push(':');
        push2(&mut s, (abs % 3600 / 60) as i8);
        return s;
    }
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.second(),
        sign,
        abs / 3600,
        abs % 3600 / 60
    )
}

/// An instant as UTC RFC 3339 to the second: `1979-05-01T12:00:00Z`.
pub fn rfc3339_utc(ts: Timestamp) -> String {
    let dt = Offset::UTC.to_datetime(ts);
    let mut s = String::with_capacity(20);
    if push_datetime(&mut s, dt) {
        s.push('Z');
        return s;
    }
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        dt.year(),
        dt.month(),
        dt.day(),
        dt.hour(),
        dt.minute(),
        dt.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testutil::{berlin, date};

    /// The labels written digit by digit are what `format!` writes, over the whole range of
    /// years (negative ones and 10000 go to `format!` itself), offsets and times of day.
    #[test]
    fn labels_match_format() {
        let offsets = [0, 3600, -3600, 19_800, -34_200, 93_599, -93_599, 45];
        let mut n = 0;
        for secs in (-377_705_116_800i64..=253_402_300_799).step_by(987_654_321) {
            for extra in [0, 1, 59, 3_599, 86_399] {
                let Ok(ts) = Timestamp::from_second(secs + extra) else {
                    continue;
                };
                let dt = Offset::UTC.to_datetime(ts);
                assert_eq!(
                    rfc3339_utc(ts),
                    format!(
                        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                        dt.year(),
                        dt.month(),
                        dt.day(),
                        dt.hour(),
                        dt.minute(),
                        dt.second()
                    )
                );
                for o in offsets {
                    let off = Offset::from_seconds(o).unwrap();
                    let local = off.to_datetime(ts);
                    let abs = o.unsigned_abs();
                    let sign = if o < 0 { '-' } else { '+' };
                    assert_eq!(
                        rfc3339_local(local, off),
                        format!(
                            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{}{:02}:{:02}",
                            local.year(),
                            local.month(),
                            local.day(),
                            local.hour(),
                            local.minute(),
                            local.second(),
                            sign,
                            abs / 3600,
                            abs % 3600 / 60
                        )
                    );
                }
                let w = dt.date().iso_week_date();
                assert_eq!(
                    iso_week_label(dt.date()),
                    format!("{:04}-W{:02}", w.year(), w.week())
                );
                n += 1;
            }
        }
        assert!(n > 3_000, "{n} instants compared");
        let y0: Timestamp = "0000-01-03T00:00:00Z".parse().unwrap();
        assert_eq!(rfc3339_utc(y0), "0000-01-03T00:00:00Z");
        let neg: Timestamp = "-000044-03-15T12:00:00Z".parse().unwrap();
        assert_eq!(rfc3339_utc(neg), "-044-03-15T12:00:00Z");
    }

    #[test]
    fn day_numbers_match_jiff() {
        for s in [
            "1970-01-01",
            "1969-12-31",
            "2000-02-29",
            "2026-03-01",
            "1600-03-01",
        ] {
            let d = date(s);
            let expected = (d - date("1970-01-01")).get_days();
            assert_eq!(day_number(d), expected, "{s}");
        }
    }

    #[test]
    fn default_period_is_26_iso_weeks_ending_today() {
        // Wednesday 2026-03-18 10:00 Berlin.
        let now: Timestamp = "2026-03-18T09:00:00Z".parse().unwrap();
        let p = PeriodSpec::default().resolve(now, &berlin());
        assert_eq!(p.until, date("2026-03-18"));
        // 25 weeks before Monday 2026-03-16.
        assert_eq!(p.since, date("2025-09-22"));
        assert_eq!(p.mondays().len(), 26);
        assert_eq!(p.days(), 25 * 7 + 3);
        assert!(p.is_complete_week(date("2026-03-09")));
        assert!(!p.is_complete_week(date("2026-03-16")));
    }

    #[test]
    fn today_is_the_local_date_not_utc() {
        // 23:30 UTC on the 17th is already the 18th in Berlin.
        let now: Timestamp = "2026-03-17T23:30:00Z".parse().unwrap();
        let p = PeriodSpec::weeks(1).resolve(now, &berlin());
        assert_eq!((p.since, p.until), (date("2026-03-16"), date("2026-03-18")));
    }

    #[test]
    fn week_labels_use_the_iso_week_year() {
        assert_eq!(iso_week_label(date("2027-01-01")), "2026-W53");
        assert_eq!(iso_week_label(date("2024-12-30")), "2025-W01");
        assert_eq!(iso_week_label(date("2026-03-16")), "2026-W12");
    }

    #[test]
    fn rfc3339_keeps_the_offset() {
        let dt: DateTime = "2026-03-10T23:41:05".parse().unwrap();
        let off = Offset::from_seconds(3600).unwrap();
        assert_eq!(rfc3339_local(dt, off), "2026-03-10T23:41:05+01:00");
        let off = Offset::from_seconds(-(5 * 3600 + 30 * 60)).unwrap();
        assert_eq!(rfc3339_local(dt, off), "2026-03-10T23:41:05-05:30");
    }
}
