//! Where the person is on the four stages of the burnout journey, and what helps at that
//! stage, in the product's own words. The stage itself is the report's estimate
//! ([`crate::assessment::stage`]); the plan names it and gives the advice for it, never a
//! diagnosis.

use serde::Serialize;

use crate::model::{Stage, StageReasonKind};

/// Signs of the stage quoted in the plan, at most.
pub const SIGNS_SHOWN: usize = 3;

/// The stage and its advice.
#[derive(Debug, Clone, Serialize)]
pub struct StageAdvice {
    /// 1–4, or `None` for `sustainable` and `unknown`.
    pub stage: Option<u8>,
    /// The report's name for it (`trapped expert`, `sustainable`, `unknown` …).
    pub name: String,
    /// What the stage looks like, in one sentence.
    pub looks_like: &'static str,
    /// The stage's own signs in the person's data and answers (a few).
    pub signs: Vec<String>,
    /// What helps at this stage.
    pub advice: &'static [&'static str],
}

/// The heading words for a stage: "stage 3 of 4, the trapped expert", "sustainable", "not
/// known yet".
pub fn title(a: &StageAdvice) -> String {
    match a.stage {
        Some(s) => format!("stage {s} of 4, the {}", a.name),
        None if a.name == "sustainable" => "sustainable".to_string(),
        None => "not known yet".to_string(),
    }
}

/// The advice for the report's stage.
pub fn advice(stage: &Stage) -> StageAdvice {
    let (looks_like, advice): (&'static str, &'static [&'static str]) = match stage.stage {
        Some(1) => (
            "Extra effort still feels rewarding: late evenings to learn, projects taken on, being the one who solves the hard problem. It is the easiest moment to set limits, because no one depends on you breaking them yet.",
            &[
                "Pick the extra projects that serve where you want to go, and let the others pass.",
                "Learn inside working hours; an evening spent troubleshooting is an exception, not how you grow.",
                "Decide your working hours now, before always being there becomes what people expect of you.",
                "Keep one interest that has nothing to do with computers.",
            ],
        ),
        Some(2) => (
            "People rely on you, which brings respect and interesting work, and also more expectations: saying no gets harder and time off comes with worry about what breaks while you are away.",
            &[
                "Write down what only you know and teach it to one colleague, so you stop being the single point of failure.",
                "Name a backup before every day off and let them handle what comes up.",
                "Have a calm \"that is outside my scope\" ready for requests that are not yours.",
                "Agree with your team what counts as an emergency; everything else waits for working hours.",
            ],
        ),
        Some(3) => (
            "Your expertise makes boundaries feel like a risk to your career, while work reaches into vacations, sleep, health and time with people.",
            &[
                "Talk to a professional about your sleep and any physical signs rather than waiting for them to pass.",
                "Tell your manager what the workload costs you and ask for one concrete change.",
                "Protect sleep first: nothing but real emergencies in your sleep window.",
                "Make the next time off really off: a named backup, work apps off the phone.",
                "Say yes to one plan with friends or family this week, and keep it.",
            ],
        ),
        Some(_) => (
            "Exhaustion, cynicism and health problems: this is the point to get help and take load off, not to push harder.",
            &[
                "See a doctor or a therapist now, and ask whether time off to recover is what you need.",
                "Tell your manager you need relief now; work that is not essential can wait or go to someone else.",
                "Tell one person close to you how things really are.",
                "Recovery takes months, not a weekend. Changing team, role or employer is a legitimate choice, not a failure.",
            ],
        ),
        None if stage.name == "sustainable" => (
            "None of the stage signs shows in your data or answers: your work currently fits around a life.",
            &[
                "Keep what works: your hours, your days off, the people and pastimes outside work.",
                "Keep the monthly review; old patterns come back quietly under pressure.",
            ],
        ),
        None => (
            "There is too little data, and no answers yet, to place you on the four stages.",
            &[
                "Import more of your sources (`canary sources` lists what is there) or answer the questionnaires (`canary assess cbi`, `canary assess who5`); the plan then names your stage.",
            ],
        ),
    };
    StageAdvice {
        stage: stage.stage,
        name: stage.name.clone(),
        looks_like,
        signs: stage
            .reasons
            .iter()
            .filter(|r| r.kind == StageReasonKind::Sign)
            .take(SIGNS_SHOWN)
            .map(|r| r.text.clone())
            .collect(),
        advice,
    }
}
