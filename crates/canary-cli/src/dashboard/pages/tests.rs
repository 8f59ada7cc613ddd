//! Imported and typed-in text reaches the pages escaped: a hostile string in each field a page
//! shows comes out as text, never as markup.

use canary::Settings;
use canary::app::PeriodQuery;
use canary::app::Workspace;
use canary::journal::{Checkin, SupportKind};
use canary::store::{SkipRecord, SourceSummary, Store};
use jiff::{Timestamp, ToSpan};

use crate::dashboard::app::build;

const HOSTILE: &str = "<script>alert(1)</script>\"'&";
const ESCAPED: &str = "&lt;script&gt;alert(1)&lt;/script&gt;&quot;'&amp;";

fn now() -> Timestamp {
    "2026-11-27T17:30:00Z".parse().unwrap()
}

/// A page holds the hostile string only escaped, `times` times at least.
fn assert_escaped(page: &str, times: usize, what: &str) {
    assert!(!page.contains(HOSTILE), "{what}: raw in the page:\n{page}");
    assert!(
        !page.contains("<script"),
        "{what}: a script tag in the page:\n{page}"
    );
    let found = page.matches(ESCAPED).count();
    assert!(
        found >= times,
        "{what}: escaped {found} times, expected {times}:\n{page}"
    );
}

/// A store with the hostile string in every field a user or an import can fill.
fn hostile_store() -> Store {
    let store = Store::open_in_memory().unwrap();
    let long_ago = now().checked_sub((60 * 24).hours()).unwrap();
    store
        .support_add(HOSTILE, SupportKind::Friend, long_ago)
        .unwrap();
    store
        .agreement_add(&format!("no pages at night {HOSTILE}"), now())
        .unwrap();
    store.profile_set("manager", HOSTILE).unwrap();
    store
        .save_checkin(&Checkin {
            taken_at: Some(now()),
            stress: Some(3),
            sleep: None,
            exercise: None,
            social: None,
            hobby: None,
            note: Some(HOSTILE.to_string()),
        })
        .unwrap();
    store
        .start_run(
            canary::event::SourceKind::Git,
            &format!("/home/{HOSTILE}"),
            now(),
        )
        .unwrap();
    store
}

#[test]
fn hostile_text_in_the_store_is_escaped_on_every_page() {
    let ws = Workspace::new(hostile_store(), Settings::default(), false);
    let mut snap = build(&ws, &PeriodQuery::default(), now()).unwrap();
    // A source name and a skipped record's place and reason, as an importer would report them.
    snap.sources.push(SourceSummary {
        source: HOSTILE.to_string(),
        events: 1,
        first: now(),
        last: now(),
    });
    // The run's path, as `sources.toml` names it (the store holds only its hash).
    snap.runs[0].0.path = Some(format!("/home/{HOSTILE}"));
    snap.runs[0].1.push(SkipRecord {
        location: format!("{HOSTILE}:3"),
        reason: HOSTILE.to_string(),
    });

    // The check-in's note: on the overview (latest) and the check-in page (earlier ones).
    let overview = super::overview(&snap).into_string();
    assert_escaped(&overview, 1, "overview: check-in note");
    let checkin = super::checkin(&snap, "t0k3n").into_string();
    assert_escaped(&checkin, 1, "check-in: note");

    // The support contact (in the action to get in touch), the agreement and the manager's
    // name (in the follow-up draft).
    let plan = super::plan(&snap, "t0k3n").into_string();
    assert!(
        plan.contains(&format!("no contact with {ESCAPED} for 60 days")),
        "support contact:\n{plan}"
    );
    assert!(plan.contains(&format!("Hi {ESCAPED},")), "manager:\n{plan}");
    assert!(
        plan.contains(&format!("- no pages at night {ESCAPED}")),
        "agreement:\n{plan}"
    );
    assert_escaped(&plan, 3, "plan");

    // The source's name, the run's path, the skipped record's place and reason.
    let sources = super::sources(&snap).into_string();
    assert!(
        sources.contains(&format!("<td>/home/{ESCAPED}</td>")),
        "{sources}"
    );
    assert!(
        sources.contains(&format!("<li>{ESCAPED}:3: {ESCAPED}</li>")),
        "{sources}"
    );
    assert_escaped(&sources, 4, "sources");
}

#[test]
fn the_form_token_is_an_attribute_value_and_escaped() {
    let ws = Workspace::new(hostile_store(), Settings::default(), false);
    let snap = build(&ws, &PeriodQuery::default(), now()).unwrap();
    let page = super::checkin(&snap, HOSTILE).into_string();
    assert!(
        page.contains(&format!(
            "<input type=\"hidden\" name=\"token\" value=\"{ESCAPED}\">"
        )),
        "{page}"
    );
    assert!(!page.contains(HOSTILE));
}

#[test]
fn a_questionnaires_meaning_and_crisis_message_are_escaped() {
    let page = super::assess_result(
        canary::assessment::instruments::Instrument::Who5,
        HOSTILE,
        Some(HOSTILE),
    )
    .into_string();
    assert!(page.contains(&format!("<pre id=\"assess-result\">{ESCAPED}</pre>")));
    assert!(page.contains(&format!("<p class=\"crisis\" role=\"alert\">{ESCAPED}</p>")));
    assert!(!page.contains(HOSTILE));
}

#[test]
fn the_sources_page_shows_each_path_s_freshness() {
    let ws = Workspace::new(hostile_store(), Settings::default(), false);
    let mut snap = build(&ws, &PeriodQuery::default(), now()).unwrap();
    let page = super::sources(&snap).into_string();
    assert!(!page.contains("Freshness"), "no recorded paths, no table");
    snap.freshness.push(canary::app::sync::PathFreshness {
        source: "zsh".into(),
        path: "/home/pat/.zsh_history".into(),
        synced_at: Some(now()),
        last_new_at: None,
        newest_event: None,
        problem: None,
        quiet_days: Some(5),
    });
    let page = super::sources(&snap).into_string();
    assert!(page.contains("<td>/home/pat/.zsh_history</td>"), "{page}");
    assert!(page.contains("no new events for 5 days"), "{page}");
}

#[test]
fn the_time_page_shows_personal_time_apart_and_only_when_there_is_some() {
    let ws = Workspace::new(hostile_store(), Settings::default(), false);
    let mut snap = build(&ws, &PeriodQuery::default(), now()).unwrap();
    let page = super::time(&snap).into_string();
    assert!(
        !page.contains("Personal time"),
        "no personal events, no line"
    );
    snap.report.personal = canary::model::PersonalTime {
        events: 12,
        hours: 3.5,
        days: 2,
        sources: vec!["activitywatch".into(), HOSTILE.into()],
    };
    let page = super::time(&snap).into_string();
    assert!(
        page.contains("Personal time, not counted as work"),
        "{page}"
    );
    assert!(page.contains("3.5 h on 2 days"), "{page}");
    assert_escaped(&page, 1, "time: personal sources");
}
