//! What `canary team share` sends: the person's last complete ISO weeks, only the figures they
//! chose. The team client puts these on the wire as the team server's `ShareBody`, field by
//! field; nothing else leaves the machine.
//!
//! A chosen figure that nothing measured is `None` here and `null` on the wire (a week no
//! source covers, after-hours share without hours, pages without a paging source): unmeasured
//! is not zero, and the server counts it toward nothing.

use jiff::Timestamp;
use serde::Serialize;

use super::{AppError, PeriodSpec, Workspace};
use crate::model::WeekRow;

/// The figures the person opted in to; nothing is shared that is not named.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ShareMetrics {
    pub hours: bool,
    pub after_hours: bool,
    pub sleep: bool,
    pub interruptions: bool,
    /// The risk level, sent with the latest week only (it describes the whole period).
    pub risk: bool,
    /// The latest CBI and WHO-5 scores, with the latest week only.
    pub instruments: bool,
}

/// One week as shared: a figure is `Some` when it was chosen and measured.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SharedWeek {
    /// ISO week, `YYYY-Www`.
    pub week: String,
    /// Whether this is the latest week shared, the one that carries the period's risk level and
    /// questionnaire scores.
    pub latest: bool,
    /// Hours, one decimal.
    pub hours: Option<f64>,
    /// Share of hours outside business hours, two decimals.
    pub after_hours_share: Option<f64>,
    pub sleep_nights: Option<u32>,
    /// Pages.
    pub interruptions: Option<u32>,
    /// `low`, `medium`, `high` or `unknown`.
    pub risk: Option<String>,
    pub instruments: Option<SharedScores>,
}

/// The latest questionnaire scores, shared only when opted in and when there is one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SharedScores {
    pub cbi_personal: Option<f64>,
    pub cbi_work: Option<f64>,
    pub who5: Option<u8>,
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// Whether anything measured the week: a week no source covered on any day has no figures,
/// not zeros. The one place that decides it.
fn measured(w: &WeekRow) -> bool {
    w.covered_days > 0
}

impl Workspace {
    /// The last `weeks` complete ISO weeks (see [`crate::model::WeekRow::complete`]), oldest
    /// first, with only the chosen figures.
    pub fn share_body(
        &self,
        weeks: u32,
        metrics: &ShareMetrics,
        now: Timestamp,
    ) -> Result<Vec<SharedWeek>, AppError> {
        // One more week than asked for: the week in progress is never complete.
        let report = self.report(&PeriodSpec::weeks(weeks + 1), now)?;
        let complete: Vec<_> = report.weeks.iter().filter(|w| w.complete).collect();
        let chosen = &complete[complete.len().saturating_sub(weeks as usize)..];
        let mut out = Vec::new();
        for (i, w) in chosen.iter().enumerate() {
            let latest = i + 1 == chosen.len();
            let instruments = (metrics.instruments && latest)
                .then(|| SharedScores {
                    cbi_personal: report.instruments.cbi.as_ref().and_then(|c| c.personal),
                    cbi_work: report.instruments.cbi.as_ref().and_then(|c| c.work),
                    who5: report.instruments.who5.as_ref().map(|s| s.score),
                })
                .filter(|s| s.cbi_personal.is_some() || s.cbi_work.is_some() || s.who5.is_some());
            let known = measured(w);
            out.push(SharedWeek {
                week: w.week.clone(),
                latest,
                hours: (metrics.hours && known).then(|| round(w.hours, 1)),
                after_hours_share: (metrics.after_hours && known && w.hours > 0.0)
                    .then(|| round(w.after_hours_share, 2)),
                sleep_nights: (metrics.sleep && known).then_some(w.sleep_nights),
                interruptions: (metrics.interruptions && known && report.interruptions.measured)
                    .then_some(w.pages),
                risk: (metrics.risk && latest).then(|| report.risk.level.as_str().to_string()),
                instruments,
            });
        }
        Ok(out)
    }
}
