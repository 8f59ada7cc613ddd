//! What a member sends and what a manager receives: the wire format of the team server.

use serde::{Deserialize, Serialize};

/// The most weeks one share may carry.
pub const MAX_WEEKS_PER_SHARE: usize = 60;

/// One figure of a shared week, in three states that the wire keeps apart:
///
/// - [`Figure::NotShared`]: the key is absent. The member did not choose this metric (or it
///   is not sent with this week); it says nothing either way.
/// - [`Figure::Unmeasured`]: `null`. The member shares this metric but nothing measured it
///   that week (no data at all, or no source for it). It is not zero.
/// - [`Figure::Measured`]: the value.
///
/// Neither of the first two ever counts toward a mean or toward k. Fields of this type carry
/// `#[serde(default, skip_serializing_if = "Figure::is_not_shared")]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Figure<T> {
    #[default]
    NotShared,
    Unmeasured,
    Measured(T),
}

impl<T> Figure<T> {
    /// `NotShared` unless `shared`; then the value, or `Unmeasured` for `None`.
    pub fn chosen(shared: bool, value: Option<T>) -> Figure<T> {
        match (shared, value) {
            (false, _) => Figure::NotShared,
            (true, None) => Figure::Unmeasured,
            (true, Some(v)) => Figure::Measured(v),
        }
    }

    /// The measured value, if any.
    pub fn value(&self) -> Option<&T> {
        match self {
            Figure::Measured(v) => Some(v),
            _ => None,
        }
    }

    pub fn is_not_shared(&self) -> bool {
        matches!(self, Figure::NotShared)
    }

    /// Whether the key is on the wire (a value or `null`).
    pub fn is_shared(&self) -> bool {
        !self.is_not_shared()
    }
}

impl<T: Copy> Figure<T> {
    /// The measured value, copied.
    pub fn get(&self) -> Option<T> {
        self.value().copied()
    }
}

impl<T: Serialize> Serialize for Figure<T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Figure::Measured(v) => v.serialize(s),
            // `NotShared` is skipped by the field attribute; on its own it is `null` too.
            Figure::Unmeasured | Figure::NotShared => s.serialize_none(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Figure<T> {
    /// A present key: `null` is `Unmeasured`, anything else must be a `T`. An absent key is
    /// the field's `default`, `NotShared`.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Option::<T>::deserialize(d)?.map_or(Figure::Unmeasured, Figure::Measured))
    }
}

/// One member's figures for one ISO week. Every figure is a [`Figure`]: sharing is per
/// metric, and a shared metric may be unmeasured in a week (`null`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekShare {
    /// ISO week, `YYYY-Www`.
    pub week: String,
    #[serde(default, skip_serializing_if = "Figure::is_not_shared")]
    pub hours: Figure<f64>,
    #[serde(default, skip_serializing_if = "Figure::is_not_shared")]
    pub after_hours_share: Figure<f64>,
    #[serde(default, skip_serializing_if = "Figure::is_not_shared")]
    pub sleep_nights: Figure<u32>,
    #[serde(default, skip_serializing_if = "Figure::is_not_shared")]
    pub interruptions: Figure<u32>,
    /// `low`, `medium`, `high` or `unknown`.
    #[serde(default, skip_serializing_if = "Figure::is_not_shared")]
    pub risk: Figure<String>,
    #[serde(default, skip_serializing_if = "Figure::is_not_shared")]
    pub instruments: Figure<InstrumentShare>,
}

/// Questionnaire scores, shared only when the member opts in to `instruments`. A scale not
/// answered is `null`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstrumentShare {
    #[serde(default)]
    pub cbi_personal: Option<f64>,
    #[serde(default)]
    pub cbi_work: Option<f64>,
    #[serde(default)]
    pub who5: Option<u8>,
}

impl InstrumentShare {
    /// Whether any scale has a score.
    pub fn any(&self) -> bool {
        self.cbi_personal.is_some() || self.cbi_work.is_some() || self.who5.is_some()
    }
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
        .map(jiff::civil::ISOWeekDate::date)
}

fn in_range(x: Option<f64>, lo: f64, hi: f64) -> bool {
    x.is_none_or(|v| v.is_finite() && (lo..=hi).contains(&v))
}

impl WeekShare {
    /// A week with nothing shared yet (every figure `NotShared`).
    pub fn new(week: impl Into<String>) -> WeekShare {
        WeekShare {
            week: week.into(),
            hours: Figure::NotShared,
            after_hours_share: Figure::NotShared,
            sleep_nights: Figure::NotShared,
            interruptions: Figure::NotShared,
            risk: Figure::NotShared,
            instruments: Figure::NotShared,
        }
    }

    /// Whether any figure of the week was measured: only such a week counts as reported.
    pub fn any_measured(&self) -> bool {
        self.hours.value().is_some()
            || self.after_hours_share.value().is_some()
            || self.sleep_nights.value().is_some()
            || self.interruptions.value().is_some()
            || self.risk.value().is_some()
            || self.instruments.value().is_some_and(InstrumentShare::any)
    }
}

impl WeekShare {
    /// Check the week and every figure's range; `Err` names the first bad field.
    pub fn validate(&self) -> Result<(), String> {
        if parse_week(&self.week).is_none() {
            return Err(format!("week must be YYYY-Www, got {:?}", self.week));
        }
        if !in_range(self.hours.get(), 0.0, 168.0) {
            return Err("hours must be 0–168".into());
        }
        if !in_range(self.after_hours_share.get(), 0.0, 1.0) {
            return Err("after_hours_share must be 0–1".into());
        }
        if self.sleep_nights.get().is_some_and(|n| n > 7) {
            return Err("sleep_nights must be 0–7".into());
        }
        if self.interruptions.get().is_some_and(|n| n > 10_000) {
            return Err("interruptions must be 0–10000".into());
        }
        if let Some(r) = self.risk.value()
            && !matches!(r.as_str(), "low" | "medium" | "high" | "unknown")
        {
            return Err("risk must be low, medium, high or unknown".into());
        }
        if let Some(i) = self.instruments.value() {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_figure_is_absent_null_or_a_value_and_round_trips() {
        let w: WeekShare = serde_json::from_value(json!({
            "week": "2025-W10", "hours": 40.5, "sleep_nights": null
        }))
        .unwrap();
        assert_eq!(w.hours, Figure::Measured(40.5));
        assert_eq!(w.sleep_nights, Figure::Unmeasured);
        assert_eq!(w.interruptions, Figure::NotShared);
        assert_eq!(
            serde_json::to_value(&w).unwrap(),
            json!({ "week": "2025-W10", "hours": 40.5, "sleep_nights": null })
        );
        assert!(w.any_measured());
        let mut empty = WeekShare::new("2025-W10");
        empty.hours = Figure::Unmeasured;
        empty.instruments = Figure::Measured(InstrumentShare {
            cbi_personal: None,
            cbi_work: None,
            who5: None,
        });
        assert!(
            !empty.any_measured(),
            "nulls and an empty questionnaire are no report"
        );
        assert_eq!(Figure::chosen(false, Some(1)), Figure::NotShared);
        assert_eq!(Figure::<u8>::chosen(true, None), Figure::Unmeasured);
        // Null is not a wildcard: a wrong type is still an error.
        assert!(
            serde_json::from_value::<WeekShare>(json!({ "week": "2025-W10", "hours": "0" }))
                .is_err()
        );
    }
}
