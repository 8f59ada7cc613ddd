//! The personal dashboard's pages, one module each: plain HTML with server-side SVG charts, no
//! scripts. Every chart has its figures in text too (titles on each mark, tables or lists
//! beside it), and marks that stand out carry a pattern and a label, never colour alone.
//!
//! Each page is a function of the [`Snapshot`](super::app::Snapshot) (and the form token where it has forms) to
//! `maud` markup; [`layout()`] puts it in the page with the navigation.

mod assess;
mod checkin;
mod events;
mod night;
mod oncall;
mod overview;
mod pending_alerts;
mod plan;
mod sources;
mod time;

#[cfg(test)]
mod tests;

use maud::{Markup, html};

use super::app::Snapshot;

pub(super) use assess::{assess_none, assess_result};
pub(super) use checkin::{checkin, questionnaire_page};
pub(super) use events::{band_words, events, kind_words};
pub(super) use night::night;
pub(super) use oncall::oncall;
pub(super) use overview::overview;
pub(super) use plan::plan;
pub(super) use sources::sources;
pub(super) use time::time;

use super::layout;

/// The weekdays' names, Monday first.
pub(super) const DAY_NAMES: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

const NAV: [(&str, &str); 6] = [
    ("/", "Overview"),
    ("/time", "Time"),
    ("/oncall", "On-call"),
    ("/checkin", "Check-in"),
    ("/plan", "Plan"),
    ("/sources", "Sources"),
];

/// A personal dashboard page without a period (a questionnaire's result, errors): `body`
/// under `title`, with `current` marked in the navigation.
fn layout(title: &str, current: &str, body: Markup) -> Markup {
    layout::page(
        &NAV,
        "",
        "Local dashboard: everything stays on this machine.",
        title,
        current,
        body,
    )
}

/// A page of the snapshot's period: the navigation keeps the period, and the picker above the
/// body shows it and moves it (the same forms as `canary report --since/--until`).
fn period_layout(s: &Snapshot, title: &str, current: &str, body: Markup) -> Markup {
    period_layout_keeping(s, title, current, &[], body)
}

/// [`period_layout`] for a page whose own parameters (`keep`: the events page's filters, in
/// their canonical forms) the picker and its links keep while the period moves.
fn period_layout_keeping(
    s: &Snapshot,
    title: &str,
    current: &str,
    keep: &[(&str, String)],
    body: Markup,
) -> Markup {
    let nav = &s.period;
    let r = &s.report.period;
    let extra: String = keep.iter().map(|(k, v)| format!("&{k}={v}")).collect();
    let moved = |q: &str| format!("{current}{q}{extra}");
    let plain = if extra.is_empty() {
        current.to_string()
    } else {
        format!("{current}?{}", &extra[1..])
    };
    let picker = html! {
        form class="period" method="get" action=(current) aria-label="Period" {
            @for (k, v) in keep { input type="hidden" name=(k) value=(v); }
            span class="period-dates" { (r.since) " – " (r.until) " (" (r.days) " days)" }
            @if let Some(q) = &nav.earlier { a href=(moved(q)) rel="prev" { "← earlier" } }
            @if let Some(q) = &nav.later { a href=(moved(q)) rel="next" { "later →" } }
            label { "From " input name="since" size="10" placeholder="2026-03, 3m"
                value=[nav.query.since.map(|b| b.to_string())]; }
            label { " to " input name="until" size="10" placeholder="today"
                value=[nav.query.until.map(|b| b.to_string())]; }
            button type="submit" { "Show" }
            " " a href=(plain) { "last 26 weeks" }
            " · " a href=(moved("?all=1")) { "everything" }
        }
    };
    layout::page(
        &NAV,
        &nav.qs,
        "Local dashboard: everything stays on this machine.",
        title,
        current,
        html! { (picker) (body) },
    )
}

/// The page for a period the URL asks for that cannot be shown.
pub(super) fn bad_period(reason: &str) -> Markup {
    layout(
        "Period not understood",
        "",
        html! {
            p id="period-error" { (reason) }
            p { a href="/" { "Back to the overview of the last 26 weeks" } "." }
        },
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
