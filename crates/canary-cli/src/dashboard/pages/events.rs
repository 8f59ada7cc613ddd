//! Events (`/events?…`): the events behind any figure, with the filters of `canary events`
//! (`kind`, `source`, `band`, `night`, `week`, `day`, `weekday`, `hour`, `activity`) and the
//! period, each with its local time, its kind and band in words and its source. Every chart
//! mark links here; the count above the list is the figure the mark shows.

use canary::app::EventRow;
use canary::time::Band;
use canary::{EventKind, SourceKind};
use maud::{Markup, html};

use super::period_layout_keeping;
use crate::dashboard::app::Snapshot;
use crate::dashboard::charts::count;

/// Rows listed at most; the count above says how many there are in all.
pub const EVENTS_SHOWN: usize = 2000;

/// An event's kind in words.
pub fn kind_words(k: EventKind) -> &'static str {
    match k {
        EventKind::Commit => "commit",
        EventKind::Command => "shell command",
        EventKind::MailSent => "mail sent",
        EventKind::MailReceived => "mail received",
        EventKind::Meeting => "meeting",
        EventKind::OutOfOffice => "out of office",
        EventKind::Holiday => "holiday",
        EventKind::Page => "page",
        EventKind::Ack => "acknowledgement",
        EventKind::Incident => "incident work",
        EventKind::ChatMessage => "chat message",
        EventKind::ActiveSpan => "computer use",
        EventKind::Other => "other",
    }
}

/// A band in words.
pub fn band_words(b: Band) -> &'static str {
    match b {
        Band::Business => "business hours",
        Band::OffHours => "off hours",
        Band::Sleep => "sleep window",
        Band::NonWorkingDay => "day off",
        Band::Vacation => "vacation",
    }
}

/// A source in words (its command-line name, which is already a word).
pub fn source_words(s: SourceKind) -> &'static str {
    s.as_str()
}

/// An event's local time as a person reads it (`Tue 2026-11-03 23:12`), from its RFC 3339
/// local form; the form itself when it cannot be read.
pub fn local_words(local: &str) -> String {
    local
        .get(..19)
        .and_then(|s| s.parse::<jiff::civil::DateTime>().ok())
        .map_or_else(
            || local.to_string(),
            |t| t.strftime("%a %Y-%m-%d %H:%M").to_string(),
        )
}

/// A duration given in seconds, in the words the terminal uses for durations
/// ([`canary::words::duration_minutes`]: "45 min", "2.1 h").
pub fn minutes_words(secs: i64) -> String {
    canary::words::duration_minutes(secs.max(0) as f64 / 60.0)
}

/// The table of events (shared with the night page).
pub fn event_table(id: &str, rows: &[EventRow]) -> Markup {
    let shown = &rows[rows.len().saturating_sub(EVENTS_SHOWN)..];
    html! {
        @if rows.is_empty() {
            p id=(id) { "No events match." }
        } @else {
            @if shown.len() < rows.len() {
                p { "The latest " (shown.len()) " are listed." }
            }
            div class="scroll" {
                table id=(id) class="events" {
                    thead {
                        tr {
                            th scope="col" { "Local time" }
                            th scope="col" { "Kind" }
                            th scope="col" { "Source" }
                            th scope="col" { "Band" }
                            th scope="col" class="num" { "Lasted" }
                        }
                    }
                    tbody {
                        @for ev in shown {
                            tr {
                                td { time datetime=(ev.local) { (local_words(&ev.local)) } }
                                td {
                                    (kind_words(ev.kind))
                                    @if !ev.activity { " (not your activity)" }
                                }
                                td { (source_words(ev.source)) }
                                td { (band_words(ev.band)) }
                                td class="num" {
                                    @if let Some(d) = ev.duration_seconds { (minutes_words(d)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The events page: what was asked for in words, the count, the list.
/// The filters of a query as the events page's parameters, in their canonical forms (so that
/// the period picker keeps them).
pub fn filter_params(q: &canary::app::EventQuery) -> Vec<(&'static str, String)> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    out.extend(q.kinds.iter().map(|k| ("kind", k.as_str().to_string())));
    out.extend(q.sources.iter().map(|s| ("source", s.as_str().to_string())));
    out.extend(q.band.map(|b| ("band", b.as_str().to_string())));
    out.extend(q.night.map(|d| ("night", d.to_string())));
    out.extend(q.week.clone().map(|w| ("week", w)));
    out.extend(q.day.map(|d| ("day", d.to_string())));
    const WEEKDAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    out.extend(
        q.weekday
            .and_then(|d| WEEKDAYS.get(usize::from(d)))
            .map(|d| ("weekday", (*d).to_string())),
    );
    out.extend(q.hour.map(|h| ("hour", h.to_string())));
    if q.activity_only {
        out.push(("activity", "1".to_string()));
    }
    out
}

pub fn events(
    s: &Snapshot,
    q: &canary::app::EventQuery,
    asked: &[String],
    cli: &str,
    rows: &[EventRow],
) -> Markup {
    let body = html! {
        p class="filters" {
            @if asked.is_empty() { "All events of the period." } @else {
                "Only: " (asked.join("; ")) ". "
            }
            " The same list as " code { "canary events " (cli) } "."
        }
        p id="events-count" data-count=(rows.len()) {
            strong { (count(rows.len() as u64, "event", "events")) }
        }
        (event_table("events", rows))
        p { a href=(s.link("/time")) { "Time" } " · " a href=(s.link("/oncall")) { "On-call" } }
    };
    period_layout_keeping(s, "Events", "/events", &filter_params(q), body)
}
