//! What an occurrence becomes: a meeting, out-of-office days, holidays — or nothing.
//!
//! In order: a cancelled occurrence is nothing; every occurrence in a holiday calendar is a
//! [`EventKind::Holiday`] per day (transparency does not matter there: holiday calendars mark
//! their days free); `X-MICROSOFT-CDO-BUSYSTATUS:OOF`, or an all-day event that shows as busy
//! and whose title matches the vacation pattern, is an [`EventKind::OutOfOffice`] per day; an
//! occurrence the person declined, one that shows as free (`TRANSP:TRANSPARENT`, busy status
//! `FREE`) and any other all-day event (a birthday, a reminder: no time of day to count) is
//! nothing; the rest is a [`EventKind::Meeting`] with its duration.
//!
//! A day is the person's local day: it starts at their midnight and lasts until the next (86,400
//! seconds except across a DST change), keyed `UID/YYYY-MM-DD`. A timed out-of-office event
//! marks the days it covers for at least [`MIN_ABSENT_SECONDS`] — a full working day off, not
//! an afternoon at the dentist. A meeting is keyed `UID/<slot>`, the slot being its start in
//! RFC 3339 UTC, or for a modified occurrence the start it replaces, so that it takes that
//! slot. Its `offset` is the UTC offset of its start in its own zone; for a time written in UTC
//! that is the calendar's `X-WR-TIMEZONE` when it has one, else unknown.

use std::collections::HashSet;
use std::path::Path;

use jiff::tz::TimeZone;
use jiff::{Span, Timestamp};

use super::component::BusyStatus;
use super::expand::{Length, Occurrence, Window, end_of};
use super::zone::{When, start_of};
use crate::event::{Event, EventKind, SourceKind};
use crate::sources::{Location, Sink, SinkError};

/// A timed event longer than this is not a meeting (a trip, a sprint, a blocked week).
pub const MAX_MEETING_SECONDS: i64 = 24 * 3600;
/// An absence longer than this is not imported day by day.
pub const MAX_ABSENT_DAYS: i64 = 366;
/// A timed out-of-office event marks a day it covers for at least this long.
pub const MIN_ABSENT_SECONDS: i64 = 6 * 3600;

/// What is known of the VCALENDAR a component came from.
#[derive(Debug, Clone)]
pub(super) struct Calendar {
    pub holidays: bool,
    /// `X-WR-TIMEZONE`, for the offset of times written in UTC.
    pub zone: Option<TimeZone>,
}

/// Turns occurrences into events and reports what it cannot use, once per component.
pub(super) struct Emitter<'a> {
    pub path: &'a Path,
    pub person: &'a TimeZone,
    pub window: Window,
    pub calendars: Vec<Calendar>,
    reported: HashSet<(Option<u64>, String)>,
}

impl<'a> Emitter<'a> {
    pub(super) fn new(
        path: &'a Path,
        person: &'a TimeZone,
        window: Window,
        calendars: Vec<Calendar>,
    ) -> Emitter<'a> {
        Emitter {
            path,
            person,
            window,
            calendars,
            reported: HashSet::new(),
        }
    }

    /// Report a skip at a component's line (the file when the line is unknown): the reason
    /// once, every occurrence counted.
    pub(super) fn skip(&mut self, sink: &mut dyn Sink, line: Option<u64>, reason: String) {
        if self.reported.insert((line, reason.clone())) {
            let at = Location {
                file: self.path.to_path_buf(),
                line,
            };
            sink.skip(at, reason);
        } else {
            sink.skip_again();
        }
    }

    pub(super) fn emit(
        &mut self,
        uid: &str,
        occ: &Occurrence<'_>,
        sink: &mut dyn Sink,
    ) -> Result<(), SinkError> {
        let p = occ.props;
        if p.cancelled == Some(true) {
            return Ok(());
        }
        let holidays = self
            .calendars
            .get(occ.event.calendar)
            .is_some_and(|c| c.holidays);
        let all_day = matches!(occ.start, When::Day(_));
        if holidays {
            return self.days(uid, occ, EventKind::Holiday, sink);
        }
        let vacation = all_day && p.opaque() && p.vacation_title == Some(true);
        if p.busy == Some(BusyStatus::OutOfOffice) || vacation {
            return self.days(uid, occ, EventKind::OutOfOffice, sink);
        }
        if p.declined == Some(true) || !p.opaque() || all_day {
            return Ok(());
        }
        self.meeting(uid, occ, sink)
    }

    fn meeting(
        &mut self,
        uid: &str,
        occ: &Occurrence<'_>,
        sink: &mut dyn Sink,
    ) -> Result<(), SinkError> {
        let (Some(start), Some(end), Some(slot)) = (
            occ.start.instant(self.person),
            end_of(&occ.start, occ.length, self.person),
            occ.slot.instant(self.person),
        ) else {
            return Ok(());
        };
        if start < self.window.lo || start >= self.window.hi {
            return Ok(());
        }
        let seconds = end.as_second() - start.as_second();
        if seconds > MAX_MEETING_SECONDS {
            let why = "longer than 24 hours: not counted as a meeting".to_string();
            self.skip(sink, occ.event.line, why);
            return Ok(());
        }
        let offset = match &occ.start {
            When::Time { at, utc: false, .. } => Some(at.offset().seconds()),
            When::Time { at, utc: true, .. } => self
                .calendars
                .get(occ.event.calendar)
                .and_then(|c| c.zone.as_ref())
                .map(|z| z.to_offset(at.timestamp()).seconds()),
            When::Day(_) => None,
        };
        let mut event = Event::mine(
            start,
            EventKind::Meeting,
            SourceKind::Ics,
            format!("{uid}/{slot}"),
        );
        event.duration = Some(seconds.max(0));
        event.offset = offset;
        sink.event(event)
    }

    /// One event of `kind` per local day the occurrence covers.
    fn days(
        &mut self,
        uid: &str,
        occ: &Occurrence<'_>,
        kind: EventKind,
        sink: &mut dyn Sink,
    ) -> Result<(), SinkError> {
        let person = self.person;
        let (first, count, timed) = match (&occ.start, occ.length) {
            (When::Day(d), Length::Days(n)) => (*d, n, None),
            (start, length) => {
                let (Some(s), Some(e)) = (start.instant(person), end_of(start, length, person))
                else {
                    return Ok(());
                };
                let first = person.to_datetime(s).date();
                let last = person
                    .to_datetime(
                        e.checked_sub(jiff::SignedDuration::from_secs(1))
                            .unwrap_or(e),
                    )
                    .date();
                let n = i64::from((last - first).get_days()) + 1;
                (first, n, Some((s, e)))
            }
        };
        if count > MAX_ABSENT_DAYS {
            let why = format!("{kind} longer than {MAX_ABSENT_DAYS} days: not imported");
            self.skip(sink, occ.event.line, why);
            return Ok(());
        }
        let mut day = first;
        for _ in 0..count.max(1) {
            let Ok(next) = day.checked_add(Span::new().days(1)) else {
                break;
            };
            let (Some(from), Some(to)) = (start_of(day, person), start_of(next, person)) else {
                break;
            };
            let covered = timed.is_none_or(|(s, e): (Timestamp, Timestamp)| {
                let overlap = e.min(to).as_second() - s.max(from).as_second();
                overlap >= MIN_ABSENT_SECONDS
            });
            if covered && from >= self.window.lo && from < self.window.hi {
                let mut event = Event::mine(from, kind, SourceKind::Ics, format!("{uid}/{day}"));
                event.duration = Some(to.as_second() - from.as_second());
                event.offset = Some(person.to_offset(from).seconds());
                sink.event(event)?;
            }
            day = next;
        }
        Ok(())
    }
}
