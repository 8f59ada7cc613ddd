//! Single points of failure (`/spof`): code areas and services, most concentrated first, with
//! the bus factor and who is left holding an area when its top person is away.

use canary::team::spof::AreaRisk;
use maud::{Markup, html};

use super::{TeamView, layout, pct};

/// A table of areas, or `none` when there are none.
fn area_table(caption: &str, areas: &[AreaRisk], none: Markup) -> Markup {
    if areas.is_empty() {
        return html! { p { (none) } };
    }
    html! {
        table class="areas" {
            caption { (caption) }
            thead {
                tr {
                    th scope="col" { "Area" }
                    th scope="col" { "People" }
                    th scope="col" { "Carried most by" }
                    th scope="col" { "Their share" }
                    th scope="col" { "Bus factor" }
                    th scope="col" { "If they are away" }
                }
            }
            tbody {
                @for a in areas {
                    tr {
                        th scope="row" {
                            (a.area)
                            @if a.is_spof() { " " strong { "(single point of failure)" } }
                        }
                        td { (a.people) }
                        td { (a.top) }
                        td {
                            meter min="0" max="1" value=(format!("{:.3}", a.top_share)) title=(pct(a.top_share)) {}
                            " " (pct(a.top_share))
                        }
                        td { (a.bus_factor) }
                        td {
                            @match &a.left_holding {
                                Some((who, share)) => { (who) " carries " (pct(*share)) " of the rest" },
                                None => strong { "no one else has touched it" },
                            }
                        }
                    }
                }
            }
        }
    }
}

pub(super) fn page(view: &TeamView) -> Option<Markup> {
    let s = view.spof.as_ref()?;
    let spofs = s
        .code_areas
        .iter()
        .chain(&s.services)
        .filter(|a| a.is_spof())
        .count();
    let body = html! {
        p {
            strong { (spofs) } " of " (s.code_areas.len() + s.services.len())
            " areas and services rest on one person (bus factor 1: a single person carries more than half of the work)."
        }
        h2 { "Code areas (git)" }
        (area_table(
            "Code areas",
            &s.code_areas,
            html! { "No repositories given (" code { "--repo PATH" } "), or no commits in them." },
        ))
        h2 { "Services (incidents)" }
        (area_table(
            "Services",
            &s.services,
            html! { "No on-call exports given (" code { "--oncall EXPORT" } "), or no pages in them." },
        ))
        p class="how" {
            "Bus factor: the fewest people who together carry more than half of an area's work (commits' changed files for code, incidents handled for services). “If they are away”: who carries the most of what is left without the top person, and their share of it — the person to cross-train first."
        }
    };
    Some(layout(view, "Single points of failure", "/spof", body))
}
