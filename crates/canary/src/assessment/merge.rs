//! Rule v2's checklist: the measured indicators merged with the latest checklist answers.
//!
//! A measured item that was also answered has basis `both`. Conflicts resolve toward caution:
//! a risk sign (high or medium tier) holds when either source says it holds; a protective sign
//! (low tier) holds only when no source says it does not. The evidence keeps both sides. The
//! ten items only answers can show follow, `unknown` until answered. See `docs/method.md`.

use super::instruments::checklist;
use super::instruments::{AnswerSet, Instrument};
use crate::model::{Basis, Indicator, Status, Tier};

fn answered_status(v: u8) -> Status {
    if v == 1 {
        Status::Holds
    } else {
        Status::DoesNotHold
    }
}

fn answer_words(v: u8, set: &AnswerSet) -> String {
    format!(
        "you answered {} on {}",
        if v == 1 { "yes" } else { "no" },
        set.taken_at.strftime("%Y-%m-%d")
    )
}

/// Two known statuses of one item: caution decides.
pub fn resolve(tier: Tier, measured: Status, answered: Status) -> Status {
    match (measured, answered) {
        (Status::Unknown, s) | (s, Status::Unknown) => s,
        (a, b) if a == b => a,
        // They disagree.
        _ if tier == Tier::Low => Status::DoesNotHold,
        _ => Status::Holds,
    }
}

/// The measured indicators with the latest checklist answers merged in, ordered by tier.
pub fn merge(measured: Vec<Indicator>, checklist_answers: Option<&AnswerSet>) -> Vec<Indicator> {
    let mut out = Vec::new();
    let answer = |id: &str| -> Option<(u8, &AnswerSet)> {
        let set = checklist_answers?;
        set.answers.get(id).map(|&v| (v, set))
    };
    for mut ind in measured {
        if let Some((v, set)) = answer(&ind.id) {
            let said = answered_status(v);
            if ind.status == Status::Unknown {
                ind.status = said;
                ind.basis = Basis::Answered;
                ind.evidence = format!(
                    "{} (the data cannot tell: {})",
                    answer_words(v, set),
                    ind.evidence
                );
            } else {
                ind.status = resolve(ind.tier, ind.status, said);
                ind.basis = Basis::Both;
                ind.evidence = format!("measured: {}; {}", ind.evidence, answer_words(v, set));
            }
        }
        out.push(ind);
    }
    for item in Instrument::Checklist.items() {
        if checklist::MEASURABLE.contains(&item.id) {
            continue;
        }
        let (status, basis, evidence) = match answer(item.id) {
            Some((v, set)) => (answered_status(v), Basis::Answered, answer_words(v, set)),
            None => (
                Status::Unknown,
                Basis::None,
                "not answered yet: `canary assess checklist`".to_string(),
            ),
        };
        out.push(Indicator {
            id: item.id.to_string(),
            tier: checklist::tier(item),
            label: checklist::label(item.id).to_string(),
            status,
            basis,
            evidence,
        });
    }
    let rank = |t: Tier| match t {
        Tier::High => 0,
        Tier::Medium => 1,
        Tier::Low => 2,
    };
    out.sort_by_key(|i| rank(i.tier));
    out
}
