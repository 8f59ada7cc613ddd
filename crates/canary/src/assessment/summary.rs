//! The instruments beside the level: the latest CBI and WHO-5 scores, their history, the
//! warning-signs check-ins over time, and the crisis message when the latest answers point to
//! one.

use super::instruments::{self, AnswerSet, Instrument, cbi, signs, who5};
use crate::model::{CbiSummary, Instruments, ScorePoint, SignsPoint, Who5Summary};

/// The latest answer set of an instrument.
pub fn latest<'a>(answers: &[&'a AnswerSet], instrument: Instrument) -> Option<&'a AnswerSet> {
    answers
        .iter()
        .copied()
        .filter(|a| a.instrument == instrument)
        .max_by_key(|a| a.taken_at)
}

/// Scores and history of the CBI and WHO-5, and the crisis message from the latest of each.
pub fn summarise(answers: &[&AnswerSet]) -> (Instruments, Option<String>) {
    let mut trend: Vec<ScorePoint> = Vec::new();
    let mut signs_trend: Vec<SignsPoint> = Vec::new();
    for a in answers {
        let point = match a.instrument {
            Instrument::Signs => {
                let s = signs::score(&a.answers);
                let sum = |i: usize| s.physical[i] + s.emotional[i] + s.behavioural[i];
                signs_trend.push(SignsPoint {
                    taken_at: a.taken_at,
                    answered: s.answered,
                    often: sum(0),
                    sometimes: sum(1),
                    physical: s.physical,
                    emotional: s.emotional,
                    behavioural: s.behavioural,
                });
                continue;
            }
            Instrument::Cbi => {
                let s = cbi::score(&a.answers);
                ScorePoint {
                    instrument: "cbi".into(),
                    taken_at: a.taken_at,
                    personal: s.personal,
                    work: s.work,
                    client: s.client,
                    who5: None,
                }
            }
            Instrument::Who5 => match who5::score(&a.answers) {
                Some(w) => ScorePoint {
                    instrument: "who5".into(),
                    taken_at: a.taken_at,
                    personal: None,
                    work: None,
                    client: None,
                    who5: Some(w.score),
                },
                None => continue,
            },
            _ => continue,
        };
        trend.push(point);
    }
    trend.sort_by_key(|p| p.taken_at);
    signs_trend.sort_by_key(|p| p.taken_at);
    let cbi_set = latest(answers, Instrument::Cbi);
    let cbi_scores = cbi_set.map(|a| cbi::score(&a.answers));
    let who5_set = latest(answers, Instrument::Who5);
    let who5_score = who5_set.and_then(|a| who5::score(&a.answers));
    let reasons = instruments::crisis_reasons(cbi_scores.as_ref(), who5_score.as_ref());
    let summary = Instruments {
        cbi: cbi_set.zip(cbi_scores).map(|(a, s)| CbiSummary {
            personal: s.personal,
            work: s.work,
            client: s.client,
            taken_at: a.taken_at,
        }),
        who5: who5_set.zip(who5_score).map(|(a, w)| Who5Summary {
            score: w.score,
            poor: w.poor,
            see_professional: w.see_professional,
            taken_at: a.taken_at,
        }),
        trend,
        signs: signs_trend,
    };
    (summary, instruments::crisis_message(&reasons))
}
