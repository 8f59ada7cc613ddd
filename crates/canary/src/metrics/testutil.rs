//! Helpers for the metrics tests: a fixed zone (Europe/Berlin, from the bundled database,
//! never the machine's) and events written in local time.

use std::collections::HashSet;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

use crate::event::{Event, EventKind, SourceKind};
use crate::metrics::classify::ClassifyInput;
use crate::metrics::period::PeriodSpec;
use crate::settings::Settings;

pub fn settings() -> Settings {
    Settings {
        timezone: "Europe/Berlin".into(),
        ..Settings::default()
    }
}

pub fn berlin() -> TimeZone {
    jiff::tz::TimeZoneDatabase::bundled()
        .get("Europe/Berlin")
        .unwrap()
}

pub fn date(s: &str) -> Date {
    s.parse().unwrap()
}

/// A Berlin wall-clock time (`2026-03-10T08:00`) as an instant; the earlier one when the
/// clock time happens twice.
pub fn ts(local: &str) -> Timestamp {
    let dt: DateTime = local.parse().unwrap();
    berlin().to_ambiguous_timestamp(dt).earlier().unwrap()
}

fn source_of(kind: EventKind) -> SourceKind {
    match kind {
        EventKind::Commit => SourceKind::Git,
        EventKind::Command => SourceKind::Zsh,
        EventKind::MailSent | EventKind::MailReceived => SourceKind::Maildir,
        EventKind::Meeting | EventKind::OutOfOffice | EventKind::Holiday => SourceKind::Ics,
        EventKind::Page | EventKind::Ack | EventKind::Incident => SourceKind::Pagerduty,
        EventKind::ChatMessage => SourceKind::Slack,
        EventKind::ActiveSpan => SourceKind::Activitywatch,
        EventKind::Other => SourceKind::Csv,
    }
}

/// A point event of the person's at a Berlin local time.
pub fn ev(local: &str, kind: EventKind) -> Event {
    Event::mine(ts(local), kind, source_of(kind), format!("{local}/{kind}"))
}

/// A span event of the person's from a Berlin local time, lasting `secs`.
pub fn span(local: &str, kind: EventKind, secs: i64) -> Event {
    let mut e = ev(local, kind);
    e.duration = Some(secs);
    e
}

/// An empty identity set: every event without an actor is the person's.
pub fn nobody() -> &'static HashSet<String> {
    static EMPTY: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    EMPTY.get_or_init(HashSet::new)
}

/// Input over an explicit period.
pub fn input<'a>(
    events: &'a [Event],
    settings: &'a Settings,
    now: &str,
    since: &str,
    until: &str,
) -> ClassifyInput<'a> {
    ClassifyInput {
        events,
        settings,
        now: ts(now),
        my_actors: nobody(),
        period: PeriodSpec::between(date(since), date(until)),
    }
}
