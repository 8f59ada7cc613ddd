//! A questionnaire with items skipped is kept as partial and never hides the last score.

use std::collections::BTreeMap;

use super::summarise;
use crate::journal::{AnswerSet, Instrument};
use crate::metrics::testutil::ts;

fn set(instrument: Instrument, at: &str, pairs: &[(&str, u8)]) -> AnswerSet {
    let answers: BTreeMap<String, u8> = pairs.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    AnswerSet {
        instrument,
        taken_at: ts(at),
        answers,
    }
}

#[test]
fn a_who5_with_an_item_skipped_keeps_the_score_taken_earlier_that_day() {
    let complete = set(
        Instrument::Who5,
        "2026-11-27T08:00",
        &[("1", 2), ("2", 1), ("3", 1), ("4", 2), ("5", 1)],
    );
    let partial = set(
        Instrument::Who5,
        "2026-11-27T17:00",
        &[("1", 5), ("2", 5), ("3", 5), ("4", 5)],
    );
    let (ins, crisis) = summarise(&[&complete, &partial]);
    let w = ins.who5.expect("the complete score is kept");
    assert_eq!((w.score, w.taken_at), (28, ts("2026-11-27T08:00")));
    assert!(crisis.is_some(), "28 of 100 still points to a professional");
    assert_eq!(ins.partial.len(), 1);
    let p = &ins.partial[0];
    assert_eq!(
        (
            p.instrument.as_str(),
            p.taken_at,
            p.answered,
            p.items,
            p.scored
        ),
        ("who5", ts("2026-11-27T17:00"), 4, 5, false)
    );
    // Alone, the partial set gives no score and is still shown as partial.
    let (ins, _) = summarise(&[&partial]);
    assert!(ins.who5.is_none());
    assert_eq!(ins.partial.len(), 1);
    // A later complete set is the score, and nothing is partial.
    let (ins, _) = summarise(&[&partial, &complete]);
    assert_eq!(ins.who5.unwrap().score, 28);
    let later = set(
        Instrument::Who5,
        "2026-11-27T18:00",
        &[("1", 3), ("2", 3), ("3", 3), ("4", 3), ("5", 3)],
    );
    let (ins, _) = summarise(&[&complete, &partial, &later]);
    assert_eq!(ins.who5.unwrap().score, 60);
    assert!(ins.partial.is_empty());
}

#[test]
fn a_cbi_too_thin_to_score_keeps_the_earlier_scales_but_not_an_old_crisis_answer() {
    let all: Vec<(String, u8)> = (1..=19).map(|i| (i.to_string(), 50)).collect();
    let pairs: Vec<(&str, u8)> = all.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    let complete = set(Instrument::Cbi, "2026-11-20T08:00", &pairs);
    // One item, "I can't take it anymore", answered Always: too few to score, but the answer
    // counts for the crisis message.
    let thin = set(Instrument::Cbi, "2026-11-27T08:00", &[("4", 100)]);
    let (ins, crisis) = summarise(&[&complete, &thin]);
    let c = ins.cbi.expect("the scored scales are kept");
    assert_eq!(
        (c.personal, c.taken_at),
        (Some(50.0), ts("2026-11-20T08:00"))
    );
    assert!(crisis.unwrap().contains("I can't take it anymore"));
    assert_eq!((ins.partial[0].answered, ins.partial[0].scored), (1, false));
    // Answered Never later, the item no longer raises it.
    let calmer = set(Instrument::Cbi, "2026-11-27T09:00", &[("4", 0)]);
    let (_, crisis) = summarise(&[&complete, &thin, &calmer]);
    assert!(crisis.is_none());
}
