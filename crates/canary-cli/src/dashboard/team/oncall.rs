//! On-call fairness (`/`): per responder, pages by band in their own zone and windows, and the
//! team's balance, Gini and overload, as a stacked bar per responder and a table.

use canary::team::oncall::{ResponderStats, TeamOncall};
use maud::{Markup, html};

use super::{TeamView, layout};
use crate::dashboard::charts::{BAND_SERIES, Row, pattern_defs, stacked_chart};

/// How many times the team mean `r` carries, when the mean is not zero.
fn times_mean(t: &TeamOncall, r: &ResponderStats) -> Option<f64> {
    (t.mean_interruptions > 0.0).then(|| f64::from(r.interruptions) / t.mean_interruptions)
}

pub(super) fn page(view: &TeamView) -> Markup {
    let Some(t) = &view.oncall else {
        return layout(
            view,
            "On-call fairness",
            "/",
            html! {
                p {
                    "No on-call exports were given ("
                    code { "canary team dashboard --oncall EXPORT" } ")."
                }
            },
        );
    };
    let overloaded = |name: &str| t.overloaded.iter().any(|o| o.responder == name);
    // Axis labels share the chart's width: cut long names (the bar's title, the list below
    // the chart and the table keep them whole).
    let fits = ((730.0 / t.responders.len().max(1) as f64) / 7.0)
        .floor()
        .max(3.0) as usize;
    let short = |name: &str, marks: &str| {
        let room = fits.saturating_sub(marks.chars().count()).max(2);
        let cut: String = if name.chars().count() > room {
            name.chars().take(room - 1).chain(['…']).collect()
        } else {
            name.to_string()
        };
        format!("{cut}{marks}")
    };
    let rows: Vec<Row> = t
        .responders
        .iter()
        .map(|r| {
            let c = r.by_band;
            let mark = if overloaded(&r.responder) {
                " (overloaded)"
            } else {
                ""
            };
            (
                format!(
                    "{}{mark}: {} pages — {} business hours, {} off hours, {} sleep window, {} day off, {} vacation",
                    r.responder, r.interruptions, c[0], c[1], c[2], c[3], c[4]
                ),
                Some(short(
                    &r.responder,
                    &format!(
                        "{}{}",
                        if r.in_roster { "" } else { " *" },
                        if overloaded(&r.responder) { " ⚠" } else { "" }
                    ),
                )),
                c.to_vec(),
            )
        })
        .collect();
    // Scheduled hours only when schedules were given.
    let scheduled = t.responders.iter().any(|r| r.oncall_hours.is_some());
    let body = html! {
        ul class="figures" {
            li {
                (t.responders.len()) " responders, "
                (t.responders.iter().map(|r| r.interruptions).sum::<u32>()) " pages in all, "
                (format!("{:.1}", t.mean_interruptions)) " per responder on average"
            }
            li {
                "Balance " strong { (format!("{:.2}", t.balance)) }
                " (1 is perfectly even: the mean, over every pair of responders, of the smaller count divided by the larger)"
            }
            li {
                "Gini " strong { (format!("{:.2}", t.gini)) }
                " (0 is perfectly even, 1 is one person carrying everything)"
            }
        }
        @if t.overloaded.is_empty() {
            p { "No one carries more than the overload threshold times the team mean." }
        }
        @for o in &t.overloaded {
            p class="crisis" {
                strong { "Overloaded: " (o.responder) }
                " took " (o.interruptions) " pages, " (format!("{:.1}", o.times_mean))
                "× the team mean (" (format!("{:.1}", o.above_mean)) " more than it)."
            }
        }
        (pattern_defs())
        h2 { "Pages per responder, by band in their own time zone" }
        (stacked_chart(
            "presp",
            "Pages per responder, stacked by band (each in their own zone, hours and sleep window)",
            "The figures, responder by responder",
            &BAND_SERIES,
            &rows,
        ))
        p class="legend" {
            "⚠ marks a responder over the overload threshold."
            @if t.responders.iter().any(|r| !r.in_roster) {
                " * marks a responder the exports name who is not in the roster: measured with the roster's default zone, hours and sleep window; add them to the roster with their own."
            }
        }
        @if t.unlisted_left_out > 0 {
            p {
                (t.unlisted_left_out)
                " paged responder(s) not in the roster are left out of these figures ("
                code { "--roster-only" } ")."
            }
        }
        h2 { "Per responder" }
        table class="responders" {
            thead {
                tr {
                    th scope="col" { "Responder" }
                    th scope="col" { "Pages" }
                    th scope="col" { "× mean" }
                    th scope="col" { "Off hours" }
                    th scope="col" { "Sleep window" }
                    th scope="col" { "Weekend" }
                    th scope="col" { "Interrupted nights" }
                    th scope="col" { "Longest run of nights" }
                    th scope="col" { "Engaged h" }
                    @if scheduled { th scope="col" { "On call h" } }
                }
            }
            tbody {
                @for r in &t.responders {
                    tr {
                        th scope="row" {
                            (r.responder)
                            @if !r.in_roster { " *" }
                            @if overloaded(&r.responder) { " " strong { "(overloaded)" } }
                        }
                        td { (r.interruptions) }
                        td { (times_mean(t, r).map_or("—".to_string(), |x| format!("{x:.1}"))) }
                        td { (r.off_hours) }
                        td { (r.sleep) }
                        td { (r.weekend) }
                        td { (r.interrupted_nights) }
                        td { (r.longest_night_run) }
                        td { (format!("{:.1}", r.engaged_secs as f64 / 3600.0)) }
                        @if scheduled {
                            td { (r.oncall_hours.map_or("—".to_string(), |h| format!("{h:.0}"))) }
                        }
                    }
                }
            }
        }
        p class="how" {
            "Every responder is measured against their own time zone, working hours and sleep window from the roster, so a page at 03:00 in Sydney is a sleep-window page for the person in Sydney. Pages of one incident within 60 s count once. “Off hours” are outside working hours on working days; “weekend” is Saturday and Sunday in the responder's zone; a night is named by the date its sleep window starts."
        }
    };
    layout(view, "On-call fairness", "/", body)
}
