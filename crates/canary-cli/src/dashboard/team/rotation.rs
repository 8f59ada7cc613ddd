//! The rotation proposal (`/rotation`): primary and secondary per week, each member's burden
//! before and after, and the balance against plain round-robin.

use maud::{Markup, html};

use super::{TeamView, layout};

pub(super) fn page(view: &TeamView) -> Option<Markup> {
    let (roster, p) = view.rotation.as_ref()?;
    let name = |i: Option<usize>| {
        i.and_then(|i| roster.members.get(i))
            .map_or("— no one available —", |m| m.name.as_str())
    };
    let body = html! {
        ul class="figures" {
            li { "Balance of cumulative burden now: " strong { (format!("{:.2}", p.balance_before)) } }
            li {
                "After this proposal: " strong { (format!("{:.2}", p.balance_after)) }
                " (" (p.method) ")"
            }
            li {
                "Plain round-robin on the same history would give "
                (format!("{:.2}", p.balance_round_robin))
            }
        }
        h2 { "Proposed weeks" }
        table {
            thead {
                tr {
                    th scope="col" { "Week of" }
                    th scope="col" { "Primary" }
                    th scope="col" { "Secondary" }
                }
            }
            tbody {
                @for w in &p.weeks {
                    tr {
                        th scope="row" { (w.start) }
                        td { (name(w.primary)) }
                        td { (name(w.secondary)) }
                    }
                }
            }
        }
        h2 { "Burden per person" }
        table {
            thead {
                tr {
                    th scope="col" { "Member" }
                    th scope="col" { "Burden so far" }
                    th scope="col" { "After the proposal" }
                }
            }
            tbody {
                @for (i, m) in roster.members.iter().enumerate() {
                    tr {
                        th scope="row" { (m.name) }
                        td { (format!("{:.0}", p.burden_before.get(i).copied().unwrap_or(0.0))) }
                        td { (format!("{:.0}", p.burden_after.get(i).copied().unwrap_or(0.0))) }
                    }
                }
            }
        }
        p class="how" {
            "Burden weighs each past page by when it hit the person: 1 in business hours, 2 off hours, on a day off or on vacation, 3 in the sleep window. Week by week, the eligible person who has carried least so far is primary and the next least is secondary (so no one is their own secondary); anyone who declared themselves unavailable that week, or was primary in the rest weeks just before, is not eligible. If plain round-robin would come out more even on the same history, round-robin is proposed instead. Export it with "
            code { "canary team rotate --csv" } " or " code { "--ics" } "."
        }
    };
    Some(layout(view, "Rotation proposal", "/rotation", body))
}
