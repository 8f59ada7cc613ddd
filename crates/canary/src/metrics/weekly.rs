//! Weekly figures: one row per ISO week of the period, and the weekly limits (the declared
//! maximum, 50 hours, and the EU 48-hour average over 17 weeks).
//!
//! ```text
//! period      Wed 03-04 ──────────────────────────────────── Wed 03-25
//! weeks     [W10 Mon 03-02 ][W11 Mon 03-09 ][W12 Mon 03-16 ][W13 Mon 03-23 ]
//!             partial          complete        complete       partial, in progress
//! ```
//!
//! A week's hours are the sum of its days' (workdays by the day boundary), so the weeks add
//! up to the period's total. Rows for partial weeks hold only the days inside the period.
//! The 17-week average uses complete weeks since the data began. Not for: the trend (see [`super::trend`]).

use super::after_hours::{is_day_off_worked, share};
use super::constants::{EU_AVERAGE_MAX_HOURS, EU_REFERENCE_WEEKS, LONG_WEEK_HOURS};
use super::days::DayActivity;
use super::period::{PeriodSpan, add_days, iso_week_label};
use crate::model::{BandHours, DayRow, LimitsSummary, WeekRow};

/// One row per ISO week overlapping the period, oldest first, also for weeks with no data.
///
/// `day_secs` are the per-day band seconds, `night_events` the sleep-window events per night
/// (both by day index).
pub fn weeks(
    span: &PeriodSpan,
    days: &[DayRow],
    activity: &[DayActivity],
    day_secs: &[[i64; 5]],
    night_events: &[u32],
    max_weekly_hours: f64,
) -> Vec<WeekRow> {
    span.mondays()
        .into_iter()
        .map(|monday| {
            let mut secs = [0i64; 5];
            let mut row = WeekRow {
                week: iso_week_label(monday),
                start: monday,
                complete: span.is_complete_week(monday),
                hours: 0.0,
                by_band: BandHours::default(),
                after_hours_share: 0.0,
                sleep_nights: 0,
                days_off_worked: 0,
                over_max: false,
                covered_days: 0,
                continuous_days: 0,
                hours_at_least: false,
                events: 0,
                days_off_worked_non_emergency: 0,
                mail_outside_hours_days: 0,
                meeting_hours: 0.0,
                pages: 0,
                pages_personal_time: 0,
                pages_by_band: Default::default(),
                pages_emergency: 0,
                pages_off_rotation: 0,
                engaged_hours: 0.0,
            };
            for i in (0..7).filter_map(|k| span.index(add_days(monday, k))) {
                for (s, d) in secs.iter_mut().zip(&day_secs[i]) {
                    *s += d;
                }
                row.sleep_nights += u32::from(night_events[i] > 0);
                row.days_off_worked += u32::from(is_day_off_worked(&days[i]));
                row.covered_days += u32::from(activity[i].covered());
                row.continuous_days += u32::from(activity[i].continuous);
                row.events += activity[i].events;
            }
            row.hours_at_least = row.covered_days > 0 && row.continuous_days == 0;
            row.hours = secs.iter().sum::<i64>() as f64 / 3600.0;
            row.by_band = BandHours::from_seconds(secs);
            row.after_hours_share = share(&secs);
            row.over_max = row.hours > max_weekly_hours;
            row
        })
        .collect()
}

/// Fold a per-day figure into the week rows: `f` is called with each week and each of its
/// days inside the period.
pub fn add_daily<T>(
    span: &PeriodSpan,
    weeks: &mut [WeekRow],
    per_day: &[T],
    f: impl Fn(&mut WeekRow, &T),
) {
    for row in weeks.iter_mut() {
        let monday = row.start;
        for i in (0..7).filter_map(|k| span.index(add_days(monday, k))) {
            f(row, &per_day[i]);
        }
    }
}

/// The weeks that averages and trends may use: complete weeks (see
/// [`PeriodSpan::is_complete_week`]) from the week in which the data begins to the week in
/// which it ends. Weeks before the first covered day or after the last would only pull
/// averages toward zero: a source that stopped is not a person who rested.
pub fn measured_weeks<'w>(span: &PeriodSpan, weeks: &'w [WeekRow]) -> Vec<&'w WeekRow> {
    let Some(first) = weeks.iter().position(|w| w.covered_days > 0) else {
        return Vec::new();
    };
    let last = weeks
        .iter()
        .rposition(|w| w.covered_days > 0)
        .unwrap_or(first);
    weeks[first..=last]
        .iter()
        .filter(|w| span.is_complete_week(w.start))
        .collect()
}

/// Weeks over the declared maximum and over 50 hours (any week: one in progress can only
/// grow), and the average of the last 17 measured weeks (`None` with fewer than 17).
pub fn limits(span: &PeriodSpan, weeks: &[WeekRow], max_weekly_hours: f64) -> LimitsSummary {
    let measured = measured_weeks(span, weeks);
    let avg_17_weeks = (measured.len() >= EU_REFERENCE_WEEKS).then(|| {
        let last = &measured[measured.len() - EU_REFERENCE_WEEKS..];
        last.iter().map(|w| w.hours).sum::<f64>() / EU_REFERENCE_WEEKS as f64
    });
    LimitsSummary {
        max_weekly_hours,
        weeks_over_max: weeks.iter().filter(|w| w.over_max).count() as u32,
        weeks_over_50: weeks.iter().filter(|w| w.hours > LONG_WEEK_HOURS).count() as u32,
        avg_17_weeks,
        over_48_average: avg_17_weeks.is_some_and(|a| a > EU_AVERAGE_MAX_HOURS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Event, EventKind};
    use crate::metrics::classify::prepare;
    use crate::metrics::constants::SESSION_GAP_SECS;
    use crate::metrics::days::{activity, rows};
    use crate::metrics::sleep_window::nights;
    use crate::metrics::testutil::{date, ev, input, settings, span};
    use crate::metrics::worktime::{intervals, measure, merge};

    fn run(events: &[Event], now: &str, since: &str, until: &str) -> (PeriodSpan, Vec<WeekRow>) {
        let s = settings();
        let p = prepare(&input(events, &s, now, since, until));
        let m = measure(
            &p.classifier,
            &merge(intervals(&p.items, p.span.now), SESSION_GAP_SECS),
            &p.span,
        );
        let a = activity(&p.items, p.span.days());
        let d = rows(&p, &a, &m);
        let n = nights(&p);
        let w = weeks(&p.span, &d, &a, &m.day_secs, &n.per_day, 45.0);
        (p.span, w)
    }

    #[test]
    fn every_week_has_a_row_even_without_data() {
        let events = vec![
            span("2026-03-04T09:00", EventKind::ActiveSpan, 8 * 3600),
            ev("2026-03-07T11:00", EventKind::MailSent),
            ev("2026-03-07T23:00", EventKind::Command),
            ev("2026-03-08T12:00", EventKind::MailReceived),
            span("2026-03-23T09:00", EventKind::ActiveSpan, 3600),
        ];
        let (_, w) = run(&events, "2026-03-25T12:00", "2026-03-04", "2026-03-25");
        let labels: Vec<&str> = w.iter().map(|r| r.week.as_str()).collect();
        assert_eq!(labels, ["2026-W10", "2026-W11", "2026-W12", "2026-W13"]);
        assert_eq!(w[0].start, date("2026-03-02"));
        // 8 h + 5 min + 2 min.
        assert!((w[0].hours - (8.0 + 7.0 / 60.0)).abs() < 1e-9);
        assert!((w[0].by_band.business - 8.0).abs() < 1e-9);
        assert_eq!(w[0].sleep_nights, 1);
        assert_eq!(w[0].days_off_worked, 1);
        assert_eq!(w[0].covered_days, 3);
        assert_eq!(w[0].events, 4);
        assert_eq!(w[1].covered_days, 0);
        assert_eq!(w[1].hours, 0.0);
        assert_eq!(w[1].after_hours_share, 0.0);
        assert_eq!(w[3].hours, 1.0);
    }

    #[test]
    fn limits_over_max_50_and_the_17_week_average() {
        // 18 complete weeks; each week one long tracked stretch per weekday.
        // Weeks 1..=17 (the last 17): 10 h a day → 50 h; week 0: 11 h a day → 55 h.
        let mut events = Vec::new();
        let first = date("2026-01-05");
        for week in 0..18 {
            for day in 0..5 {
                let d = add_days(first, week * 7 + day);
                let hours = if week == 0 { 11 } else { 10 };
                events.push(span(
                    &format!("{d}T08:00"),
                    EventKind::ActiveSpan,
                    hours * 3600,
                ));
            }
        }
        let (p, w) = run(&events, "2026-05-13T12:00", "2026-01-05", "2026-05-13");
        assert_eq!(w.len(), 19);
        let l = limits(&p, &w, 45.0);
        assert_eq!(l.weeks_over_max, 18);
        assert_eq!(l.weeks_over_50, 1);
        assert_eq!(l.avg_17_weeks, Some(50.0));
        assert!(l.over_48_average);
    }

    #[test]
    fn the_average_starts_with_the_data() {
        // 20 complete weeks in the period, data only in the last 16: no average.
        let mut events = Vec::new();
        for week in 4..20 {
            let d = add_days(date("2026-01-05"), week * 7);
            events.push(span(
                &format!("{d}T08:00"),
                EventKind::ActiveSpan,
                10 * 3600,
            ));
        }
        let (p, w) = run(&events, "2026-05-27T12:00", "2026-01-05", "2026-05-27");
        assert_eq!(w.len(), 21);
        let l = limits(&p, &w, 45.0);
        assert_eq!(l.avg_17_weeks, None);
    }

    #[test]
    fn no_average_with_fewer_than_17_complete_weeks() {
        let (p, w) = run(&[], "2026-03-25T12:00", "2026-01-01", "2026-03-25");
        let l = limits(&p, &w, 45.0);
        assert_eq!(l.avg_17_weeks, None);
        assert!(!l.over_48_average);
        assert_eq!((l.weeks_over_max, l.weeks_over_50), (0, 0));
    }

    #[test]
    fn dst_weeks_have_exact_hours() {
        // Continuous tracking from Saturday 04:00 to Sunday 04:00 in both DST weeks.
        let events = vec![
            span("2026-03-28T04:00", EventKind::ActiveSpan, 12 * 3600),
            span("2026-03-28T16:00", EventKind::ActiveSpan, 11 * 3600),
            span("2026-10-24T04:00", EventKind::ActiveSpan, 12 * 3600),
            span("2026-10-24T16:00", EventKind::ActiveSpan, 6 * 3600),
            span("2026-10-24T22:00", EventKind::ActiveSpan, 7 * 3600),
        ];
        let (_, w) = run(&events, "2026-11-01T12:00", "2026-03-23", "2026-11-01");
        let get = |l: &str| w.iter().find(|r| r.week == l).unwrap();
        assert_eq!(get("2026-W13").hours, 23.0);
        assert_eq!(get("2026-W43").hours, 25.0);
        assert_eq!(get("2026-W43").by_band.sleep, 11.0);
    }
}
