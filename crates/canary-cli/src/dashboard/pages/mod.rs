//! The personal dashboard's pages, one module each: plain HTML with server-side SVG charts, no
//! scripts. Every chart has its figures in text too (titles on each mark, tables or lists
//! beside it), and marks that stand out carry a pattern and a label, never colour alone.
//!
//! Each page is a function of the [`Snapshot`](super::app::Snapshot) (and the form token where it has forms) to
//! `maud` markup; [`layout()`] puts it in the page with the navigation.

mod assess;
mod checkin;
mod night;
mod oncall;
mod overview;
mod plan;
mod sources;
mod time;

#[cfg(test)]
mod tests;

use maud::{Markup, html};

pub(super) use assess::{assess_none, assess_result};
pub(super) use checkin::checkin;
pub(super) use night::night;
pub(super) use oncall::oncall;
pub(super) use overview::overview;
pub(super) use plan::plan;
pub(super) use sources::sources;
pub(super) use time::time;

use super::layout;

const NAV: [(&str, &str); 6] = [
    ("/", "Overview"),
    ("/time", "Time"),
    ("/oncall", "On-call"),
    ("/checkin", "Check-in"),
    ("/plan", "Plan"),
    ("/sources", "Sources"),
];

/// A personal dashboard page: `body` under `title`, with `current` marked in the navigation.
fn layout(title: &str, current: &str, body: Markup) -> Markup {
    layout::page(
        &NAV,
        "Local dashboard: everything stays on this machine.",
        title,
        current,
        body,
    )
}

pub(super) fn not_found() -> Markup {
    layout(
        "Not found",
        "",
        html! { p { "Nothing here. " a href="/" { "Back to the overview" } "." } },
    )
}

/// A check-in in one line: scales, yes/no answers and the note.
fn checkin_line(c: &canary::journal::Checkin) -> String {
    let n = |v: Option<u8>| v.map(|v| format!("{v}/5")).unwrap_or("—".into());
    let y = |v: Option<bool>| match v {
        Some(true) => "yes",
        Some(false) => "no",
        None => "—",
    };
    format!(
        "{}: stress {}, sleep {}, exercise {}, people {}, hobby {}{}",
        c.taken_at
            .map_or("?".into(), |t| t.strftime("%Y-%m-%d %H:%M").to_string()),
        n(c.stress),
        n(c.sleep),
        y(c.exercise),
        y(c.social),
        y(c.hobby),
        c.note
            .as_deref()
            .map(|n| format!(" — “{n}”"))
            .unwrap_or_default()
    )
}
