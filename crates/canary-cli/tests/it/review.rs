//! `canary review`: the monthly review on the kept demo store (text snapshot, JSON, `--since`,
//! HTML), saving it with `--done` and the plan showing the dates and the action done.

use crate::common;

use common::{Demo, Home, json_of};

#[test]
fn demo_review_reads_like_a_review() {
    let demo = Demo::new();
    let text = demo.text(&["review"]);
    for section in [
        "# Your monthly review — 2026-11-27",
        "Since your last review on 2026-10-28: 2026-10-29 to 2026-11-27 (30 days)",
        "Your note from that review:",
        "## Then and now",
        "## Your boundaries in the period",
        "## Your plan",
        "## Check-ins",
        "## Questionnaires",
        "Neglected longest: **Sam (school friend)**",
        "## Questions for this month",
        "## What to adjust",
        "not a diagnosis",
    ] {
        assert!(text.contains(section), "missing {section:?} in\n{text}");
    }
    insta::assert_snapshot!("demo_review", text);
}

#[test]
fn review_json_has_the_documented_fields() {
    let demo = Demo::new();
    let r = json_of(&demo.run(&["review", "--json"]));
    assert_eq!(r["today"], "2026-11-27");
    assert_eq!(r["periods"]["basis"], "since_last_review");
    assert_eq!(r["periods"]["last_review"], "2026-10-28");
    assert_eq!(r["periods"]["current"]["since"], "2026-10-29");
    assert_eq!(r["periods"]["current"]["until"], "2026-11-27");
    assert_eq!(r["periods"]["current"]["days"], 30);
    assert_eq!(r["periods"]["previous"]["since"], "2026-09-29");
    assert_eq!(r["periods"]["previous"]["until"], "2026-10-28");
    assert_eq!(r["next_due"], "2026-12-27");
    assert_eq!(r["max_weekly_hours"], 45.0);
    let ids: Vec<&str> = r["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "mean_weekly_hours",
            "after_hours_share",
            "sleep_nights",
            "days_off_worked",
            "pages_personal_time",
            "mail_outside_hours"
        ]
    );
    for f in r["figures"].as_array().unwrap() {
        for key in ["label", "unit", "then", "now", "change", "better", "words"] {
            assert!(f.get(key).is_some(), "figure without {key}: {f}");
        }
    }
    assert_eq!(r["boundaries"].as_array().unwrap().len(), 3);
    assert!(r["actions_open"].as_array().unwrap().len() >= 3);
    assert_eq!(r["checkins"]["current"]["count"], 0);
    assert_eq!(r["questionnaires"][0]["instrument"], "cbi");
    assert_eq!(r["questionnaires"][1]["instrument"], "who5");
    assert!(r["crisis"].is_null());
    assert_eq!(r["support"]["longest"]["name"], "Sam (school friend)");
    assert_eq!(r["support"]["neglected"], true);
    assert!(r["questions"].as_array().unwrap().len() >= 5);
    assert!(
        r["adjust"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a.as_str().unwrap().contains("canary review --done"))
    );
}

#[test]
fn done_then_the_plan_shows_the_dates_and_the_action_done() {
    let demo = Demo::new();
    let plan = demo.text(&["plan"]);
    assert!(
        plan.contains("Last review on 2026-10-28; next due 2026-11-27 — **due**"),
        "{plan}"
    );
    let saved = demo.text(&["review", "--done", "--note", "mail cut-off at 19:00"]);
    assert_eq!(
        saved.trim(),
        "Saved your review of 2026-10-29 to 2026-11-27. The next one is due 2026-12-27."
    );
    let plan = demo.text(&["plan"]);
    assert!(
        plan.contains("Last review on 2026-11-27; next due 2026-12-27."),
        "{plan}"
    );
    assert!(plan.contains("- [x] **Review your boundaries once a month** (`m-monthly-review`)"));
    let p = json_of(&demo.run(&["plan", "--json"]));
    assert_eq!(p["review"]["last"], "2026-11-27");
    assert_eq!(p["review"]["next"], "2026-12-27");
    assert_eq!(p["review"]["status"], "upcoming");
    let monthly = p["month"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == "m-monthly-review")
        .unwrap()
        .clone();
    assert_eq!(monthly["status"], "done");
    assert_eq!(monthly["done_on"], "2026-11-27");
    assert_eq!(p["progress"][0], 3);

    // Reading the review again right after saving it shows the same period, with the note.
    let r = json_of(&demo.run(&["review", "--json"]));
    assert_eq!(r["periods"]["basis"], "last_review_again");
    assert_eq!(r["periods"]["current"]["since"], "2026-10-29");
    assert_eq!(r["last_note"], "mail cut-off at 19:00");

    // `plan done` / `plan undo` still work on the action, and undo says why it stays done.
    demo.run(&["plan", "done", "m-monthly-review"]);
    let undo = demo.text(&["plan", "undo", "m-monthly-review"]);
    assert!(undo.contains("Marked m-monthly-review not done."), "{undo}");
    assert!(undo.contains("saved a review on 2026-11-27"), "{undo}");
}

#[test]
fn since_sets_the_first_day_and_html_is_written() {
    let demo = Demo::new();
    let page = demo.home.dir.path().join("review.html");
    let r = json_of(&demo.run(&["review", "--since", "2026-11-01", "--json"]));
    assert_eq!(r["periods"]["basis"], "asked");
    assert_eq!(r["periods"]["current"]["since"], "2026-11-01");
    assert_eq!(r["periods"]["current"]["days"], 27);
    assert_eq!(r["periods"]["previous"]["since"], "2026-10-05");
    assert_eq!(r["periods"]["previous"]["until"], "2026-10-31");
    let text = demo.text(&[
        "review",
        "--since",
        "2026-11-01",
        "--html",
        page.to_str().unwrap(),
    ]);
    assert!(text.contains("From 2026-11-01 to 2026-11-27 (27 days), as you asked"));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("<h2>Then and now</h2>"));
    assert!(!html.contains("<script"));
    demo.home
        .canary()
        .env("CANARY_DB", &demo.db)
        .env("CANARY_CONFIG", &demo.config)
        .args(["review", "--since", "2026-12-01"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("after today"));
}

#[test]
fn a_fresh_home_gets_the_last_four_weeks_and_check_ins_count() {
    let home = Home::new();
    home.init(&[]);
    for (stress, exercise) in [("4", "yes"), ("2", "no")] {
        home.canary()
            .env("CANARY_NOW", "2026-11-18T19:00:00Z")
            .args(["checkin", "--stress", stress, "--sleep", "3"])
            .args(["--exercise", exercise])
            .assert()
            .success();
    }
    let r = json_of(&home.canary().args(["review", "--json"]).output().unwrap());
    assert_eq!(r["periods"]["basis"], "last_four_weeks");
    assert_eq!(r["periods"]["current"]["since"], "2026-10-26");
    assert_eq!(r["periods"]["current"]["until"], "2026-11-22");
    assert_eq!(r["covered_days"], serde_json::json!([0, 0]));
    assert_eq!(r["checkins"]["current"]["count"], 2);
    assert_eq!(r["checkins"]["current"]["stress"], 3.0);
    assert_eq!(r["checkins"]["current"]["exercise"], 0.5);
    assert!(r["checkins"]["current"]["social"].is_null());
    assert!(
        r["questionnaires"][0]["retake"]
            .as_str()
            .unwrap()
            .contains("canary assess cbi")
    );
    let plan = String::from_utf8(home.canary().arg("plan").output().unwrap().stdout).unwrap();
    assert!(plan.contains("No monthly review saved yet."), "{plan}");
}
