//! The WHO-5 Well-Being Index: five positively worded items on how the person felt over the
//! last two weeks, each 0 (at no time) to 5 (all of the time).
//!
//! Scoring as published: the raw score 0–25 times 4 gives 0–100; 50 or below suggests poor
//! well-being, 28 or below is a clear reason to see a professional (World Health Organization
//! 1998; Topp, Østergaard, Søndergaard & Bech 2015, Psychotherapy and Psychosomatics 84(3),
//! 167–176). All five items must be answered for a score. Free to use with citation.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Item, Scale};

pub const CITATION: &str = "World Health Organization (1998). Wellbeing Measures in Primary Health Care: The DepCare Project. WHO Regional Office for Europe. Topp, C. W., Østergaard, S. D., Søndergaard, S., & Bech, P. (2015). The WHO-5 Well-Being Index: A systematic review of the literature. Psychotherapy and Psychosomatics, 84(3), 167–176.";

pub const INTRO: &str = "Five statements about how you have been feeling over the last two weeks. For each, how much of the time was it true?";

/// 50 or below: poor well-being.
pub const POOR: u8 = 50;
/// 28 or below: see a professional.
pub const SEE_PROFESSIONAL: u8 = 28;

const fn item(id: &'static str, text: &'static str) -> Item {
    Item {
        id,
        group: "well-being",
        text,
        scale: Scale::Who5,
    }
}

pub const ITEMS: &[Item] = &[
    item("1", "I have felt cheerful and in good spirits"),
    item("2", "I have felt calm and relaxed"),
    item("3", "I have felt active and vigorous"),
    item("4", "I woke up feeling fresh and rested"),
    item(
        "5",
        "My daily life has been filled with things that interest me",
    ),
];

/// A WHO-5 result; `None` scores when not all five items are answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Who5Score {
    /// 0–25.
    pub raw: u8,
    /// 0–100 (raw × 4).
    pub score: u8,
    /// 50 or below.
    pub poor: bool,
    /// 28 or below.
    pub see_professional: bool,
}

/// Score an answer set: `None` unless all five items are answered.
pub fn score(answers: &BTreeMap<String, u8>) -> Option<Who5Score> {
    let values: Vec<u8> = ITEMS
        .iter()
        .filter_map(|i| answers.get(i.id).map(|&v| v.min(5)))
        .collect();
    if values.len() < ITEMS.len() {
        return None;
    }
    Some(from_raw(values.iter().sum()))
}

/// The result for a raw score 0–25.
pub fn from_raw(raw: u8) -> Who5Score {
    let raw = raw.min(25);
    let score = raw * 4;
    Who5Score {
        raw,
        score,
        poor: score <= POOR,
        see_professional: score <= SEE_PROFESSIONAL,
    }
}
