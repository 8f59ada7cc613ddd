//! A night (`/night/DATE`): every event that touches the sleep window that started on DATE,
//! the rows `canary events --night DATE` lists, with the report's summary of that night.

use maud::{Markup, html};

use super::period_layout;
use crate::dashboard::app::Snapshot;
use canary::app::EventRow;

/// The night that started on `night`; `None` (404) for a night outside the report's period.
pub fn night(s: &Snapshot, night: jiff::civil::Date, rows: &[EventRow]) -> Option<Markup> {
    let r = &s.report;
    if night < r.period.since || night > r.period.until {
        return None;
    }
    let body = html! {
        @match r.sleep.recent.iter().find(|n| n.night == night) {
            Some(n) => p { (n.events) " events in the sleep window that started on " (night) "." },
            None => p { "The night that started on " (night) "." },
        }
        p {
            "Every event that touches this night's sleep window (" (rows.len()) " in all), as "
            code { "canary events --night " (night) } " lists them:"
        }
        @if rows.is_empty() {
            p id="night-events" { "None." }
        } @else {
            table id="night-events" {
                thead {
                    tr {
                        th scope="col" { "Local time" }
                        th scope="col" { "Band" }
                        th scope="col" { "Kind" }
                        th scope="col" { "Source" }
                        th scope="col" { "Duration" }
                    }
                }
                tbody {
                    @for ev in rows {
                        tr {
                            td { (ev.local) }
                            td { (ev.band.as_str()) }
                            td { (ev.kind.as_str()) }
                            td { (ev.source.as_str()) }
                            td {
                                @if let Some(d) = ev.duration_seconds { (d / 60) " min" }
                            }
                        }
                    }
                }
            }
        }
        p { a href=(s.link("/time")) { "Back to Time" } "." }
    };
    Some(period_layout(
        s,
        &format!("Night of {night}"),
        "/time",
        body,
    ))
}
