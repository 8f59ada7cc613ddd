//! Rule v2 (level, merge) and the stage rule, case by case, as written in docs/method.md.

use std::collections::BTreeMap;

use super::instruments::who5;
use super::stage::{StageInput, stage};
use super::*;
use crate::model::{Basis, StageReasonKind};

fn ind(tier: Tier, status: Status) -> Indicator {
    ind_as("x", tier, status, Basis::Measured)
}

fn ind_as(id: &str, tier: Tier, status: Status, basis: Basis) -> Indicator {
    Indicator {
        id: id.into(),
        tier,
        label: "X".into(),
        status,
        basis,
        evidence: "figures".into(),
    }
}

#[test]
fn level_rule_v3_case_by_case() {
    use Status::*;
    use Tier::*;
    let cases: &[(&[(Tier, Status)], RiskLevel)] = &[
        // Nothing holds, but too little is known to call it low.
        (&[], RiskLevel::Unknown),
        (
            &[(High, DoesNotHold), (Medium, DoesNotHold), (Low, Holds)],
            RiskLevel::Unknown,
        ),
        (&[(High, Unknown), (Medium, Unknown)], RiskLevel::Unknown),
        (
            &[(High, DoesNotHold), (High, DoesNotHold), (High, Unknown)],
            RiskLevel::Low,
        ),
        (&[(Medium, Holds)], RiskLevel::Medium),
        (&[(Medium, Holds), (Medium, Holds)], RiskLevel::Medium),
        (&[(High, Holds)], RiskLevel::Medium),
        (&[(High, Holds), (Medium, Holds)], RiskLevel::High),
        (&[(High, Holds), (High, Holds)], RiskLevel::High),
        (
            &[(High, Holds), (High, DoesNotHold), (Low, Holds)],
            RiskLevel::Medium,
        ),
    ];
    for (given, expected) in cases {
        let inds: Vec<Indicator> = given.iter().map(|&(t, s)| ind(t, s)).collect();
        let (got, reasons) = level(&inds, true, 30, false, false);
        assert_eq!(got, *expected, "for {given:?}");
        assert!(!reasons.is_empty(), "a level always has its reasons");
        let holding = given
            .iter()
            .filter(|(t, s)| *s == Holds && *t != Low)
            .count();
        if *expected != RiskLevel::Low && *expected != RiskLevel::Unknown {
            assert_eq!(
                reasons.len(),
                holding,
                "one reason per holding sign for {given:?}"
            );
        }
    }
}

#[test]
fn too_little_data_and_no_answers_is_unknown() {
    let inds = [
        ind(Tier::High, Status::Holds),
        ind(Tier::High, Status::Holds),
    ];
    let (got, reasons) = level(&inds, false, 5, false, false);
    assert_eq!(got, RiskLevel::Unknown);
    assert!(reasons[0].contains("only 5 days"), "{reasons:?}");
}

#[test]
fn too_little_data_with_answers_counts_the_answered_signs_only() {
    let inds = [
        ind(Tier::High, Status::Holds),
        ind_as(
            "guilt_not_responding",
            Tier::High,
            Status::Holds,
            Basis::Answered,
        ),
    ];
    let (got, reasons) = level(&inds, false, 5, true, false);
    assert_eq!(got, RiskLevel::Medium, "{reasons:?}");
    assert!(reasons[0].contains("(answered)"), "{reasons:?}");
    let inds = [
        ind_as("sleep_well", Tier::Low, Status::Holds, Basis::Answered),
        ind_as(
            "guilt_not_responding",
            Tier::High,
            Status::DoesNotHold,
            Basis::Answered,
        ),
        ind_as(
            "physical_symptoms",
            Tier::High,
            Status::DoesNotHold,
            Basis::Answered,
        ),
    ];
    assert_eq!(level(&inds, false, 5, true, false).0, RiskLevel::Low);
    // Measured signs do not count as known without enough data.
    let inds = [
        ind_as(
            "guilt_not_responding",
            Tier::High,
            Status::DoesNotHold,
            Basis::Answered,
        ),
        ind(Tier::High, Status::DoesNotHold),
    ];
    assert_eq!(level(&inds, false, 5, true, false).0, RiskLevel::Unknown);
}

#[test]
fn crisis_adds_a_reason_never_a_level() {
    let known = [
        ind(Tier::High, Status::DoesNotHold),
        ind(Tier::High, Status::DoesNotHold),
    ];
    let (got, reasons) = level(&known, true, 30, true, true);
    assert_eq!(got, RiskLevel::Low);
    assert!(
        reasons.last().unwrap().contains("professional"),
        "{reasons:?}"
    );
}

#[test]
fn merge_resolves_conflicts_toward_caution() {
    use Status::*;
    assert_eq!(resolve(Tier::High, Holds, DoesNotHold), Holds);
    assert_eq!(resolve(Tier::Medium, DoesNotHold, Holds), Holds);
    assert_eq!(resolve(Tier::Low, Holds, DoesNotHold), DoesNotHold);
    assert_eq!(resolve(Tier::Low, DoesNotHold, Holds), DoesNotHold);
    assert_eq!(resolve(Tier::High, Unknown, DoesNotHold), DoesNotHold);
    assert_eq!(resolve(Tier::Low, Holds, Holds), Holds);

    let measured = vec![
        ind_as("hours_over_50", Tier::High, DoesNotHold, Basis::Measured),
        ind_as("mail_outside_hours", Tier::High, Unknown, Basis::None),
        ind_as("clear_boundaries", Tier::Low, Holds, Basis::Measured),
    ];
    let set = AnswerSet {
        instrument: Instrument::Checklist,
        taken_at: "2026-11-20T10:00:00Z".parse().unwrap(),
        answers: BTreeMap::from([
            ("hours_over_50".to_string(), 1),
            ("mail_outside_hours".to_string(), 0),
            ("clear_boundaries".to_string(), 0),
            ("sleep_well".to_string(), 1),
        ]),
    };
    let merged = merge(measured, Some(&set));
    let get = |id: &str| merged.iter().find(|i| i.id == id).unwrap();
    let h = get("hours_over_50");
    assert_eq!((h.status, h.basis), (Holds, Basis::Both));
    assert!(
        h.evidence
            .starts_with("measured: figures; you answered yes on 2026-11-20"),
        "{}",
        h.evidence
    );
    let m = get("mail_outside_hours");
    assert_eq!((m.status, m.basis), (DoesNotHold, Basis::Answered));
    assert_eq!(get("clear_boundaries").status, DoesNotHold);
    let s = get("sleep_well");
    assert_eq!((s.status, s.basis), (Holds, Basis::Answered));
    let g = get("guilt_not_responding");
    assert_eq!((g.status, g.basis), (Unknown, Basis::None));
    assert_eq!(
        merged.len(),
        3 + 10,
        "measured plus the ten answered-only items"
    );
    let tiers: Vec<Tier> = merged.iter().map(|i| i.tier).collect();
    assert!(tiers.is_sorted_by_key(|t| match t {
        Tier::High => 0,
        Tier::Medium => 1,
        Tier::Low => 2,
    }));
}

fn holding(ids: &[&str]) -> Vec<Indicator> {
    ids.iter()
        .map(|id| ind_as(id, Tier::High, Status::Holds, Basis::Measured))
        .collect()
}

fn base(inds: &[Indicator]) -> StageInput<'_> {
    StageInput {
        indicators: inds,
        enough_data: true,
        known_high: 7,
        max_weekly_hours: 45.0,
        ..StageInput::default()
    }
}

#[test]
fn stage_rule_case_by_case() {
    // No signs: sustainable.
    let none = holding(&[]);
    assert_eq!(stage(&base(&none)).name, "sustainable");
    // No data and no answers: unknown.
    let mut i = base(&none);
    i.enough_data = false;
    assert_eq!(stage(&i).name, "unknown");
    // No signs, but too few checked to say so: unknown, not sustainable.
    let mut i = base(&none);
    i.known_high = 1;
    assert_eq!(stage(&i).name, "unknown");
    assert!(stage(&i).reasons[0].text.contains("too few signs"));
    // Stage 1: one sign — long hours, or evenings.
    let one = holding(&["hours_over_50"]);
    assert_eq!(stage(&base(&one)).stage, Some(1));
    let mut i = base(&none);
    i.recent_after_hours_share = Some(0.2);
    assert_eq!(stage(&i).stage, Some(1));
    i.recent_after_hours_share = Some(0.05);
    i.recent_hours = Some(44.0);
    assert_eq!(stage(&i).stage, None, "within the maximum and few evenings");
    // Stage 2 needs two of its signs; one is not enough.
    let one2 = holding(&["weekend_work"]);
    assert_eq!(stage(&base(&one2)).stage, None);
    let two = holding(&["weekend_work", "calls_in_personal_time", "hours_over_50"]);
    let s = stage(&base(&two));
    assert_eq!(
        (s.stage, s.name.as_str()),
        (Some(2), "indispensable employee")
    );
    assert!(
        s.reasons
            .iter()
            .any(|r| r.kind == StageReasonKind::EarlierSign { stage: 1 }
                && r.to_string().starts_with("also a stage 1 sign: ")),
        "{s:?}"
    );
    // Pages while not on call are a stage 2 sign from two on, with enough data.
    let mut i = base(&one2);
    i.pages_off_rotation = Some(1);
    assert_eq!(
        stage(&i).stage,
        None,
        "one page off rotation is not a habit"
    );
    i.pages_off_rotation = Some(3);
    let s = stage(&i);
    assert_eq!(s.stage, Some(2), "{s:?}");
    assert!(
        s.reasons.iter().any(|r| r
            .text
            .contains("3 pages reached you while you were not on call")),
        "{s:?}"
    );
    i.enough_data = false;
    assert_ne!(
        stage(&i).stage,
        Some(2),
        "a measured sign needs enough data"
    );
    // Guilt answered and saying no answered "no" make stage 2 too.
    let answered = vec![
        ind_as(
            "guilt_not_responding",
            Tier::High,
            Status::Holds,
            Basis::Answered,
        ),
        ind_as(
            "comfortable_saying_no",
            Tier::Low,
            Status::DoesNotHold,
            Basis::Answered,
        ),
    ];
    assert_eq!(stage(&base(&answered)).stage, Some(2));
    // Stage 3: work in vacations and sleep.
    let three = holding(&["no_vacation_without_work", "work_in_sleep_window"]);
    let s = stage(&base(&three));
    assert_eq!((s.stage, s.name.as_str()), (Some(3), "trapped expert"));
    // Measured-only signs do not count without enough data.
    let mut i = base(&three);
    i.enough_data = false;
    i.any_answers = true;
    assert_eq!(stage(&i).name, "sustainable");
    // Stage 3 from the warning signs: sleep disruption and two physical signs often.
    let signs = BTreeMap::from([
        ("sleep_disruption".to_string(), 2),
        ("chronic_fatigue".to_string(), 2),
        ("muscle_tension".to_string(), 2),
    ]);
    let mut i = base(&none);
    i.signs = Some(&signs);
    assert_eq!(stage(&i).stage, Some(3));
}

#[test]
fn stage_4_from_instruments_or_exhaustion_and_cynicism() {
    let none = holding(&[]);
    let who = who5::from_raw(7);
    let mut i = base(&none);
    i.who5 = Some(&who);
    let s = stage(&i);
    assert_eq!((s.stage, s.name.as_str()), (Some(4), "breaking point"));
    assert!(s.reasons[0].text.contains("WHO-5 well-being 28"), "{s:?}");
    let ok = who5::from_raw(12);
    i.who5 = Some(&ok);
    assert_eq!(
        stage(&i).stage,
        None,
        "poor but above 28 is not stage 4 alone"
    );

    let cbi = instruments::cbi::CbiScores {
        personal: Some(60.0),
        work: Some(80.0),
        client: None,
        answered: [6, 7, 0],
        cant_take_it: false,
    };
    let mut i = base(&none);
    i.cbi = Some(&cbi);
    assert_eq!(stage(&i).stage, Some(4));

    let signs = BTreeMap::from([
        ("chronic_fatigue".to_string(), 2),
        ("cynicism".to_string(), 2),
    ]);
    let mut i = base(&none);
    i.signs = Some(&signs);
    assert_eq!(stage(&i).stage, Some(4));
    let only = BTreeMap::from([("cynicism".to_string(), 2)]);
    i.signs = Some(&only);
    assert_eq!(stage(&i).stage, None);
}

#[test]
fn warning_signs_over_time_are_counted_per_kind_oldest_first() {
    use super::instruments::{AnswerSet, Instrument};
    let set = |at: &str, pairs: &[(&str, u8)]| AnswerSet {
        instrument: Instrument::Signs,
        taken_at: at.parse().unwrap(),
        answers: pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
    };
    // Given newest first: the trend comes out oldest first.
    let nov = set(
        "2026-11-20T19:40:00Z",
        &[
            ("sleep_disruption", 2),  // physical, often
            ("chronic_fatigue", 1),   // physical, sometimes
            ("cynicism", 2),          // emotional, often
            ("cannot_switch_off", 2), // behavioural, often
            ("isolation", 1),         // behavioural, sometimes
            ("frequent_illness", 0),  // answered, not there
        ],
    );
    let jul = set("2026-07-24T17:10:00Z", &[("muscle_tension", 1)]);
    let (ins, _) = summary::summarise(&[&nov, &jul]);
    assert_eq!(ins.signs.len(), 2);
    assert_eq!(ins.signs[0].taken_at, jul.taken_at);
    assert_eq!(
        (
            ins.signs[0].often,
            ins.signs[0].sometimes,
            ins.signs[0].answered
        ),
        (0, 1, 1)
    );
    let last = &ins.signs[1];
    assert_eq!((last.often, last.sometimes, last.answered), (3, 2, 6));
    assert_eq!(last.physical, [1, 1]);
    assert_eq!(last.emotional, [1, 0]);
    assert_eq!(last.behavioural, [1, 1]);
    // Signs are not a score: the CBI/WHO-5 trend is untouched.
    assert!(ins.trend.is_empty());
}

#[test]
fn a_level_and_a_stage_that_disagree_say_why() {
    let sustainable = Stage {
        stage: None,
        name: "sustainable".into(),
        reasons: Vec::new(),
    };
    let note = super::disagreement(RiskLevel::High, &sustainable).unwrap();
    assert!(note.contains("risk level is high"), "{note}");
    assert_eq!(super::disagreement(RiskLevel::Low, &sustainable), None);
    let three = Stage {
        stage: Some(3),
        name: "trapped expert".into(),
        reasons: Vec::new(),
    };
    assert!(
        super::disagreement(RiskLevel::Low, &three)
            .unwrap()
            .contains("stage 3")
    );
    assert_eq!(super::disagreement(RiskLevel::High, &three), None);
}
