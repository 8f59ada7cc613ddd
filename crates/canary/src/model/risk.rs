//! The risk picture: the level, the checklist indicators behind it and the stage estimate,
//! each with its reasons. Filled in by [`crate::assessment`].

use std::fmt;

use serde::{Serialize, Serializer};

/// The risk picture: a level and the checklist indicators behind it.
#[derive(Debug, Clone, Serialize)]
pub struct Risk {
    /// `low`, `medium`, `high` or `unknown` (too little data).
    pub level: RiskLevel,
    /// The version of the written rule that produced the level (see docs/method.md).
    pub rule: String,
    /// Why the level is what it is, in plain words.
    pub reasons: Vec<String>,
    pub indicators: Vec<Indicator>,
    /// The article's stage estimate, with its reasons.
    pub stage: Stage,
}

/// Stage 1–4 of the article's burnout journey, `sustainable`, or `unknown`. Not a diagnosis.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stage {
    /// 1–4, or `None` for `sustainable` and `unknown`.
    pub stage: Option<u8>,
    /// `eager overachiever`, `indispensable employee`, `trapped expert`, `breaking point`,
    /// `sustainable` or `unknown`.
    pub name: String,
    /// The stage's own signs first, then the earlier stages' signs; or one note on why
    /// there is no stage.
    pub reasons: Vec<StageReason>,
}

/// One reason for the stage estimate, as data: renderers choose by [`StageReasonKind`], never
/// by the words. In JSON it is one sentence, [`StageReason`]'s `Display`: the text, with
/// `also a stage N sign: ` before an earlier stage's sign (the schema before the kinds).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageReason {
    pub kind: StageReasonKind,
    /// The sign or the note in plain words, without any prefix.
    pub text: String,
}

/// What a [`StageReason`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageReasonKind {
    /// A sign of the estimated stage.
    Sign,
    /// A sign of an earlier stage (1–3), listed after the stage's own signs.
    EarlierSign { stage: u8 },
    /// Why there is no stage: too little data, or none of the signs is there.
    Note,
}

impl StageReason {
    pub fn sign(text: impl Into<String>) -> StageReason {
        StageReason {
            kind: StageReasonKind::Sign,
            text: text.into(),
        }
    }

    pub fn earlier(stage: u8, text: impl Into<String>) -> StageReason {
        StageReason {
            kind: StageReasonKind::EarlierSign { stage },
            text: text.into(),
        }
    }

    pub fn note(text: impl Into<String>) -> StageReason {
        StageReason {
            kind: StageReasonKind::Note,
            text: text.into(),
        }
    }

    /// Whether this is a sign of an earlier stage than the one estimated.
    pub fn is_earlier(&self) -> bool {
        matches!(self.kind, StageReasonKind::EarlierSign { .. })
    }
}

impl fmt::Display for StageReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            StageReasonKind::EarlierSign { stage } => {
                write!(f, "also a stage {stage} sign: {}", self.text)
            }
            StageReasonKind::Sign | StageReasonKind::Note => f.write_str(&self.text),
        }
    }
}

impl Serialize for StageReason {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    Unknown,
    Low,
    Medium,
    High,
}

impl RiskLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            RiskLevel::Unknown => "unknown",
            RiskLevel::Low => "low",
            RiskLevel::Medium => "medium",
            RiskLevel::High => "high",
        }
    }
}

/// Which list of the article's Step 1 checklist an indicator belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    High,
    Medium,
    Low,
}

/// Whether an indicator holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Holds,
    DoesNotHold,
    Unknown,
}

/// Where an indicator's status came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    Measured,
    Answered,
    Both,
    None,
}

/// One checklist item with its status and the evidence for it.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    /// Stable id, e.g. `hours_over_50`.
    pub id: String,
    pub tier: Tier,
    /// The item in the product's words.
    pub label: String,
    pub status: Status,
    pub basis: Basis,
    /// What the data shows, in one sentence with figures.
    pub evidence: String,
}
