//! Names from the inputs (responders in the exports, roster members, code areas, the cost
//! inputs' currency) reach the team pages escaped.

use canary::team::cost::{CostInputs, compute};
use canary::team::demo::{OVERLOADED, SPOF, demo_team};
use canary::team::fairness::OVERLOAD_THRESHOLD;
use canary::team::oncall::team_oncall;
use canary::team::rotate::{RotateOptions, propose};
use canary::team::spof::analyse;

use super::TeamView;
use crate::cmd::team::SpofReport;

const HOSTILE: &str = "<script>alert(1)</script>\"'&";
const ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;'&amp;";

/// The demo team with its overloaded member and its single point of failure's area renamed
/// to the hostile string.
fn hostile_view() -> TeamView {
    let now = canary::demo::demo_now();
    let mut team = demo_team(now);
    for m in &mut team.roster.members {
        if m.name == OVERLOADED {
            m.name = HOSTILE.to_string();
        }
    }
    for r in &mut team.events {
        if r.responder == OVERLOADED {
            r.responder = HOSTILE.to_string();
        }
    }
    for w in &mut team.code {
        if w.area == SPOF.1 {
            w.area = HOSTILE.to_string();
        }
    }
    let oncall = team_oncall(&team.roster, &team.events, OVERLOAD_THRESHOLD);
    let opts = RotateOptions {
        start: "2026-11-30".parse().unwrap(),
        weeks: 4,
        primary_load: 10.0,
        secondary_load: 2.0,
        rest_weeks: 1,
    };
    let history = vec![0.0; team.roster.members.len()];
    let rotation = propose(&team.roster.members, &history, &opts);
    let cost = compute(&CostInputs {
        currency: Some(HOSTILE.to_string()),
        ..CostInputs::default()
    })
    .unwrap();
    TeamView {
        name: HOSTILE.to_string(),
        oncall: Some(oncall),
        spof: Some(SpofReport {
            code_areas: analyse(&team.code),
            services: analyse(&team.services),
        }),
        rotation: Some((team.roster, rotation)),
        cost: Some(cost),
        health: None,
        provenance: vec![HOSTILE.to_string()],
    }
}

fn assert_escaped(page: &str, times: usize, what: &str) {
    assert!(!page.contains(HOSTILE), "{what}: raw in the page:\n{page}");
    assert!(!page.contains("<script"), "{what}: a script tag:\n{page}");
    let found = page.matches(ESCAPED).count();
    assert!(
        found >= times,
        "{what}: escaped {found} times, expected {times}:\n{page}"
    );
}

#[test]
fn hostile_names_are_escaped_on_every_team_page() {
    let view = hostile_view();
    // Every page: the team's name in the title and heading, the provenance in the footer.
    let oncall = super::oncall::page(&view).into_string();
    assert!(
        oncall.contains(&format!("<strong>Overloaded: {ESCAPED}</strong>")),
        "{oncall}"
    );
    // Title, heading, footer, the bar's title, the figures' list, the table's row, the notice.
    assert_escaped(&oncall, 7, "on-call fairness");
    let spof = super::spof::page(&view).unwrap().into_string();
    assert!(
        spof.contains(&format!(
            "<th scope=\"row\">{ESCAPED} <strong>(single point of failure)</strong></th>"
        )),
        "{spof}"
    );
    assert_escaped(&spof, 4, "single points of failure");
    let rotation = super::rotation::page(&view).unwrap().into_string();
    assert!(
        rotation.contains(&format!("<th scope=\"row\">{ESCAPED}</th>")),
        "{rotation}"
    );
    assert_escaped(&rotation, 4, "rotation");
    let cost = super::cost::page(&view).unwrap().into_string();
    assert!(
        cost.contains(&format!(" {ESCAPED}</strong> a year")),
        "{cost}"
    );
    assert_escaped(&cost, 4, "cost");
    let missing = super::not_found_page(&view).into_string();
    assert_escaped(&missing, 3, "not found");
}
