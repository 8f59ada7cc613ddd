//! Time values of a calendar: DATE and DATE-TIME properties as jiff values, in their zones.
//!
//! A `TZID` is resolved by calcard first — a VTIMEZONE's `TZID`, `X-LIC-LOCATION` or
//! `X-MICROSOFT-CDO-TZID`, an IANA name (also behind a `/mozilla.org/…/` prefix), a Windows
//! name such as `W. Europe Standard Time` or `(UTC+01:00) Amsterdam, …` — and the IANA zone it
//! names is then taken from jiff's bundled database, so results do not depend on the machine.
//! A VTIMEZONE calcard cannot name (Outlook's `Customized Time Zone`, `custom_America/New_York`)
//! is rebuilt from its latest STANDARD and DAYLIGHT rules as a POSIX zone. A TZID that resolves
//! neither way is read in the fallback zone: the DTSTART's for EXDATE/RDATE/RECURRENCE-ID, the
//! person's for DTSTART — as is a floating time (no TZID, no `Z`).

use std::collections::HashMap;

use calcard::common::PartialDateTime;
use calcard::common::timezone::Tz;
use calcard::icalendar::timezone::TzResolver;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarFrequency, ICalendarProperty,
    ICalendarValue,
};
use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};
use jiff::{Timestamp, Zoned};

/// A resolved DATE or DATE-TIME value.
#[derive(Debug, Clone)]
pub(super) enum When {
    /// A DATE: a whole day, wherever the person is.
    Day(Date),
    /// A DATE-TIME: its wall-clock time as written, and that time placed in its zone.
    Time {
        local: DateTime,
        at: Zoned,
        /// Written in UTC (`Z`): the zone says nothing about where the person was.
        utc: bool,
    },
}

/// What identifies an occurrence within a series: its day, or its instant in seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum SlotId {
    Day(Date),
    At(i64),
}

impl When {
    /// A wall-clock time placed in `zone` (a time skipped by a DST change moves forward).
    pub(super) fn time(local: DateTime, zone: &TimeZone, utc: bool) -> Option<When> {
        let at = zone.to_zoned(local).ok()?;
        Some(When::Time { local, at, utc })
    }

    pub(super) fn id(&self) -> SlotId {
        match self {
            When::Day(d) => SlotId::Day(*d),
            When::Time { at, .. } => SlotId::At(at.timestamp().as_second()),
        }
    }

    /// The calendar date as written (the local date for a DATE-TIME).
    pub(super) fn date(&self) -> Date {
        match self {
            When::Day(d) => *d,
            When::Time { local, .. } => local.date(),
        }
    }

    /// The wall-clock time as written (midnight for a DATE).
    pub(super) fn local(&self) -> DateTime {
        match self {
            When::Day(d) => d.to_datetime(jiff::civil::Time::midnight()),
            When::Time { local, .. } => *local,
        }
    }

    /// The instant it starts; a DATE starts at the person's midnight.
    pub(super) fn instant(&self, person: &TimeZone) -> Option<Timestamp> {
        match self {
            When::Day(d) => start_of(*d, person),
            When::Time { at, .. } => Some(at.timestamp()),
        }
    }
}

/// The instant a day starts in a zone.
pub(super) fn start_of(day: Date, zone: &TimeZone) -> Option<Timestamp> {
    let zoned = day.to_zoned(zone.clone()).ok()?;
    Some(zoned.start_of_day().ok()?.timestamp())
}

/// Time zone resolution for one VCALENDAR.
pub(super) struct Zones<'a> {
    resolver: TzResolver<&'a str>,
    /// Zones rebuilt from VTIMEZONE rules, by TZID.
    custom: HashMap<&'a str, TimeZone>,
    cache: HashMap<String, Option<TimeZone>>,
}

impl<'a> Zones<'a> {
    pub(super) fn new(calendar: &'a ICalendar) -> Zones<'a> {
        let resolver = calendar.build_tz_resolver();
        let mut custom = HashMap::new();
        for vtz in calendar.timezones() {
            if vtz.timezone().is_some() {
                continue;
            }
            let Some(tzid) = text(vtz, &ICalendarProperty::Tzid) else {
                continue;
            };
            if let Some(zone) = posix_from_rules(calendar, vtz) {
                custom.insert(tzid, zone);
            }
        }
        Zones {
            resolver,
            custom,
            cache: HashMap::new(),
        }
    }

    /// The zone a TZID names, if it can be resolved.
    pub(super) fn zone(&mut self, tzid: &str) -> Option<TimeZone> {
        if let Some(zone) = self.cache.get(tzid) {
            return zone.clone();
        }
        let zone = match self.resolver.resolve(tzid) {
            Some(tz) => jiff_zone(tz),
            None => None,
        }
        .or_else(|| self.custom.get(tzid).cloned());
        self.cache.insert(tzid.to_string(), zone.clone());
        zone
    }

    /// A property value with its TZID; floating values (and unresolvable TZIDs) are read in
    /// `fallback`, whose flag says whether it is UTC as written.
    pub(super) fn when(
        &mut self,
        value: &PartialDateTime,
        tzid: Option<&str>,
        fallback: (&TimeZone, bool),
    ) -> Option<When> {
        let date = Date::new(
            i16::try_from(value.year?).ok()?,
            i8::try_from(value.month?).ok()?,
            i8::try_from(value.day?).ok()?,
        )
        .ok()?;
        let (Some(hour), Some(minute)) = (value.hour, value.minute) else {
            return Some(When::Day(date));
        };
        // A leap second (60) is read as 59.
        let second = value.second.unwrap_or(0).min(59);
        if hour > 23 || minute > 59 {
            return None;
        }
        let local = date.at(hour as i8, minute as i8, second as i8, 0);
        if let Some(tz_hour) = value.tz_hour {
            let secs = i32::from(tz_hour) * 3600 + i32::from(value.tz_minute.unwrap_or(0)) * 60;
            let secs = if value.tz_minus { -secs } else { secs };
            let offset = Offset::from_seconds(secs).ok()?;
            return When::time(local, &TimeZone::fixed(offset), secs == 0);
        }
        match tzid.and_then(|id| self.zone(id)) {
            Some(zone) => When::time(local, &zone, false),
            None => When::time(local, fallback.0, fallback.1),
        }
    }
}

/// The jiff zone for a zone calcard resolved.
fn jiff_zone(tz: Tz) -> Option<TimeZone> {
    match tz {
        Tz::Floating => None,
        Tz::Fixed(offset) => Offset::from_seconds(offset.local_minus_utc())
            .ok()
            .map(TimeZone::fixed),
        Tz::Tz(_) => crate::settings::lookup_zone(&tz.name()?).ok(),
    }
}

/// The first text value of a property.
fn text<'c>(comp: &'c ICalendarComponent, prop: &ICalendarProperty) -> Option<&'c str> {
    comp.property(prop)
        .and_then(|e| e.values.first())
        .and_then(|v| v.as_text())
}

/// One STANDARD or DAYLIGHT block: when it starts, its offset, its yearly rule.
struct Observance {
    start: DateTime,
    offset: i32,
    /// `(month, week 1–5 where 5 is the last, weekday 0 = Sunday)` of a yearly rule.
    rule: Option<(u8, i8, u8)>,
}

/// A POSIX zone (`STD5DST,M3.2.0/2,M11.1.0/2`) from the latest STANDARD and DAYLIGHT blocks
/// of a VTIMEZONE, when they are the usual yearly "n-th weekday of a month" rules.
fn posix_from_rules(calendar: &ICalendar, vtz: &ICalendarComponent) -> Option<TimeZone> {
    let mut standard: Option<Observance> = None;
    let mut daylight: Option<Observance> = None;
    for &id in &vtz.component_ids {
        let Some(child) = calendar.components.get(id as usize) else {
            continue;
        };
        let slot = match child.component_type {
            ICalendarComponentType::Standard => &mut standard,
            ICalendarComponentType::Daylight => &mut daylight,
            _ => continue,
        };
        if let Some(obs) = observance(child)
            && slot.as_ref().is_none_or(|o| o.start < obs.start)
        {
            *slot = Some(obs);
        }
    }
    let standard = standard?;
    let std_offset = posix_offset(standard.offset)?;
    let Some(daylight) = daylight else {
        return TimeZone::posix(&format!("STD{std_offset}")).ok();
    };
    let (Some(on), Some(off)) = (daylight.rule, standard.rule) else {
        return TimeZone::posix(&format!("STD{std_offset}")).ok();
    };
    let dst_offset = posix_offset(daylight.offset)?;
    let when = |(month, week, weekday): (u8, i8, u8), at: DateTime| {
        format!(
            "M{month}.{week}.{weekday}/{}:{:02}:{:02}",
            at.hour(),
            at.minute(),
            at.second()
        )
    };
    let spec = format!(
        "STD{std_offset}DST{dst_offset},{},{}",
        when(on, daylight.start),
        when(off, standard.start)
    );
    TimeZone::posix(&spec).ok()
}

/// A UTC offset in POSIX form: hours west of UTC, `[-]h[:mm]`.
fn posix_offset(seconds_east: i32) -> Option<String> {
    if seconds_east.abs() >= 24 * 3600 {
        return None;
    }
    let west = -seconds_east;
    let sign = if west < 0 { "-" } else { "" };
    let (h, m) = (west.abs() / 3600, west.abs() % 3600 / 60);
    Some(format!("{sign}{h}:{m:02}"))
}

fn observance(comp: &ICalendarComponent) -> Option<Observance> {
    let mut start = None;
    let mut offset = None;
    let mut rule = None;
    for entry in &comp.entries {
        match (&entry.name, entry.values.first()) {
            (ICalendarProperty::Dtstart, Some(ICalendarValue::PartialDateTime(p))) => {
                let date =
                    Date::new(i16::try_from(p.year?).ok()?, p.month? as i8, p.day? as i8).ok()?;
                let (h, m, s) = (
                    p.hour.unwrap_or(0),
                    p.minute.unwrap_or(0),
                    p.second.unwrap_or(0),
                );
                if h > 23 || m > 59 || s > 59 {
                    return None;
                }
                start = Some(date.at(h as i8, m as i8, s as i8, 0));
            }
            (ICalendarProperty::Tzoffsetto, Some(ICalendarValue::PartialDateTime(p))) => {
                let secs = i32::from(p.tz_hour?) * 3600 + i32::from(p.tz_minute.unwrap_or(0)) * 60;
                offset = Some(if p.tz_minus { -secs } else { secs });
            }
            (ICalendarProperty::Rrule, Some(ICalendarValue::RecurrenceRule(r)))
                if r.freq == ICalendarFrequency::Yearly =>
            {
                let month = r.bymonth.first()?.month();
                let day = r.byday.first()?;
                let week = match day.ordwk {
                    Some(n @ 1..=4) => n as i8,
                    Some(-1 | 5) => 5,
                    _ => return None,
                };
                let weekday = day.weekday as u8; // Sunday is 0, as in POSIX
                rule = Some((month, week, weekday));
            }
            _ => {}
        }
    }
    Some(Observance {
        start: start?,
        offset: offset?,
        rule,
    })
}
