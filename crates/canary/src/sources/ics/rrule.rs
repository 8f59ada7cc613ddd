//! One RRULE expanded by calcard, bounded by the import window.
//!
//! calcard's `expand_dates` is not used on the whole calendar: it matches modified occurrences
//! by SEQUENCE instead of UID (Google and Thunderbird bump the SEQUENCE of an override, so the
//! original slot comes back beside it), compares a UTC `UNTIL` with wall-clock times (dropping
//! the last occurrence east of UTC), applies one occurrence limit to the whole calendar and
//! gives a DATE-TIME without DTEND a duration to the end of its day. So each RRULE alone is
//! handed to calcard as a one-event calendar in floating time, with its `UNTIL` turned into
//! wall-clock time in the series' zone and, for a rule without `COUNT`, its DTSTART moved
//! forward by whole periods to just before the window and its `UNTIL` cut at the window's end —
//! a daily meeting since 2009 costs the window's occurrences, not sixteen years of them. The
//! wall-clock occurrences are then placed in the series' zone by jiff, so a weekly 09:00 stays
//! at 09:00 across DST changes (a time skipped by the change moves forward, as RFC 5545 asks).

use calcard::common::PartialDateTime;
use calcard::common::timezone::Tz;
use calcard::icalendar::{
    ICalendar, ICalendarComponent, ICalendarComponentType, ICalendarEntry, ICalendarFrequency,
    ICalendarProperty, ICalendarRecurrenceRule, ICalendarValue,
};
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp};

use super::expand::{MAX_OCCURRENCES, Window};
use super::zone::When;

/// The starts one RRULE gives, other than DTSTART itself unless the rule matches it, and
/// whether there were more than [`MAX_OCCURRENCES`].
pub(super) fn rule_starts(
    rule: &ICalendarRecurrenceRule,
    start: &When,
    window: &Window,
    person: &TimeZone,
    margin_days: i64,
) -> Result<(Vec<When>, bool), String> {
    let (zone, utc) = match start {
        When::Time { at, utc, .. } => (at.time_zone().clone(), *utc),
        When::Day(_) => (person.clone(), false),
    };
    let day = matches!(start, When::Day(_));
    let first = start.local();
    let mut until = match &rule.until {
        Some(p) => Some(until_local(p, &zone, day).ok_or("unreadable UNTIL")?),
        None => None,
    };
    let mut from = first;
    let open_ended = rule.count.is_none() && rule.until.is_none();
    if rule.count.is_none() {
        let margin = SignedDuration::from_hours(24 * (margin_days + 2));
        if let Ok(lo) = zone.to_datetime(window.lo).checked_sub(margin)
            && lo > first
        {
            from = shift(rule, first, lo);
        }
        let end = if rule.until.is_some() {
            window.hi
        } else {
            window.open_end
        };
        if let Ok(hi) = zone.to_datetime(end).checked_add(margin) {
            until = Some(until.map_or(hi, |u| u.min(hi)));
        }
    }
    if until.is_some_and(|u| u < from) {
        return Ok((Vec::new(), false));
    }
    let mut rule = rule.clone();
    rule.until = until.map(|u| partial(u, false)).transpose()?;
    let entry = |name, value| ICalendarEntry {
        name,
        params: Vec::new(),
        values: vec![value],
    };
    let calendar = ICalendar {
        components: vec![ICalendarComponent {
            component_type: ICalendarComponentType::VEvent,
            entries: vec![
                entry(
                    ICalendarProperty::Dtstart,
                    ICalendarValue::PartialDateTime(Box::new(partial(from, day)?)),
                ),
                entry(
                    ICalendarProperty::Rrule,
                    ICalendarValue::RecurrenceRule(Box::new(rule)),
                ),
            ],
            component_ids: Vec::new(),
        }],
    };
    let expanded = calendar.expand_dates(Tz::Floating, MAX_OCCURRENCES + 1);
    if let Some(err) = expanded.errors.first() {
        return Err(err.error.to_string());
    }
    let capped = expanded.events.len() > MAX_OCCURRENCES;
    let mut found = Vec::with_capacity(expanded.events.len().min(MAX_OCCURRENCES));
    for event in expanded.events.iter().take(MAX_OCCURRENCES) {
        // Floating times come back as wall-clock seconds on a UTC scale.
        let Ok(wall) = Timestamp::from_second(event.start.timestamp()) else {
            continue;
        };
        let local = TimeZone::UTC.to_datetime(wall);
        let when = if day {
            Some(When::Day(local.date()))
        } else {
            When::time(local, &zone, utc)
        };
        // An open-ended rule stops at the window's open end (not only near it).
        let after_end = open_ended
            && when
                .as_ref()
                .and_then(|w| w.instant(person))
                .is_some_and(|t| t >= window.open_end);
        if !after_end {
            found.extend(when);
        }
    }
    Ok((found, capped))
}

/// `UNTIL` as wall-clock time in the series' zone; a DATE `UNTIL` ends with its day.
fn until_local(p: &PartialDateTime, zone: &TimeZone, day: bool) -> Option<DateTime> {
    let date = Date::new(
        i16::try_from(p.year?).ok()?,
        i8::try_from(p.month?).ok()?,
        i8::try_from(p.day?).ok()?,
    )
    .ok()?;
    let (Some(h), Some(m)) = (p.hour, p.minute) else {
        return Some(if day {
            date.to_datetime(jiff::civil::Time::midnight())
        } else {
            date.at(23, 59, 59, 0)
        });
    };
    let s = p.second.unwrap_or(0).min(59);
    if h > 23 || m > 59 {
        return None;
    }
    let local = date.at(h as i8, m as i8, s as i8, 0);
    match p.tz_hour {
        None => Some(local),
        Some(tz_hour) => {
            let secs = i64::from(tz_hour) * 3600 + i64::from(p.tz_minute.unwrap_or(0)) * 60;
            let secs = if p.tz_minus { -secs } else { secs };
            let instant = local.to_zoned(TimeZone::UTC).ok()?.timestamp();
            let instant = instant.checked_sub(SignedDuration::from_secs(secs)).ok()?;
            Some(zone.to_datetime(instant))
        }
    }
}

/// DTSTART moved forward by whole periods of the rule to the last one before `target`, so
/// that the rule yields the same occurrences from there on. A monthly or yearly rule moves
/// only when its day of the month survives (not from the 31st or the 29th of February).
fn shift(rule: &ICalendarRecurrenceRule, first: DateTime, target: DateTime) -> DateTime {
    let interval = i64::from(rule.interval.unwrap_or(1).max(1));
    let unit = match rule.freq {
        ICalendarFrequency::Secondly => 1,
        ICalendarFrequency::Minutely => 60,
        ICalendarFrequency::Hourly => 3600,
        ICalendarFrequency::Daily => 86_400,
        ICalendarFrequency::Weekly => 604_800,
        ICalendarFrequency::Monthly | ICalendarFrequency::Yearly => 0,
    };
    let shifted = if unit > 0 {
        let period = unit * interval;
        let k = target.duration_since(first).as_secs() / period;
        first
            .checked_add(SignedDuration::from_secs(k * period))
            .ok()
    } else {
        let per = if rule.freq == ICalendarFrequency::Monthly {
            interval
        } else {
            12 * interval
        };
        let gap = (i64::from(target.year()) - i64::from(first.year())) * 12
            + i64::from(target.month())
            - i64::from(first.month())
            - 1;
        let months = gap.max(0) / per * per;
        Span::new()
            .try_months(months)
            .ok()
            .and_then(|span| first.checked_add(span).ok())
            .filter(|s| s.day() == first.day())
    };
    shifted.filter(|s| *s <= target).unwrap_or(first)
}

/// A floating calcard date-time (or date) for a wall-clock time.
fn partial(dt: DateTime, date_only: bool) -> Result<PartialDateTime, String> {
    let year = u16::try_from(dt.year()).map_err(|_| format!("year {} out of range", dt.year()))?;
    let time = |v: i8| (!date_only).then_some(v as u8);
    Ok(PartialDateTime {
        year: Some(year),
        month: Some(dt.month() as u8),
        day: Some(dt.day() as u8),
        hour: time(dt.hour()),
        minute: time(dt.minute()),
        second: time(dt.second()),
        tz_hour: None,
        tz_minute: None,
        tz_minus: false,
    })
}
