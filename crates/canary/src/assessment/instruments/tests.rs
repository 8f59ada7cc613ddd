//! Scoring as published, incomplete answers, parsing, and the crisis messages.

use std::collections::BTreeMap;

use super::*;

fn answers(instrument: Instrument, pairs: &[(&str, &str)]) -> BTreeMap<String, u8> {
    parse_answers(instrument, pairs.iter().copied()).expect("valid answers")
}

#[test]
fn cbi_personal_test_vector() {
    let a = answers(
        Instrument::Cbi,
        &[
            ("1", "Always"),
            ("2", "Often"),
            ("3", "Sometimes"),
            ("4", "Seldom"),
            ("5", "Never"),
            ("6", "Often"),
        ],
    );
    let s = cbi::score(&a);
    assert_eq!(s.personal, Some(54.17));
    assert_eq!(s.work, None, "no work items answered");
    assert_eq!(s.client, None);
    assert_eq!(s.answered, [6, 0, 0]);
    assert!(!s.cant_take_it, "item 4 answered Seldom");
}

#[test]
fn cbi_item_13_is_reversed_and_degree_words_score() {
    let mut pairs: Vec<(&str, &str)> = vec![
        ("7", "To a very high degree"),
        ("8", "high"),
        ("9", "Somewhat"),
        ("10", "Always"),
        ("11", "Often"),
        ("12", "Sometimes"),
    ];
    pairs.push(("13", "Never"));
    let s = cbi::score(&answers(Instrument::Cbi, &pairs));
    // 100 + 75 + 50 + 100 + 75 + 50 + (100 - 0) = 550 / 7.
    assert_eq!(s.work, Some(78.57));
    let s = cbi::score(&answers(
        Instrument::Cbi,
        &[("13", "Always"), ("7", "0"), ("8", "0"), ("9", "0")],
    ));
    assert_eq!(s.work, Some(0.0), "Always enough energy scores 0");
}

#[test]
fn cbi_scale_needs_half_its_items() {
    // Personal: 3 of 6 is enough, 2 of 6 is not.
    let s = cbi::score(&answers(
        Instrument::Cbi,
        &[("1", "Always"), ("2", "Often"), ("3", "Never")],
    ));
    assert_eq!(s.personal, Some(58.33));
    let s = cbi::score(&answers(
        Instrument::Cbi,
        &[("1", "Always"), ("2", "Often")],
    ));
    assert_eq!(s.personal, None);
    // Work: 4 of 7 is enough, 3 of 7 is not.
    let three = [("7", "Somewhat"), ("8", "Somewhat"), ("9", "Somewhat")];
    assert_eq!(cbi::score(&answers(Instrument::Cbi, &three)).work, None);
    let mut four = three.to_vec();
    four.push(("10", "Sometimes"));
    assert_eq!(
        cbi::score(&answers(Instrument::Cbi, &four)).work,
        Some(50.0)
    );
    // Client: 3 of 6.
    let s = cbi::score(&answers(
        Instrument::Cbi,
        &[("14", "low"), ("15", "low"), ("18", "Seldom")],
    ));
    assert_eq!(s.client, Some(25.0));
}

#[test]
fn cbi_has_19_items_in_three_scales() {
    let count = |g: &str| cbi::ITEMS.iter().filter(|i| i.group == g).count();
    assert_eq!(
        (count("personal"), count("work"), count("client")),
        (6, 7, 6)
    );
    assert!(
        cbi::ITEMS[12]
            .text
            .contains("enough energy for family and friends")
    );
    assert!(cbi::ITEMS[3].text.contains("can't take it anymore"));
    assert_eq!(cbi::band(54.17), "high");
    assert_eq!(cbi::band(49.99), "below 50");
}

#[test]
fn who5_test_vector_and_lines() {
    let w = who5::from_raw(12);
    assert_eq!((w.score, w.poor, w.see_professional), (48, true, false));
    let w = who5::from_raw(7);
    assert_eq!((w.score, w.poor, w.see_professional), (28, true, true));
    let w = who5::from_raw(13);
    assert_eq!((w.score, w.poor), (52, false));
    let a = answers(
        Instrument::Who5,
        &[
            ("1", "3"),
            ("2", "most"),
            ("3", "Some of the time"),
            ("4", "2"),
            ("5", "2"),
        ],
    );
    assert_eq!(who5::score(&a), Some(who5::from_raw(12)));
    let mut partial = a.clone();
    partial.remove("5");
    assert_eq!(who5::score(&partial), None, "all five items are needed");
}

#[test]
fn answers_are_checked() {
    let e = parse_answers(Instrument::Cbi, [("20", "Always")]).unwrap_err();
    assert!(e.contains("no item \"20\""), "{e}");
    let e = parse_answers(Instrument::Cbi, [("1", "maybe")]).unwrap_err();
    assert!(e.contains("Always (100)"), "{e}");
    let e = parse_answers(Instrument::Cbi, [("1", "60")]).unwrap_err();
    assert!(e.contains("not an answer"), "{e}");
    let a = parse_answers(
        Instrument::Checklist,
        [("sleep_well", "no"), ("overwhelmed", "YES")],
    )
    .unwrap();
    assert_eq!(a["sleep_well"], 0);
    assert_eq!(a["overwhelmed"], 1);
    let a = parse_answers(Instrument::Signs, [("cynicism", "often")]).unwrap();
    assert_eq!(signs::score(&a).emotional, [1, 0]);
}

#[test]
fn signs_and_checklist_cover_the_article() {
    for kind in ["physical", "emotional", "behavioural"] {
        assert_eq!(
            signs::ITEMS.iter().filter(|i| i.group == kind).count(),
            6,
            "{kind}"
        );
    }
    for i in checklist::ITEMS {
        assert!(!checklist::label(i.id).is_empty(), "{} has a label", i.id);
    }
    let s = checklist::score(&answers(
        Instrument::Checklist,
        &[
            ("guilt_not_responding", "yes"),
            ("sleep_well", "yes"),
            ("overwhelmed", "no"),
        ],
    ));
    assert_eq!(s.answered, 3);
    assert_eq!(s.high_holding, ["guilt_not_responding"]);
    assert!(s.medium_holding.is_empty());
}

#[test]
fn crisis_messages() {
    let none = crisis_reasons(
        Some(&cbi::score(&answers(
            Instrument::Cbi,
            &[
                ("1", "Often"),
                ("2", "Often"),
                ("3", "Often"),
                ("4", "Sometimes"),
            ],
        ))),
        Some(&who5::from_raw(12)),
    );
    assert!(none.is_empty(), "{none:?}");
    assert_eq!(crisis_message(&none), None);

    let who = crisis_reasons(None, Some(&who5::from_raw(7)));
    let msg = crisis_message(&who).unwrap();
    assert!(msg.contains("WHO-5 well-being score is 28"), "{msg}");
    assert!(msg.contains("talk to a professional"), "{msg}");
    assert!(msg.contains("not a diagnosis"), "{msg}");

    let cant = cbi::score(&answers(Instrument::Cbi, &[("4", "Often")]));
    assert!(cant.cant_take_it);
    assert_eq!(cant.personal, None);
    let r = crisis_reasons(Some(&cant), None);
    assert!(r[0].contains("can't take it anymore"), "{r:?}");

    let high = cbi::score(&answers(
        Instrument::Cbi,
        &[
            ("1", "Always"),
            ("2", "Always"),
            ("3", "Often"),
            ("5", "Often"),
            ("6", "Sometimes"),
        ],
    ));
    assert_eq!(high.personal, Some(80.0));
    let r = crisis_reasons(Some(&high), None);
    assert!(
        r.iter().any(|x| x.contains("very high (80 of 100)")),
        "{r:?}"
    );
}
