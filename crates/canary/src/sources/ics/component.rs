//! One VEVENT as the importer needs it: its times resolved, its recurrence parts, and the few
//! facts that decide what it becomes (status, transparency, busy status, the person's answer,
//! whether its title reads like a vacation). The SUMMARY is looked at here and dropped.

use calcard::icalendar::{
    ICalendarComponent, ICalendarDuration, ICalendarParameterName, ICalendarParameterValue,
    ICalendarParticipationStatus, ICalendarPeriod, ICalendarProperty, ICalendarRecurrenceRule,
    ICalendarStatus, ICalendarTransparency, ICalendarValue,
};
use jiff::tz::TimeZone;

use super::zone::{When, Zones};
use crate::sources::ImportContext;

/// `X-MICROSOFT-CDO-BUSYSTATUS`, which Outlook writes and which wins over `TRANSP`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BusyStatus {
    Free,
    Tentative,
    Busy,
    OutOfOffice,
    WorkingElsewhere,
}

/// What decides the kind of an occurrence. `None` is "not said": a modified occurrence takes
/// the master's value then (calcard leaves that inheritance to its callers).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct Props {
    pub cancelled: Option<bool>,
    pub transparent: Option<bool>,
    pub busy: Option<BusyStatus>,
    /// Whether the person is an attendee who declined; `None` when they are not listed.
    pub declined: Option<bool>,
    /// Whether the SUMMARY matches the vacation pattern; `None` without a SUMMARY.
    pub vacation_title: Option<bool>,
}

impl Props {
    /// These properties, with what is not said taken from the master's.
    pub(super) fn inherit(self, master: Props) -> Props {
        Props {
            cancelled: self.cancelled.or(master.cancelled),
            transparent: self.transparent.or(master.transparent),
            busy: self.busy.or(master.busy),
            declined: self.declined.or(master.declined),
            vacation_title: self.vacation_title.or(master.vacation_title),
        }
    }

    /// Whether the time shows as busy: the busy status when given, else `TRANSP`.
    pub(super) fn opaque(&self) -> bool {
        match self.busy {
            Some(BusyStatus::Free) => false,
            Some(_) => true,
            None => self.transparent != Some(true),
        }
    }
}

/// An RFC 5545 DURATION: nominal days (which follow the wall clock across DST changes) and
/// exact seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Nominal {
    pub days: i64,
    pub seconds: i64,
}

impl Nominal {
    fn from_ical(d: &ICalendarDuration) -> Nominal {
        let days = i64::from(d.weeks) * 7 + i64::from(d.days);
        let seconds = i64::from(d.hours) * 3600 + i64::from(d.minutes) * 60 + i64::from(d.seconds);
        if d.neg {
            Nominal {
                days: -days,
                seconds: -seconds,
            }
        } else {
            Nominal { days, seconds }
        }
    }
}

/// The end of an occurrence as given: a time, or a duration from its start.
#[derive(Debug, Clone)]
pub(super) enum End {
    At(When),
    For(Nominal),
}

/// An RDATE value: a start, and for a PERIOD its own end.
#[derive(Debug, Clone)]
pub(super) struct RDate {
    pub start: When,
    pub end: Option<End>,
}

/// One VEVENT.
#[derive(Debug, Clone)]
pub(super) struct Vevent {
    /// The line of its `BEGIN:VEVENT`, when known.
    pub line: Option<u64>,
    /// Which VCALENDAR of the file it came from.
    pub calendar: usize,
    pub uid: Option<String>,
    pub start: When,
    /// DTEND, else DURATION, if either was given and readable.
    pub end: Option<End>,
    /// Each RRULE, or the text calcard could not read as one.
    pub rules: Vec<Result<ICalendarRecurrenceRule, String>>,
    pub rdates: Vec<RDate>,
    pub exdates: Vec<When>,
    pub recurrence_id: Option<When>,
    pub sequence: i64,
    pub props: Props,
}

/// Read a VEVENT; `Err` says why it cannot be used at all.
pub(super) fn read(
    comp: &ICalendarComponent,
    line: Option<u64>,
    zones: &mut Zones<'_>,
    person: &TimeZone,
    ctx: &ImportContext,
    vacation: &[String],
) -> Result<Vevent, String> {
    let entries = &comp.entries;
    let dtstart = entries
        .iter()
        .find(|e| e.name == ICalendarProperty::Dtstart)
        .ok_or("VEVENT without DTSTART")?;
    let start = match dtstart.values.first() {
        Some(ICalendarValue::PartialDateTime(p)) => zones.when(p, dtstart.tz_id(), (person, false)),
        _ => None,
    }
    .ok_or("unreadable DTSTART")?;
    // Floating EXDATE, RDATE and RECURRENCE-ID values are read in the DTSTART's zone.
    let (zone, utc) = match &start {
        When::Time { at, utc, .. } => (at.time_zone().clone(), *utc),
        When::Day(_) => (person.clone(), false),
    };
    let fallback = (&zone, utc);

    let mut event = Vevent {
        line,
        calendar: 0,
        uid: comp.uid().map(str::to_string),
        start,
        end: None,
        rules: Vec::new(),
        rdates: Vec::new(),
        exdates: Vec::new(),
        recurrence_id: None,
        sequence: 0,
        props: Props::default(),
    };
    let mut duration = None;
    for entry in entries {
        let tzid = entry.tz_id();
        let first = entry.values.first();
        match &entry.name {
            ICalendarProperty::Dtend => {
                if let Some(ICalendarValue::PartialDateTime(p)) = first {
                    event.end = zones.when(p, tzid, fallback).map(End::At);
                }
            }
            ICalendarProperty::Duration => {
                if let Some(ICalendarValue::Duration(d)) = first {
                    duration = Some(Nominal::from_ical(d));
                }
            }
            ICalendarProperty::Rrule => event.rules.push(match first {
                Some(ICalendarValue::RecurrenceRule(r)) => Ok((**r).clone()),
                Some(ICalendarValue::Text(t)) => Err(t.clone()),
                _ => Err(String::new()),
            }),
            ICalendarProperty::Rdate => {
                for value in &entry.values {
                    if let Some(rdate) = rdate(value, tzid, zones, fallback) {
                        event.rdates.push(rdate);
                    }
                }
            }
            ICalendarProperty::Exdate => {
                for value in &entry.values {
                    if let ICalendarValue::PartialDateTime(p) = value
                        && let Some(when) = zones.when(p, tzid, fallback)
                    {
                        event.exdates.push(when);
                    }
                }
            }
            ICalendarProperty::RecurrenceId => {
                if let Some(ICalendarValue::PartialDateTime(p)) = first {
                    event.recurrence_id = zones.when(p, tzid, fallback);
                }
            }
            ICalendarProperty::Sequence => {
                if let Some(ICalendarValue::Integer(n)) = first {
                    event.sequence = *n;
                }
            }
            ICalendarProperty::Status => {
                if let Some(ICalendarValue::Status(s)) = first {
                    event.props.cancelled = Some(*s == ICalendarStatus::Cancelled);
                }
            }
            ICalendarProperty::Transp => {
                if let Some(ICalendarValue::Transparency(t)) = first {
                    event.props.transparent = Some(*t == ICalendarTransparency::Transparent);
                }
            }
            ICalendarProperty::Summary => {
                let title = first.and_then(|v| v.as_text()).unwrap_or("");
                event.props.vacation_title = Some(matches_any(title, vacation));
            }
            ICalendarProperty::Attendee => {
                let address = entry.calendar_address().unwrap_or("");
                let email = entry
                    .parameter(&ICalendarParameterName::Email)
                    .and_then(|v| v.as_text());
                let me = ctx.is_me(address, "") || email.is_some_and(|e| ctx.is_me(e, ""));
                if me {
                    let declined = entry.params.iter().any(|p| {
                        p.value
                            == ICalendarParameterValue::Partstat(
                                ICalendarParticipationStatus::Declined,
                            )
                    });
                    event.props.declined = Some(event.props.declined == Some(true) || declined);
                }
            }
            ICalendarProperty::Other(name)
                if name.eq_ignore_ascii_case("X-MICROSOFT-CDO-BUSYSTATUS") =>
            {
                event.props.busy = first.and_then(|v| v.as_text()).and_then(busy);
            }
            _ => {}
        }
    }
    if event.end.is_none() {
        event.end = duration.map(End::For);
    }
    Ok(event)
}

fn rdate(
    value: &ICalendarValue,
    tzid: Option<&str>,
    zones: &mut Zones<'_>,
    fallback: (&TimeZone, bool),
) -> Option<RDate> {
    match value {
        ICalendarValue::PartialDateTime(p) => Some(RDate {
            start: zones.when(p, tzid, fallback)?,
            end: None,
        }),
        ICalendarValue::Period(ICalendarPeriod::Range { start, end }) => Some(RDate {
            start: zones.when(start, tzid, fallback)?,
            end: Some(End::At(zones.when(end, tzid, fallback)?)),
        }),
        ICalendarValue::Period(ICalendarPeriod::Duration { start, duration }) => Some(RDate {
            start: zones.when(start, tzid, fallback)?,
            end: Some(End::For(Nominal::from_ical(duration))),
        }),
        _ => None,
    }
}

fn busy(value: &str) -> Option<BusyStatus> {
    Some(match value.trim().to_ascii_uppercase().as_str() {
        "FREE" => BusyStatus::Free,
        "TENTATIVE" => BusyStatus::Tentative,
        "BUSY" => BusyStatus::Busy,
        "OOF" => BusyStatus::OutOfOffice,
        "WORKINGELSEWHERE" => BusyStatus::WorkingElsewhere,
        _ => return None,
    })
}

/// Whether `text` contains one of the phrases (lowercase) as whole words, ignoring case.
pub(super) fn matches_any(text: &str, phrases: &[String]) -> bool {
    let text = text.to_lowercase();
    phrases.iter().any(|phrase| contains_words(&text, phrase))
}

fn contains_words(text: &str, phrase: &str) -> bool {
    if phrase.is_empty() {
        return false;
    }
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    text.match_indices(phrase).any(|(i, _)| {
        boundary(text[..i].chars().next_back()) && boundary(text[i + phrase.len()..].chars().next())
    })
}
