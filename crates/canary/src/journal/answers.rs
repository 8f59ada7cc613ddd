//! Questionnaire answers as data: which questionnaire, when, and the answer to each item, as
//! the journal keeps them. Scoring them is [`crate::assessment::instruments`]' job.
//!
//! Answers are kept as the scale's own values (CBI points 0–100 before any reversal, WHO-5
//! 0–5, yes = 1 / no = 0, never = 0 / sometimes = 1 / often = 2), so that a stored answer set
//! can be scored again by a later rule.

use std::collections::BTreeMap;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// One questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Instrument {
    Cbi,
    Who5,
    Checklist,
    Signs,
}

impl Instrument {
    pub const ALL: [Instrument; 4] = [
        Instrument::Cbi,
        Instrument::Who5,
        Instrument::Checklist,
        Instrument::Signs,
    ];

    /// The id stored in the journal and used on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Instrument::Cbi => "cbi",
            Instrument::Who5 => "who5",
            Instrument::Checklist => "checklist",
            Instrument::Signs => "signs",
        }
    }

    pub fn parse(s: &str) -> Option<Instrument> {
        Instrument::ALL.into_iter().find(|i| i.id() == s)
    }
}

/// One filled-in questionnaire, as kept in the journal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerSet {
    pub instrument: Instrument,
    pub taken_at: Timestamp,
    /// Item id → the answer's kept value.
    pub answers: BTreeMap<String, u8>,
}

/// A stored answer set with the scores it had when taken.
#[derive(Debug, Clone, Serialize)]
pub struct StoredAnswers {
    pub id: i64,
    #[serde(flatten)]
    pub set: AnswerSet,
    pub scores: serde_json::Value,
}
