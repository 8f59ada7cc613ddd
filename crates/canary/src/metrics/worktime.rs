//! Estimated working time: from events to intervals, merged sessions and hours per workday,
//! band and heatmap cell, by the credit rules of [`super::constants::TABLE`].
//!
//! Each event becomes an interval; intervals closer than the session gap are merged; merged
//! time is cut at band edges, local hours and the day boundary, and summed per workday, band
//! and heatmap cell.
//!
//! ```text
//! events      cmd  cmd         commit            meeting==========        page
//! intervals   [-]  [-]   [---------c]            [================]       [p----]
//!                 (2 min before)  (20 min before)  (its duration)        (5 min after)
//! merged      [------------------c]              [================]       [p----]
//!                  gaps < 15 min bridged      ^ gap >= 15 min: a new session
//! ```
//!
//! A gap between two spans a time tracker measured (ActivityWatch's active spans) is never
//! bridged: the tracker saw the person away, so the gap is not work whatever its length.
//!
//! Not for: deciding bands (that is [`crate::time::Classifier`]) or counting events.

use jiff::Timestamp;

use super::classify::Item;
use super::constants::{Credit, MODEL, TABLE};
use super::days::DayActivity;
use super::period::PeriodSpan;
use crate::event::{Event, EventKind};
use crate::model::{BandHours, WorktimeSummary};
use crate::time::Classifier;

/// The credit rule for a kind.
pub fn credit(kind: EventKind) -> Credit {
    TABLE[kind as usize].credit
}

/// Whether events of this kind are the person's activity (traces of them working). Received
/// mail and absences are not.
pub fn is_activity(kind: EventKind) -> bool {
    credit(kind) != Credit::None
}

/// When an activity ends: its start for point events, its capped duration for spans.
pub fn activity_end(event: &Event) -> Timestamp {
    match credit(event.kind) {
        Credit::Span { max, .. } => match event.duration {
            Some(d) if d > 0 => event
                .utc
                .checked_add(jiff::SignedDuration::from_secs(d.min(max)))
                .unwrap_or(event.utc),
            _ => event.utc,
        },
        _ => event.utc,
    }
}

/// A half-open span of working time `[start, end)` in Unix seconds, with the event's own UTC
/// offset (used for local time when the settings ask for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: i64,
    pub end: i64,
    pub offset: Option<i32>,
    /// Measured by a time tracker (its start and end are observed, not estimated): a gap
    /// between two such spans is not bridged.
    pub timed: bool,
}

impl Interval {
    pub fn len(&self) -> i64 {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// The working interval credited to one event, if any.
pub fn interval(event: &Event) -> Option<Interval> {
    let t = event.utc.as_second();
    let (start, end) = match credit(event.kind) {
        Credit::None => return None,
        Credit::Point { before, after } => (t - before, t + after),
        Credit::Span { missing, max } => match event.duration {
            Some(d) if d > 0 => (t, t + d.min(max)),
            _ => (t, t + missing),
        },
    };
    (end > start).then_some(Interval {
        start,
        end,
        offset: event.offset,
        timed: event.kind == EventKind::ActiveSpan && event.duration.is_some_and(|d| d > 0),
    })
}

/// The intervals of the prepared events, none reaching past "now".
pub fn intervals(items: &[Item<'_>], now: Timestamp) -> Vec<Interval> {
    let now = now.as_second();
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if let Some(mut iv) = interval(item.event) {
            iv.end = iv.end.min(now);
            if !iv.is_empty() {
                out.push(iv);
            }
        }
    }
    out
}

/// Merge intervals whose gap is shorter than `gap` seconds (overlaps always merge). The
/// bridged gaps count as work — except a gap between two tracker-timed spans
/// ([`Interval::timed`]), which the tracker measured as time away. Sorts in place;
/// O(n log n); the result is sorted and disjoint.
///
/// ```text
/// in    [--]  [----]        [-]    gap = 3
///           ^2         ^8
/// out   [----------]        [-]
/// ```
pub fn merge(mut v: Vec<Interval>, gap: i64) -> Vec<Interval> {
    v.sort_unstable_by_key(|i| i.start);
    let mut w = 0usize;
    for r in 0..v.len() {
        let cur = v[r];
        let bridge = |prev: &Interval| {
            let apart = cur.start - prev.end;
            apart < gap && !(prev.timed && cur.timed && apart > 0)
        };
        if w > 0 && bridge(&v[w - 1]) {
            if cur.end > v[w - 1].end {
                v[w - 1].end = cur.end;
                v[w - 1].timed = cur.timed;
            }
        } else {
            v[w] = cur;
            w += 1;
        }
    }
    v.truncate(w);
    v
}

/// Merged working time cut into per-day, per-band seconds and heatmap cells.
#[derive(Debug, Clone)]
pub struct Measured {
    /// Seconds per band (in [`crate::time::Band::ALL`] order) for each day of the period,
    /// by workday.
    pub day_secs: Vec<[i64; 5]>,
    /// Seconds per local weekday (0 = Monday) and hour, for the time counted in `day_secs`.
    pub cell_secs: [[i64; 24]; 7],
}

/// Cut merged intervals where the band, the local hour or the workday may change, and sum
/// each piece into its workday (when inside the period), band and heatmap cell.
///
/// ```text
///            17:00      18:00      19:00          (day boundary 04:00 is another cut)
/// interval     [-----------|----------]
/// pieces       [business  ][off-hours ]   → day 2026-03-10: business 1 h, off-hours 1 h
/// ```
///
/// Each piece's band is the band at its start, which is the band of the whole piece because
/// pieces end at [`Classifier::next_boundary`]; so the band totals equal
/// [`Classifier::seconds_by_band`] over the same intervals.
pub fn measure(classifier: &Classifier, merged: &[Interval], span: &PeriodSpan) -> Measured {
    let mut day_secs = vec![[0i64; 5]; span.days()];
    let mut cell_secs = [[0i64; 24]; 7];
    let boundary = i64::from(classifier.settings().day_boundary.seconds());
    for iv in merged {
        let mut t = iv.start;
        while t < iv.end {
            let ts = Timestamp::from_second(t).unwrap_or(Timestamp::UNIX_EPOCH);
            let p = classifier.place(ts, iv.offset);
            let sod = i64::from(p.local.hour()) * 3600
                + i64::from(p.local.minute()) * 60
                + i64::from(p.local.second());
            let to_hour = 3600 - sod % 3600;
            let to_boundary = if boundary > sod {
                boundary - sod
            } else {
                boundary + 86_400 - sod
            };
            let band_edge = classifier.next_boundary(ts, iv.offset).as_second();
            let next = (t + to_hour.min(to_boundary)).min(band_edge).min(iv.end);
            let secs = next - t;
            if let Some(i) = span.index(p.workday) {
                day_secs[i][p.band.index()] += secs;
                let wd = p.local.date().weekday().to_monday_zero_offset() as usize;
                cell_secs[wd][p.local.hour() as usize] += secs;
            }
            t = next;
        }
    }
    Measured {
        day_secs,
        cell_secs,
    }
}

/// Sum per-day band seconds.
pub fn total_secs(day_secs: &[[i64; 5]]) -> [i64; 5] {
    let mut out = [0i64; 5];
    for d in day_secs {
        for (o, s) in out.iter_mut().zip(d) {
            *o += s;
        }
    }
    out
}

/// The period's working-time summary. Mean weekly hours are total hours over the period's
/// length in weeks (days / 7), so a partial first or last week does not pull the mean down.
pub fn summary(
    measured: &Measured,
    activity: &[DayActivity],
    days_off_worked: u32,
) -> WorktimeSummary {
    let secs = total_secs(&measured.day_secs);
    let total = secs.iter().sum::<i64>();
    let by_band = BandHours::from_seconds(secs);
    let observed = match (
        activity.iter().position(DayActivity::covered),
        activity.iter().rposition(DayActivity::covered),
    ) {
        (Some(a), Some(b)) => b - a + 1,
        _ => 0,
    };
    let weeks = observed as f64 / 7.0;
    WorktimeSummary {
        model: MODEL.to_string(),
        total_hours: total as f64 / 3600.0,
        by_band,
        after_hours_share: super::after_hours::share(&secs),
        days_off_worked,
        mean_weekly_hours: if weeks > 0.0 {
            total as f64 / 3600.0 / weeks
        } else {
            0.0
        },
        at_least: observed > 0 && !activity.iter().any(|d| d.continuous),
    }
}

#[cfg(test)]
mod tests;
