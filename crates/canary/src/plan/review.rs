//! The monthly review: the period since the last saved review set beside the same number of
//! days before it — figures, boundaries crossed, plan progress, check-ins, questionnaires and
//! the support network — with questions to reflect on and what to adjust.
//!
//! A pure function from two reports (one per period, built by the same code as
//! `canary report`), the plan, the journal, the check-ins and today. Nothing here reads the
//! store or the clock; the figures are the reports' own, never measured again. The periods
//! are chosen by [`super::review_period`]; the words are in [`super::review_doc`].

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use super::actions::{ActionStatus, CATALOGUE, Horizon};
use super::boundaries::{self, BoundaryGroup, Scope};
use super::review_period::{CADENCE_DAYS, Periods};
use super::support::{self, Neglected};
use super::{Plan, review_doc};
use crate::Settings;
use crate::journal::{Checkin, Journal, SupportKind};
use crate::model::{Report, ScorePoint};

/// Counts that moved by at most this share of the earlier count are "about the same".
pub const COUNT_SAME: f64 = 0.05;

/// A questionnaire older than this many days is worth taking again.
pub const RETAKE_AFTER_DAYS: i64 = 28;

/// What the review is built from.
#[derive(Debug, Clone, Copy)]
pub struct ReviewInput<'a> {
    pub periods: &'a Periods,
    /// The report over `periods.current`.
    pub current: &'a Report,
    /// The report over `periods.previous`.
    pub previous: &'a Report,
    /// The plan as `canary plan` shows it today (its open actions).
    pub plan: &'a Plan,
    pub settings: &'a Settings,
    pub journal: &'a Journal,
    /// Every check-in, any order.
    pub checkins: &'a [Checkin],
    /// Today, in the person's time zone.
    pub today: Date,
}

/// The whole review, one serialisable value for text, HTML and JSON.
#[derive(Debug, Clone, Serialize)]
pub struct MonthlyReview {
    pub today: Date,
    pub periods: Periods,
    /// The note saved with the last review.
    pub last_note: Option<String>,
    /// When the next review is due if this one is saved today.
    pub next_due: Date,
    pub max_weekly_hours: f64,
    /// Days with any data in the current and the previous period.
    pub covered_days: (u32, u32),
    pub figures: Vec<Figure>,
    /// The boundaries and what crossed them in the current period.
    pub boundaries: Vec<BoundaryGroup>,
    pub actions_done: Vec<ReviewAction>,
    pub actions_open: Vec<ReviewAction>,
    pub checkins: CheckinPair,
    pub questionnaires: Vec<Questionnaire>,
    /// The report's crisis message, word for word, when the latest answers point to crisis.
    pub crisis: Option<String>,
    pub support: ReviewSupport,
    pub questions: Vec<String>,
    pub adjust: Vec<String>,
}

/// One figure, then and now. Every figure here is better lower.
#[derive(Debug, Clone, Serialize)]
pub struct Figure {
    pub id: &'static str,
    pub label: &'static str,
    /// `h/week`, `share` (0–1), `nights`, `days`, `pages` or `mails`.
    pub unit: &'static str,
    /// `None` when the period had no data for it.
    pub then: Option<f64>,
    pub now: Option<f64>,
    /// `up`, `down`, `same`, or `unknown` when either side is missing.
    pub change: &'static str,
    /// Whether the change is for the better; `None` when the same or unknown.
    pub better: Option<bool>,
    /// The comparison in words.
    pub words: String,
}

/// An action of the plan, done in the period or still open.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewAction {
    pub id: String,
    pub title: String,
    pub horizon: Option<Horizon>,
    /// Local date it was marked done.
    pub done_on: Option<Date>,
}

/// Check-ins of one period.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CheckinSummary {
    pub count: u32,
    /// Means of the answered 1–5 scales.
    pub stress: Option<f64>,
    pub sleep: Option<f64>,
    /// Shares (0–1) of the check-ins answering the habit that said yes.
    pub exercise: Option<f64>,
    pub social: Option<f64>,
    pub hobby: Option<f64>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct CheckinPair {
    pub current: CheckinSummary,
    pub previous: CheckinSummary,
}

/// The latest answers to a questionnaire beside the ones before.
#[derive(Debug, Clone, Serialize)]
pub struct Questionnaire {
    /// `cbi` or `who5`.
    pub instrument: &'static str,
    pub latest: Option<ScorePoint>,
    pub previous: Option<ScorePoint>,
    /// Scale by scale, in words.
    pub words: Vec<String>,
    /// A suggestion to take it (again), with the command, when never taken or older than
    /// [`RETAKE_AFTER_DAYS`].
    pub retake: Option<String>,
}

/// The support network as the review sees it.
#[derive(Debug, Clone, Serialize)]
pub struct ReviewSupport {
    /// The entry with the longest time since contact.
    pub longest: Option<Neglected>,
    /// Whether that is past the neglect threshold.
    pub neglected: bool,
    pub missing: Vec<SupportKind>,
}

/// Build the review.
pub fn build(input: &ReviewInput<'_>) -> MonthlyReview {
    let zone = input.settings.zone().unwrap_or(TimeZone::UTC);
    let p = input.periods;
    let (cur, prev) = (input.current, input.previous);
    let scope = Scope {
        within: " in the period".to_string(),
        of_weeks: format!("of the {} weeks of the period", cur.weeks.len()),
    };
    let local = |t: jiff::Timestamp| t.to_zoned(zone.clone()).date();
    let actions_done = input
        .journal
        .done
        .iter()
        .filter(|d| p.current.contains(local(d.done_at)))
        .map(|d| {
            let entry = CATALOGUE.iter().find(|e| e.id == d.action_id);
            ReviewAction {
                id: d.action_id.clone(),
                title: entry.map_or_else(|| d.action_id.clone(), |e| e.title.to_string()),
                horizon: entry.map(|e| e.horizon),
                done_on: Some(local(d.done_at)),
            }
        })
        .collect();
    let pl = input.plan;
    let actions_open = pl
        .week
        .iter()
        .chain(&pl.month)
        .chain(&pl.year)
        .filter(|a| a.status == ActionStatus::Open)
        .map(|a| ReviewAction {
            id: a.id.to_string(),
            title: a.title.to_string(),
            horizon: Some(a.horizon),
            done_on: None,
        })
        .collect();
    let in_window = |w: &super::review_period::Window| {
        let cs: Vec<&Checkin> = input
            .checkins
            .iter()
            .filter(|c| c.taken_at.is_some_and(|t| w.contains(local(t))))
            .collect();
        checkin_summary(&cs)
    };
    let sp = support::picture(&input.journal.support, input.today, &zone);
    let mut review = MonthlyReview {
        today: input.today,
        periods: *p,
        last_note: input
            .journal
            .last_review(&zone)
            .and_then(|(r, _)| r.note.clone()),
        next_due: input
            .today
            .checked_add(jiff::Span::new().days(CADENCE_DAYS))
            .unwrap_or(input.today),
        max_weekly_hours: input.settings.max_weekly_hours,
        covered_days: (cur.coverage.covered_days, prev.coverage.covered_days),
        figures: figures(cur, prev, input.settings.max_weekly_hours),
        boundaries: boundaries::framework_over(cur, input.settings, &cur.weeks, &scope),
        actions_done,
        actions_open,
        checkins: CheckinPair {
            current: in_window(&p.current),
            previous: in_window(&p.previous),
        },
        questionnaires: questionnaires(cur, input.today, &zone),
        crisis: cur.crisis.clone(),
        support: ReviewSupport {
            longest: sp.entries.first().cloned(),
            neglected: sp.neglected.is_some(),
            missing: sp.missing,
        },
        questions: Vec::new(),
        adjust: Vec::new(),
    };
    review.questions = review_doc::questions(&review);
    review.adjust = review_doc::adjust(&review);
    review
}

/// The figures of both reports, compared.
pub fn figures(cur: &Report, prev: &Report, max: f64) -> Vec<Figure> {
    type Get = fn(&Report) -> Option<f64>;
    let rows: [(&str, &str, &str, f64, Get); 6] = [
        (
            "mean_weekly_hours",
            "Mean weekly hours",
            "h/week",
            0.5,
            |r| (r.coverage.covered_days > 0).then_some(r.worktime.mean_weekly_hours),
        ),
        (
            "after_hours_share",
            "Share of work outside business hours",
            "share",
            0.01,
            |r| (r.coverage.covered_days > 0).then_some(r.worktime.after_hours_share),
        ),
        (
            "sleep_nights",
            "Nights with work in your sleep window",
            "nights",
            0.0,
            |r| (r.coverage.covered_days > 0).then_some(f64::from(r.sleep.nights)),
        ),
        ("days_off_worked", "Days off with work", "days", 0.0, |r| {
            (r.coverage.covered_days > 0).then_some(f64::from(r.worktime.days_off_worked))
        }),
        (
            "pages_personal_time",
            "Non-emergency pages in personal time",
            "pages",
            0.0,
            |r| {
                r.interruptions
                    .measured
                    .then_some(f64::from(r.interruptions.non_emergency_outside_hours))
            },
        ),
        (
            "mail_outside_hours",
            "Mail sent outside business hours",
            "mails",
            0.0,
            |r| {
                r.communication
                    .measured
                    .then_some(f64::from(r.communication.sent_after_hours))
            },
        ),
    ];
    rows.into_iter()
        .map(|(id, label, unit, same_within, get)| {
            let (then, now) = (get(prev), get(cur));
            let (change, better) = match (then, now) {
                (Some(t), Some(n)) if about_the_same(t, n, same_within) => ("same", None),
                (Some(t), Some(n)) if n < t => ("down", Some(true)),
                (Some(_), Some(_)) => ("up", Some(false)),
                _ => ("unknown", None),
            };
            let mut f = Figure {
                id,
                label,
                unit,
                then,
                now,
                change,
                better,
                words: String::new(),
            };
            f.words = review_doc::figure_words(&f, max);
            f
        })
        .collect()
}

/// Hours and shares have a fixed margin; counts (margin 0) move by at most [`COUNT_SAME`] of
/// the earlier count.
fn about_the_same(then: f64, now: f64, margin: f64) -> bool {
    let margin = if margin > 0.0 {
        margin
    } else {
        COUNT_SAME * then
    };
    (now - then).abs() <= margin
}

/// Count, means and habit shares of some check-ins.
pub fn checkin_summary(cs: &[&Checkin]) -> CheckinSummary {
    fn mean(xs: impl Iterator<Item = f64>) -> Option<f64> {
        let (n, sum) = xs.fold((0u32, 0.0), |(n, s), x| (n + 1, s + x));
        (n > 0).then(|| sum / f64::from(n))
    }
    let share = |f: fn(&Checkin) -> Option<bool>| {
        mean(
            cs.iter()
                .filter_map(|c| f(c))
                .map(|b| f64::from(u8::from(b))),
        )
    };
    CheckinSummary {
        count: cs.len() as u32,
        stress: mean(cs.iter().filter_map(|c| c.stress).map(f64::from)),
        sleep: mean(cs.iter().filter_map(|c| c.sleep).map(f64::from)),
        exercise: share(|c| c.exercise),
        social: share(|c| c.social),
        hobby: share(|c| c.hobby),
    }
}

/// The latest CBI and WHO-5 beside the ones before, from the report's score history.
fn questionnaires(r: &Report, today: Date, zone: &TimeZone) -> Vec<Questionnaire> {
    ["cbi", "who5"]
        .into_iter()
        .map(|instrument| {
            let mut taken: Vec<&ScorePoint> = r
                .instruments
                .trend
                .iter()
                .filter(|p| p.instrument == instrument)
                .collect();
            taken.sort_by_key(|p| p.taken_at);
            let latest = taken.last().map(|p| (*p).clone());
            let previous = taken.len().checked_sub(2).map(|i| taken[i].clone());
            let age = latest.as_ref().map(|l| {
                let d = l.taken_at.to_zoned(zone.clone()).date();
                (d, (today - d).get_days() as i64)
            });
            let mut q = Questionnaire {
                instrument,
                latest,
                previous,
                words: Vec::new(),
                retake: review_doc::retake(instrument, age),
            };
            q.words = review_doc::score_words(&q);
            q
        })
        .collect()
}
