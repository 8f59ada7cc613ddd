//! Rest and streaks: the shortest rest between workdays, runs of days without a day off, and
//! the last full weekend off.
//!
//! ```text
//! Mon        last 23:30 ┐
//! Tue  first 07:00 ─────┘ rest 7 h 30 < 11 h: a short rest (EU 2003/88/EC Art. 3)
//!
//! days    M T W T F S S M T W T F S S M T W
//! worked  x x x x x . . x x x x x x x x x x
//!                   └─┘ full weekend off   └─── current streak 10 days ───┘
//! ```
//!
//! Days are workdays by the day boundary; "worked" means any activity (see [`super::days`]).
//! Rests are measured only between consecutive calendar days that both have activity. Not
//! for: vacations (see [`super::after_hours`] for days off worked).

use jiff::civil::{Date, Weekday};

use super::constants::MIN_DAILY_REST_SECS;
use super::days::DayActivity;
use super::period::{PeriodSpan, day_number};
use crate::model::RestSummary;

/// Rest, streak and weekend figures for the period.
pub fn rest(activity: &[DayActivity], span: &PeriodSpan) -> RestSummary {
    let worked: Vec<bool> = activity.iter().map(DayActivity::worked).collect();
    let rests = shortest_rest(activity);
    let (longest, longest_end) = longest_streak(&worked);
    let weekend = last_full_weekend_off(activity, span);
    RestSummary {
        shortest_rest_hours: rests.shortest.map(|(secs, _)| secs as f64 / 3600.0),
        shortest_rest_before: rests.shortest.map(|(_, i)| span.dates()[i]),
        short_rests: rests.short,
        longest_streak_days: longest,
        longest_streak_end: longest_end.map(|i| span.dates()[i]),
        current_streak_days: current_streak(&worked, span),
        days_since_full_weekend_off: weekend
            .map(|sunday| (day_number(span.today) - day_number(sunday)) as u32),
        last_full_weekend_off: weekend,
    }
}

/// The shortest rest and the count of short ones.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rests {
    /// Seconds of the shortest rest and the day index of the workday after it (the most
    /// recent one on a tie).
    pub shortest: Option<(i64, usize)>,
    /// Rests shorter than [`MIN_DAILY_REST_SECS`].
    pub short: u32,
}

/// Rests from the last activity of each worked day to the first of the next calendar day,
/// when both were worked. Overlaps (a span running into the next workday) count as 0.
pub fn shortest_rest(days: &[DayActivity]) -> Rests {
    let mut out = Rests {
        shortest: None,
        short: 0,
    };
    for (i, pair) in days.windows(2).enumerate() {
        let (Some((last, _)), Some((first, _))) = (pair[0].last, pair[1].first) else {
            continue;
        };
        let secs = (first - last).max(0);
        if secs < MIN_DAILY_REST_SECS {
            out.short += 1;
        }
        if out.shortest.is_none_or(|(s, _)| secs <= s) {
            out.shortest = Some((secs, i + 1));
        }
    }
    out
}

/// The longest run of consecutive worked days and the index of its last day (the most
/// recent run on a tie).
pub fn longest_streak(worked: &[bool]) -> (u32, Option<usize>) {
    let (mut best, mut end, mut run) = (0u32, None, 0u32);
    for (i, &w) in worked.iter().enumerate() {
        run = if w { run + 1 } else { 0 };
        if w && run >= best {
            best = run;
            end = Some(i);
        }
    }
    (best, end)
}

/// The run of worked days ending today, or ending yesterday when nothing happened today yet.
/// 0 when the period does not reach today.
pub fn current_streak(worked: &[bool], span: &PeriodSpan) -> u32 {
    let Some(today) = span.index(span.today) else {
        return 0;
    };
    let end = if worked[today] { today + 1 } else { today };
    worked[..end].iter().rev().take_while(|&&w| w).count() as u32
}

/// The Sunday of the most recent Saturday–Sunday with no activity at all, inside the period,
/// already over, and within the days the sources saw: not before the first covered day nor
/// after the last (days before the data begins or after it ends are not evidence of rest).
pub fn last_full_weekend_off(days: &[DayActivity], span: &PeriodSpan) -> Option<Date> {
    let first_covered = days.iter().position(DayActivity::covered)?;
    let last_covered = days.iter().rposition(DayActivity::covered)?;
    let dates = span.dates();
    (first_covered..last_covered)
        .rev()
        .find(|&i| {
            dates[i].weekday() == Weekday::Saturday
                && dates[i + 1] < span.today
                && !days[i].worked()
                && !days[i + 1].worked()
        })
        .map(|i| dates[i + 1])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Event, EventKind};
    use crate::metrics::classify::prepare;
    use crate::metrics::days::activity;
    use crate::metrics::testutil::{date, ev, input, settings, span};

    fn summary(events: &[Event], now: &str, since: &str, until: &str) -> RestSummary {
        let s = settings();
        let p = prepare(&input(events, &s, now, since, until));
        rest(&activity(&p.items, p.span.days()), &p.span)
    }

    #[test]
    fn eleven_hour_rule() {
        let events = vec![
            // Mon last 22:00 → Tue first 08:00: 10 h, short.
            ev("2026-03-09T09:00", EventKind::Command),
            ev("2026-03-09T22:00", EventKind::MailSent),
            ev("2026-03-10T08:00", EventKind::Command),
            // Tue last 19:00 → Wed first 06:00: exactly 11 h, not short.
            ev("2026-03-10T19:00", EventKind::Command),
            ev("2026-03-11T06:00", EventKind::Command),
            // Wed: a meeting 17:00-19:00, then Thu 02:30 (Wed's workday) → Thu 09:00: 6.5 h.
            span("2026-03-11T17:00", EventKind::Meeting, 2 * 3600),
            ev("2026-03-12T02:30", EventKind::Command),
            ev("2026-03-12T09:00", EventKind::Command),
            // Fri off; Sat 10:00 — Thu → Sat are not consecutive: no rest measured.
            ev("2026-03-14T10:00", EventKind::Command),
        ];
        let r = summary(&events, "2026-03-15T20:00", "2026-03-09", "2026-03-15");
        assert_eq!(r.short_rests, 2);
        assert_eq!(r.shortest_rest_hours, Some(6.5));
        assert_eq!(r.shortest_rest_before, Some(date("2026-03-12")));
    }

    #[test]
    fn received_mail_is_not_activity() {
        let events = vec![
            ev("2026-03-09T22:00", EventKind::MailReceived),
            ev("2026-03-09T12:00", EventKind::Command),
            ev("2026-03-10T07:00", EventKind::Command),
        ];
        let r = summary(&events, "2026-03-15T20:00", "2026-03-09", "2026-03-15");
        assert_eq!(r.shortest_rest_hours, Some(19.0));
        assert_eq!(r.short_rests, 0);
    }

    #[test]
    fn streaks_across_a_month_end() {
        // Worked every day 2026-01-20 .. 2026-02-03 (15 days), off 02-04, then 02-05 .. now.
        let mut events = Vec::new();
        let mut d = date("2026-01-20");
        while d <= date("2026-02-10") {
            if d != date("2026-02-04") {
                events.push(ev(&format!("{d}T10:00"), EventKind::Commit));
            }
            d = d.tomorrow().unwrap();
        }
        // "Now" is 02-11 at 09:00 with nothing yet today: the current streak runs to yesterday.
        let r = summary(&events, "2026-02-11T09:00", "2026-01-19", "2026-02-11");
        assert_eq!(r.longest_streak_days, 15);
        assert_eq!(r.longest_streak_end, Some(date("2026-02-03")));
        assert_eq!(r.current_streak_days, 6);
        // No Saturday–Sunday without activity after the data began.
        assert_eq!(r.last_full_weekend_off, None);
        assert_eq!(r.days_since_full_weekend_off, None);
    }

    #[test]
    fn a_full_weekend_off() {
        // Data from Monday 03-02. Weekend 03-07/08: Sunday worked. Weekend 03-14/15: fully off.
        // Weekend 03-21/22: Saturday worked (01:00 Sunday counts toward Saturday).
        let events = vec![
            ev("2026-03-02T10:00", EventKind::Commit),
            ev("2026-03-08T10:00", EventKind::Commit),
            ev("2026-03-13T18:00", EventKind::Commit),
            ev("2026-03-16T09:00", EventKind::Commit),
            ev("2026-03-22T01:00", EventKind::Command),
        ];
        let r = summary(&events, "2026-03-25T12:00", "2026-03-02", "2026-03-25");
        assert_eq!(r.last_full_weekend_off, Some(date("2026-03-15")));
        assert_eq!(r.days_since_full_weekend_off, Some(10));
        assert_eq!(r.current_streak_days, 0);
    }

    #[test]
    fn the_weekend_in_progress_does_not_count() {
        let events = vec![ev("2026-03-13T10:00", EventKind::Commit)];
        // Sunday 03-15 noon, nothing this weekend yet: not over, so not a weekend off.
        let r = summary(&events, "2026-03-15T12:00", "2026-03-09", "2026-03-15");
        assert_eq!(r.last_full_weekend_off, None);
    }

    #[test]
    fn empty_input_has_no_figures() {
        let r = summary(&[], "2026-03-15T12:00", "2026-03-09", "2026-03-15");
        assert_eq!(r.shortest_rest_hours, None);
        assert_eq!(r.short_rests, 0);
        assert_eq!((r.longest_streak_days, r.longest_streak_end), (0, None));
        assert_eq!(r.current_streak_days, 0);
        assert_eq!(r.days_since_full_weekend_off, None);
    }
}
