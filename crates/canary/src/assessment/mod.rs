//! Assessment: from measured figures to checklist indicators and a risk level.
//!
//! This is a placeholder so the report builder can run end to end; the real rule replaces
//! this file. It always answers `unknown` under rule `v1`, with no indicators.

use crate::report::{Report, Risk, RiskLevel};

/// The risk picture for a report (placeholder: always unknown).
pub fn assess(_report: &Report) -> Risk {
    Risk {
        level: RiskLevel::Unknown,
        rule: "v1".to_string(),
        reasons: Vec::new(),
        indicators: Vec::new(),
    }
}
