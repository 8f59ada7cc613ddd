//! What a questionnaire's scores mean, in words: printed by `canary assess` and shown under
//! the dashboard's questionnaire forms, so both say the same.

use canary::assessment::instruments::{AnswerSet, Instrument, cbi, checklist, signs, who5};

/// The scores and what they mean, in words.
pub fn meaning(set: &AnswerSet) -> String {
    let mut o = String::new();
    let mut line = |s: String| {
        o.push_str(&s);
        o.push('\n');
    };
    match set.instrument {
        Instrument::Cbi => {
            let s = cbi::score(&set.answers);
            line("Copenhagen Burnout Inventory (0–100; higher is more burnout)".into());
            for (name, v, n, of) in [
                ("personal", s.personal, s.answered[0], 6),
                ("work-related", s.work, s.answered[1], 7),
                ("client-related", s.client, s.answered[2], 6),
            ] {
                line(match v {
                    Some(v) => format!("  {name:<15} {v:>6.2}  {}", cbi::band(v)),
                    None => format!(
                        "  {name:<15}    —    not scored: {n} of {of} items answered, at least half are needed"
                    ),
                });
            }
            line(format!("  {}", cbi::CUTOFF_NOTE));
            line(format!("  Source: {}", cbi::CITATION));
        }
        Instrument::Who5 => match who5::score(&set.answers) {
            Some(w) => {
                line(format!(
                    "WHO-5 Well-Being Index: {} of 100 (raw {} of 25; higher is better)",
                    w.score, w.raw
                ));
                line(format!(
                    "  {}",
                    if w.see_professional {
                        "28 or below: a clear reason to talk to a professional about how you are."
                    } else if w.poor {
                        "50 or below: poor well-being. Worth taking seriously, and worth a talk with your GP if it stays there."
                    } else {
                        "above 50: no sign of poor well-being."
                    }
                ));
                line(format!("  Source: {}", who5::CITATION));
            }
            None => line(
                "WHO-5 not scored: all five items are needed. These answers are kept as partial; your last complete WHO-5, if any, still counts."
                    .into(),
            ),
        },
        Instrument::Checklist => {
            let s = checklist::score(&set.answers);
            line(format!(
                "Risk checklist: {} answered; {} high-risk and {} medium-risk signs hold, {} protective signs.",
                s.answered,
                s.high_holding.len(),
                s.medium_holding.len(),
                s.low_holding.len()
            ));
            line("  `canary report` combines these with what your data shows.".into());
        }
        Instrument::Signs => {
            let s = signs::score(&set.answers);
            line(format!(
                "Warning signs (often / sometimes): physical {}/{}, emotional {}/{}, behavioural {}/{}",
                s.physical[0],
                s.physical[1],
                s.emotional[0],
                s.emotional[1],
                s.behavioural[0],
                s.behavioural[1]
            ));
        }
    }
    line("Canary is a self-help tool, not a diagnosis.".into());
    o
}
