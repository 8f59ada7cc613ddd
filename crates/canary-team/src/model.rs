//! What a member sends and what a manager receives: the wire format of the team server.

use serde::{Deserialize, Serialize};

/// The most weeks one share may carry.
pub const MAX_WEEKS_PER_SHARE: usize = 60;

/// One member's figures for one ISO week. Every figure is optional: sharing is per metric.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekShare {
    /// ISO week, `YYYY-Www`.
    pub week: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hours: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_hours_share: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sleep_nights: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interruptions: Option<u32>,
    /// `low`, `medium`, `high` or `unknown`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instruments: Option<InstrumentShare>,
}

/// Questionnaire scores, shared only when the member opts in to `instruments`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentShare {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cbi_personal: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cbi_work: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub who5: Option<u8>,
}

/// The body of `PUT /v1/me/weeks`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShareBody {
    pub weeks: Vec<WeekShare>,
}

/// Parse `YYYY-Www` into the Monday of that ISO week.
pub fn parse_week(s: &str) -> Option<jiff::civil::Date> {
    let b = s.as_bytes();
    if b.len() != 8 || b[4] != b'-' || b[5] != b'W' {
        return None;
    }
    let year: i16 = s[..4].parse().ok()?;
    let week: i8 = s[6..].parse().ok()?;
    if !(2000..=2100).contains(&year) {
        return None;
    }
    jiff::civil::ISOWeekDate::new(year, week, jiff::civil::Weekday::Monday)
        .ok()
        .map(|d| d.date())
}

fn in_range(x: Option<f64>, lo: f64, hi: f64) -> bool {
    x.is_none_or(|v| v.is_finite() && (lo..=hi).contains(&v))
}

impl WeekShare {
    /// Check the week and every figure's range; `Err` names the first bad field.
    pub fn validate(&self) -> Result<(), String> {
        if parse_week(&self.week).is_none() {
            return Err(format!("week must be YYYY-Www, got {:?}", self.week));
        }
        if !in_range(self.hours, 0.0, 168.0) {
            return Err("hours must be 0–168".into());
        }
        if !in_range(self.after_hours_share, 0.0, 1.0) {
            return Err("after_hours_share must be 0–1".into());
        }
        if self.sleep_nights.is_some_and(|n| n > 7) {
            return Err("sleep_nights must be 0–7".into());
        }
        if self.interruptions.is_some_and(|n| n > 10_000) {
            return Err("interruptions must be 0–10000".into());
        }
        if let Some(r) = &self.risk
            && !matches!(r.as_str(), "low" | "medium" | "high" | "unknown")
        {
            return Err("risk must be low, medium, high or unknown".into());
        }
        if let Some(i) = &self.instruments {
            if !in_range(i.cbi_personal, 0.0, 100.0) || !in_range(i.cbi_work, 0.0, 100.0) {
                return Err("CBI scores must be 0–100".into());
            }
            if i.who5.is_some_and(|w| w > 100) {
                return Err("WHO-5 must be 0–100".into());
            }
        }
        Ok(())
    }
}

/// A group's figures for one week, as a manager sees them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupWeek {
    pub week: String,
    /// True when fewer than k members reported: no figures at all, not even the count.
    pub suppressed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub figures: Option<serde_json::Value>,
}
