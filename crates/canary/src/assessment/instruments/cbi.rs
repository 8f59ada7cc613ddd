//! The Copenhagen Burnout Inventory (CBI): 19 items in three scales — personal burnout (6),
//! work-related burnout (7) and client-related burnout (6) — in the product's own neutral
//! wording, faithful to the published items and their order.
//!
//! Scoring as published (Kristensen, Borritz, Villadsen & Christensen 2005, "The Copenhagen
//! Burnout Inventory: A new tool for the assessment of burnout", Work & Stress 19(3), 192–207):
//! answers score 100 / 75 / 50 / 25 / 0 on the frequency or degree scale each item uses; item 13
//! ("enough energy for family and friends") is reversed; a scale is the mean of its answered
//! items and is not scored when fewer than half of its items are answered. The CBI is free to
//! use with citation.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Item, Scale, round2};

pub const CITATION: &str = "Kristensen, T. S., Borritz, M., Villadsen, E., & Christensen, K. B. (2005). The Copenhagen Burnout Inventory: A new tool for the assessment of burnout. Work & Stress, 19(3), 192–207.";

pub const INTRO: &str = "19 questions about tiredness and exhaustion: in general, at work, and with the people you serve (users, customers, colleagues you support). Answer for the last few weeks. About a minute.";

/// The common convention: a scale score of 50 or more is shown as "high".
pub const HIGH: f64 = 50.0;
/// 75 or more: very high (the crisis line for personal burnout).
pub const VERY_HIGH: f64 = 75.0;

/// The note shown beside every "high".
pub const CUTOFF_NOTE: &str = "50 or more is shown as high by a common convention; the CBI's authors warn against fixed cut-offs, so read it as a signal, not a verdict.";

/// The reversed item.
pub const REVERSED: &str = "13";
/// "How often do you think: I can't take it anymore?"
pub const CANT_TAKE_IT: &str = "4";

const fn item(id: &'static str, group: &'static str, text: &'static str, scale: Scale) -> Item {
    Item {
        id,
        group,
        text,
        scale,
    }
}

use Scale::{Degree, Frequency};

/// The 19 items, ids "1".."19" in the published order.
pub const ITEMS: &[Item] = &[
    item("1", "personal", "How often do you feel tired?", Frequency),
    item(
        "2",
        "personal",
        "How often are you physically exhausted?",
        Frequency,
    ),
    item(
        "3",
        "personal",
        "How often are you emotionally exhausted?",
        Frequency,
    ),
    item(
        "4",
        "personal",
        "How often do you think: \"I can't take it anymore\"?",
        Frequency,
    ),
    item(
        "5",
        "personal",
        "How often do you feel worn out?",
        Frequency,
    ),
    item(
        "6",
        "personal",
        "How often do you feel weak and susceptible to illness?",
        Frequency,
    ),
    item("7", "work", "Is your work emotionally exhausting?", Degree),
    item(
        "8",
        "work",
        "Do you feel burnt out because of your work?",
        Degree,
    ),
    item("9", "work", "Does your work frustrate you?", Degree),
    item(
        "10",
        "work",
        "Do you feel worn out at the end of the working day?",
        Frequency,
    ),
    item(
        "11",
        "work",
        "Are you exhausted in the morning at the thought of another day at work?",
        Frequency,
    ),
    item(
        "12",
        "work",
        "Do you feel that every working hour is tiring for you?",
        Frequency,
    ),
    item(
        "13",
        "work",
        "Do you have enough energy for family and friends during leisure time?",
        Frequency,
    ),
    item(
        "14",
        "client",
        "Do you find it hard to work with the people you serve (users, customers)?",
        Degree,
    ),
    item(
        "15",
        "client",
        "Do you find it frustrating to work with the people you serve?",
        Degree,
    ),
    item(
        "16",
        "client",
        "Does it drain your energy to work with the people you serve?",
        Degree,
    ),
    item(
        "17",
        "client",
        "Do you feel that you give more than you get back when you work with the people you serve?",
        Degree,
    ),
    item(
        "18",
        "client",
        "Are you tired of working with the people you serve?",
        Frequency,
    ),
    item(
        "19",
        "client",
        "Do you sometimes wonder how long you will be able to go on working with the people you serve?",
        Frequency,
    ),
];

/// The three scale scores (0–100, two decimals) and what was answered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CbiScores {
    /// `None` when fewer than half of the scale's items are answered.
    pub personal: Option<f64>,
    pub work: Option<f64>,
    pub client: Option<f64>,
    /// Items answered per scale: personal, work, client.
    pub answered: [usize; 3],
    /// "I can't take it anymore" answered Always or Often.
    pub cant_take_it: bool,
}

impl CbiScores {
    /// The highest scored scale.
    pub fn max(&self) -> Option<f64> {
        [self.personal, self.work, self.client]
            .into_iter()
            .flatten()
            .reduce(f64::max)
    }
}

/// The points an answer gives, with item 13 reversed.
pub fn points(id: &str, value: u8) -> f64 {
    let v = f64::from(value.min(100));
    if id == REVERSED { 100.0 - v } else { v }
}

/// Mean of the answered items of a scale; `None` when fewer than half are answered.
fn scale(answers: &BTreeMap<String, u8>, group: &str) -> (Option<f64>, usize) {
    let items: Vec<&Item> = ITEMS.iter().filter(|i| i.group == group).collect();
    let got: Vec<f64> = items
        .iter()
        .filter_map(|i| answers.get(i.id).map(|&v| points(i.id, v)))
        .collect();
    let n = got.len();
    // "Fewer than half": 3 of 6 and 4 of 7 are enough; 2 of 6 and 3 of 7 are not.
    if n == 0 || n * 2 < items.len() {
        return (None, n);
    }
    (Some(round2(got.iter().sum::<f64>() / n as f64)), n)
}

/// Score an answer set.
pub fn score(answers: &BTreeMap<String, u8>) -> CbiScores {
    let (personal, p) = scale(answers, "personal");
    let (work, w) = scale(answers, "work");
    let (client, c) = scale(answers, "client");
    CbiScores {
        personal,
        work,
        client,
        answered: [p, w, c],
        cant_take_it: answers.get(CANT_TAKE_IT).is_some_and(|&v| v >= 75),
    }
}

/// "high" (≥ 50 by convention) or "below 50".
pub fn band(score: f64) -> &'static str {
    if score >= VERY_HIGH {
        "very high"
    } else if score >= HIGH {
        "high"
    } else {
        "below 50"
    }
}
