//! Meetings: hours in meetings, meetings outside hours, back-to-back chains, and days
//! without a lunch break.
//!
//! ```text
//! back to back (gap < 5 min):   [m1 ][m2   ][m3]      = one chain of 3
//! lunch window 11:30-14:00:     ──[work]────[work]──   30-min free stretch → a break
//!                               ──[work][work][work]── none → a day without a lunch break
//! ```
//!
//! The lunch check uses the merged working time of every source (meetings, commands,
//! tracked time …), not meetings alone: a day of commands through lunch is a day without one.
//! Not for: meeting time in the weekly hours (that is [`super::worktime`]).

use jiff::civil::Date;

use super::classify::Prepared;
use super::constants::{
    BACK_TO_BACK_GAP_SECS, CHAIN_MIN, LUNCH_BREAK_SECS, LUNCH_FROM_HOUR, LUNCH_FROM_MINUTE,
    LUNCH_TO_HOUR,
};
use super::worktime::Interval;
use crate::event::EventKind;
use crate::model::Meetings;
use crate::time::Band;

/// The meetings summary and the meeting seconds of each day of the period.
pub fn meetings(prep: &Prepared<'_>, merged: &[Interval]) -> (Meetings, Vec<i64>) {
    let mut m = Meetings::default();
    let mut per_day = vec![0i64; prep.span.days()];
    let mut spans: Vec<(i64, i64)> = Vec::new();
    for item in prep
        .items
        .iter()
        .filter(|i| i.event.kind == EventKind::Meeting)
    {
        let Some(day) = item.day else { continue };
        m.measured = true;
        m.count += 1;
        let secs = item.end - item.start;
        per_day[day as usize] += secs;
        if item.placed.band != Band::Business {
            m.outside_hours += 1;
        }
        spans.push((item.start, item.end));
    }
    m.hours = per_day.iter().sum::<i64>() as f64 / 3600.0;
    let (chains, longest) = chains(&mut spans);
    m.back_to_back_chains = chains;
    m.longest_chain = longest;
    m.days_without_lunch_break = prep
        .span
        .dates()
        .iter()
        .filter(|&&d| prep.classifier.is_working_day(d) && !prep.classifier.is_vacation(d))
        .filter(|&&d| !has_lunch_break(prep, merged, d))
        .count() as u32;
    (m, per_day)
}

/// Count chains of at least [`CHAIN_MIN`] back-to-back meetings, and the longest run.
fn chains(spans: &mut [(i64, i64)]) -> (u32, u32) {
    spans.sort_unstable();
    let (mut chains, mut longest, mut run, mut end) = (0u32, 0u32, 0u32, i64::MIN);
    for &(s, e) in spans.iter() {
        if run > 0 && s - end < BACK_TO_BACK_GAP_SECS {
            run += 1;
            end = end.max(e);
        } else {
            chains += u32::from(run >= CHAIN_MIN);
            run = 1;
            end = e;
        }
        longest = longest.max(run);
    }
    chains += u32::from(run >= CHAIN_MIN);
    (chains, if longest >= CHAIN_MIN { longest } else { 0 })
}

/// Whether the working time of `date` leaves a break of [`LUNCH_BREAK_SECS`] inside the
/// lunch window (a day without work in the window has one).
fn has_lunch_break(prep: &Prepared<'_>, merged: &[Interval], date: Date) -> bool {
    let zone = prep.classifier.zone();
    let at = |h: i8, m: i8| {
        date.at(h, m, 0, 0)
            .to_zoned(zone.clone())
            .map(|z| z.timestamp().as_second())
    };
    let (Ok(from), Ok(to)) = (at(LUNCH_FROM_HOUR, LUNCH_FROM_MINUTE), at(LUNCH_TO_HOUR, 0)) else {
        return true;
    };
    // Merged intervals are sorted and disjoint: walk those overlapping the window.
    let first = merged.partition_point(|iv| iv.end <= from);
    let mut free_from = from;
    for iv in merged[first..].iter().take_while(|iv| iv.start < to) {
        if iv.start.max(from) - free_from >= LUNCH_BREAK_SECS {
            return true;
        }
        free_from = free_from.max(iv.end);
    }
    to - free_from >= LUNCH_BREAK_SECS
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::classify::prepare;
    use crate::metrics::constants::SESSION_GAP_SECS;
    use crate::metrics::testutil::{ev, input, settings, span};
    use crate::metrics::worktime::{intervals, merge};

    fn run(events: &[crate::event::Event]) -> Meetings {
        let s = settings();
        let inp = input(events, &s, "2026-03-20T12:00", "2026-03-09", "2026-03-15");
        let prep = prepare(&inp);
        let merged = merge(intervals(&prep.items, inp.now), SESSION_GAP_SECS);
        meetings(&prep, &merged).0
    }

    #[test]
    fn hours_outside_hours_and_chains() {
        let events = vec![
            span("2026-03-10T09:00", EventKind::Meeting, 1800),
            span("2026-03-10T09:32", EventKind::Meeting, 1800), // 2 min gap
            span("2026-03-10T10:03", EventKind::Meeting, 3600), // 1 min gap: chain of 3
            span("2026-03-10T15:00", EventKind::Meeting, 1800), // alone
            span("2026-03-11T19:00", EventKind::Meeting, 3600), // evening
        ];
        let m = run(&events);
        assert!(m.measured);
        assert_eq!(m.count, 5);
        assert!((m.hours - 3.5).abs() < 1e-9, "{}", m.hours);
        assert_eq!(m.outside_hours, 1);
        assert_eq!((m.back_to_back_chains, m.longest_chain), (1, 3));
    }

    #[test]
    fn lunch_breaks_come_from_all_working_time() {
        // Tuesday: commands every 10 minutes from 11:00 to 14:30, no break.
        let mut events: Vec<_> = (0..22)
            .map(|k| {
                let t = 11 * 60 + k * 10;
                ev(
                    &format!("2026-03-10T{:02}:{:02}", t / 60, t % 60),
                    EventKind::Command,
                )
            })
            .collect();
        // Wednesday: the same but a 45-minute gap from 12:15 to 13:00.
        events.extend([
            ev("2026-03-11T11:40", EventKind::Command),
            ev("2026-03-11T12:15", EventKind::Command),
            ev("2026-03-11T13:00", EventKind::Command),
            ev("2026-03-11T13:50", EventKind::Command),
        ]);
        let m = run(&events);
        assert!(!m.measured, "no meetings");
        assert_eq!(
            m.days_without_lunch_break, 1,
            "only Tuesday; other days had no work at lunch"
        );
    }

    #[test]
    fn chain_counting_edges() {
        assert_eq!(chains(&mut []), (0, 0));
        assert_eq!(chains(&mut [(0, 10), (12, 20)]), (0, 0));
        assert_eq!(
            chains(&mut [(0, 10), (12, 20), (22, 30), (1000, 1010)]),
            (1, 3)
        );
    }
}
