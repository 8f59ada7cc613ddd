//! Unit tests of a plan that listens: the stage, the questionnaires, a crisis answer,
//! check-ins, lunch breaks, short rests and streaks reach the plan's facts, and stage 3–4, a
//! poor WHO-5 or a crisis answer put talking to a professional and to the manager first.

use std::collections::{BTreeMap, HashSet};

use super::actions::{ActionStatus, Facts};
use super::{PlanInput, build, markdown};
use crate::assessment::instruments::who5;
use crate::journal::{AnswerSet, Checkin, Done, Instrument, Journal};
use crate::metrics::testutil::{settings, ts};
use crate::model::{Report, Stage};
use crate::report::{self, ReportInput};

/// A report over an empty store with these answers, at 2026-11-27 18:00.
fn report_with(answers: &[AnswerSet]) -> Report {
    let s = settings();
    report::build(&ReportInput {
        events: &[],
        settings: &s,
        now: ts("2026-11-27T18:00"),
        my_actors: &HashSet::new(),
        since: None,
        until: None,
        weeks: None,
        answers,
        held: &[],
    })
}

/// A WHO-5 answer set with this raw score (0–25), items as even as they go.
fn who5_raw(raw: u8, at: &str) -> AnswerSet {
    let answers: BTreeMap<String, u8> = (0..5u8)
        .map(|i| ((i + 1).to_string(), raw / 5 + u8::from(i < raw % 5)))
        .collect();
    AnswerSet {
        instrument: Instrument::Who5,
        taken_at: ts(at),
        answers,
    }
}

fn plan_of(r: &Report, j: &Journal, checkins: &[Checkin]) -> super::Plan {
    let s = settings();
    build(&PlanInput {
        report: r,
        settings: &s,
        journal: j,
        checkins,
        today: "2026-11-27".parse().unwrap(),
    })
}

fn week_ids(p: &super::Plan) -> Vec<&'static str> {
    p.week.iter().map(|a| a.id).collect()
}

#[test]
fn who5_at_28_puts_the_two_conversations_first() {
    let r = report_with(&[who5_raw(7, "2026-11-20T19:00")]);
    assert_eq!(r.instruments.who5.as_ref().map(|w| w.score), Some(28));
    let p = plan_of(&r, &Journal::default(), &[]);
    assert_eq!(week_ids(&p)[..2], ["w-see-professional", "w-tell-manager"]);
    let care = p
        .care
        .as_ref()
        .expect("a poor WHO-5 brings the conversations first");
    assert!(
        care.reasons
            .iter()
            .any(|r| r.contains("WHO-5 well-being score is 28 of 100")),
        "{:?}",
        care.reasons
    );
    let text = markdown::render(&p);
    assert!(!text.contains("Start with this week"), "{text}");
    assert!(text.contains("Before anything else, talk to a professional and to your manager"));
    let first = text.find("## First: two conversations").expect(&text);
    assert!(first < text.find("## Your boundaries").unwrap());
    assert!(
        text.contains("**Talk to a professional**") && text.contains("**Talk to your manager**")
    );
    assert!(text.contains("not a diagnosis"));
    // WHO-5 at 28 is also a crisis answer: the report's message and the help pointers.
    assert!(
        text.contains("Your answers point to a very hard time"),
        "{text}"
    );
    assert!(text.contains(super::CRISIS_HELP));
}

#[test]
fn the_poor_who5_line_is_the_instruments_threshold() {
    // Raw 12 (48 of 100) is poor, raw 13 (52) is not: the WHO-5 module's POOR (50).
    assert!(who5::from_raw(12).score <= who5::POOR && who5::from_raw(13).score > who5::POOR);
    let p = plan_of(
        &report_with(&[who5_raw(12, "2026-11-20T19:00")]),
        &Journal::default(),
        &[],
    );
    assert!(p.care.is_some());
    assert_eq!(
        p.care.unwrap().reasons,
        ["your latest WHO-5 well-being score is 48 of 100 (50 or below is poor well-being)"]
    );
    assert!(p.summary[0].contains("48 of 100: 50 or below points to poor well-being"));
    let p = plan_of(
        &report_with(&[who5_raw(13, "2026-11-20T19:00")]),
        &Journal::default(),
        &[],
    );
    assert!(p.care.is_none(), "52 of 100 is not poor");
    assert!(!week_ids(&p).contains(&"w-see-professional"));
    assert!(markdown::render(&p).contains("Start with this week"));
    assert!(p.summary[0].contains("WHO-5 well-being score is 52 of 100."));
}

#[test]
fn a_crisis_answer_alone_brings_the_message_and_help() {
    // CBI item 4, "I can't take it anymore", answered Always; everything else unanswered.
    let cbi = AnswerSet {
        instrument: Instrument::Cbi,
        taken_at: ts("2026-11-25T20:00"),
        answers: [("4".to_string(), 100u8)].into(),
    };
    let r = report_with(&[cbi]);
    assert!(r.crisis.is_some());
    let p = plan_of(&r, &Journal::default(), &[]);
    let care = p.care.as_ref().unwrap();
    assert_eq!(care.crisis, r.crisis);
    // The answer is also a stage 4 sign.
    assert_eq!(
        care.reasons[0],
        "your latest answers point to a very hard time"
    );
    let text = markdown::render(&p);
    assert!(text.contains(r.crisis.as_deref().unwrap()));
    assert!(text.contains(super::CRISIS_HELP));
}

#[test]
fn stage_three_or_four_brings_the_conversations_and_the_stage_advice() {
    let mut r = report_with(&[]);
    for (stage, name, first) in [
        (3, "trapped expert", true),
        (4, "breaking point", true),
        (2, "indispensable employee", false),
        (1, "eager overachiever", false),
    ] {
        r.risk.stage = Stage {
            stage: Some(stage),
            name: name.into(),
            reasons: vec![crate::model::StageReason::sign("a sign of it")],
        };
        let p = plan_of(&r, &Journal::default(), &[]);
        assert_eq!(p.care.is_some(), first, "stage {stage}");
        assert_eq!(
            week_ids(&p).contains(&"w-see-professional"),
            first,
            "stage {stage}"
        );
        let text = markdown::render(&p);
        let title = format!("## Where you are: stage {stage} of 4, the {name}");
        assert!(text.contains(&title), "{text}");
        assert!(text.contains(&format!("your stage: **stage {stage} of 4, the {name}**")));
        assert!(text.contains("What shows it: a sign of it."));
        // The advice is the stage's own, and no other stage's.
        for other in 1..=4u8 {
            let advice = super::stage::advice(&Stage {
                stage: Some(other),
                name: String::new(),
                reasons: Vec::new(),
            })
            .advice;
            assert_eq!(
                text.contains(advice[0]),
                other == stage,
                "{stage} vs {other}"
            );
        }
    }
    r.risk.stage = Stage {
        stage: None,
        name: "sustainable".into(),
        reasons: Vec::new(),
    };
    let text = markdown::render(&plan_of(&r, &Journal::default(), &[]));
    assert!(text.contains("## Where you are: sustainable"));
}

#[test]
fn the_conversations_come_before_actions_already_done() {
    let r = report_with(&[who5_raw(9, "2026-11-20T19:00")]);
    let j = Journal {
        done: vec![Done {
            action_id: "w-honest-check".into(),
            done_at: ts("2026-11-01T10:00"),
            note: None,
        }],
        ..Journal::default()
    };
    let p = plan_of(&r, &j, &[]);
    assert_eq!(
        week_ids(&p)[..3],
        ["w-see-professional", "w-tell-manager", "w-honest-check"]
    );
    assert_eq!(p.week[2].status, ActionStatus::Done);
    // The month's manager talk is not asked twice.
    assert!(!p.month.iter().any(|a| a.id == "m-manager-talk"));
}

#[test]
fn checkins_reach_the_facts_and_the_summary() {
    let r = report_with(&[]);
    let ck = |at: &str, stress, sleep| Checkin {
        taken_at: Some(ts(at)),
        stress,
        sleep,
        ..Checkin::default()
    };
    let checkins = [
        ck("2026-11-20T21:00", Some(2), Some(4)),
        ck("2026-11-25T21:00", Some(5), Some(1)),
        // Only a habit answered: not the latest stress or sleep.
        Checkin {
            taken_at: Some(ts("2026-11-26T21:00")),
            exercise: Some(true),
            ..Checkin::default()
        },
        // After today: not read.
        ck("2026-11-29T21:00", Some(1), Some(5)),
    ];
    let p = plan_of(&r, &Journal::default(), &checkins);
    let line = p
        .summary
        .iter()
        .find(|s| s.starts_with("Your last check-in"))
        .expect("the check-in is in the summary");
    assert!(
        line.contains("(2026-11-25) rated stress 5 of 5 and sleep 1 of 5"),
        "{line}"
    );
    assert!(line.contains("High stress with poor sleep"));
    let guard = p.week.iter().find(|a| a.id == "w-sleep-guard").unwrap();
    assert_eq!(
        guard.why,
        "your check-in of 2026-11-25 rated your sleep 1 of 5"
    );
}

fn facts() -> Facts {
    Facts {
        enough_data: true,
        max_weekly_hours: 45.0,
        support_kinds: crate::journal::SupportKind::ALL.into_iter().collect(),
        runway_months: Some(8.0),
        resume_age_days: Some(30),
        vacations: 1,
        ..Facts::default()
    }
}

fn week_of(f: &Facts) -> Vec<(&'static str, String)> {
    super::actions::choose(f, &Journal::default())[0]
        .iter()
        .map(|a| (a.id, a.why.clone()))
        .collect()
}

#[test]
fn short_rests_lunch_breaks_and_streaks_bring_their_actions() {
    let mut f = facts();
    f.short_rests = 5;
    f.shortest_rest_hours = Some(6.25);
    f.days_without_lunch = 9;
    f.current_streak_days = 16;
    let week = week_of(&f);
    let why = |id: &str| week.iter().find(|(i, _)| *i == id).map(|(_, w)| w.clone());
    assert_eq!(
        why("w-eleven-hours").as_deref(),
        Some("5 rests between workdays shorter than 11 hours in the period (the shortest 6.2 h)")
    );
    assert_eq!(
        why("w-day-off").as_deref(),
        Some("16 days in a row with work up to today")
    );
    assert_eq!(
        why("w-lunch-break").as_deref(),
        Some("9 working days in the period without a 30-minute break at lunchtime")
    );
    // Below the thresholds, or without enough data for a verdict: none of them.
    let mut g = facts();
    g.short_rests = 1;
    g.days_without_lunch = 3;
    g.current_streak_days = 11;
    let ids: Vec<_> = week_of(&g).into_iter().map(|(i, _)| i).collect();
    assert!(
        !ids.iter()
            .any(|i| ["w-eleven-hours", "w-lunch-break", "w-day-off"].contains(i))
    );
    f.enough_data = false;
    let ids: Vec<_> = week_of(&f).into_iter().map(|(i, _)| i).collect();
    assert!(
        !ids.iter()
            .any(|i| ["w-eleven-hours", "w-lunch-break", "w-day-off"].contains(i))
    );
}
