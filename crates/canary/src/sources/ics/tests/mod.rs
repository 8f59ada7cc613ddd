//! Unit tests of the iCalendar importer, on small calendars written here.

mod kinds;
mod recurrence;
mod robust;

use std::path::Path;

use super::read_bytes;
use crate::event::{Event, EventKind};
use crate::sources::{ImportError, Location, VecSink, test_context};

/// A VCALENDAR around `body` (VEVENTs), with CRLF line ends as exporters write them.
fn cal(body: &str) -> String {
    let body = body.trim().replace('\n', "\r\n");
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:test\r\n{body}\r\nEND:VCALENDAR\r\n")
}

/// Import `ics` with these options and the person's mail addresses.
fn import_with(
    ics: &str,
    options: &[(&str, &str)],
    emails: &[&str],
) -> (Result<(), ImportError>, VecSink) {
    let mut ctx = test_context();
    ctx.identities.emails = emails
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    ctx.options = crate::sources::test_options(crate::event::SourceKind::Ics, options);
    let mut sink = VecSink::default();
    let result = read_bytes(ics.as_bytes(), Path::new("cal.ics"), &ctx, &mut sink);
    (result, sink)
}

/// Import `ics` (no options), expecting success.
fn import(ics: &str) -> VecSink {
    let (result, sink) = import_with(ics, &[], &[]);
    result.unwrap();
    sink
}

/// `kind start(UTC) duration` of every event, in order.
fn summary(events: &[Event]) -> Vec<String> {
    events
        .iter()
        .map(|e| format!("{} {} {}", e.kind, e.utc, e.duration.unwrap_or(-1)))
        .collect()
}

fn keys(events: &[Event]) -> Vec<&str> {
    events.iter().map(|e| e.key.as_str()).collect()
}

fn skips(sink: &VecSink) -> Vec<String> {
    let f = |(at, why): &(Location, String)| format!("{at}: {why}");
    sink.skipped.iter().map(f).collect()
}

fn of_kind(events: &[Event], kind: EventKind) -> usize {
    events.iter().filter(|e| e.kind == kind).count()
}
