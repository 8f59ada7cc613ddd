//! Assessment: from measured figures to the article's Step 1 checklist and a risk level.
//!
//! Pure: it reads a [`Report`]'s measurements and returns a [`Risk`]. The rule is written in
//! `docs/method.md` ("Risk level, rule v1"), versioned by [`RULE`], and every level comes with
//! the reasons that produced it. Questionnaire answers join in a later rule version; until
//! then only what data can show is assessed, and the level is marked provisional.

mod checklist;
pub mod instruments;

pub use checklist::{measured_indicators, recent_complete_weeks};

use crate::report::{Indicator, Report, Risk, RiskLevel, Status, Tier};

/// The version of the level rule below.
pub const RULE: &str = "v1-measured";

/// Assess a report: the measured indicators and the level they give.
pub fn assess(report: &Report) -> Risk {
    let indicators = measured_indicators(report);
    let (level, reasons) = level(
        &indicators,
        report.coverage.enough_for_verdict,
        report.coverage.covered_days,
    );
    Risk {
        level,
        rule: RULE.to_string(),
        reasons,
        indicators,
    }
}

/// Rule v1: unknown without enough data; high when two high-risk indicators hold, or one
/// high and one medium; medium when one high or any medium holds; otherwise low.
pub fn level(
    indicators: &[Indicator],
    enough_data: bool,
    covered_days: u32,
) -> (RiskLevel, Vec<String>) {
    if !enough_data {
        return (
            RiskLevel::Unknown,
            vec![format!(
                "only {covered_days} days have any data; a verdict needs at least 14 — import more sources"
            )],
        );
    }
    let holding = |tier: Tier| -> Vec<&Indicator> {
        indicators
            .iter()
            .filter(|i| i.tier == tier && i.status == Status::Holds)
            .collect()
    };
    let high = holding(Tier::High);
    let medium = holding(Tier::Medium);
    let mut reasons: Vec<String> = high
        .iter()
        .map(|i| format!("high-risk sign: {}", i.label.to_lowercase()))
        .chain(
            medium
                .iter()
                .map(|i| format!("medium-risk sign: {}", i.label.to_lowercase())),
        )
        .collect();
    let level = if high.len() >= 2 || (high.len() == 1 && !medium.is_empty()) {
        RiskLevel::High
    } else if high.len() == 1 || !medium.is_empty() {
        RiskLevel::Medium
    } else {
        reasons.push("no high- or medium-risk sign holds in the measured data".to_string());
        RiskLevel::Low
    };
    (level, reasons)
}

#[cfg(test)]
mod tests;
