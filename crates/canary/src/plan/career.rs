//! Career resilience: the emergency-fund runway against the 6–12 months worth having, and how
//! fresh the résumé is.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Serialize;

/// The runway worth having, in months.
pub const RUNWAY_TARGET: (f64, f64) = (6.0, 12.0);
/// A résumé older than this many days gets a reminder.
pub const RESUME_STALE_DAYS: i64 = 180;

#[derive(Debug, Clone, Serialize)]
pub struct Career {
    pub runway_months: Option<f64>,
    /// `below`, `within` or `above` the 6–12 month range; `unknown` without figures.
    pub runway_status: &'static str,
    pub resume_updated: Option<Date>,
    pub resume_age_days: Option<i64>,
    pub resume_stale: bool,
}

/// Months of runway: `fund_months` if given, else `savings / monthly_expenses`.
pub fn runway(profile: &BTreeMap<String, String>) -> Option<f64> {
    let num = |k: &str| profile.get(k)?.trim().parse::<f64>().ok();
    if let Some(m) = num("fund_months").filter(|m| m.is_finite() && *m >= 0.0) {
        return Some(m);
    }
    let (s, e) = (num("savings")?, num("monthly_expenses")?);
    (e > 0.0 && s.is_finite() && s >= 0.0).then(|| s / e)
}

/// Where a runway sits against the 6–12 months.
pub fn runway_status(m: Option<f64>) -> &'static str {
    match m {
        None => "unknown",
        Some(m) if m < RUNWAY_TARGET.0 => "below",
        Some(m) if m <= RUNWAY_TARGET.1 => "within",
        Some(_) => "above",
    }
}

pub fn career(profile: &BTreeMap<String, String>, today: Date) -> Career {
    let runway_months = runway(profile);
    let resume_updated: Option<Date> = profile.get("resume_updated").and_then(|d| d.parse().ok());
    let resume_age_days = resume_updated.map(|d| (today - d).get_days() as i64);
    Career {
        runway_months,
        runway_status: runway_status(runway_months),
        resume_updated,
        resume_age_days,
        resume_stale: resume_age_days.is_none_or(|d| d > RESUME_STALE_DAYS),
    }
}
