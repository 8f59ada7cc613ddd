//! On-call interruptions: pages per band, emergencies, nights interrupted, engaged time.

use serde::Serialize;

/// On-call interruptions.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Interruptions {
    pub measured: bool,
    pub pages: u32,
    /// Pages per band.
    pub by_band: BandCounts,
    /// Pages that meet the person's emergency rules (urgency or priority).
    pub emergency: u32,
    pub non_emergency: u32,
    /// Non-emergency pages outside business hours: the calls in personal time.
    pub non_emergency_outside_hours: u32,
    /// Nights with at least one page in the sleep window.
    pub nights_interrupted: u32,
    /// Hours engaged on incidents (acknowledgement to resolution).
    pub engaged_hours: f64,
    pub acks: u32,
    /// Whether on-call duty is declared (`[oncall]` periods or rotation): the two counts
    /// below need it and are 0 without it.
    pub on_call_declared: bool,
    /// Pages on workdays the person was on call.
    pub pages_on_call: u32,
    /// Pages on workdays the person was not on call: reached past the rotation.
    pub pages_off_rotation: u32,
}

/// Counts per band.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BandCounts {
    pub business: u32,
    pub off_hours: u32,
    pub sleep: u32,
    pub non_working_day: u32,
    pub vacation: u32,
}

impl BandCounts {
    /// Add another set of counts to these.
    pub fn add(&mut self, o: &BandCounts) {
        self.business += o.business;
        self.off_hours += o.off_hours;
        self.sleep += o.sleep;
        self.non_working_day += o.non_working_day;
        self.vacation += o.vacation;
    }

    /// The sum over the bands.
    pub fn total(&self) -> u32 {
        self.business + self.off_hours + self.sleep + self.non_working_day + self.vacation
    }
}

/// Which pages: per service, per hour of the clock, and how fast they were acknowledged —
/// the on-call tools' first question ("which alerts wake me?").
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PagesDetail {
    /// Per service, the noisiest non-emergency first (then by pages, then by name).
    pub by_service: Vec<ServicePages>,
    /// Pages by local hour of the clock, 0–23.
    pub by_hour: [u32; 24],
    /// Incidents paged and acknowledged by the person in the period.
    pub acked: u32,
    /// Incidents paged and never acknowledged by the person.
    pub unacked: u32,
    /// Minutes from an incident's first page to its first acknowledgement: median and 90th
    /// percentile (nearest rank); `None` without acknowledged incidents.
    pub ack_median_minutes: Option<f64>,
    pub ack_p90_minutes: Option<f64>,
}

/// The pages of one service.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ServicePages {
    /// The service as the source names it; `(no service)` when it names none.
    pub service: String,
    pub pages: u32,
    pub emergency: u32,
    pub non_emergency: u32,
    /// Non-emergency pages outside business hours.
    pub personal_time: u32,
}
