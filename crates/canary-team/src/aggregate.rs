//! A group's week as a manager may see it: the k rule and the noised figures, computed from
//! the members' rows. Pure apart from the noise source it is given (see [`crate::noise`]).

use serde_json::{Map, Value};

use crate::Error;
use crate::model::WeekShare;
use crate::noise;

/// A noise source: one draw of Laplace(0, `b`) per call.
pub type Noise<'a> = dyn FnMut(f64) -> Result<f64, Error> + 'a;

/// One mean figure: its key, how to read it from a row, its range and its rounding.
struct MeanFigure {
    key: &'static str,
    get: fn(&WeekShare) -> Option<f64>,
    range: (f64, f64),
    places: i32,
}

const MEANS: [MeanFigure; 7] = [
    MeanFigure {
        key: "hours_mean",
        get: |r| r.hours.get(),
        range: (0.0, 168.0),
        places: 1,
    },
    MeanFigure {
        key: "after_hours_share_mean",
        get: |r| r.after_hours_share.get(),
        range: (0.0, 1.0),
        places: 2,
    },
    MeanFigure {
        key: "sleep_nights_mean",
        get: |r| r.sleep_nights.get().map(f64::from),
        range: (0.0, 7.0),
        places: 1,
    },
    MeanFigure {
        key: "interruptions_mean",
        get: |r| r.interruptions.get().map(f64::from),
        range: (0.0, 10_000.0),
        places: 1,
    },
    MeanFigure {
        key: "cbi_personal_mean",
        get: |r| r.instruments.value().and_then(|i| i.cbi_personal),
        range: (0.0, 100.0),
        places: 1,
    },
    MeanFigure {
        key: "cbi_work_mean",
        get: |r| r.instruments.value().and_then(|i| i.cbi_work),
        range: (0.0, 100.0),
        places: 1,
    },
    MeanFigure {
        key: "who5_mean",
        get: |r| r.instruments.value().and_then(|i| i.who5).map(f64::from),
        range: (0.0, 100.0),
        places: 1,
    },
];

const LEVELS: [&str; 4] = ["low", "medium", "high", "unknown"];

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

fn scale(key: &str) -> f64 {
    // Every key here is in SCALES (tested); 1.0 keeps a future omission noised all the same.
    noise::scale(key).unwrap_or(1.0)
}

/// The group's figures for a week, or `None` when fewer than `k` members reported it.
///
/// A member reported the week when at least one of their figures was measured (a week of
/// `null`s is not a report). `reporting` is exact. Each mean is released only when at least
/// `k` members measured that figure; it is `(sum + Laplace(b)) / n`, clamped to the figure's
/// range and rounded. The risk counts (when at least `k` shared a level) are each
/// `count + Laplace(1)`, rounded and clamped to 0…`reporting`.
pub fn aggregate(
    rows: &[WeekShare],
    k: usize,
    noise: &mut Noise<'_>,
) -> Result<Option<Value>, Error> {
    let reporting = rows.iter().filter(|r| r.any_measured()).count();
    if reporting < k {
        return Ok(None);
    }
    let mut f = Map::new();
    f.insert("reporting".into(), reporting.into());
    for m in &MEANS {
        let values: Vec<f64> = rows.iter().filter_map(m.get).collect();
        if values.len() < k {
            continue;
        }
        let sum: f64 = values.iter().sum::<f64>() + noise(scale(m.key))?;
        let mean = (sum / values.len() as f64).clamp(m.range.0, m.range.1);
        f.insert(m.key.into(), round(mean, m.places).into());
    }
    let risks: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.risk.value().map(String::as_str))
        .collect();
    if risks.len() >= k {
        let b = scale("risk");
        let mut by = Map::new();
        for level in LEVELS {
            let count = risks.iter().filter(|r| **r == level).count() as f64;
            let noisy = (count + noise(b)?).round().clamp(0.0, reporting as f64);
            by.insert(level.into(), (noisy as u64).into());
        }
        f.insert("risk".into(), by.into());
    }
    Ok(Some(f.into()))
}

/// The scales of [`crate::noise::SCALES`] as the JSON object a manager's answer carries.
pub fn scales_json() -> Value {
    noise::SCALES
        .iter()
        .map(|(k, b)| ((*k).to_string(), Value::from(*b)))
        .collect::<Map<_, _>>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Figure, InstrumentShare};

    fn row(hours: Option<f64>, sleep: Option<u32>) -> WeekShare {
        let mut w = WeekShare::new("2025-W10");
        w.hours = Figure::chosen(true, hours);
        w.sleep_nights = Figure::chosen(true, sleep);
        w
    }

    fn none(_: f64) -> Result<f64, Error> {
        Ok(0.0)
    }

    #[test]
    fn without_noise_the_means_are_exact_and_k_counts_measured_rows_only() {
        let mut rows: Vec<WeekShare> = (0..5)
            .map(|i| row(Some(40.0 + i as f64), Some(1)))
            .collect();
        let f = aggregate(&rows, 5, &mut none).unwrap().unwrap();
        assert_eq!(f["reporting"], 5);
        assert_eq!(f["hours_mean"], 42.0);
        assert_eq!(f["sleep_nights_mean"], 1.0);
        // A sixth member whose week is all null reports nothing and changes nothing.
        rows.push(row(None, None));
        let g = aggregate(&rows, 5, &mut none).unwrap().unwrap();
        assert_eq!(g, f);
        // Four measured and two null weeks: fewer than k reported.
        rows.remove(0);
        rows.push(row(None, None));
        assert_eq!(aggregate(&rows, 5, &mut none).unwrap(), None);
        // Five report, but one has no hours: hours hidden, sleep shown.
        let mut rows: Vec<WeekShare> = (0..5).map(|_| row(Some(40.0), Some(2))).collect();
        rows[0].hours = Figure::Unmeasured;
        let f = aggregate(&rows, 5, &mut none).unwrap().unwrap();
        assert!(f.get("hours_mean").is_none(), "{f}");
        assert_eq!(f["sleep_nights_mean"], 2.0);
    }

    #[test]
    fn the_noise_is_on_the_sum_with_the_figures_scale_then_clamped_and_rounded() {
        let rows: Vec<WeekShare> = (0..5).map(|_| row(Some(40.0), Some(1))).collect();
        let mut asked = Vec::new();
        let mut plus_two_b = |b: f64| {
            asked.push(b);
            Ok(2.0 * b)
        };
        let f = aggregate(&rows, 5, &mut plus_two_b).unwrap().unwrap();
        assert_eq!(asked, [10.0, 1.0]);
        // (200 + 20) / 5 and (5 + 2) / 5.
        assert_eq!(f["hours_mean"], 44.0);
        assert_eq!(f["sleep_nights_mean"], 1.4);
        assert_eq!(f["reporting"], 5, "the count is exact");
        let mut huge = |b: f64| Ok(-1000.0 * b);
        let f = aggregate(&rows, 5, &mut huge).unwrap().unwrap();
        assert_eq!(f["hours_mean"], 0.0);
        assert_eq!(f["sleep_nights_mean"], 0.0);
    }

    #[test]
    fn risk_counts_are_noised_per_level_and_kept_within_the_group() {
        let mut rows: Vec<WeekShare> = (0..5).map(|_| row(Some(40.0), None)).collect();
        for (i, r) in rows.iter_mut().enumerate() {
            r.risk = Figure::Measured(if i == 0 { "high" } else { "low" }.into());
            r.instruments = Figure::Measured(InstrumentShare {
                cbi_personal: Some(50.0),
                cbi_work: None,
                who5: Some(60),
            });
        }
        let f = aggregate(&rows, 5, &mut none).unwrap().unwrap();
        assert_eq!(
            f["risk"],
            serde_json::json!({"low": 4, "medium": 0, "high": 1, "unknown": 0})
        );
        assert_eq!(f["cbi_personal_mean"], 50.0);
        assert!(f.get("cbi_work_mean").is_none());
        assert_eq!(f["who5_mean"], 60.0);
        let mut up = |b: f64| Ok(3.0 * b);
        let f = aggregate(&rows, 5, &mut up).unwrap().unwrap();
        assert_eq!(
            f["risk"],
            serde_json::json!({"low": 5, "medium": 3, "high": 4, "unknown": 3}),
            "at most the members reporting"
        );
    }

    #[test]
    fn scales_json_names_every_figure() {
        let s = scales_json();
        for m in &MEANS {
            assert!(s[m.key].as_f64().is_some(), "{}", m.key);
        }
        assert_eq!(s["risk"], 1.0);
    }
}
