//! The questionnaires beside the level: the latest CBI and WHO-5 scores, their history and
//! the warning-signs check-ins.

use jiff::Timestamp;
use serde::Serialize;

/// The questionnaires' latest scores and their history.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Instruments {
    pub cbi: Option<CbiSummary>,
    pub who5: Option<Who5Summary>,
    /// Every CBI and WHO-5 score taken up to "now", oldest first.
    pub trend: Vec<ScorePoint>,
    /// Every warning-signs check-in up to "now", oldest first (the latest is last).
    pub signs: Vec<SignsPoint>,
    /// The latest CBI and WHO-5 answer sets with items skipped, kept as partial: never
    /// hiding the last score (`cbi` and `who5` come from the latest set that gives one).
    pub partial: Vec<PartialAnswers>,
}

/// An answer set with items skipped.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartialAnswers {
    /// `cbi` or `who5`.
    pub instrument: String,
    pub taken_at: Timestamp,
    /// Items answered, of `items`.
    pub answered: usize,
    pub items: usize,
    /// Whether it still gave the score shown (a CBI scale needs half its items; the WHO-5
    /// all five).
    pub scored: bool,
}

/// One warning-signs check-in: how many of the article's signs were there, per kind. A count,
/// not a score (the article gives none).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SignsPoint {
    pub taken_at: Timestamp,
    /// Signs answered at all (of 18).
    pub answered: usize,
    /// Signs there often, and sometimes, over all kinds.
    pub often: usize,
    pub sometimes: usize,
    /// Per kind: [often, sometimes].
    pub physical: [usize; 2],
    pub emotional: [usize; 2],
    pub behavioural: [usize; 2],
}

/// The latest Copenhagen Burnout Inventory scales, 0–100 (`None`: too few items answered).
#[derive(Debug, Clone, Serialize)]
pub struct CbiSummary {
    pub personal: Option<f64>,
    pub work: Option<f64>,
    pub client: Option<f64>,
    pub taken_at: Timestamp,
}

/// The latest WHO-5 Well-Being Index.
#[derive(Debug, Clone, Serialize)]
pub struct Who5Summary {
    /// 0–100.
    pub score: u8,
    /// 50 or below.
    pub poor: bool,
    /// 28 or below.
    pub see_professional: bool,
    pub taken_at: Timestamp,
}

/// One earlier score: CBI scales or the WHO-5 score.
#[derive(Debug, Clone, Serialize)]
pub struct ScorePoint {
    /// `cbi` or `who5`.
    pub instrument: String,
    pub taken_at: Timestamp,
    pub personal: Option<f64>,
    pub work: Option<f64>,
    pub client: Option<f64>,
    pub who5: Option<u8>,
}
