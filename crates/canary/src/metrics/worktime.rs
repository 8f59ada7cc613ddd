//! Estimated working time, and the one versioned table of every constant the metrics use.
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
//! Not for: deciding bands (that is [`crate::time::Classifier`]) or counting events.

use jiff::Timestamp;

use super::classify::Item;
use super::period::PeriodSpan;
use crate::event::{Event, EventKind};
use crate::report::{BandHours, WorktimeSummary};
use crate::time::Classifier;

// ---------------------------------------------------------------------------------------------
// The constants table. Every figure in a report depends on these; change one and bump MODEL.
// docs/method.md gives the reasoning for each. They are estimates, not measurements.
// ---------------------------------------------------------------------------------------------

/// Version of this table, reported as `worktime.model`.
pub const MODEL: &str = "worktime-v1";

const MIN: i64 = 60;
const HOUR: i64 = 3600;

/// Intervals whose gap is shorter than this are one working session. WakaTime's default
/// keystroke timeout and Code Time's inactivity timeout are both 15 minutes.
pub const SESSION_GAP_SECS: i64 = 15 * MIN;

/// How one kind of event counts toward working time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credit {
    /// Not work (a received mail) or not activity at all (absences).
    None,
    /// A point event: `before` seconds of work leading up to it and `after` seconds after it.
    Point { before: i64, after: i64 },
    /// A span, by its duration capped at `max`; `missing` seconds from its start when the
    /// source gave no duration.
    Span { missing: i64, max: i64 },
}

/// One row of the table.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    pub kind: EventKind,
    pub credit: Credit,
    /// Why, in one line (docs/method.md has the long form).
    pub why: &'static str,
}

/// Working-time credit per event kind, in [`EventKind::ALL`] order.
pub const TABLE: [Rule; 13] = [
    Rule {
        kind: EventKind::Commit,
        credit: Credit::Point {
            before: 20 * MIN,
            after: 0,
        },
        why: "the editing a commit closes; git-hours credits 120 min, git-time 25 min to a lone commit",
    },
    Rule {
        kind: EventKind::Command,
        credit: Credit::Point {
            before: 2 * MIN,
            after: 0,
        },
        why: "typing one command and reading its output",
    },
    Rule {
        kind: EventKind::MailSent,
        credit: Credit::Point {
            before: 5 * MIN,
            after: 0,
        },
        why: "reading the thread and writing a short reply",
    },
    Rule {
        kind: EventKind::MailReceived,
        credit: Credit::None,
        why: "arriving mail is not work; reading it leaves no trace",
    },
    Rule {
        kind: EventKind::Meeting,
        credit: Credit::Span {
            missing: 30 * MIN,
            max: 10 * HOUR,
        },
        why: "its duration; 30 min (a short slot) when unknown; over 10 h is a data error",
    },
    Rule {
        kind: EventKind::OutOfOffice,
        credit: Credit::None,
        why: "absence: marks vacation days",
    },
    Rule {
        kind: EventKind::Holiday,
        credit: Credit::None,
        why: "absence: marks public holidays",
    },
    Rule {
        kind: EventKind::Page,
        credit: Credit::Point {
            before: 0,
            after: 5 * MIN,
        },
        why: "an interruption: waking, reading the alert, opening a laptop, after it arrives",
    },
    Rule {
        kind: EventKind::Ack,
        credit: Credit::Point {
            before: 2 * MIN,
            after: 0,
        },
        why: "reading the alert before acknowledging it",
    },
    Rule {
        kind: EventKind::Incident,
        credit: Credit::Span {
            missing: 5 * MIN,
            max: 8 * HOUR,
        },
        why: "engaged time ack to resolve; capped at a shift, since incidents are often resolved late",
    },
    Rule {
        kind: EventKind::ChatMessage,
        credit: Credit::Point {
            before: 2 * MIN,
            after: 0,
        },
        why: "reading the channel and typing one message",
    },
    Rule {
        kind: EventKind::ActiveSpan,
        credit: Credit::Span {
            missing: 0,
            max: 12 * HOUR,
        },
        why: "tracked non-AFK time as recorded; over 12 h is a data error",
    },
    Rule {
        kind: EventKind::Other,
        credit: Credit::Point {
            before: 2 * MIN,
            after: 0,
        },
        why: "unknown traces count like a command",
    },
];

/// Rest shorter than this between two workdays is a short rest (EU Working Time Directive
/// 2003/88/EC, Art. 3: 11 consecutive hours per 24-hour period).
pub const MIN_DAILY_REST_SECS: i64 = 11 * HOUR;
/// Weekly hours the article names as a high-risk sign ("more than 50 hours").
pub const LONG_WEEK_HOURS: f64 = 50.0;
/// The EU average limit (Art. 6: 48 hours including overtime) ...
pub const EU_AVERAGE_MAX_HOURS: f64 = 48.0;
/// ... over a reference period of up to 4 months (Art. 16(b)), i.e. 17 weeks.
pub const EU_REFERENCE_WEEKS: usize = 17;
/// Trend: the recent weeks compared with the weeks before them.
pub const TREND_RECENT_WEEKS: usize = 4;
pub const TREND_EARLIER_WEEKS: usize = 8;
/// Hours are rising when the recent mean is at least 10 % and 3 h above the earlier one.
pub const TREND_HOURS_RATIO: f64 = 0.10;
pub const TREND_HOURS_ABS: f64 = 3.0;
/// After-hours share is rising when it gained 5 percentage points.
pub const TREND_SHARE_ABS: f64 = 0.05;
/// Sleep-window nights are rising when they gained half a night per week.
pub const TREND_SLEEP_NIGHTS_ABS: f64 = 0.5;
/// Covered days at which confidence is one half: `covered / (covered + 14)`.
pub const CONFIDENCE_HALF_DAYS: u32 = 14;
/// Covered days needed before any verdict.
pub const VERDICT_MIN_DAYS: u32 = 14;
/// Nights listed in `sleep.recent`, and events shown for each.
pub const SLEEP_RECENT_NIGHTS: usize = 20;
pub const SLEEP_SAMPLES_PER_NIGHT: usize = 10;
/// Examples of excluded events shown.
pub const EXCLUDED_SAMPLES: usize = 5;
/// An absence event longer than this is cut here (a guard against a bad end date).
pub const ABSENCE_MAX_DAYS: i64 = 366;

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

// ---------------------------------------------------------------------------------------------

/// A half-open span of working time `[start, end)` in Unix seconds, with the event's own UTC
/// offset (used for local time when the settings ask for it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Interval {
    pub start: i64,
    pub end: i64,
    pub offset: Option<i32>,
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
/// bridged gaps count as work. Sorts in place; O(n log n); the result is sorted and disjoint.
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
        if w > 0 && cur.start - v[w - 1].end < gap {
            if cur.end > v[w - 1].end {
                v[w - 1].end = cur.end;
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
pub fn summary(measured: &Measured, span: &PeriodSpan, days_off_worked: u32) -> WorktimeSummary {
    let secs = total_secs(&measured.day_secs);
    let total = secs.iter().sum::<i64>();
    let by_band = BandHours::from_seconds(secs);
    let weeks = span.days() as f64 / 7.0;
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
    }
}

#[cfg(test)]
mod tests;
