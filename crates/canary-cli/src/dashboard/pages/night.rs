//! A night (`/night/DATE`): every event that touches the sleep window that started on DATE,
//! the rows `canary events --night DATE` lists, with local times, kinds in words and the
//! source, under one count: the person's own activity, as the Time page counts the night.

use maud::{Markup, html};

use super::events::event_table;
use super::period_layout;
use crate::dashboard::app::Snapshot;
use crate::dashboard::charts::count;
use canary::app::EventRow;

/// The night that started on `night`; `None` (404) for a night outside the report's period.
pub fn night(s: &Snapshot, night: jiff::civil::Date, rows: &[EventRow]) -> Option<Markup> {
    let r = &s.report;
    if night < r.period.since || night > r.period.until {
        return None;
    }
    let mine = rows.iter().filter(|e| e.activity).count() as u64;
    let others = rows.len() as u64 - mine;
    let body = html! {
        p id="night-count" data-count=(mine) {
            strong { (count(mine, "event", "events")) } " of yours in the sleep window that started on "
            (night.strftime("%A %-d %B %Y").to_string()) "."
            @if others > 0 {
                " Also listed: " (count(others, "event", "events"))
                " that are not your activity (mail received), not counted."
            }
        }
        p class="filters" {
            "The same list as " code { "canary events --night " (night) } "."
        }
        (event_table("night-events", rows))
        p { a href=(s.link("/time")) { "Back to Time" } "." }
    };
    Some(period_layout(
        s,
        &format!("Night of {night}"),
        "/time",
        body,
    ))
}
