//! The recovery phase, counted from the plan's start, and what changed in the figures since.
//!
//! Phases follow the usual course of recovery: the first three months (boundaries are new and
//! tested), three to twelve months (they become routine), one to two years (they are habits).

use jiff::ToSpan;
use jiff::civil::Date;
use serde::Serialize;

use crate::journal::Journal;
use crate::model::Report;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// 0–3 months.
    Immediate,
    /// 3–12 months.
    Adjustment,
    /// 1–2 years.
    Integration,
    /// Past two years.
    Sustained,
}

impl Phase {
    /// The phase on `today` for a plan started on `start`.
    pub fn on(start: Date, today: Date) -> Phase {
        let after = |span: jiff::Span| start.checked_add(span).map_or(true, |d| today >= d);
        if after(24.months()) {
            Phase::Sustained
        } else if after(12.months()) {
            Phase::Integration
        } else if after(3.months()) {
            Phase::Adjustment
        } else {
            Phase::Immediate
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Phase::Immediate => "first months (0–3 months)",
            Phase::Adjustment => "adjustment (3–12 months)",
            Phase::Integration => "integration (1–2 years)",
            Phase::Sustained => "beyond two years",
        }
    }

    /// What to expect, in a few lines.
    pub fn expect(self) -> &'static [&'static str] {
        match self {
            Phase::Immediate => &[
                "New boundaries take effort and get tested; some friction with colleagues is normal while expectations shift.",
                "Tiredness can feel worse for a while before it gets better. That is not failure.",
                "Lean on the people in your support network; willpower alone rarely carries this phase.",
            ],
            Phase::Adjustment => &[
                "The boundaries start to feel routine, and people around you adjust to them.",
                "Better sleep and mood usually become noticeable in these months.",
                "The fear that boundaries would hurt your career tends to fade as nothing bad happens.",
            ],
            Phase::Integration => &[
                "Healthy hours are becoming habit rather than effort.",
                "Progress at work continues inside your limits, often helped by clearer thinking.",
                "A good time to pass on what you learned to someone earlier on the road.",
            ],
            Phase::Sustained => {
                &["Keep the monthly review; old patterns return quietly under pressure."]
            }
        }
    }
}

/// One figure then and now.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub figure: &'static str,
    pub then: Option<f64>,
    pub now: Option<f64>,
    /// Whether lower is better and it went down.
    pub improved: Option<bool>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Recovery {
    /// None until the plan is started.
    pub started: Option<Date>,
    pub phase: Option<Phase>,
    pub weeks_in: Option<i64>,
    pub changes: Vec<Change>,
}

pub fn recovery(report: &Report, journal: &Journal, today: Date) -> Recovery {
    let Some(start) = journal.plan_started() else {
        return Recovery {
            started: None,
            phase: None,
            weeks_in: None,
            changes: Vec::new(),
        };
    };
    let now = super::baseline(report);
    let changes = match journal.baseline() {
        Some(then) => {
            let c = |figure, a: Option<f64>, b: Option<f64>| Change {
                figure,
                then: a,
                now: b,
                improved: a.zip(b).map(|(a, b)| b < a),
            };
            vec![
                c("weekly hours", then.hours, now.hours),
                c(
                    "after-hours share (%)",
                    then.after_hours_share.map(|x| x * 100.0),
                    now.after_hours_share.map(|x| x * 100.0),
                ),
                c(
                    "sleep-window nights a week",
                    then.sleep_nights,
                    now.sleep_nights,
                ),
            ]
        }
        None => Vec::new(),
    };
    Recovery {
        started: Some(start),
        phase: Some(Phase::on(start, today)),
        weeks_in: Some((today - start).get_days() as i64 / 7),
        changes,
    }
}
