//! Estimated working time: hours per band, the period's totals and the weekday × hour heatmap.

use serde::Serialize;

use crate::time::Band;

/// Hours per band.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct BandHours {
    pub business: f64,
    pub off_hours: f64,
    pub sleep: f64,
    pub non_working_day: f64,
    pub vacation: f64,
}

impl BandHours {
    pub fn get(&self, band: Band) -> f64 {
        match band {
            Band::Business => self.business,
            Band::OffHours => self.off_hours,
            Band::Sleep => self.sleep,
            Band::NonWorkingDay => self.non_working_day,
            Band::Vacation => self.vacation,
        }
    }

    pub fn from_seconds(secs: [i64; 5]) -> BandHours {
        let h = |i: usize| secs[i] as f64 / 3600.0;
        BandHours {
            business: h(0),
            off_hours: h(1),
            sleep: h(2),
            non_working_day: h(3),
            vacation: h(4),
        }
    }

    pub fn total(&self) -> f64 {
        self.business + self.off_hours + self.sleep + self.non_working_day + self.vacation
    }
}

/// Activity by weekday × hour: `counts[weekday][hour]`, weekday 0 = Monday.
#[derive(Debug, Clone, Serialize)]
pub struct Heatmap {
    pub counts: [[u32; 24]; 7],
    /// Estimated working minutes in each cell.
    pub minutes: [[u32; 24]; 7],
}

/// Time the person's own rules mark personal (settings `[personal]`): shown apart, never in
/// the working figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PersonalTime {
    /// Personal events in the period.
    pub events: u64,
    /// Their time, estimated by the same rules as working time, in the period.
    pub hours: f64,
    /// Days of the period with personal time.
    pub days: u32,
    /// The sources they came from, by name, sorted.
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WorktimeSummary {
    /// The constants table version used (see docs/method.md).
    pub model: String,
    pub total_hours: f64,
    pub by_band: BandHours,
    pub after_hours_share: f64,
    /// Non-working days (weekends, holidays) with activity.
    pub days_off_worked: u32,
    /// Mean hours per week over the days the sources saw (first to last covered day of the
    /// period), not the whole period: days before the data begins or after it ends are not
    /// rest.
    pub mean_weekly_hours: f64,
    /// Whether the hours come from sparse sources alone (commits, sent mail), so that every
    /// hour figure is a lower bound ("at least").
    pub at_least: bool,
}
