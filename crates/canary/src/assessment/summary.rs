//! The instruments beside the level: the latest CBI and WHO-5 scores, their history, the
//! warning-signs check-ins over time, and the crisis message when the latest answers point to
//! one.

use super::instruments::cbi::CbiScores;
use super::instruments::who5::Who5Score;
use super::instruments::{self, AnswerSet, Instrument, cbi, signs, who5};
use crate::model::{CbiSummary, Instruments, PartialAnswers, ScorePoint, SignsPoint, Who5Summary};

/// The latest answer set of an instrument.
pub fn latest<'a>(answers: &[&'a AnswerSet], instrument: Instrument) -> Option<&'a AnswerSet> {
    answers
        .iter()
        .copied()
        .filter(|a| a.instrument == instrument)
        .max_by_key(|a| a.taken_at)
}

/// The latest scores of the CBI and WHO-5: each from the latest set that gives one, so a later
/// set with items skipped never hides an earlier score.
#[derive(Debug, Clone, Default)]
pub struct Scored<'a> {
    /// The latest CBI set with a scale scored, and its scores; "I can't take it anymore"
    /// comes from the latest set that answered that item, scored or not.
    pub cbi: Option<(&'a AnswerSet, CbiScores)>,
    /// The latest complete WHO-5.
    pub who5: Option<(&'a AnswerSet, Who5Score)>,
    /// The CBI scores the crisis and stage rules read: the scored scales with the latest
    /// "I can't take it anymore" (`None` without any CBI answer that matters).
    pub cbi_for_rules: Option<CbiScores>,
}

/// The latest scored CBI and WHO-5 (see [`Scored`]).
pub fn scored<'a>(answers: &[&'a AnswerSet]) -> Scored<'a> {
    let mut sets: Vec<&AnswerSet> = answers.to_vec();
    sets.sort_by_key(|a| std::cmp::Reverse(a.taken_at));
    let of = |i: Instrument| sets.iter().copied().filter(move |a| a.instrument == i);
    let cbi_set = of(Instrument::Cbi)
        .map(|a| (a, cbi::score(&a.answers)))
        .find(|(_, s)| s.personal.is_some() || s.work.is_some() || s.client.is_some());
    let who5_set = of(Instrument::Who5).find_map(|a| Some((a, who5::score(&a.answers)?)));
    let cant_take_it = of(Instrument::Cbi)
        .find(|a| a.answers.contains_key(cbi::CANT_TAKE_IT))
        .map(|a| cbi::score(&a.answers).cant_take_it);
    let cbi_for_rules = match (&cbi_set, cant_take_it) {
        (Some((_, s)), c) => Some(CbiScores {
            cant_take_it: c.unwrap_or(s.cant_take_it),
            ..s.clone()
        }),
        (None, Some(true)) => Some(CbiScores {
            personal: None,
            work: None,
            client: None,
            answered: [0; 3],
            cant_take_it: true,
        }),
        (None, _) => None,
    };
    Scored {
        cbi: cbi_set,
        who5: who5_set,
        cbi_for_rules,
    }
}

/// The latest CBI and WHO-5 sets with items skipped, newest first per instrument.
fn partial(answers: &[&AnswerSet], s: &Scored<'_>) -> Vec<PartialAnswers> {
    let mut out = Vec::new();
    for (instrument, name, scored_at) in [
        (
            Instrument::Cbi,
            "cbi",
            s.cbi.as_ref().map(|(a, _)| a.taken_at),
        ),
        (
            Instrument::Who5,
            "who5",
            s.who5.as_ref().map(|(a, _)| a.taken_at),
        ),
    ] {
        let Some(set) = latest(answers, instrument) else {
            continue;
        };
        let items = instrument.items().len();
        let answered = instrument
            .items()
            .iter()
            .filter(|i| set.answers.contains_key(i.id))
            .count();
        if answered < items {
            out.push(PartialAnswers {
                instrument: name.to_string(),
                taken_at: set.taken_at,
                answered,
                items,
                scored: scored_at == Some(set.taken_at),
            });
        }
    }
    out
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
    let s = scored(answers);
    let reasons =
        instruments::crisis_reasons(s.cbi_for_rules.as_ref(), s.who5.as_ref().map(|(_, w)| w));
    let summary = Instruments {
        cbi: s.cbi.as_ref().map(|(a, c)| CbiSummary {
            personal: c.personal,
            work: c.work,
            client: c.client,
            taken_at: a.taken_at,
        }),
        who5: s.who5.as_ref().map(|(a, w)| Who5Summary {
            score: w.score,
            poor: w.poor,
            see_professional: w.see_professional,
            taken_at: a.taken_at,
        }),
        trend,
        signs: signs_trend,
        partial: partial(answers, &s),
    };
    (summary, instruments::crisis_message(&reasons))
}
