//! When an alert may reach the person: never inside the sleep window, outside working hours
//! only when they opted in (`alerts.outside_hours`), and at most `alerts.max_per_day` a local
//! day. Otherwise it waits, stored as new, for the next check in the morning.

use jiff::Timestamp;
use serde::Serialize;

use crate::Settings;
use crate::time::{Band, Classifier};

/// Why an alert waits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Wait {
    /// Inside the sleep window: never delivered there.
    SleepWindow,
    /// Outside working hours (evening, a day off, a vacation) without the opt-in.
    OutsideHours,
    /// The day's alerts have been delivered.
    DailyLimit,
    /// The settings could not place "now" (an unknown zone): nothing is delivered.
    Unknown,
}

impl Wait {
    /// In words, for `canary alerts check`.
    pub fn words(self) -> &'static str {
        match self {
            Wait::SleepWindow => "it is your sleep window; they wait for the morning",
            Wait::OutsideHours => {
                "it is outside your working hours; they wait for them (`alerts.outside_hours` to opt in)"
            }
            Wait::DailyLimit => "today's alerts have been delivered (`alerts.max_per_day`)",
            Wait::Unknown => "the settings could not place the time",
        }
    }
}

/// What may be delivered now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Gate {
    /// Up to this many alerts now.
    Now(u32),
    Wait(Wait),
}

/// May alerts be delivered at `now`, with `delivered_today` already delivered on this local
/// day? Sleep window first, whatever the opt-ins say.
pub fn gate(settings: &Settings, now: Timestamp, delivered_today: u32) -> Gate {
    let Ok(classifier) = Classifier::new(settings) else {
        return Gate::Wait(Wait::Unknown);
    };
    match classifier.place(now, None).band {
        Band::Sleep => return Gate::Wait(Wait::SleepWindow),
        Band::Business => {}
        Band::OffHours | Band::NonWorkingDay | Band::Vacation => {
            if !settings.alerts.outside_hours {
                return Gate::Wait(Wait::OutsideHours);
            }
        }
    }
    let left = settings.alerts.max_per_day.saturating_sub(delivered_today);
    if left == 0 {
        Gate::Wait(Wait::DailyLimit)
    } else {
        Gate::Now(left)
    }
}

/// The local day of `now` as the instants `[start, end)`, to count what was delivered on it.
pub fn local_day(settings: &Settings, now: Timestamp) -> Option<(Timestamp, Timestamp)> {
    let zone = settings.zone().ok()?;
    let date = now.to_zoned(zone.clone()).date();
    let start = date.to_zoned(zone.clone()).ok()?.timestamp();
    let end = date.tomorrow().ok()?.to_zoned(zone).ok()?.timestamp();
    Some((start, end))
}
