//! The questionnaires: the Copenhagen Burnout Inventory, the WHO-5 Well-Being Index, the
//! article's risk checklist (what data cannot show) and its warning signs.
//!
//! Pure: items and answer scales are constants; scoring is a function of an [`AnswerSet`] (a
//! plain type of the [`crate::journal`], with [`Instrument`]: here they get their questions and
//! scores). Answers are kept as the scale's own values (CBI points 0–100 before any reversal, WHO-5
//! 0–5, yes = 1 / no = 0, never = 0 / sometimes = 1 / often = 2) so that a stored answer set
//! can be scored again by a later rule. Scoring rules and citations are in `docs/method.md`
//! ("Instruments").

pub mod cbi;
pub mod checklist;
pub mod signs;
pub mod who5;

#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

pub use crate::journal::{AnswerSet, Instrument};

/// The questionnaires' words, items and scoring, on the journal's [`Instrument`].
impl Instrument {
    pub fn title(self) -> &'static str {
        match self {
            Instrument::Cbi => "Copenhagen Burnout Inventory",
            Instrument::Who5 => "WHO-5 Well-Being Index",
            Instrument::Checklist => "Risk checklist (what your data cannot show)",
            Instrument::Signs => "Warning signs",
        }
    }

    /// What to tell the person before the items.
    pub fn intro(self) -> &'static str {
        match self {
            Instrument::Cbi => cbi::INTRO,
            Instrument::Who5 => who5::INTRO,
            Instrument::Checklist => checklist::INTRO,
            Instrument::Signs => signs::INTRO,
        }
    }

    pub fn items(self) -> &'static [Item] {
        match self {
            Instrument::Cbi => cbi::ITEMS,
            Instrument::Who5 => who5::ITEMS,
            Instrument::Checklist => checklist::ITEMS,
            Instrument::Signs => signs::ITEMS,
        }
    }

    pub fn item(self, id: &str) -> Option<&'static Item> {
        self.items().iter().find(|i| i.id == id)
    }

    /// Score an answer set of this instrument, as the JSON stored beside the answers.
    pub fn score(self, answers: &BTreeMap<String, u8>) -> serde_json::Value {
        let v = match self {
            Instrument::Cbi => serde_json::to_value(cbi::score(answers)),
            Instrument::Who5 => serde_json::to_value(who5::score(answers)),
            Instrument::Checklist => serde_json::to_value(checklist::score(answers)),
            Instrument::Signs => serde_json::to_value(signs::score(answers)),
        };
        v.unwrap_or(serde_json::Value::Null)
    }
}

/// The answer scale an item uses: the words offered and the value each is kept as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scale {
    /// CBI frequency: Always 100 … Never/almost never 0.
    Frequency,
    /// CBI degree: To a very high degree 100 … To a very low degree 0.
    Degree,
    /// WHO-5: All of the time 5 … At no time 0.
    Who5,
    YesNo,
    /// Warning signs: Never 0, Sometimes 1, Often 2.
    NeverSometimesOften,
}

impl Scale {
    /// The options in the order offered, with their values.
    pub fn options(self) -> &'static [(&'static str, u8)] {
        match self {
            Scale::Frequency => &[
                ("Always", 100),
                ("Often", 75),
                ("Sometimes", 50),
                ("Seldom", 25),
                ("Never/almost never", 0),
            ],
            Scale::Degree => &[
                ("To a very high degree", 100),
                ("To a high degree", 75),
                ("Somewhat", 50),
                ("To a low degree", 25),
                ("To a very low degree", 0),
            ],
            Scale::Who5 => &[
                ("All of the time", 5),
                ("Most of the time", 4),
                ("More than half of the time", 3),
                ("Less than half of the time", 2),
                ("Some of the time", 1),
                ("At no time", 0),
            ],
            Scale::YesNo => &[("Yes", 1), ("No", 0)],
            Scale::NeverSometimesOften => &[("Never", 0), ("Sometimes", 1), ("Often", 2)],
        }
    }

    /// Short words accepted besides the full option text (lower case).
    fn aliases(self) -> &'static [(&'static str, u8)] {
        match self {
            Scale::Frequency => &[("never", 0), ("almost never", 0)],
            Scale::Degree => &[
                ("very high", 100),
                ("high", 75),
                ("low", 25),
                ("very low", 0),
            ],
            Scale::Who5 => &[
                ("all", 5),
                ("most", 4),
                ("more than half", 3),
                ("less than half", 2),
                ("some", 1),
                ("never", 0),
                ("none", 0),
            ],
            Scale::YesNo => &[("y", 1), ("n", 0), ("true", 1), ("false", 0)],
            Scale::NeverSometimesOften => &[],
        }
    }

    /// An answer given as a word (any case) or as the number it is kept as.
    pub fn parse(self, given: &str) -> Result<u8, String> {
        let g = given.trim().to_lowercase();
        let word = self
            .options()
            .iter()
            .chain(self.aliases())
            .find(|(w, _)| w.to_lowercase() == g)
            .map(|&(_, v)| v);
        let number = g
            .parse::<u8>()
            .ok()
            .filter(|n| self.options().iter().any(|&(_, v)| v == *n));
        word.or(number).ok_or_else(|| {
            let allowed: Vec<String> = self
                .options()
                .iter()
                .map(|(w, v)| format!("{w} ({v})"))
                .collect();
            format!(
                "{given:?} is not an answer here; use one of: {}",
                allowed.join(", ")
            )
        })
    }

    /// The word for a kept value.
    pub fn word(self, value: u8) -> &'static str {
        self.options()
            .iter()
            .find(|&&(_, v)| v == value)
            .map(|&(w, _)| w)
            .unwrap_or("?")
    }
}

/// One question.
#[derive(Debug, Clone, Copy)]
pub struct Item {
    /// Stable id used in answer files and the journal.
    pub id: &'static str,
    /// Group within the instrument (CBI scale, sign kind, checklist tier).
    pub group: &'static str,
    pub text: &'static str,
    pub scale: Scale,
}

/// Parse `item id → answer` pairs for an instrument: unknown ids and answers are errors that
/// name what is allowed.
pub fn parse_answers<'a>(
    instrument: Instrument,
    given: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> Result<BTreeMap<String, u8>, String> {
    let mut out = BTreeMap::new();
    for (id, value) in given {
        let id = id.trim();
        let item = instrument.item(id).ok_or_else(|| {
            let ids: Vec<&str> = instrument.items().iter().map(|i| i.id).collect();
            format!(
                "{} has no item {id:?}; its items are: {}",
                instrument.id(),
                ids.join(", ")
            )
        })?;
        let v = item
            .scale
            .parse(value)
            .map_err(|e| format!("item {id}: {e}"))?;
        out.insert(id.to_string(), v);
    }
    Ok(out)
}

/// Round to two decimals, as scores are shown.
pub(crate) fn round2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// What Canary says, plainly, when answers point to crisis.
pub const PROFESSIONAL_HELP: &str = "Please talk to a professional soon: your GP, occupational health, a therapist, or a crisis line where you live (in an emergency, your local emergency number). You do not have to wait until it gets worse, and you do not have to manage it alone. Canary is a self-help tool, not a diagnosis.";

/// The crisis reasons in the latest CBI and WHO-5 answers, if any.
pub fn crisis_reasons(cbi: Option<&cbi::CbiScores>, who5: Option<&who5::Who5Score>) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(w) = who5
        && w.see_professional
    {
        out.push(format!(
            "your WHO-5 well-being score is {} of 100 (28 or below)",
            w.score
        ));
    }
    if let Some(c) = cbi {
        if c.cant_take_it {
            out.push(
                "you answered that you often or always think \"I can't take it anymore\"".into(),
            );
        }
        if let Some(p) = c.personal
            && p >= cbi::VERY_HIGH
        {
            out.push(format!(
                "your personal burnout score is very high ({p:.0} of 100)"
            ));
        }
    }
    out
}

/// The crisis message for those reasons, or `None` without any.
pub fn crisis_message(reasons: &[String]) -> Option<String> {
    if reasons.is_empty() {
        return None;
    }
    Some(format!(
        "Your answers point to a very hard time: {}. {PROFESSIONAL_HELP}",
        reasons.join("; ")
    ))
}
