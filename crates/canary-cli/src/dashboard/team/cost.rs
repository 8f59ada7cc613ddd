//! The cost of burnout (`/cost`): the yearly total and its lines, every input marked as given
//! or assumed.

use canary::team::cost::money;
use maud::{Markup, html};

use super::{TeamView, layout};

pub(super) fn page(view: &TeamView) -> Option<Markup> {
    let r = view.cost.as_ref()?;
    let cur = &r.currency;
    let body = html! {
        p {
            "About " strong { (money(r.total)) " " (cur) } " a year for this team ("
            (money(r.per_person)) " " (cur)
            " per person), as the sum below. Every figure is an input you can change; the ones marked “assumption” are defaults, not your team's numbers."
        }
        table {
            thead {
                tr {
                    th scope="col" { "Cost" }
                    th scope="col" { "Per year" }
                    th scope="col" { "How" }
                }
            }
            tbody {
                @for l in &r.lines {
                    tr {
                        th scope="row" { (l.name) }
                        td { (money(l.amount)) " " (cur) }
                        td { (l.formula) }
                    }
                }
            }
        }
        h2 { "Inputs" }
        table {
            thead {
                tr {
                    th scope="col" { "Input" }
                    th scope="col" { "Key" }
                    th scope="col" { "Value" }
                    th scope="col" { "Source" }
                }
            }
            tbody {
                @for u in &r.inputs {
                    tr {
                        th scope="row" { (u.label) }
                        td { code { (u.key) } }
                        td { (u.value) }
                        td {
                            @if u.assumed { strong { "assumption" } " (default)" } @else { "given" }
                        }
                    }
                }
            }
        }
        p class="how" {
            "Give your own figures in a TOML file: "
            code { "canary team cost --inputs costs.toml --html cost.html" } "."
        }
    };
    Some(layout(view, "Cost of burnout", "/cost", body))
}
