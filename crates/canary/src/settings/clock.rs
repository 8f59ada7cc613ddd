//! Clock times and ranges as people write them in the config: `"08:00"`, `"08:00-12:30"`.
//!
//! These are wall-clock values in the person's zone, not instants; turning them into instants
//! is the job of [`crate::time`].

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A wall-clock time of day in minutes after midnight, `00:00` to `24:00` inclusive
/// (`24:00` only makes sense as the end of a range).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeOfDay(u16);

/// A clock time or range could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error("`{0}` is not a time of day: write it as HH:MM, e.g. 08:30")]
    BadTime(String),
    #[error(
        "`{0}` is not a range: write it as HH:MM-HH:MM with the end after the start, e.g. 08:00-12:00"
    )]
    BadRange(String),
}

impl TimeOfDay {
    pub const MIDNIGHT: TimeOfDay = TimeOfDay(0);
    pub const END_OF_DAY: TimeOfDay = TimeOfDay(24 * 60);

    /// Build from hours and minutes; `None` when out of range.
    pub fn new(hour: u8, minute: u8) -> Option<TimeOfDay> {
        let m = u16::from(hour) * 60 + u16::from(minute);
        (minute < 60 && m <= 24 * 60).then_some(TimeOfDay(m))
    }

    /// Minutes after midnight.
    pub fn minutes(self) -> u16 {
        self.0
    }

    /// Seconds after midnight.
    pub fn seconds(self) -> i32 {
        i32::from(self.0) * 60
    }

    pub fn hour(self) -> u8 {
        (self.0 / 60) as u8
    }

    pub fn minute(self) -> u8 {
        (self.0 % 60) as u8
    }
}

impl fmt::Display for TimeOfDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}:{:02}", self.hour(), self.minute())
    }
}

impl FromStr for TimeOfDay {
    type Err = ClockError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ClockError::BadTime(s.to_string());
        let (h, m) = s.trim().split_once(':').ok_or_else(bad)?;
        if h.is_empty() || h.len() > 2 || m.len() != 2 {
            return Err(bad());
        }
        let h: u8 = h.parse().map_err(|_| bad())?;
        let m: u8 = m.parse().map_err(|_| bad())?;
        TimeOfDay::new(h, m).ok_or_else(bad)
    }
}

impl Serialize for TimeOfDay {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeOfDay {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A range of clock time within one day, start inclusive, end exclusive, `start < end`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TimeRange {
    pub start: TimeOfDay,
    pub end: TimeOfDay,
}

impl TimeRange {
    pub fn new(start: TimeOfDay, end: TimeOfDay) -> Option<TimeRange> {
        (start < end).then_some(TimeRange { start, end })
    }

    /// Whether a clock time (minutes after midnight) falls in the range.
    pub fn contains(self, minute_of_day: u16) -> bool {
        self.start.0 <= minute_of_day && minute_of_day < self.end.0
    }
}

impl fmt::Display for TimeRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-{}", self.start, self.end)
    }
}

impl FromStr for TimeRange {
    type Err = ClockError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || ClockError::BadRange(s.to_string());
        let (a, b) = s.split_once('-').ok_or_else(bad)?;
        let start: TimeOfDay = a.parse().map_err(|_| bad())?;
        let end: TimeOfDay = b.parse().map_err(|_| bad())?;
        TimeRange::new(start, end).ok_or_else(bad)
    }
}

impl Serialize for TimeRange {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TimeRange {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Parse a comma-separated list of ranges (`"08:00-12:00,13:00-17:00"`); empty or `off` means
/// no working hours that day. Ranges are sorted and must not overlap.
pub fn parse_ranges(s: &str) -> Result<Vec<TimeRange>, ClockError> {
    let s = s.trim();
    if s.is_empty() || s.eq_ignore_ascii_case("off") || s == "-" {
        return Ok(Vec::new());
    }
    let mut ranges = s
        .split(',')
        .map(|r| r.trim().parse())
        .collect::<Result<Vec<TimeRange>, _>>()?;
    ranges.sort();
    if ranges.windows(2).any(|w| w[1].start < w[0].end) {
        return Err(ClockError::BadRange(s.to_string()));
    }
    Ok(ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_times_and_ranges() {
        assert_eq!("08:30".parse::<TimeOfDay>().unwrap().minutes(), 510);
        assert_eq!("24:00".parse::<TimeOfDay>().unwrap(), TimeOfDay::END_OF_DAY);
        assert!("24:01".parse::<TimeOfDay>().is_err());
        assert!("8".parse::<TimeOfDay>().is_err());
        assert!("08:7".parse::<TimeOfDay>().is_err());
        let r: TimeRange = "08:00-18:00".parse().unwrap();
        assert!(r.contains(8 * 60) && r.contains(18 * 60 - 1) && !r.contains(18 * 60));
        assert!("18:00-08:00".parse::<TimeRange>().is_err());
    }

    #[test]
    fn split_shifts_sort_and_refuse_overlap() {
        let r = parse_ranges("13:00-17:00, 08:00-12:00").unwrap();
        assert_eq!(
            r.iter()
                .map(std::string::ToString::to_string)
                .collect::<Vec<_>>(),
            ["08:00-12:00", "13:00-17:00"]
        );
        assert!(parse_ranges("08:00-12:00,11:00-13:00").is_err());
        assert!(parse_ranges("off").unwrap().is_empty());
    }

    #[test]
    fn error_text_says_how_to_write_it() {
        assert_eq!(
            "25:00".parse::<TimeOfDay>().unwrap_err().to_string(),
            "`25:00` is not a time of day: write it as HH:MM, e.g. 08:30"
        );
    }
}
