//! Sleep-window activity: the nights with any activity inside the sleep window, and the
//! events behind each.
//!
//! ```text
//! sleep window 22:00-08:00        night of Tue 03-10
//! Tue 21:30 meeting=====[=======] 22:45          ← a span reaching into the window counts
//!                  Wed 02:10 page ●              ← named by the evening the window started
//! Wed 07:50 cmd ●                                ← still Tuesday's night
//! ```
//!
//! Activity means the person's own traces (received mail is not). Point events count where
//! they happen; spans count for every night whose window they overlap. Lead times are not
//! activity: a commit at 08:05 does not make the night before a sleep-window night. Not for:
//! hours worked in the sleep band (see [`super::worktime`]).

use jiff::Timestamp;

use super::classify::{Item, Prepared};
use super::constants::{SLEEP_RECENT_NIGHTS, SLEEP_SAMPLES_PER_NIGHT};
use super::days::local_string;
use crate::model::{EventRef, SleepNight, SleepSummary};
use crate::time::{Band, Classifier};

/// Sleep-window nights of the period.
#[derive(Debug, Clone)]
pub struct Nights {
    /// Events per night, by the day index of the date the night started.
    pub per_day: Vec<u32>,
    pub summary: SleepSummary,
}

/// Find the nights with activity in the sleep window.
pub fn nights(prep: &Prepared<'_>) -> Nights {
    let span = &prep.span;
    let mut per_day = vec![0u32; span.days()];
    // (night day index, item index) for every event touching a night.
    let mut touches: Vec<(u32, u32)> = Vec::new();
    let mut seen: Vec<u32> = Vec::new();
    for (idx, item) in prep.items.iter().enumerate() {
        if !item.is_activity() {
            continue;
        }
        seen.clear();
        for n in nights_of(&prep.classifier, item) {
            if let Some(i) = span.index(n) {
                seen.push(i as u32);
            }
        }
        for &n in &seen {
            per_day[n as usize] += 1;
            touches.push((n, idx as u32));
        }
    }
    let summary = summarise(prep, &per_day, &touches);
    Nights { per_day, summary }
}

/// The nights an event touches: the night of its start when that is in the sleep window, and
/// for spans every later night whose window they reach. In order, without repeats.
pub fn nights_of(c: &Classifier, item: &Item<'_>) -> Vec<jiff::civil::Date> {
    let mut out: Vec<jiff::civil::Date> = item.placed.night.into_iter().collect();
    if item.end > item.start {
        span_nights(c, item, |n| {
            if !out.contains(&n) {
                out.push(n);
            }
        });
    }
    out
}

/// Call `f` with the night of every sleep-window stretch of a span after its start.
fn span_nights(c: &Classifier, item: &Item<'_>, mut f: impl FnMut(jiff::civil::Date)) {
    let off = item.event.offset;
    let end = Timestamp::from_second(item.end).unwrap_or(item.event.utc);
    let mut t = c.next_boundary(item.event.utc, off);
    while t < end {
        let p = c.place(t, off);
        if p.band == Band::Sleep
            && let Some(n) = p.night
        {
            f(n);
        }
        t = c.next_boundary(t, off);
    }
}

/// The count of nights and the most recent ones with their first events.
fn summarise(prep: &Prepared<'_>, per_day: &[u32], touches: &[(u32, u32)]) -> SleepSummary {
    let dates = prep.span.dates();
    let recent: Vec<usize> = (0..per_day.len())
        .rev()
        .filter(|&i| per_day[i] > 0)
        .take(SLEEP_RECENT_NIGHTS)
        .collect();
    let mut slot = vec![usize::MAX; per_day.len()];
    for (k, &i) in recent.iter().enumerate() {
        slot[i] = k;
    }
    let mut picked: Vec<Vec<u32>> = vec![Vec::new(); recent.len()];
    for &(n, idx) in touches {
        let k = slot[n as usize];
        if k != usize::MAX {
            picked[k].push(idx);
        }
    }
    let items = &prep.items;
    SleepSummary {
        nights: per_day.iter().filter(|&&c| c > 0).count() as u32,
        recent: recent
            .iter()
            .zip(picked)
            .map(|(&i, mut idxs)| {
                idxs.sort_by_key(|&j| (items[j as usize].start, j));
                SleepNight {
                    night: dates[i],
                    events: per_day[i],
                    samples: idxs
                        .iter()
                        .take(SLEEP_SAMPLES_PER_NIGHT)
                        .map(|&j| event_ref(&prep.classifier, &items[j as usize]))
                        .collect(),
                }
            })
            .collect(),
    }
}

/// A pointer to an item: its local start, kind and source.
pub fn event_ref(c: &Classifier, item: &Item<'_>) -> EventRef {
    EventRef {
        local: local_string(c, item.start, item),
        kind: item.event.kind.to_string(),
        source: item.event.source.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Event, EventKind};
    use crate::metrics::classify::prepare;
    use crate::metrics::testutil::{date, ev, input, settings, span};

    fn run(events: &[Event]) -> Nights {
        let s = settings();
        nights(&prepare(&input(
            events,
            &s,
            "2026-03-20T12:00",
            "2026-03-09",
            "2026-03-20",
        )))
    }

    #[test]
    fn nights_across_midnight() {
        let events = vec![
            span("2026-03-10T21:30", EventKind::Meeting, 75 * 60),
            ev("2026-03-11T02:10", EventKind::Page),
            ev("2026-03-11T07:50", EventKind::Command),
            ev("2026-03-11T08:05", EventKind::Commit),
            ev("2026-03-11T12:00", EventKind::Command),
            ev("2026-03-13T23:59", EventKind::MailReceived),
            ev("2026-03-15T00:30", EventKind::ChatMessage),
        ];
        let n = run(&events);
        assert_eq!(n.summary.nights, 2);
        let i = |d: &str| (date(d) - date("2026-03-09")).get_days() as usize;
        assert_eq!(n.per_day[i("2026-03-10")], 3);
        assert_eq!(n.per_day[i("2026-03-14")], 1);
        assert_eq!(n.per_day[i("2026-03-13")], 0);
        let recent = &n.summary.recent;
        assert_eq!(recent[0].night, date("2026-03-14"));
        assert_eq!(recent[1].night, date("2026-03-10"));
        let locals: Vec<&str> = recent[1].samples.iter().map(|s| s.local.as_str()).collect();
        assert_eq!(
            locals,
            [
                "2026-03-10T21:30:00+01:00",
                "2026-03-11T02:10:00+01:00",
                "2026-03-11T07:50:00+01:00"
            ]
        );
        assert_eq!(recent[1].samples[1].kind, "page");
        assert_eq!(recent[1].samples[1].source, "pagerduty");
    }

    #[test]
    fn an_overnight_span_touches_two_nights() {
        // Incident from 23:00 Tuesday to 23:30 Wednesday (capped at 8 h: ends 07:00 Wed),
        // so only Tuesday's night; a tracked span 21:00 Thu → 06:00 Fri touches Thursday's.
        let events = vec![
            span("2026-03-10T23:00", EventKind::Incident, 24 * 3600 + 1800),
            span("2026-03-12T21:00", EventKind::ActiveSpan, 9 * 3600),
        ];
        let n = run(&events);
        assert_eq!(n.summary.nights, 2);
        let nights: Vec<_> = n.summary.recent.iter().map(|r| r.night).collect();
        assert_eq!(nights, [date("2026-03-12"), date("2026-03-10")]);
    }

    #[test]
    fn samples_and_nights_are_capped() {
        let mut events = Vec::new();
        for day in 0..11 {
            for m in 0..12 {
                let d = jiff::civil::date(2026, 3, 9 + day);
                events.push(ev(&format!("{d}T23:{:02}", m * 4), EventKind::Command));
            }
        }
        let n = run(&events);
        assert_eq!(n.summary.nights, 11);
        assert_eq!(n.summary.recent.len(), 11);
        assert!(
            n.summary
                .recent
                .iter()
                .all(|r| r.events == 12 && r.samples.len() == 10)
        );
        assert_eq!(
            n.summary.recent[0].samples[0].local,
            "2026-03-19T23:00:00+01:00"
        );
    }

    #[test]
    fn empty_input_has_no_nights() {
        let n = run(&[]);
        assert_eq!(n.summary.nights, 0);
        assert!(n.summary.recent.is_empty());
    }
}
