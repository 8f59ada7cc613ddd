//! Days: per workday (by the day boundary), the events, the first and last activity, and the
//! estimated hours by band.
//!
//! ```text
//! day boundary 04:00
//!   Tue 08:10 cmd ... Tue 23:50 commit ... Wed 01:30 cmd | Wed 04:00 ──► Wednesday
//!   └────────────── workday Tuesday: first 08:10, last 01:30 (+1) ─────┘
//! ```
//!
//! Activity is any trace of the person working (every kind but received mail); `events`
//! counts all of their events, received mail included. Not for: rest between days (see
//! [`super::rest`]).

use jiff::Timestamp;

use super::classify::{Item, Prepared};
use super::period::rfc3339_local;
use super::worktime::Measured;
use crate::model::{BandHours, DayRow};
use crate::time::Classifier;

/// What happened on one workday, before formatting.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DayActivity {
    /// All of the person's events that count toward this workday.
    pub events: u64,
    /// Of those, traces of work.
    pub active: u64,
    /// Earliest activity start (Unix seconds) and the item it came from.
    pub first: Option<(i64, usize)>,
    /// Latest activity end (Unix seconds; a span's end) and the item it came from.
    pub last: Option<(i64, usize)>,
    /// Whether a continuous source (see [`crate::event::SourceKind::is_continuous`]) saw
    /// anything that day: then a quiet hour is evidence, not a gap between sparse marks.
    pub continuous: bool,
}

impl DayActivity {
    /// Whether the person worked at all that day.
    pub fn worked(&self) -> bool {
        self.active > 0
    }

    /// Whether any source saw anything that day.
    pub fn covered(&self) -> bool {
        self.events > 0
    }
}

/// Events, first and last activity per day of the period.
pub fn activity(items: &[Item<'_>], days: usize) -> Vec<DayActivity> {
    let mut out = vec![DayActivity::default(); days];
    for (idx, item) in items.iter().enumerate() {
        let Some(d) = item.day else { continue };
        let day = &mut out[d as usize];
        day.events += 1;
        day.continuous |= item.event.source.is_continuous();
        if !item.is_activity() {
            continue;
        }
        day.active += 1;
        if day.first.is_none_or(|(t, _)| item.start < t) {
            day.first = Some((item.start, idx));
        }
        if day.last.is_none_or(|(t, _)| item.end > t) {
            day.last = Some((item.end, idx));
        }
    }
    out
}

/// One row per day of the period, oldest first.
pub fn rows(prep: &Prepared<'_>, activity: &[DayActivity], measured: &Measured) -> Vec<DayRow> {
    let c = &prep.classifier;
    prep.span
        .dates()
        .iter()
        .zip(activity)
        .zip(&measured.day_secs)
        .map(|((&date, a), secs)| DayRow {
            date,
            hours: secs.iter().sum::<i64>() as f64 / 3600.0,
            by_band: BandHours::from_seconds(*secs),
            first: a.first.map(|(t, i)| local_string(c, t, &prep.items[i])),
            last: a.last.map(|(t, i)| local_string(c, t, &prep.items[i])),
            events: a.events,
            working_day: c.is_working_day(date),
            vacation: c.is_vacation(date),
        })
        .collect()
}

/// An instant near an item, in local time with its offset (the item's own when configured).
pub fn local_string(c: &Classifier, secs: i64, item: &Item<'_>) -> String {
    let ts = Timestamp::from_second(secs).unwrap_or(item.event.utc);
    let offset = c.offset_at(ts, item.event.offset);
    rfc3339_local(offset.to_datetime(ts), offset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::EventKind;
    use crate::metrics::classify::prepare;
    use crate::metrics::constants::SESSION_GAP_SECS;
    use crate::metrics::testutil::{date, ev, input, settings, span};
    use crate::metrics::worktime::{intervals, measure, merge};

    fn day_rows(events: &[crate::Event], since: &str, until: &str) -> Vec<DayRow> {
        let s = settings();
        let p = prepare(&input(events, &s, "2026-12-31T12:00", since, until));
        let m = measure(
            &p.classifier,
            &merge(intervals(&p.items, p.span.now), SESSION_GAP_SECS),
            &p.span,
        );
        rows(&p, &activity(&p.items, p.span.days()), &m)
    }

    #[test]
    fn late_night_counts_toward_the_day_before() {
        let events = vec![
            ev("2026-03-10T08:10", EventKind::Command),
            ev("2026-03-10T23:50", EventKind::Commit),
            ev("2026-03-11T01:30", EventKind::Command),
            ev("2026-03-11T09:00", EventKind::MailReceived),
        ];
        let rows = day_rows(&events, "2026-03-10", "2026-03-11");
        assert_eq!(rows.len(), 2);
        let tue = &rows[0];
        assert_eq!(tue.date, date("2026-03-10"));
        assert_eq!(tue.first.as_deref(), Some("2026-03-10T08:10:00+01:00"));
        assert_eq!(tue.last.as_deref(), Some("2026-03-11T01:30:00+01:00"));
        assert_eq!(tue.events, 3);
        // 2 min before 08:10; 20 min before 23:50; 2 min before 01:30 (gap 98 min: separate).
        assert!((tue.hours - 24.0 / 60.0).abs() < 1e-9, "{}", tue.hours);
        assert!((tue.by_band.business - 2.0 / 60.0).abs() < 1e-9);
        assert!((tue.by_band.sleep - 22.0 / 60.0).abs() < 1e-9);
        assert!(tue.working_day && !tue.vacation);
        // Wednesday saw only a received mail: covered, but no activity and no hours.
        let wed = &rows[1];
        assert_eq!(
            (wed.events, wed.first.as_deref(), wed.hours),
            (1, None, 0.0)
        );
    }

    #[test]
    fn a_meeting_span_sets_the_last_activity() {
        let events = vec![
            span("2026-03-14T10:00", EventKind::Meeting, 90 * 60),
            ev("2026-03-14T10:30", EventKind::ChatMessage),
        ];
        let rows = day_rows(&events, "2026-03-14", "2026-03-14");
        let sat = &rows[0];
        assert!(!sat.working_day);
        assert_eq!(sat.first.as_deref(), Some("2026-03-14T10:00:00+01:00"));
        assert_eq!(sat.last.as_deref(), Some("2026-03-14T11:30:00+01:00"));
        assert!((sat.by_band.non_working_day - 1.5).abs() < 1e-9);
    }

    #[test]
    fn dst_days_have_23_and_25_hours() {
        // Tracked activity from one day boundary (04:00) to the next. Berlin springs forward
        // on Sunday 2026-03-29 at 02:00 and falls back on Sunday 2026-10-25 at 03:00; both
        // changes fall into Saturday's workday.
        let events = vec![
            span("2026-03-28T04:00", EventKind::ActiveSpan, 12 * 3600),
            span("2026-03-28T16:00", EventKind::ActiveSpan, 11 * 3600),
            span("2026-10-24T04:00", EventKind::ActiveSpan, 12 * 3600),
            span("2026-10-24T16:00", EventKind::ActiveSpan, 6 * 3600),
            span("2026-10-24T22:00", EventKind::ActiveSpan, 7 * 3600),
            span("2026-10-25T04:00", EventKind::ActiveSpan, 60),
        ];
        let rows = day_rows(&events, "2026-03-23", "2026-10-25");
        let get = |d: &str| rows.iter().find(|r| r.date == date(d)).unwrap();
        let spring = get("2026-03-28");
        assert_eq!(spring.hours, 23.0);
        // 04:00-08:00 sleep (4), 08:00-22:00 weekend (14), 22:00-04:00 sleep (5 real hours).
        assert_eq!(spring.by_band.sleep, 9.0);
        assert_eq!(spring.by_band.non_working_day, 14.0);
        let autumn = get("2026-10-24");
        assert_eq!(autumn.hours, 25.0);
        assert_eq!(autumn.by_band.sleep, 11.0);
        assert_eq!(get("2026-10-25").hours, 1.0 / 60.0);
        assert_eq!(
            get("2026-10-25").first.as_deref(),
            Some("2026-10-25T04:00:00+01:00")
        );
    }

    #[test]
    fn empty_input_gives_empty_days() {
        let rows = day_rows(&[], "2026-03-09", "2026-03-15");
        assert_eq!(rows.len(), 7);
        assert!(
            rows.iter()
                .all(|r| r.hours == 0.0 && r.first.is_none() && r.events == 0)
        );
        assert!(rows[0].working_day && !rows[5].working_day);
    }
}
