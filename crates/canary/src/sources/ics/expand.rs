//! Recurrence: the occurrences of one series (the VEVENTs sharing a UID) inside the window.
//!
//! Each RRULE is expanded by `rrule` (calcard, bounded by the window); DTSTART, RDATE (also
//! PERIOD), EXDATE and the RECURRENCE-ID overrides are combined here. An override replaces the
//! slot its RECURRENCE-ID names — matched by UID and instant, whatever its SEQUENCE — and takes
//! what it does not say (STATUS, TRANSP, busy status, the person's answer, its length) from the
//! master. `RANGE=THISANDFUTURE` is read as a single override. EXDATE wins over a generated
//! occurrence, an override over an EXDATE. Lengths follow RFC 5545: DTEND minus DTSTART as exact
//! seconds for every occurrence, DURATION days on the wall clock, and without either one day
//! for a DATE and nothing for a DATE-TIME.

use std::collections::{BTreeMap, HashSet};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Span, Timestamp};

use super::component::{End, Nominal, Props, Vevent};
use super::rrule::rule_starts;
use super::zone::{SlotId, When, start_of};

/// At most this many occurrences of one RRULE are imported; more is reported as a skip.
pub const MAX_OCCURRENCES: usize = 5000;

/// The span of time imported: occurrences overlapping `[lo, hi)`; a rule without `COUNT` or
/// `UNTIL` also stops at `open_end` (which is `hi` when the window was given).
#[derive(Debug, Clone, Copy)]
pub(super) struct Window {
    pub lo: Timestamp,
    pub hi: Timestamp,
    pub open_end: Timestamp,
}

/// How long each occurrence lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Length {
    /// Whole days (DATE events; `DTEND` is exclusive).
    Days(i64),
    /// Exact seconds (`DTEND` minus `DTSTART`, the same for every occurrence per RFC 5545).
    Exact(i64),
    /// A `DURATION`: its days follow the wall clock.
    Nominal(Nominal),
}

/// One occurrence, with the component that describes it.
#[derive(Debug, Clone)]
pub(super) struct Occurrence<'v> {
    pub event: &'v Vevent,
    /// Its properties, a modified occurrence's completed from the master's.
    pub props: Props,
    /// The slot it fills: its RECURRENCE-ID when modified, else its start.
    pub slot: When,
    pub start: When,
    pub length: Length,
}

/// What one series yields, and what could not be used (with the component's line).
#[derive(Debug, Default)]
pub(super) struct Expansion<'v> {
    pub occurrences: Vec<Occurrence<'v>>,
    pub notes: Vec<(Option<u64>, String)>,
}

/// The occurrences of the series with these masters (normally one) and modified occurrences.
pub(super) fn series<'v>(
    masters: &[&'v Vevent],
    overrides: &[&'v Vevent],
    window: &Window,
    person: &TimeZone,
) -> Expansion<'v> {
    let mut out = Expansion::default();
    // One override per slot: the highest SEQUENCE, the later one on a tie.
    let mut by_slot: BTreeMap<SlotId, &Vevent> = BTreeMap::new();
    for o in overrides {
        let Some(rid) = &o.recurrence_id else {
            continue;
        };
        let id = rid.id();
        if by_slot
            .get(&id)
            .is_none_or(|prev| prev.sequence <= o.sequence)
        {
            by_slot.insert(id, o);
        }
    }
    // A DATE RECURRENCE-ID names a day; in a series of whole days any RECURRENCE-ID does.
    let mut rid_days: HashSet<Date> = HashSet::new();
    let mut rid_any_days: HashSet<Date> = HashSet::new();
    for rid in by_slot.values().filter_map(|o| o.recurrence_id.as_ref()) {
        if matches!(rid, When::Day(_)) {
            rid_days.insert(rid.date());
        }
        rid_any_days.insert(rid.date());
    }

    for master in masters {
        let length = match length(&master.start, master.end.as_ref()) {
            Ok(length) => length,
            Err(why) => {
                out.notes.push((master.line, why));
                continue;
            }
        };
        let day_series = matches!(master.start, When::Day(_));
        let norm = |w: &When| match w {
            When::Time { local, .. } if day_series => SlotId::Day(local.date()),
            other => other.id(),
        };
        let mut starts: BTreeMap<SlotId, (When, Length)> = BTreeMap::new();
        starts.insert(norm(&master.start), (master.start.clone(), length));
        let margin = length.days_at_most();
        for rule in &master.rules {
            let rule = match rule {
                Ok(rule) => rule,
                Err(text) => {
                    let why = format!(
                        "RRULE `{}` not understood: only DTSTART and RDATE imported",
                        crate::privacy::excerpt(text, crate::privacy::EXCERPT_CHARS)
                    );
                    out.notes.push((master.line, why));
                    continue;
                }
            };
            match rule_starts(rule, &master.start, window, person, margin) {
                Ok((found, capped)) => {
                    if capped {
                        let why = format!(
                            "RRULE yields more than {MAX_OCCURRENCES} occurrences up to the window's end: \
                             the rest are not imported"
                        );
                        out.notes.push((master.line, why));
                    }
                    for when in found {
                        starts.entry(norm(&when)).or_insert((when, length));
                    }
                }
                Err(why) => out.notes.push((
                    master.line,
                    format!("RRULE not usable ({why}): only DTSTART and RDATE imported"),
                )),
            }
        }
        for rdate in &master.rdates {
            let own = match &rdate.end {
                None => Ok(length),
                Some(end) => self::length(&rdate.start, Some(end)),
            };
            match own {
                Ok(len) => {
                    starts.insert(norm(&rdate.start), (rdate.start.clone(), len));
                }
                Err(why) => out.notes.push((master.line, format!("RDATE: {why}"))),
            }
        }
        let mut excluded: HashSet<SlotId> = HashSet::new();
        let mut excluded_days: HashSet<Date> = HashSet::new();
        for ex in &master.exdates {
            match ex {
                When::Day(d) => {
                    excluded_days.insert(*d);
                }
                other => {
                    excluded.insert(norm(other));
                }
            }
        }
        for (id, (when, len)) in starts {
            let date = when.date();
            let cancelled = excluded.contains(&id) || excluded_days.contains(&date);
            let modified = by_slot.contains_key(&id)
                || rid_days.contains(&date)
                || (day_series && rid_any_days.contains(&date));
            if cancelled || modified || !overlaps(&when, len, window, person) {
                continue;
            }
            out.occurrences.push(Occurrence {
                event: master,
                props: master.props,
                slot: when.clone(),
                start: when,
                length: len,
            });
        }
    }

    let master = masters.first();
    for o in by_slot.into_values() {
        let Some(slot) = o.recurrence_id.clone() else {
            continue;
        };
        let own = match (&o.end, master) {
            // Without DTEND or DURATION a modified occurrence keeps the master's length.
            (None, Some(m)) if same_kind(&o.start, &m.start) => length(&m.start, m.end.as_ref()),
            _ => length(&o.start, o.end.as_ref()),
        };
        let len = match own {
            Ok(len) => len,
            Err(why) => {
                out.notes.push((o.line, why));
                continue;
            }
        };
        if !overlaps(&o.start, len, window, person) {
            continue;
        }
        out.occurrences.push(Occurrence {
            event: o,
            props: master.map_or(o.props, |m| o.props.inherit(m.props)),
            slot,
            start: o.start.clone(),
            length: len,
        });
    }
    out
}

fn same_kind(a: &When, b: &When) -> bool {
    matches!(a, When::Day(_)) == matches!(b, When::Day(_))
}

impl Length {
    /// A whole number of days at least as long (for window margins).
    fn days_at_most(self) -> i64 {
        match self {
            Length::Days(d) => d,
            Length::Exact(s) => ceil_days(s),
            Length::Nominal(n) => n.days.saturating_add(ceil_days(n.seconds)),
        }
        .clamp(0, 3660)
    }
}

/// Whole days covering `seconds` (none for a negative count).
fn ceil_days(seconds: i64) -> i64 {
    seconds.max(0) / 86_400 + i64::from(seconds.max(0) % 86_400 != 0)
}

/// The length of an occurrence starting at `start` and ending as given; without an end, one
/// day for a DATE and none for a DATE-TIME (RFC 5545).
pub(super) fn length(start: &When, end: Option<&End>) -> Result<Length, String> {
    match (start, end) {
        (When::Day(_), None) => Ok(Length::Days(1)),
        (When::Day(s), Some(End::At(e))) => {
            // An all-day event ending on its own day is taken as one day.
            let days = (e.date() - *s).get_days();
            Ok(Length::Days(i64::from(days).max(1)))
        }
        (When::Day(_), Some(End::For(n))) => Ok(Length::Days(
            n.days.saturating_add(ceil_days(n.seconds)).max(1),
        )),
        (When::Time { .. }, None) => Ok(Length::Exact(0)),
        (When::Time { at, .. }, Some(End::At(e))) => {
            let end = match e {
                When::Time { at, .. } => at.timestamp(),
                When::Day(d) => start_of(*d, at.time_zone()).ok_or("DTEND out of range")?,
            };
            let secs = end.as_second() - at.timestamp().as_second();
            if secs < 0 {
                return Err("DTEND before DTSTART".into());
            }
            Ok(Length::Exact(secs))
        }
        (When::Time { .. }, Some(End::For(n))) => {
            if n.days < 0 || n.seconds < 0 {
                return Err("negative DURATION".into());
            }
            Ok(Length::Nominal(*n))
        }
    }
}

/// The instant an occurrence ends.
pub(super) fn end_of(start: &When, length: Length, person: &TimeZone) -> Option<Timestamp> {
    match (start, length) {
        (When::Day(d), Length::Days(n)) => {
            start_of(d.checked_add(Span::new().try_days(n).ok()?).ok()?, person)
        }
        (When::Day(d), Length::Nominal(n)) => {
            let day = d.checked_add(Span::new().try_days(n.days).ok()?).ok()?;
            start_of(day, person)?
                .checked_add(SignedDuration::from_secs(n.seconds))
                .ok()
        }
        (_, Length::Exact(s)) => start
            .instant(person)?
            .checked_add(SignedDuration::from_secs(s))
            .ok(),
        (When::Time { at, .. }, Length::Nominal(n)) => {
            let span = Span::new()
                .try_days(n.days)
                .ok()?
                .try_seconds(n.seconds)
                .ok()?;
            Some(at.checked_add(span).ok()?.timestamp())
        }
        (When::Time { at, .. }, Length::Days(n)) => Some(
            at.checked_add(Span::new().try_days(n).ok()?)
                .ok()?
                .timestamp(),
        ),
    }
}

/// Whether an occurrence overlaps the window (a zero-length one: starts inside it).
fn overlaps(start: &When, length: Length, window: &Window, person: &TimeZone) -> bool {
    let (Some(s), Some(e)) = (start.instant(person), end_of(start, length, person)) else {
        return false;
    };
    s < window.hi && (e > window.lo || (s == e && s >= window.lo))
}
