//! The stage estimate: the article's four stages of the burnout journey, from its signs for
//! each stage, measured and answered. Not a diagnosis. The rule is in `docs/method.md`
//! ("Stage"): the highest stage whose signs are there (one sign for stages 1 and 4, two for
//! stages 2 and 3), `sustainable` when none is, `unknown` without enough data and no answers.

use std::collections::BTreeMap;

use super::instruments::cbi::{self, CbiScores};
use super::instruments::who5::Who5Score;
use super::thresholds::{
    CLEAR_AFTER_HOURS_SHARE, MIN_KNOWN_HIGH_FOR_LOW, OFF_ROTATION_PAGES, PHYSICAL_SIGNS_OFTEN,
    STAGE_SIGNS_NEEDED,
};
use crate::model::{Basis, Indicator, Stage, StageReason, Status};

/// The article's names, stage 1 to 4.
pub const NAMES: [&str; 4] = [
    "eager overachiever",
    "indispensable employee",
    "trapped expert",
    "breaking point",
];

/// What the stage rule looks at.
#[derive(Debug, Clone, Default)]
pub struct StageInput<'a> {
    /// The merged checklist.
    pub indicators: &'a [Indicator],
    /// Whether the measurements are enough for a verdict; without, measured-only signs are
    /// left out.
    pub enough_data: bool,
    /// High-risk indicators whose status is known (see [`super::known_high`]): "sustainable"
    /// needs as many as "low" does.
    pub known_high: usize,
    /// Mean weekly hours and after-hours share of the last 4 complete weeks.
    pub recent_hours: Option<f64>,
    pub recent_after_hours_share: Option<f64>,
    pub max_weekly_hours: f64,
    /// The latest warning-signs answers (id → 0 never, 1 sometimes, 2 often).
    pub signs: Option<&'a BTreeMap<String, u8>>,
    pub cbi: Option<&'a CbiScores>,
    pub who5: Option<&'a Who5Score>,
    /// Whether there are any answers at all.
    pub any_answers: bool,
    /// Pages in the period while not on call, when on-call duty is declared.
    pub pages_off_rotation: Option<u32>,
}

impl StageInput<'_> {
    fn holds(&self, id: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| {
            i.id == id
                && i.status == Status::Holds
                && (self.enough_data || i.basis != Basis::Measured)
        })
    }

    fn answered_no(&self, id: &str) -> bool {
        self.indicators.iter().any(|i| {
            i.id == id
                && i.status == Status::DoesNotHold
                && matches!(i.basis, Basis::Answered | Basis::Both)
        })
    }

    fn often(&self, id: &str) -> bool {
        self.signs.and_then(|s| s.get(id)).is_some_and(|&v| v >= 2)
    }
}

/// The signs present for each stage, in plain words.
pub fn signs(input: &StageInput<'_>) -> [Vec<String>; 4] {
    let mut s: [Vec<String>; 4] = Default::default();
    let held = |id: &str| input.holds(id).map(|i| i.label.to_lowercase());

    // Stage 1: long hours and evenings.
    s[0].extend(held("hours_over_50"));
    if input.enough_data {
        if let Some(h) = input.recent_hours.filter(|&h| h > input.max_weekly_hours) {
            s[0].push(format!(
                "{} a week lately, over your {} maximum",
                crate::words::hours(h),
                crate::words::hours(input.max_weekly_hours)
            ));
        }
        if let Some(x) = input
            .recent_after_hours_share
            .filter(|&x| x >= CLEAR_AFTER_HOURS_SHARE)
        {
            s[0].push(format!(
                "{} of working time in evenings and off-hours lately",
                crate::words::percent(x)
            ));
        }
    }

    // Stage 2: always available, hard to say no, guilt about time off.
    s[1].extend(held("weekend_work"));
    s[1].extend(held("calls_in_personal_time"));
    s[1].extend(held("guilt_not_responding"));
    if input.answered_no("comfortable_saying_no") {
        s[1].push("saying no to non-essential requests is hard".into());
    }
    if input.often("anxiety_time_off") {
        s[1].push("often anxious or guilty about time off".into());
    }
    if input.enough_data
        && let Some(n) = input
            .pages_off_rotation
            .filter(|&n| n >= OFF_ROTATION_PAGES)
    {
        s[1].push(format!(
            "{} reached you while you were not on call: the person everyone calls",
            crate::words::count(n, "page")
        ));
    }

    // Stage 3: work in vacations, sleep disrupted, symptoms.
    s[2].extend(held("no_vacation_without_work"));
    s[2].extend(held("work_in_sleep_window"));
    s[2].extend(held("physical_symptoms"));
    s[2].extend(held("stress_time_off"));
    if input.answered_no("sleep_well") || input.often("sleep_disruption") {
        s[2].push("sleep disrupted by work".into());
    }
    let physical = [
        "chronic_fatigue",
        "frequent_illness",
        "headaches_eye_strain",
        "digestive_problems",
        "muscle_tension",
    ]
    .iter()
    .filter(|id| input.often(id))
    .count();
    if physical >= PHYSICAL_SIGNS_OFTEN {
        s[2].push(format!("{physical} physical warning signs often"));
    }
    if input.answered_no("exercise_social") || input.often("isolation") {
        s[2].push("social activities and exercise falling away".into());
    }

    // Stage 4: exhaustion, cynicism, very high burnout, very low well-being.
    if let Some(c) = input.cbi {
        for (name, v) in [("personal", c.personal), ("work-related", c.work)] {
            if let Some(v) = v.filter(|&v| v >= cbi::VERY_HIGH) {
                s[3].push(format!(
                    "very high {name} burnout on the CBI ({v:.0} of 100)"
                ));
            }
        }
        if c.cant_take_it {
            s[3].push("often thinking \"I can't take it anymore\"".into());
        }
    }
    if let Some(w) = input.who5.filter(|w| w.see_professional) {
        s[3].push(format!("WHO-5 well-being {} of 100 (28 or below)", w.score));
    }
    if input.often("chronic_fatigue") && input.often("cynicism") {
        s[3].push("exhaustion and cynicism, both often".into());
    }
    s
}

/// The stage rule.
pub fn stage(input: &StageInput<'_>) -> Stage {
    if !input.enough_data && !input.any_answers {
        return Stage {
            stage: None,
            name: "unknown".into(),
            reasons: vec![StageReason::note(
                "too little data and no answers yet: import more sources or run `canary assess`",
            )],
        };
    }
    let signs = signs(input);
    let Some(k) = (0..4)
        .rev()
        .find(|&k| signs[k].len() >= STAGE_SIGNS_NEEDED[k])
    else {
        if input.known_high < MIN_KNOWN_HIGH_FOR_LOW {
            return Stage {
                stage: None,
                name: "unknown".into(),
                reasons: vec![StageReason::note(format!(
                    "no stage sign shows, but too few signs could be checked to call it sustainable ({} of the high-risk ones; {MIN_KNOWN_HIGH_FOR_LOW} needed)",
                    input.known_high
                ))],
            };
        }
        return Stage {
            stage: None,
            name: "sustainable".into(),
            reasons: vec![StageReason::note(
                "none of the article's stage signs shows in your data or answers",
            )],
        };
    };
    let mut reasons: Vec<StageReason> = signs[k].iter().map(StageReason::sign).collect();
    for j in (0..k).rev() {
        for s in &signs[j] {
            reasons.push(StageReason::earlier(j as u8 + 1, s));
        }
    }
    Stage {
        stage: Some(k as u8 + 1),
        name: NAMES[k].into(),
        reasons,
    }
}
