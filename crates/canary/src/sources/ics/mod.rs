//! iCalendar (`.ics`) exports from Google, Outlook, Thunderbird and the like.
//!
//! The file is parsed by calcard (lenient: folded lines, tabs, a BOM, several VCALENDARs, a
//! truncated end). Each VEVENT is read (`component`), the VEVENTs sharing a UID form a series
//! whose occurrences in the import window are computed (`expand`: RRULE, RDATE incl. PERIOD,
//! EXDATE, RECURRENCE-ID overrides, which take what they do not say from the master by UID),
//! and each occurrence becomes a meeting, out-of-office days, holidays or nothing (`emit`).
//! Times are resolved by `zone`: VTIMEZONE, IANA and Windows zone names; floating times and
//! all-day dates are the person's. Summaries, descriptions, locations and attendees are never
//! stored; the SUMMARY is only matched against the vacation pattern.
//!
//! Options (`ctx.options`, from `canary import ics -o KEY=VALUE`, typed and checked by the
//! [registry](crate::sources::registry)):
//! - `timezone`: the person's IANA zone for floating times and all-day days (default UTC; the
//!   CLI is meant to pass the configured zone).
//! - `since`, `until`: the window, as dates (`2025-01-31`, `until` inclusive, in the person's
//!   zone) or RFC 3339 instants (`until` exclusive). The library has no clock, so without
//!   `until` everything in the file is kept: series with `COUNT` or `UNTIL` to their end,
//!   open-ended series (no `COUNT`, no `UNTIL`) until one year after the latest DTSTART in the
//!   file — the file's last news. Without `since` nothing is cut at the start.
//! - `vacation_pattern`: `|`-separated words or phrases (whole words, any case) that make an
//!   all-day busy event a vacation; default [`DEFAULT_VACATION_PATTERN`].
//! - `holidays`: `true` or `false`: whether the file is a public-holiday calendar. Without it,
//!   a calendar whose `X-WR-CALNAME` or file name contains "holiday" is one.
//!
//! Occurrences are kept when they overlap the window (meetings: when they start in it;
//! days: when the day starts in it). One RRULE yields at most [`MAX_OCCURRENCES`] occurrences;
//! a capped rule, an unusable RRULE, a VEVENT without a readable DTSTART, an end before the
//! start, a meeting over 24 hours are reported as `file:line: reason` (the line of the
//! `BEGIN:VEVENT`). A file in which calcard finds no VCALENDAR (nor a bare VEVENT) is refused.
//! Keys: `UID/<start in RFC 3339 UTC>` for meetings and `UID/<date>` for days, so importing
//! again adds nothing; a VEVENT without UID is keyed `no-uid/…`.
//!
//! Known limits: `RANGE=THISANDFUTURE` is read as a single override; a COUNT rule's DTSTART
//! that the rule itself does not match is an extra occurrence (RFC 5545 counts it among the
//! COUNT); VTODO, VJOURNAL and VFREEBUSY are ignored. Google writes all-day events as free
//! (`TRANSP:TRANSPARENT`) unless the user marks them busy, so a Google all-day "Vacation" is
//! only taken when it shows as busy; holiday calendars list observances (Valentine's Day) as
//! well as days off, and all become holidays.

mod component;
mod emit;
mod expand;
mod rrule;
mod zone;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::path::Path;

use calcard::icalendar::{ICalendar, ICalendarComponentType, ICalendarProperty};
use calcard::{Entry, Parser};
use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

use super::bounded::{self, ICS_MAX, ICS_SPLIT_HINT};
use super::options::{DateOrInstant, Key, TIMEZONE, Text};
use super::{ImportContext, ImportError, Sink};
use component::Vevent;
use emit::{Calendar, Emitter};
use expand::Window;

pub use emit::{MAX_ABSENT_DAYS, MAX_MEETING_SECONDS, MIN_ABSENT_SECONDS};
pub use expand::MAX_OCCURRENCES;

/// Option: import from this day or instant on.
pub const SINCE: Key<DateOrInstant> = Key::new("since");
/// Option: import up to this day (inclusive) or instant (exclusive).
pub const UNTIL: Key<DateOrInstant> = Key::new("until");
/// Option: `|`-separated words that make an all-day busy event a vacation.
pub const VACATION_PATTERN: Key<Text> = Key::new("vacation_pattern");
/// Option: whether the file is a public-holiday calendar.
pub const HOLIDAYS: Key<bool> = Key::new("holidays");

/// The words that make an all-day busy event a vacation, unless `vacation_pattern` is given.
pub const DEFAULT_VACATION_PATTERN: &str =
    "vacation|holiday|holidays|PTO|leave|Urlaub|out of office|OOO";

const NOT_ICALENDAR: &str = "not an iCalendar file: no BEGIN:VCALENDAR (or BEGIN:VEVENT) found";
const NOT_ICALENDAR_HINT: &str =
    "export the calendar as .ics (Google: Settings › Import & export; Outlook: Save Calendar)";

/// Import an `.ics` file.
pub fn import(path: &Path, ctx: &ImportContext, sink: &mut dyn Sink) -> Result<(), ImportError> {
    // Parsed whole: refused above a size (see [`super::bounded`]).
    let bytes = bounded::read_whole(path, ICS_MAX, "an .ics calendar", ICS_SPLIT_HINT)?;
    read_bytes(&bytes, path, ctx, sink)
}

/// Import iCalendar bytes; `path` names them in skips and errors (and a file name containing
/// "holiday" marks a holiday calendar).
pub fn read_bytes(
    input: &[u8],
    path: &Path,
    ctx: &ImportContext,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    sink.total(input.len() as u64);
    let options = Options::read(path, ctx)?;
    let text = String::from_utf8_lossy(input);
    let mut parser = Parser::new(&text);
    let mut calendars: Vec<ICalendar> = Vec::new();
    loop {
        match parser.entry() {
            Entry::ICalendar(cal) => {
                let root = cal.components.first().map(|c| &c.component_type);
                if matches!(
                    root,
                    Some(ICalendarComponentType::VCalendar | ICalendarComponentType::VEvent)
                ) {
                    calendars.push(cal);
                }
            }
            Entry::Eof => break,
            _ => {}
        }
    }
    if calendars.is_empty() {
        if text.trim().is_empty() {
            return Ok(());
        }
        return Err(ImportError::refused(
            path,
            NOT_ICALENDAR,
            Some(NOT_ICALENDAR_HINT),
        ));
    }

    let person = &options.person;
    let file_says_holidays = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().to_lowercase().contains("holiday"));
    let lines = vevent_lines(input);
    let total_vevents: usize = calendars
        .iter()
        .map(|c| c.components.iter().filter(|c| is_vevent(c)).count())
        .sum();
    // Lines are trusted only when the byte scan and calcard agree on the VEVENTs.
    let line_of = |n: usize| (lines.len() == total_vevents).then(|| lines[n]);

    let mut infos = Vec::with_capacity(calendars.len());
    let mut vevents: Vec<Vevent> = Vec::new();
    let mut failed: Vec<(Option<u64>, String)> = Vec::new();
    let mut ordinal = 0;
    for (index, cal) in calendars.iter().enumerate() {
        let mut zones = zone::Zones::new(cal);
        let root = &cal.components[0];
        let prop = |name: &str| {
            root.entries
                .iter()
                .find(|e| matches!(&e.name, ICalendarProperty::Other(n) if n.eq_ignore_ascii_case(name)))
                .and_then(|e| e.values.first())
                .and_then(|v| v.as_text())
        };
        let named_holidays =
            prop("X-WR-CALNAME").is_some_and(|n| n.to_lowercase().contains("holiday"));
        infos.push(Calendar {
            holidays: options
                .holidays
                .unwrap_or(named_holidays || file_says_holidays),
            zone: prop("X-WR-TIMEZONE").and_then(|z| zones.zone(z)),
        });
        for comp in cal.components.iter().filter(|c| is_vevent(c)) {
            let line = line_of(ordinal);
            ordinal += 1;
            match component::read(comp, line, &mut zones, person, ctx, &options.vacation) {
                Ok(mut v) => {
                    v.calendar = index;
                    vevents.push(v);
                }
                Err(why) => failed.push((line, why.to_string())),
            }
        }
    }

    let window = options.window(&vevents);
    let mut emitter = Emitter::new(path, person, window, infos);
    for (line, why) in failed {
        emitter.skip(sink, line, why);
    }
    for (uid, masters, overrides) in series(&vevents) {
        let expansion = expand::series(&masters, &overrides, &window, person);
        for (line, why) in expansion.notes {
            emitter.skip(sink, line, why);
        }
        for occ in &expansion.occurrences {
            emitter.emit(uid, occ, sink)?;
        }
    }
    sink.progress(input.len() as u64);
    Ok(())
}

fn is_vevent(c: &calcard::icalendar::ICalendarComponent) -> bool {
    c.component_type == ICalendarComponentType::VEvent
}

/// The VEVENTs grouped by UID in file order: masters, and modified occurrences. A series
/// whose master is missing (exports of single changed occurrences) is its modified
/// occurrences; one of them with RRULE or RDATE stands in for the master.
fn series(vevents: &[Vevent]) -> Vec<(&str, Vec<&Vevent>, Vec<&Vevent>)> {
    type Series<'v> = (&'v str, Vec<&'v Vevent>, Vec<&'v Vevent>);
    let mut out: Vec<Series<'_>> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for v in vevents {
        let at = match v.uid.as_deref() {
            Some(uid) => *index.entry(uid).or_insert_with(|| {
                out.push((uid, Vec::new(), Vec::new()));
                out.len() - 1
            }),
            None => {
                out.push(("no-uid", Vec::new(), Vec::new()));
                out.len() - 1
            }
        };
        if v.recurrence_id.is_some() {
            out[at].2.push(v);
        } else {
            out[at].1.push(v);
        }
    }
    for (_, masters, overrides) in &mut out {
        if masters.is_empty()
            && let Some(i) = overrides
                .iter()
                .position(|o| !o.rules.is_empty() || !o.rdates.is_empty())
        {
            masters.push(overrides.remove(i));
        }
    }
    out
}

/// 1-based line numbers of the `BEGIN:VEVENT` lines, in order.
fn vevent_lines(input: &[u8]) -> Vec<u64> {
    let mut out = Vec::new();
    for (i, line) in input.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_prefix("\u{feff}".as_bytes()).unwrap_or(line);
        if line.trim_ascii().eq_ignore_ascii_case(b"BEGIN:VEVENT") {
            out.push(i as u64 + 1);
        }
    }
    out
}

/// The options this importer understands (see the module documentation).
struct Options {
    person: TimeZone,
    since: Option<Timestamp>,
    until: Option<Timestamp>,
    vacation: Vec<String>,
    holidays: Option<bool>,
}

impl Options {
    fn read(path: &Path, ctx: &ImportContext) -> Result<Options, ImportError> {
        let o = &ctx.options;
        let person = o.get(TIMEZONE).map_or(TimeZone::UTC, |z| z.0);
        let instant = |key: Key<DateOrInstant>, end: bool| -> Result<_, ImportError> {
            Ok(match o.get(key) {
                None => None,
                Some(DateOrInstant::Instant(t)) => Some(t),
                Some(DateOrInstant::Date(date)) => {
                    let day = if end {
                        date.tomorrow().ok()
                    } else {
                        Some(date)
                    };
                    let start = day.and_then(|d| zone::start_of(d, &person));
                    Some(start.ok_or_else(|| {
                        ImportError::refused(
                            path,
                            format!("option {}={date}: out of range", key.name()),
                            None,
                        )
                    })?)
                }
            })
        };
        let since = instant(SINCE, false)?;
        let until = instant(UNTIL, true)?;
        if let (Some(s), Some(u)) = (since, until)
            && u <= s
        {
            return Err(ImportError::refused(
                path,
                "option until is not after since",
                None,
            ));
        }
        let pattern = o.get(VACATION_PATTERN);
        let pattern = pattern.as_ref().map_or(DEFAULT_VACATION_PATTERN, |p| &p.0);
        let vacation = pattern
            .split('|')
            .map(|p| p.trim().to_lowercase())
            .filter(|p| !p.is_empty())
            .collect();
        let holidays = o.get(HOLIDAYS);
        Ok(Options {
            person,
            since,
            until,
            vacation,
            holidays,
        })
    }

    /// The window from the options. Without `until`, everything after `since` is imported:
    /// series with `COUNT` or `UNTIL` to their end, open-ended ones until a year after the
    /// latest DTSTART in the file.
    fn window(&self, vevents: &[Vevent]) -> Window {
        let lo = self.since.unwrap_or(Timestamp::MIN);
        if let Some(hi) = self.until {
            return Window {
                lo,
                hi,
                open_end: hi,
            };
        }
        let latest = vevents
            .iter()
            .filter_map(|v| v.start.instant(&self.person))
            .max()
            .unwrap_or(Timestamp::MIN);
        let open_end = latest
            .to_zoned(TimeZone::UTC)
            .checked_add(Span::new().years(1))
            .map_or(Timestamp::MAX, |z| z.timestamp());
        Window {
            lo,
            hi: Timestamp::MAX,
            open_end,
        }
    }
}
