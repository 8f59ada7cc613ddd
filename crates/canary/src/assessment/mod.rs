//! Assessment: measured figures and the person's answers, to the article's Step 1 checklist,
//! a risk level and a stage.
//!
//! Pure: it reads the [`Measurements`] (the report's figures, before the risk) and the
//! journal's answer sets passed in, and returns a [`Risk`]. The rules are written in
//! `docs/method.md` ("Risk level, rule v3", "Stage"), versioned by [`RULE`], with their
//! thresholds in [`thresholds`]; every level and stage comes with its reasons. The instrument
//! scores (CBI, WHO-5) sit beside the level in the report, not inside it; only the crisis flag
//! adds a reason.

mod checklist;
pub mod instruments;
mod merge;
#[cfg(test)]
mod partial_tests;
pub mod stage;
mod summary;
pub mod thresholds;

pub use checklist::{measured_indicators, recent_complete_weeks};
pub use merge::{merge, resolve};
pub use summary::{Scored, latest, scored, summarise};

use instruments::{AnswerSet, Instrument};

use crate::metrics::constants::VERDICT_MIN_DAYS;
use crate::model::{
    Basis, Communication, Coverage, Indicator, Interruptions, LimitsSummary, Period, Report, Risk,
    RiskLevel, SleepSummary, Stage, StageReason, Status, Tier, Trend, Vacations, WeekRow,
};
use thresholds::{MIN_COVERED_WEEKS, MIN_KNOWN_HIGH_FOR_LOW};

/// The version of the level rule below.
pub const RULE: &str = "v3";

/// What the assessment reads: the measured parts of the report, before there is a risk.
#[derive(Debug, Clone, Copy)]
pub struct Measurements<'a> {
    pub period: &'a Period,
    /// One row per ISO week, oldest first; only complete ones are looked at.
    pub weeks: &'a [WeekRow],
    pub limits: &'a LimitsSummary,
    pub trend: &'a Trend,
    pub coverage: &'a Coverage,
    pub sleep: &'a SleepSummary,
    pub communication: &'a Communication,
    pub interruptions: &'a Interruptions,
    pub vacations: &'a Vacations,
}

impl<'a> Measurements<'a> {
    /// The measurements of a finished report (to assess again, or to show what the data
    /// already tells).
    pub fn of(report: &'a Report) -> Measurements<'a> {
        Measurements {
            period: &report.period,
            weeks: &report.weeks,
            limits: &report.limits,
            trend: &report.trend,
            coverage: &report.coverage,
            sleep: &report.sleep,
            communication: &report.communication,
            interruptions: &report.interruptions,
            vacations: &report.vacations,
        }
    }
}

/// Assess the measurements with the answers taken up to their "now": the checklist, the level
/// and the stage, each with its reasons.
pub fn assess(m: &Measurements<'_>, answers: &[&AnswerSet]) -> Risk {
    let checklist_set = latest(answers, Instrument::Checklist);
    let indicators = merge(measured_indicators(m), checklist_set);
    let scored = scored(answers);
    let cbi_scores = scored.cbi_for_rules;
    let who5_score = scored.who5.map(|(_, w)| w);
    let crisis = !instruments::crisis_reasons(cbi_scores.as_ref(), who5_score.as_ref()).is_empty();
    let enough = m.coverage.enough_for_verdict;
    let (level, reasons) = level(
        &indicators,
        enough,
        m.coverage.covered_days,
        checklist_set.is_some(),
        crisis,
    );
    // The stage reads "lately" from the same recent weeks as the checklist and the level, so
    // the two cannot disagree for looking at different windows; the 12-week trend is only the
    // fallback when those weeks hold too little.
    let (recent_hours, recent_share) =
        recent_figures(m.weeks).unwrap_or((m.trend.recent_hours, m.trend.recent_after_hours_share));
    let mut stage = stage::stage(&stage::StageInput {
        indicators: &indicators,
        known_high: known_high(&indicators, enough),
        enough_data: enough,
        recent_hours,
        recent_after_hours_share: recent_share,
        max_weekly_hours: m.limits.max_weekly_hours,
        signs: latest(answers, Instrument::Signs).map(|a| &a.answers),
        cbi: cbi_scores.as_ref(),
        who5: who5_score.as_ref(),
        any_answers: !answers.is_empty(),
        pages_off_rotation: m
            .interruptions
            .on_call_declared
            .then_some(m.interruptions.pages_off_rotation),
    });
    if let Some(note) = disagreement(level, &stage) {
        stage.reasons.push(StageReason::note(note));
    }
    Risk {
        level,
        rule: RULE.to_string(),
        reasons,
        indicators,
        stage,
    }
}

/// Mean hours and pooled after-hours share of the recent complete weeks with data (the
/// checklist's [`thresholds::RECENT_WEEKS`]), when at least [`MIN_COVERED_WEEKS`] of them have data.
fn recent_figures(weeks: &[WeekRow]) -> Option<(Option<f64>, Option<f64>)> {
    let recent = checklist::recent_covered_weeks(weeks);
    if recent.len() < MIN_COVERED_WEEKS {
        return None;
    }
    let hours: f64 = recent.iter().map(|w| w.hours).sum();
    let share = checklist::pooled_after_hours_share(&recent);
    Some((Some(hours / recent.len() as f64), Some(share)))
}

/// Why the level and the stage say different things, when they do: they count different
/// signs (the level every high- and medium-risk item; the stage the signs the article ties to a
/// stage, answers included), never different weeks.
fn disagreement(level: RiskLevel, stage: &Stage) -> Option<String> {
    match (level, stage.stage) {
        (RiskLevel::High | RiskLevel::Medium, None) if stage.name == "sustainable" => {
            Some(format!(
                "the risk level is {} from checklist signs the article ties to no stage; the stage counts only the stages' own signs",
                level.as_str()
            ))
        }
        (RiskLevel::Low, Some(k)) if k >= 2 => Some(format!(
            "the risk level is low because no high- or medium-risk checklist item holds; stage {k} comes from the stage signs above, which the checklist does not count"
        )),
        _ => None,
    }
}

fn source(basis: Basis) -> &'static str {
    match basis {
        Basis::Measured => "measured",
        Basis::Answered => "answered",
        Basis::Both => "measured and answered",
        Basis::None => "",
    }
}

/// The high-risk indicators whose status is known: measured ones with enough data, answered
/// ones always.
pub fn known_high(indicators: &[Indicator], enough_data: bool) -> usize {
    indicators
        .iter()
        .filter(|i| i.tier == Tier::High && i.status != Status::Unknown)
        .filter(|i| enough_data || i.basis != Basis::Measured)
        .count()
}

/// Rule v3: unknown with too little data and no checklist answers; otherwise, counting the
/// holding indicators (measured-only ones only with enough data): high when two high-risk
/// indicators hold, or one high and one medium; medium when one high or any medium holds;
/// low when none holds and at least [`MIN_KNOWN_HIGH_FOR_LOW`] high-risk ones are known,
/// else unknown. The crisis flag adds a reason, never a level.
pub fn level(
    indicators: &[Indicator],
    enough_data: bool,
    covered_days: u32,
    answered: bool,
    crisis: bool,
) -> (RiskLevel, Vec<String>) {
    let crisis_reason = || {
        "your latest answers point to crisis: please read the note on talking to a professional"
            .to_string()
    };
    if !enough_data && !answered {
        let mut reasons = vec![format!(
            "only {} {} any data; a verdict needs at least {VERDICT_MIN_DAYS} — import more sources, or answer `canary assess checklist`",
            crate::words::count(covered_days, "day"),
            if covered_days == 1 { "has" } else { "have" }
        )];
        if crisis {
            reasons.push(crisis_reason());
        }
        return (RiskLevel::Unknown, reasons);
    }
    let counts =
        |i: &&Indicator| i.status == Status::Holds && (enough_data || i.basis != Basis::Measured);
    let holding = |tier: Tier| -> Vec<&Indicator> {
        indicators
            .iter()
            .filter(|i| i.tier == tier)
            .filter(counts)
            .collect()
    };
    let high = holding(Tier::High);
    let medium = holding(Tier::Medium);
    let mut reasons: Vec<String> = high
        .iter()
        .map(|i| {
            format!(
                "high-risk sign ({}): {}",
                source(i.basis),
                i.label.to_lowercase()
            )
        })
        .chain(medium.iter().map(|i| {
            format!(
                "medium-risk sign ({}): {}",
                source(i.basis),
                i.label.to_lowercase()
            )
        }))
        .collect();
    let known = known_high(indicators, enough_data);
    let level = if high.len() >= 2 || (high.len() == 1 && !medium.is_empty()) {
        RiskLevel::High
    } else if high.len() == 1 || !medium.is_empty() {
        RiskLevel::Medium
    } else if known < MIN_KNOWN_HIGH_FOR_LOW {
        reasons.push(format!(
            "no high- or medium-risk sign holds, but only {known} of the {} high-risk signs could be checked (at least {MIN_KNOWN_HIGH_FOR_LOW} are needed to call the risk low): import a continuous source such as a shell history, ActivityWatch or a calendar, or answer `canary assess checklist`",
            indicators.iter().filter(|i| i.tier == Tier::High).count()
        ));
        RiskLevel::Unknown
    } else {
        reasons.push(if enough_data {
            "no high- or medium-risk sign holds in your data or your answers".to_string()
        } else {
            "no high- or medium-risk sign holds in your answers (too little data to measure)"
                .to_string()
        });
        RiskLevel::Low
    };
    if crisis {
        reasons.push(crisis_reason());
    }
    (level, reasons)
}

#[cfg(test)]
mod tests;
