//! Preparation: from the raw events to the person's plausible events, each placed once in
//! local time, band, workday and night.
//!
//! ```text
//! all events ──mine?──► absences (out-of-office, holiday) ──► vacation / holiday days
//!                  └──► before 1990 / after now ──► Excluded (counted, a few shown)
//!                  └──► the rest, near the period ──► Item { event, placed, day }
//!                                                 └─ personal? ──► Prepared::personal
//! ```
//!
//! Personal events (by the person's `[personal]` rules, see [`Event::personal`]) are placed
//! like the rest but kept apart: no work metric reads them; the report shows their time
//! separately. Absences count whoever's calendar they came from.
//!
//! Every later metric reads [`Item`]s, so no event is classified twice. Not for: filtering
//! by kind for a metric (each metric decides what it counts).

use std::collections::HashSet;

use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

use super::constants::{ABSENCE_MAX_DAYS, EXCLUDED_SAMPLES};
use super::period::{PeriodSpan, PeriodSpec, add_days, rfc3339_utc};
use super::worktime;
use crate::event::{Event, EventKind, SourceKind};
use crate::model::{EventRef, Excluded};
use crate::settings::Settings;
use crate::time::{Classifier, Implausible, Placed, plausibility};

/// One of the person's plausible events, placed.
#[derive(Debug, Clone, Copy)]
pub struct Item<'a> {
    pub event: &'a Event,
    pub placed: Placed,
    /// Start, Unix seconds.
    pub start: i64,
    /// End of the activity in Unix seconds: the start for point events, the capped end for
    /// spans (see [`worktime::activity_end`]), never after "now".
    pub end: i64,
    /// Index of the workday in the period; `None` when the event only lies near it (its
    /// working time may still reach into the period).
    pub day: Option<u32>,
}

impl Item<'_> {
    /// Whether this is a trace of the person working (not a received mail).
    pub fn is_activity(&self) -> bool {
        worktime::is_activity(self.event.kind)
    }
}

/// Everything the metrics share.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    pub classifier: Classifier,
    /// The zone name actually used (`UTC` when the configured one is unknown).
    pub timezone: String,
    pub span: PeriodSpan,
    /// The person's work events: what every metric reads.
    pub items: Vec<Item<'a>>,
    /// Their personal events, placed the same way, never counted as work.
    pub personal: Vec<Item<'a>>,
    pub excluded: Excluded,
}

/// Whether an event is the person's: no actor (their own shell, their own mailbox), or an
/// actor whose hash is one of their identities.
pub fn is_mine(event: &Event, my_actors: &HashSet<String>) -> bool {
    event.actor.as_ref().is_none_or(|a| my_actors.contains(a))
}

/// Whether `event` is a copy of a message already taken from another mail source: the same
/// message imported both as mbox and as Maildir (the store keeps one per source) counts once.
/// Both importers key a message by its Message-ID, so the keys match across them.
pub fn is_mail_copy<'e>(event: &'e Event, seen: &mut HashSet<&'e str>) -> bool {
    matches!(event.source, SourceKind::Mbox | SourceKind::Maildir)
        && matches!(event.kind, EventKind::MailSent | EventKind::MailReceived)
        && !seen.insert(event.key.as_str())
}

/// What preparation reads: the events, whose they are, the settings, the period and "now".
#[derive(Debug, Clone, Copy)]
pub struct ClassifyInput<'a> {
    /// All events that may matter, in any order (preparation filters by period and
    /// plausibility).
    pub events: &'a [Event],
    pub settings: &'a Settings,
    /// The instant the figures are for; events after it are "in the future".
    pub now: Timestamp,
    /// Hashes of the person's identities (see [`crate::privacy`]): an event whose `actor` is
    /// one of these is theirs, as is every event with no actor.
    pub my_actors: &'a HashSet<String>,
    pub period: PeriodSpec,
}

/// Prepare the input: filter, split off absences and implausible dates, place the rest.
pub fn prepare<'a>(input: &ClassifyInput<'a>) -> Prepared<'a> {
    let (mut classifier, timezone) = match Classifier::new(input.settings) {
        Ok(c) => (c, input.settings.timezone.clone()),
        Err(_) => {
            let utc = Settings {
                timezone: "UTC".into(),
                ..input.settings.clone()
            };
            (
                Classifier::new(&utc).expect("UTC always resolves"),
                "UTC".to_string(),
            )
        }
    };
    let now = input.now;
    let span = input.period.resolve(now, classifier.zone());
    let (lo, hi) = window(classifier.zone(), &span);
    let mut excluded = Excluded {
        before_1990: 0,
        in_future: 0,
        samples: Vec::new(),
    };
    let mut vacation = Vec::new();
    let mut holidays = Vec::new();
    let mut kept: Vec<&Event> = Vec::with_capacity(input.events.len());
    let mut personal: Vec<&Event> = Vec::new();
    let mut mail_keys = HashSet::new();
    for e in input
        .events
        .iter()
        .filter(|e| is_mine(e, input.my_actors) && !is_mail_copy(e, &mut mail_keys))
    {
        if e.kind.is_absence() {
            let days = absence_days(&classifier, e);
            match e.kind {
                EventKind::Holiday => holidays.extend(days),
                _ => vacation.extend(days),
            }
            continue;
        }
        match plausibility(e.utc, now) {
            Some(why) => {
                match why {
                    Implausible::BeforeEarliest => excluded.before_1990 += 1,
                    Implausible::InFuture => excluded.in_future += 1,
                }
                if excluded.samples.len() < EXCLUDED_SAMPLES {
                    excluded.samples.push(EventRef {
                        local: rfc3339_utc(e.utc),
                        kind: e.kind.to_string(),
                        source: e.source.to_string(),
                    });
                }
            }
            None if e.utc <= hi && e.end() >= lo && e.personal => personal.push(e),
            None if e.utc <= hi && e.end() >= lo => kept.push(e),
            None => {}
        }
    }
    classifier.add_vacation_days(vacation);
    classifier.add_holidays(holidays);

    let now_s = now.as_second();
    let place = |event: &'a Event| {
        let placed = classifier.place(event.utc, event.offset);
        let start = event.utc.as_second();
        Item {
            event,
            placed,
            start,
            end: worktime::activity_end(event)
                .as_second()
                .min(now_s)
                .max(start),
            day: span.index(placed.workday).map(|i| i as u32),
        }
    };
    let items = kept.into_iter().map(place).collect();
    let personal = personal.into_iter().map(place).collect();
    Prepared {
        classifier,
        timezone,
        span,
        items,
        personal,
        excluded,
    }
}

/// The instants worth placing: from two days before the period (spans and lead times reach
/// forward, and an event's own offset may differ from the zone's by up to a day) to two days
/// after it, and never after "now".
fn window(zone: &TimeZone, span: &PeriodSpan) -> (Timestamp, Timestamp) {
    let at = |d: jiff::civil::Date| {
        zone.to_ambiguous_timestamp(d.to_datetime(jiff::civil::Time::midnight()))
            .compatible()
            .ok()
    };
    let lo = at(add_days(span.since, -2)).unwrap_or(Timestamp::MIN);
    let hi = at(add_days(span.until, 3))
        .unwrap_or(Timestamp::MAX)
        .min(span.now);
    (lo, hi)
}

/// The local dates an absence covers: from its start date to the date of its last second
/// (an all-day event from midnight to midnight covers one date), at most a year.
fn absence_days(classifier: &Classifier, e: &Event) -> Vec<jiff::civil::Date> {
    let first = classifier.local(e.utc, e.offset).date();
    let last = match e.duration {
        Some(d) if d > 0 => {
            let end = e
                .utc
                .checked_add(SignedDuration::from_secs(d - 1))
                .unwrap_or(e.utc);
            classifier.local(end, e.offset).date()
        }
        _ => first,
    };
    let mut out = Vec::new();
    let mut d = first;
    while d <= last && (out.len() as i64) < ABSENCE_MAX_DAYS {
        out.push(d);
        d = add_days(d, 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::metrics::testutil::{date, ev, input, settings, span, ts};
    use crate::time::Band;
    use std::collections::HashSet;

    #[test]
    fn future_and_1979_events_are_excluded_and_shown() {
        let mut old = ev("2026-03-10T10:00", EventKind::Commit);
        old.utc = "1979-05-01T12:00:00Z".parse().unwrap();
        let events = vec![
            old,
            ev("2026-03-10T11:00", EventKind::Command),
            ev("2026-03-19T11:00", EventKind::Command),
        ];
        let s = settings();
        let p = prepare(&input(
            &events,
            &s,
            "2026-03-18T12:00",
            "2026-03-09",
            "2026-03-18",
        ));
        assert_eq!(p.excluded.before_1990, 1);
        assert_eq!(p.excluded.in_future, 1);
        assert_eq!(p.excluded.samples.len(), 2);
        assert_eq!(p.excluded.samples[0].local, "1979-05-01T12:00:00Z");
        assert_eq!(p.excluded.samples[0].kind, "commit");
        assert_eq!(p.excluded.samples[0].source, "git");
        assert_eq!(p.items.len(), 1);
        assert_eq!(p.items[0].day, Some(1));
    }

    #[test]
    fn only_my_events_count() {
        let mut theirs = ev("2026-03-10T11:00", EventKind::Commit);
        theirs.actor = Some("someone-else".into());
        let mut also_me = ev("2026-03-10T12:00", EventKind::Commit);
        also_me.actor = Some("my-hash".into());
        let events = vec![theirs, also_me, ev("2026-03-10T13:00", EventKind::Command)];
        let s = settings();
        let me: HashSet<String> = ["my-hash".to_string()].into();
        let mut i = input(&events, &s, "2026-03-18T12:00", "2026-03-09", "2026-03-18");
        i.my_actors = &me;
        let p = prepare(&i);
        assert_eq!(p.items.len(), 2);
        assert!(
            p.items
                .iter()
                .all(|it| it.event.actor.as_deref() != Some("someone-else"))
        );
    }

    #[test]
    fn a_message_imported_from_two_mail_sources_counts_once() {
        // The same message (same Message-ID key) from an mbox and from a Maildir, and a
        // different message at the same minute: two items, not three.
        let mut from_mbox = ev("2026-03-10T11:00", EventKind::MailSent);
        from_mbox.source = SourceKind::Mbox;
        from_mbox.key = "<a@example.org>".into();
        let mut from_maildir = from_mbox.clone();
        from_maildir.source = SourceKind::Maildir;
        let mut other = from_maildir.clone();
        other.key = "<b@example.org>".into();
        // A calendar event sharing the key is not mail: kept.
        let mut meeting = ev("2026-03-10T11:00", EventKind::Meeting);
        meeting.key = "<a@example.org>".into();
        let events = vec![from_mbox, from_maildir, other, meeting];
        let s = settings();
        let p = prepare(&input(
            &events,
            &s,
            "2026-03-18T12:00",
            "2026-03-09",
            "2026-03-18",
        ));
        let keys: Vec<(&str, SourceKind)> = p
            .items
            .iter()
            .map(|i| (i.event.key.as_str(), i.event.source))
            .collect();
        assert_eq!(
            keys,
            [
                ("<a@example.org>", SourceKind::Mbox),
                ("<b@example.org>", SourceKind::Maildir),
                ("<a@example.org>", SourceKind::Ics),
            ]
        );
    }

    #[test]
    fn out_of_office_days_become_vacation() {
        // An all-day out-of-office on Tuesday and Wednesday (midnight to midnight, 48 h), a
        // holiday on Thursday; the commits on those days are placed accordingly.
        let events = vec![
            span("2026-03-10T00:00", EventKind::OutOfOffice, 48 * 3600),
            span("2026-03-12T00:00", EventKind::Holiday, 24 * 3600),
            ev("2026-03-10T10:00", EventKind::Commit),
            ev("2026-03-11T10:00", EventKind::Commit),
            ev("2026-03-12T10:00", EventKind::Commit),
            ev("2026-03-13T10:00", EventKind::Commit),
        ];
        let s = settings();
        let p = prepare(&input(
            &events,
            &s,
            "2026-03-18T12:00",
            "2026-03-09",
            "2026-03-18",
        ));
        let bands: Vec<Band> = p.items.iter().map(|i| i.placed.band).collect();
        assert_eq!(
            bands,
            [
                Band::Vacation,
                Band::Vacation,
                Band::NonWorkingDay,
                Band::Business
            ]
        );
        assert!(p.classifier.is_vacation(date("2026-03-11")));
        assert!(!p.classifier.is_vacation(date("2026-03-12")));
        assert!(!p.classifier.is_working_day(date("2026-03-12")));
    }

    #[test]
    fn spans_are_clipped_at_now() {
        let events = vec![span("2026-03-18T11:00", EventKind::Meeting, 3 * 3600)];
        let s = settings();
        let p = prepare(&input(
            &events,
            &s,
            "2026-03-18T12:00",
            "2026-03-09",
            "2026-03-18",
        ));
        assert_eq!(p.items[0].end, ts("2026-03-18T12:00").as_second());
    }

    #[test]
    fn unknown_zone_falls_back_to_utc() {
        let s = Settings {
            timezone: "Mars/Olympus".into(),
            ..settings()
        };
        let events = vec![ev("2026-03-10T10:00", EventKind::Commit)];
        let p = prepare(&input(
            &events,
            &s,
            "2026-03-18T12:00",
            "2026-03-09",
            "2026-03-18",
        ));
        assert_eq!(p.timezone, "UTC");
        assert_eq!(p.items[0].placed.local.hour(), 9);
    }
}
