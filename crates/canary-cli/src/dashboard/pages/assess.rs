//! A questionnaire's result (`/assess/ID`): what the latest answers mean, with the crisis
//! message when they point to one (the summary `canary assess` prints), or where to answer it.

use canary::assessment::instruments::Instrument;
use maud::{Markup, html};

use super::layout;

/// The page for a questionnaire not answered yet.
pub fn assess_none(instrument: Instrument) -> Markup {
    layout(
        instrument.title(),
        "/checkin",
        html! {
            p {
                "Not answered yet. "
                a href="/checkin" { "Answer it on the check-in page" } "."
            }
        },
    )
}

/// What a questionnaire just submitted scores and means.
pub fn assess_result(instrument: Instrument, meaning: &str, crisis: Option<&str>) -> Markup {
    let body = html! {
        @if let Some(c) = crisis {
            p class="crisis" role="alert" { (c) }
        }
        p { "Your latest answers, saved. What they mean:" }
        pre id="assess-result" { (meaning) }
        p {
            a href="/" { "See it on the overview" } " · "
            a href="/checkin" { "Back to the check-in" } "."
        }
    };
    layout(instrument.title(), "/checkin", body)
}
