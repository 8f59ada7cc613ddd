//! Trend: the last 4 complete weeks against the 8 complete weeks before them.
//!
//! ```text
//! complete weeks  … e e e e e e e e r r r r | current week (in progress, left out)
//!                   └─── earlier: 8 ───┘└ recent: 4 ┘
//! ```
//!
//! Means per week for hours and sleep-window nights; the after-hours share is pooled
//! (after-hours hours over all hours of the window), so a quiet week does not count as a
//! week with a share of 0. Only complete weeks since the data began count (see
//! [`super::weekly::measured_weeks`]): no trend with fewer than 12 of them, or when either
//! window has no covered day at all (data that starts late is not a rise). Not for: limits (see
//! [`super::weekly`]).

use super::constants::{
    TREND_EARLIER_WEEKS, TREND_HOURS_ABS, TREND_HOURS_RATIO, TREND_RECENT_WEEKS, TREND_SHARE_ABS,
    TREND_SLEEP_NIGHTS_ABS,
};
use super::period::PeriodSpan;
use super::weekly::measured_weeks;
use crate::model::{Trend, WeekRow};

/// Means of one window of weeks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WindowMeans {
    pub hours: f64,
    pub after_hours_share: f64,
    pub sleep_nights: f64,
}

/// Means over a window of weeks; `None` when no week in it has a covered day.
pub fn means(weeks: &[&WeekRow]) -> Option<WindowMeans> {
    if weeks.is_empty() || weeks.iter().all(|w| w.covered_days == 0) {
        return None;
    }
    let n = weeks.len() as f64;
    let hours: f64 = weeks.iter().map(|w| w.hours).sum();
    let business: f64 = weeks.iter().map(|w| w.by_band.business).sum();
    Some(WindowMeans {
        hours: hours / n,
        after_hours_share: if hours > 0.0 {
            ((hours - business) / hours).clamp(0.0, 1.0)
        } else {
            0.0
        },
        sleep_nights: weeks.iter().map(|w| f64::from(w.sleep_nights)).sum::<f64>() / n,
    })
}

/// Which figures rose past the thresholds, in a stable order.
pub fn rising(recent: &WindowMeans, earlier: &WindowMeans) -> Vec<String> {
    let mut out = Vec::new();
    if recent.hours >= earlier.hours * (1.0 + TREND_HOURS_RATIO)
        && recent.hours - earlier.hours >= TREND_HOURS_ABS
    {
        out.push("hours".to_string());
    }
    if recent.after_hours_share - earlier.after_hours_share >= TREND_SHARE_ABS {
        out.push("after_hours_share".to_string());
    }
    if recent.sleep_nights - earlier.sleep_nights >= TREND_SLEEP_NIGHTS_ABS {
        out.push("sleep_nights".to_string());
    }
    out
}

/// The trend over the period's measured weeks.
pub fn trend(span: &PeriodSpan, weeks: &[WeekRow]) -> Trend {
    let complete = measured_weeks(span, weeks);
    let need = TREND_RECENT_WEEKS + TREND_EARLIER_WEEKS;
    let windows = (complete.len() >= need).then(|| {
        let tail = &complete[complete.len() - need..];
        let (earlier, recent) = tail.split_at(TREND_EARLIER_WEEKS);
        (means(recent), means(earlier))
    });
    match windows {
        Some((Some(r), Some(e))) => Trend {
            recent_hours: Some(r.hours),
            earlier_hours: Some(e.hours),
            recent_after_hours_share: Some(r.after_hours_share),
            earlier_after_hours_share: Some(e.after_hours_share),
            recent_sleep_nights: Some(r.sleep_nights),
            earlier_sleep_nights: Some(e.sleep_nights),
            rising: rising(&r, &e),
        },
        _ => Trend {
            recent_hours: None,
            earlier_hours: None,
            recent_after_hours_share: None,
            earlier_after_hours_share: None,
            recent_sleep_nights: None,
            earlier_sleep_nights: None,
            rising: Vec::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::period::{add_days, iso_week_label};
    use crate::metrics::testutil::{date, ts};
    use crate::model::BandHours;

    fn week(monday: jiff::civil::Date, hours: f64, business: f64, nights: u32) -> WeekRow {
        WeekRow {
            week: iso_week_label(monday),
            start: monday,
            hours,
            by_band: BandHours {
                business,
                off_hours: hours - business,
                ..BandHours::default()
            },
            after_hours_share: 0.0,
            sleep_nights: nights,
            days_off_worked: 0,
            over_max: false,
            covered_days: if hours > 0.0 { 5 } else { 0 },
            events: 0,
            ..WeekRow::default()
        }
    }

    /// 13 weeks from Monday 2026-01-05 (the 13th in progress on 2026-04-01).
    fn span13() -> PeriodSpan {
        PeriodSpan::new(
            date("2026-01-05"),
            date("2026-04-01"),
            date("2026-04-01"),
            ts("2026-04-01T12:00"),
        )
    }

    fn rows(spec: &[(f64, f64, u32)]) -> Vec<WeekRow> {
        spec.iter()
            .enumerate()
            .map(|(i, &(h, b, n))| week(add_days(date("2026-01-05"), 7 * i as i64), h, b, n))
            .collect()
    }

    #[test]
    fn rising_hours_share_and_nights() {
        // 8 earlier weeks: 40 h, 36 h business (share 0.1), 1 night. 4 recent weeks: 45 h,
        // 36 h business (share 0.2), 2 nights. The week in progress (0 h) is left out.
        let mut spec = vec![(40.0, 36.0, 1); 8];
        spec.extend([(45.0, 36.0, 2); 4]);
        spec.push((0.0, 0.0, 0));
        let t = trend(&span13(), &rows(&spec));
        assert_eq!(t.recent_hours, Some(45.0));
        assert_eq!(t.earlier_hours, Some(40.0));
        assert!((t.recent_after_hours_share.unwrap() - 0.2).abs() < 1e-12);
        assert!((t.earlier_after_hours_share.unwrap() - 0.1).abs() < 1e-12);
        assert_eq!(
            (t.recent_sleep_nights, t.earlier_sleep_nights),
            (Some(2.0), Some(1.0))
        );
        assert_eq!(t.rising, ["hours", "after_hours_share", "sleep_nights"]);
    }

    #[test]
    fn small_rises_are_not_flagged() {
        // +2.5 h is over 10 % of 20 h but under 3 h; share +0.04; nights +0.25.
        let mut spec = vec![(20.0, 20.0, 0); 8];
        spec.extend([
            (22.5, 21.6, 0),
            (22.5, 21.6, 0),
            (22.5, 21.6, 1),
            (22.5, 21.6, 0),
        ]);
        spec.push((0.0, 0.0, 0));
        let t = trend(&span13(), &rows(&spec));
        assert_eq!(t.recent_hours, Some(22.5));
        assert!(t.rising.is_empty(), "{:?}", t.rising);
    }

    #[test]
    fn no_trend_without_enough_weeks_or_data() {
        let short = PeriodSpan::new(
            date("2026-01-12"),
            date("2026-04-01"),
            date("2026-04-01"),
            ts("2026-04-01T12:00"),
        );
        let mut spec = vec![(40.0, 36.0, 1); 12];
        spec.push((0.0, 0.0, 0));
        let all = rows(&spec);
        // Only 11 complete weeks when the period starts a week later.
        let t = trend(&short, &all[1..]);
        assert_eq!((t.recent_hours, t.rising.len()), (None, 0));
        // Data that begins in the recent window is no trend.
        let mut late = vec![(0.0, 0.0, 0); 8];
        late.extend([(45.0, 36.0, 2); 4]);
        late.push((0.0, 0.0, 0));
        let t = trend(&span13(), &rows(&late));
        assert_eq!(t.earlier_hours, None);
        assert!(t.rising.is_empty());
    }
}
