//! Team health without exposure (`/health`, demo only): what the demo's members shared with a
//! team server and what their manager could see of it (groups of at least k, released weeks
//! frozen), the requests the server refused, and a deletion after release.

use maud::{Markup, html};

use super::{TeamView, layout};
use crate::cmd::team::WEEKS;

/// A figure of a released week, or why there is none.
fn figure(week: &serde_json::Value, key: &str) -> String {
    if week["suppressed"] == true {
        return "hidden".into();
    }
    match week["figures"][key].as_f64() {
        Some(x) if key == "reporting" => format!("{x:.0}"),
        Some(x) => format!("{x:.1}"),
        None => "hidden (fewer than k shared it)".into(),
    }
}

/// The columns of the manager's view: (JSON key, heading).
const COLUMNS: [(&str, &str); 4] = [
    ("reporting", "Reporting"),
    ("interruptions_mean", "Pages (mean)"),
    ("sleep_nights_mean", "Sleep-window nights (mean)"),
    ("hours_mean", "Hours (mean)"),
];

pub(super) fn page(view: &TeamView) -> Option<Markup> {
    let d = view.health.as_ref()?;
    let dl = &d.deletion;
    let body = html! {
        p {
            "A team server ran on 127.0.0.1 with a throwaway store in memory. Every member enrolled with a one-time token and shared "
            (WEEKS[0]) " to " (WEEKS[WEEKS.len() - 1])
            ": pages and sleep-window nights from their own pages; four of them also shared hours. A manager sees a group's week only when at least "
            strong { "k = " (d.k) }
            " members reported it, and each figure only when at least k shared it."
        }
        ul {
            @for (g, names) in &d.groups {
                li { "Group " strong { (g) } ": " (names.len()) " members" }
            }
        }
        @for v in &d.manager_view {
            h2 { "What the manager sees of " (v["group"].as_str().unwrap_or("?")) }
            table class="health" {
                thead {
                    tr {
                        th scope="col" { "Week" }
                        @for (_, h) in COLUMNS { th scope="col" { (h) } }
                    }
                }
                tbody {
                    @for w in v["weeks"].as_array().into_iter().flatten() {
                        tr {
                            th scope="row" { (w["week"].as_str().unwrap_or("")) }
                            @for (k, _) in COLUMNS { td { (figure(w, k)) } }
                        }
                    }
                }
            }
        }
        p class="how" {
            "“hidden”: fewer than k members reported that week, so nothing is shown, not even how many did."
        }
        h2 { "Refused, as they must be" }
        ul class="refusals" {
            @for r in &d.refusals {
                li {
                    @if r.status == r.expected { "✔ refused —" } @else { "✘ NOT refused as expected —" }
                    " " (r.attempt) ": HTTP " (r.status)
                }
            }
        }
        h2 { "Deleting what you shared" }
        p {
            (dl.member) " deleted " (dl.week) ": their weeks on the server went from "
            (dl.own_weeks_before) " to " (dl.own_weeks_after) ". The manager's figures for that week "
            @if dl.released_figures_unchanged {
                "stayed exactly as first released, so two reads cannot be subtracted to find one person"
            } @else {
                "changed — this should not happen"
            }
            "."
        }
        p { "The audit log holds " (d.audit_entries) " entries (who read or changed what)." }
    };
    Some(layout(
        view,
        "Team health without exposure",
        "/health",
        body,
    ))
}
