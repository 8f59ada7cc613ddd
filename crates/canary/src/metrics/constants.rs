//! The one versioned table of every constant the metrics use, each with its source.
//!
//! Every figure in a report depends on these; change one and bump [`MODEL`] (reported as
//! `worktime.model`). They are estimates, not measurements: where a value is a judgement rather
//! than a published figure, its comment says so, and `docs/method.md` ("Part I — Metrics") gives
//! the reasoning for each. The assessment's thresholds are in
//! [`crate::assessment::thresholds`]; the plan's in the plan modules that use them.

use crate::event::EventKind;

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
/// Weekly hours the article names as a high-risk sign ("working more than 50 hours per week
/// regularly"): `limits.weeks_over_50` and the checklist's `hours_over_50`.
pub const LONG_WEEK_HOURS: f64 = 50.0;
/// The EU average limit (Working Time Directive, Art. 6: 48 hours including overtime) ...
pub const EU_AVERAGE_MAX_HOURS: f64 = 48.0;
/// ... over a reference period of up to 4 months (Art. 16(b)), i.e. 17 weeks.
pub const EU_REFERENCE_WEEKS: usize = 17;
/// Trend: the recent weeks compared with the weeks before them (a judgement: a month against
/// the two before it; docs/method.md §8).
pub const TREND_RECENT_WEEKS: usize = 4;
pub const TREND_EARLIER_WEEKS: usize = 8;
/// Hours are rising when the recent mean is at least 10 % and 3 h above the earlier one (a
/// judgement against week-to-week noise; §8).
pub const TREND_HOURS_RATIO: f64 = 0.10;
pub const TREND_HOURS_ABS: f64 = 3.0;
/// After-hours share is rising when it gained 5 percentage points (a judgement; §8).
pub const TREND_SHARE_ABS: f64 = 0.05;
/// Sleep-window nights are rising when they gained half a night per week (a judgement; §8).
pub const TREND_SLEEP_NIGHTS_ABS: f64 = 0.5;
/// Covered days at which confidence is one half: `covered / (covered + 14)` (§10).
pub const CONFIDENCE_HALF_DAYS: u32 = 14;
/// Covered days needed before any verdict: two weeks is the shortest stretch that holds two
/// weekends and ten working days (§10).
pub const VERDICT_MIN_DAYS: u32 = 14;
/// Nights listed in `sleep.recent`, and events shown for each (presentation; §6).
pub const SLEEP_RECENT_NIGHTS: usize = 20;
pub const SLEEP_SAMPLES_PER_NIGHT: usize = 10;
/// Examples of excluded events shown (presentation).
pub const EXCLUDED_SAMPLES: usize = 5;
/// An absence event longer than this is cut here (a guard against a bad end date; §1).
pub const ABSENCE_MAX_DAYS: i64 = 366;
/// ISO weeks in the default period when neither `since` nor `weeks` is given: half a year,
/// enough for the 17-week average and the 12 weeks of the trend (§7, §8).
pub const DEFAULT_WEEKS: u32 = 26;

/// From this local time on, a sent mail is "after dinner" (a judgement; the article's
/// help-desk manager set her own line at 20:00; §12).
pub const EVENING_FROM_MINUTE: u16 = 19 * 60;

/// A gap shorter than this between two meetings makes them back to back (a judgement; §13).
pub const BACK_TO_BACK_GAP_SECS: i64 = 5 * MIN;
/// Meetings in a row that make a chain worth reporting (a judgement; §13).
pub const CHAIN_MIN: u32 = 3;
/// The lunch window, 11:30 to 14:00 local time, and the break it should hold (judgements;
/// §13).
pub const LUNCH_FROM_MINUTE: i8 = 30;
pub const LUNCH_FROM_HOUR: i8 = 11;
pub const LUNCH_TO_HOUR: i8 = 14;
pub const LUNCH_BREAK_SECS: i64 = 30 * MIN;

/// Working days without activity in a row that make a detected vacation (a judgement; §15).
pub const DETECT_MIN_WORKING_DAYS: usize = 3;
/// Share of working days with activity needed around a gap to trust it (a judgement; §15).
pub const DETECT_MIN_DENSITY: f64 = 0.7;
/// Days on each side of a gap looked at for that density (§15).
pub const DETECT_CONTEXT_DAYS: usize = 14;
