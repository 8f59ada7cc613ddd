//! On-call (`/oncall`): the pages in the period, emergency or not, by band, and while on call
//! or off the rotation; pages per week by band and emergency or not, as stacked bars.

use canary::model::{PagesDetail, WeekRow};
use maud::{Markup, html};

use super::period_layout;
use crate::dashboard::app::Snapshot;
use crate::dashboard::charts::{BAND_SERIES, Drill, Row, count, pattern_defs, stacked_chart_links};
use crate::dashboard::layout::h1;

/// Minutes as the terminal says them: `4 min`, `1.3 h`.
fn mins(m: f64) -> String {
    super::events::minutes_words((m * 60.0).round() as i64)
}

/// Which services page, at which hours, and how fast they are acknowledged.
fn which_alerts(s: &Snapshot, d: &PagesDetail) -> Markup {
    let hours: Vec<Row> = d
        .by_hour
        .iter()
        .enumerate()
        .map(|(h, &n)| {
            (
                format!("{h:02}:00–{h:02}:59: {}", count(n, "page", "pages")),
                (h % 3 == 0).then(|| format!("{h:02}")),
                vec![n],
            )
        })
        .collect();
    let links: Vec<Drill> = d
        .by_hour
        .iter()
        .enumerate()
        .map(|(h, &n)| {
            (
                s.events_link(&[("kind", "page"), ("hour", &h.to_string())]),
                u64::from(n),
            )
        })
        .collect();
    html! {
        h2 { "Which alerts page you" }
        p { "The noisiest non-emergency services first: the pages worth fixing or routing elsewhere." }
        @if d.by_service.is_empty() {
            p { "No pages in this period." }
        } @else {
            div class="scroll" {
                table id="by-service" class="nowrap" {
                    thead {
                        tr {
                            th scope="col" { "Service" }
                            th scope="col" class="num" { "Not emergency" }
                            th scope="col" class="num" { "…in personal time" }
                            th scope="col" class="num" { "Emergency" }
                            th scope="col" class="num" { "All pages" }
                        }
                    }
                    tbody {
                        @for sv in &d.by_service {
                            tr {
                                td { (sv.service) }
                                td class="num" { (sv.non_emergency) }
                                td class="num" { (sv.personal_time) }
                                td class="num" { (sv.emergency) }
                                td class="num" { (sv.pages) }
                            }
                        }
                    }
                }
            }
        }
        h2 { "Time to acknowledge" }
        p id="tta" {
            @match (d.ack_median_minutes, d.ack_p90_minutes) {
                (Some(m), Some(p)) => {
                    "From an incident's first page to your acknowledgement: median "
                    strong { (mins(m)) } ", 90th percentile " strong { (mins(p)) }
                    " (" (count(d.acked, "incident", "incidents")) " acknowledged"
                    @if d.unacked > 0 { ", " (d.unacked) " never by you" }
                    ")."
                },
                _ => {
                    "No acknowledged incident in this period"
                    @if d.unacked > 0 { " (" (count(d.unacked, "incident", "incidents")) " paged, none acknowledged by you)" }
                    "."
                },
            }
        }
        h2 { "Pages by hour of the day" }
        (stacked_chart_links(
            "phour",
            "Pages by local hour of the day",
            "The figures, hour by hour",
            &[("Pages", "ibar", "solid")],
            &hours,
            &links,
        ))
    }
}

pub fn oncall(s: &Snapshot, detail: &PagesDetail) -> Markup {
    let r = &s.report;
    let i = &r.interruptions;
    let label = |k: usize, wk: &WeekRow| k.is_multiple_of(4).then(|| wk.week[5..].to_string());
    // Pages per week by band, stacked; each band has its own pattern and a labelled swatch.
    let bands: Vec<Row> = r
        .weeks
        .iter()
        .enumerate()
        .map(|(k, wk)| {
            let c = &wk.pages_by_band;
            (
                format!(
                    "{}: {} pages — {} business hours, {} off hours, {} sleep window, {} day off, {} vacation",
                    wk.week,
                    wk.pages,
                    c.business,
                    c.off_hours,
                    c.sleep,
                    c.non_working_day,
                    c.vacation
                ),
                label(k, wk),
                vec![c.business, c.off_hours, c.sleep, c.non_working_day, c.vacation],
            )
        })
        .collect();
    // Emergency or not, per week.
    let emergency: Vec<Row> = r
        .weeks
        .iter()
        .enumerate()
        .map(|(k, wk)| {
            let not = wk.pages.saturating_sub(wk.pages_emergency);
            (
                format!(
                    "{}: {} pages — {} emergency, {} not ({} of them in personal time), {} h engaged",
                    wk.week,
                    wk.pages,
                    wk.pages_emergency,
                    not,
                    wk.pages_personal_time,
                    h1(wk.engaged_hours)
                ),
                label(k, wk),
                vec![wk.pages_emergency, not],
            )
        })
        .collect();
    let week_links: Vec<Drill> = r
        .weeks
        .iter()
        .map(|wk| {
            (
                s.events_link(&[("kind", "page"), ("week", &wk.week)]),
                u64::from(wk.pages),
            )
        })
        .collect();
    let body = html! {
        @if !i.measured {
            @if let Some(h) = ["pagerduty", "opsgenie"].iter().find_map(|s| r.coverage.outside(s)) {
                p {
                    "On-call data is imported (" (h.source) ", " (h.events) " events from "
                    (h.first) " to " (h.last) ") but none of it falls in this period."
                }
            } @else {
                p { "No on-call source imported (e.g. " code { "canary import pagerduty FILE" } ")." }
            }
        }
        ul class="figures" {
            li { (i.pages) " pages: " (i.emergency) " emergency, " (i.non_emergency) " not" }
            li { (i.non_emergency_outside_hours) " non-emergency pages in personal time" }
            li { (i.nights_interrupted) " nights interrupted" }
            li { (h1(i.engaged_hours)) " h engaged on incidents, " (i.acks) " acknowledgements" }
            @if i.on_call_declared {
                li {
                    (i.pages_on_call) " pages while you were on call, "
                    strong { (i.pages_off_rotation) } " while you were not"
                }
            } @else {
                li {
                    "Declare when you are on call ("
                    code { "canary config set oncall.rotation FIRST/EVERY-N-WEEKS/DAYS" }
                    ") to see the pages that reach you outside it."
                }
            }
        }
        (which_alerts(s, detail))
        h2 { "Pages by band" }
        table {
            tbody {
                tr { th scope="row" { "Business hours" } td { (i.by_band.business) } }
                tr { th scope="row" { "Off hours" } td { (i.by_band.off_hours) } }
                tr { th scope="row" { "Sleep window" } td { (i.by_band.sleep) } }
                tr { th scope="row" { "Days off" } td { (i.by_band.non_working_day) } }
                tr { th scope="row" { "Vacation" } td { (i.by_band.vacation) } }
            }
        }
        // The patterns once per page (ids are unique), for both charts below.
        (pattern_defs())
        h2 { "Pages per week by band" }
        (stacked_chart_links(
            "pweek",
            "Pages per week, stacked by band",
            "The figures, week by week",
            &BAND_SERIES,
            &bands,
            &week_links,
        ))
        h2 { "Emergency or not, per week" }
        (stacked_chart_links(
            "eweek",
            "Pages per week: emergency (by your rules) and not",
            "The figures, week by week",
            &[
                ("Emergency", "ibar", "solid"),
                ("Not an emergency", "ibar pat-hatch", "url(#pat-hatch)"),
            ],
            &emergency,
            &week_links,
        ))
    };
    period_layout(s, "On-call", "/oncall", body)
}
