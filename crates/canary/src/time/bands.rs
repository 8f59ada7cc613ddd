//! Bands: every instant is business, off-hours, sleep window, non-working day or vacation.
//!
//! ```text
//! Mon  00:00 ─ sleep ─ 08:00 ─ business ─ 18:00 ─ off-hours ─ 22:00 ─ sleep ─ 24:00
//! Sat  00:00 ─ sleep ─ 08:00 ─ non-working day ─────────────── 22:00 ─ sleep ─ 24:00
//! ```
//!
//! The sleep window wins over everything (a 3 AM page on vacation is a sleep-window page);
//! then vacation days; then non-working days (weekdays without hours, holidays); then the
//! declared working ranges are business and the rest of a working day is off-hours. The band
//! is decided by clock time; the day boundary (default 04:00) only decides which *workday*
//! an instant counts toward. A *night* is named by the date on which its sleep window starts.

use std::collections::HashSet;

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use crate::settings::{Settings, SettingsError};

/// Where an instant falls among the person's boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Business,
    OffHours,
    Sleep,
    NonWorkingDay,
    Vacation,
}

impl Band {
    pub const ALL: [Band; 5] = [
        Band::Business,
        Band::OffHours,
        Band::Sleep,
        Band::NonWorkingDay,
        Band::Vacation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Band::Business => "business",
            Band::OffHours => "off_hours",
            Band::Sleep => "sleep",
            Band::NonWorkingDay => "non_working_day",
            Band::Vacation => "vacation",
        }
    }

    pub fn parse(s: &str) -> Option<Band> {
        Band::ALL.into_iter().find(|b| b.as_str() == s)
    }

    /// Index into per-band arrays (`[T; 5]`), in [`Band::ALL`] order.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether time in this band is outside business hours.
    pub fn is_after_hours(self) -> bool {
        self != Band::Business
    }
}

/// An instant placed in the person's local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placed {
    /// Local wall-clock time.
    pub local: DateTime,
    /// The UTC offset used for `local`.
    pub offset: Offset,
    pub band: Band,
    /// The workday it counts toward (the clock date, or the day before when earlier than the
    /// day boundary).
    pub workday: Date,
    /// For sleep-window instants, the date on which that night's window started.
    pub night: Option<Date>,
}

/// Classifies instants by one person's settings. Build once, use for many events.
#[derive(Debug, Clone)]
pub struct Classifier {
    settings: Settings,
    zone: TimeZone,
    vacation_days: HashSet<Date>,
    holidays: HashSet<Date>,
}

impl Classifier {
    /// A classifier for the settings, with their declared vacations.
    pub fn new(settings: &Settings) -> Result<Classifier, SettingsError> {
        let zone = settings.zone()?;
        let mut vacation_days = HashSet::new();
        for v in &settings.vacations {
            let mut d = v.start;
            while d <= v.end {
                vacation_days.insert(d);
                match d.tomorrow() {
                    Ok(n) => d = n,
                    Err(_) => break,
                }
            }
        }
        Ok(Classifier {
            settings: settings.clone(),
            zone,
            vacation_days,
            holidays: settings.holidays.iter().copied().collect(),
        })
    }

    /// Add vacation days found in the data (out-of-office events, detected absences).
    pub fn add_vacation_days(&mut self, days: impl IntoIterator<Item = Date>) {
        self.vacation_days.extend(days);
    }

    /// Add public holidays found in the data (holiday calendars).
    pub fn add_holidays(&mut self, days: impl IntoIterator<Item = Date>) {
        self.holidays.extend(days);
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    pub fn zone(&self) -> &TimeZone {
        &self.zone
    }

    /// Whether a date is a vacation day (declared or added).
    pub fn is_vacation(&self, date: Date) -> bool {
        self.vacation_days.contains(&date)
    }

    /// Whether a date is a working day: hours declared for its weekday, not a holiday.
    pub fn is_working_day(&self, date: Date) -> bool {
        self.settings.hours.works_on(date.weekday()) && !self.holidays.contains(&date)
    }

    /// The offset to use for an instant: the event's own when configured and known,
    /// else the zone's.
    pub fn offset_at(&self, ts: Timestamp, own_offset: Option<i32>) -> Offset {
        match own_offset {
            Some(secs) if self.settings.use_event_offset => {
                Offset::from_seconds(secs).unwrap_or_else(|_| self.zone.to_offset(ts))
            }
            _ => self.zone.to_offset(ts),
        }
    }

    /// Local wall-clock time of an instant.
    pub fn local(&self, ts: Timestamp, own_offset: Option<i32>) -> DateTime {
        self.offset_at(ts, own_offset).to_datetime(ts)
    }

    /// The band of a local wall-clock time.
    pub fn band_at(&self, local: DateTime) -> Band {
        let minute = (local.hour() as u16) * 60 + local.minute() as u16;
        let date = local.date();
        if self.settings.sleep.contains(minute) {
            Band::Sleep
        } else if self.vacation_days.contains(&date) {
            Band::Vacation
        } else if !self.is_working_day(date) {
            Band::NonWorkingDay
        } else if self
            .settings
            .hours
            .on(date.weekday())
            .iter()
            .any(|r| r.contains(minute))
        {
            Band::Business
        } else {
            Band::OffHours
        }
    }

    /// The workday a local time counts toward, by the day boundary.
    pub fn workday_of(&self, local: DateTime) -> Date {
        let secs = local.hour() as i32 * 3600 + local.minute() as i32 * 60 + local.second() as i32;
        if secs < self.settings.day_boundary.seconds() {
            local.date().yesterday().unwrap_or(local.date())
        } else {
            local.date()
        }
    }

    /// The night a sleep-window local time belongs to: the date its window started.
    pub fn night_of(&self, local: DateTime) -> Option<Date> {
        let minute = (local.hour() as u16) * 60 + local.minute() as u16;
        let sleep = self.settings.sleep;
        if !sleep.contains(minute) {
            return None;
        }
        if sleep.wraps() && minute < sleep.end.minutes() {
            Some(local.date().yesterday().unwrap_or(local.date()))
        } else {
            Some(local.date())
        }
    }

    /// Place an instant: local time, band, workday and night.
    pub fn place(&self, ts: Timestamp, own_offset: Option<i32>) -> Placed {
        let offset = self.offset_at(ts, own_offset);
        let local = offset.to_datetime(ts);
        let band = self.band_at(local);
        Placed {
            local,
            offset,
            band,
            workday: self.workday_of(local),
            night: if band == Band::Sleep {
                self.night_of(local)
            } else {
                None
            },
        }
    }

    /// The first instant after `ts` at which the band may change: the next declared range
    /// edge, sleep-window edge or midnight in local time. Always later than `ts`.
    pub fn next_boundary(&self, ts: Timestamp, own_offset: Option<i32>) -> Timestamp {
        let local = self.local(ts, own_offset);
        let date = local.date();
        let minute = (local.hour() as u16) * 60 + local.minute() as u16;
        let mut next = 24 * 60;
        let sleep = self.settings.sleep;
        let edges = self
            .settings
            .hours
            .on(date.weekday())
            .iter()
            .flat_map(|r| [r.start.minutes(), r.end.minutes()])
            .chain([sleep.start.minutes(), sleep.end.minutes()]);
        for edge in edges {
            if edge > minute && edge < next {
                next = edge;
            }
        }
        let civil = if next >= 24 * 60 {
            date.tomorrow()
                .map(|d| d.to_datetime(jiff::civil::Time::midnight()))
        } else {
            Ok(date.to_datetime(jiff::civil::time(
                (next / 60) as i8,
                (next % 60) as i8,
                0,
                0,
            )))
        };
        let candidate = civil.ok().and_then(|dt| match own_offset {
            Some(secs) if self.settings.use_event_offset => Offset::from_seconds(secs)
                .ok()
                .and_then(|o| o.to_timestamp(dt).ok()),
            _ => self.zone.to_ambiguous_timestamp(dt).compatible().ok(),
        });
        let floor = ts.checked_add(SignedDuration::from_secs(60)).unwrap_or(ts);
        match candidate {
            Some(c) if c > ts => c,
            _ => floor,
        }
    }

    /// Split the span `[start, end)` into seconds per band, in [`Band::ALL`] order.
    pub fn seconds_by_band(
        &self,
        start: Timestamp,
        end: Timestamp,
        own_offset: Option<i32>,
    ) -> [i64; 5] {
        let mut out = [0i64; 5];
        let mut t = start;
        while t < end {
            let band = self.place(t, own_offset).band;
            let next = self.next_boundary(t, own_offset).min(end);
            out[band.index()] += next.as_second() - t.as_second();
            t = next;
        }
        out
    }
}

#[cfg(test)]
mod tests;
