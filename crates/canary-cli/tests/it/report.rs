//! `canary demo`, `canary report` and `canary events`: the report model as text and JSON, and
//! the events behind its figures.

use crate::common;

use std::collections::BTreeSet;

use common::{Home, json_of};

#[test]
fn demo_text_report_is_stable() {
    let home = Home::new();
    let out = home.canary().arg("demo").output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    for section in [
        "Risk",
        "Checklist",
        "Weeks",
        "When you work",
        "Rest and limits",
        "Sleep window",
        "Sources",
    ] {
        assert!(text.contains(section), "missing section {section}");
    }
    insta::assert_snapshot!("demo_report", text);
}

#[test]
fn demo_json_has_the_documented_fields() {
    let home = Home::new();
    let r = json_of(&home.canary().args(["demo", "--json"]).output().unwrap());
    assert_eq!(r["schema"], 1);
    assert_eq!(r["risk"]["level"], "high");
    let ids: BTreeSet<&str> = r["risk"]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            assert!(
                i["status"].is_string() && i["evidence"].as_str().is_some_and(|e| !e.is_empty())
            );
            i["id"].as_str().unwrap()
        })
        .collect();
    assert!(
        ids.contains("hours_over_50") && ids.contains("work_in_sleep_window"),
        "{ids:?}"
    );
    let weeks = r["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 26);
    for w in weeks {
        let label = w["week"].as_str().unwrap();
        assert!(label.len() == 8 && &label[4..6] == "-W", "{label}");
        assert!(
            w["hours"].is_f64() && w["after_hours_share"].is_f64() && w["sleep_nights"].is_u64()
        );
    }
    // Every week but the one in progress is complete (the demo's "now" is a Friday).
    let complete: Vec<bool> = weeks.iter().map(|w| w["complete"] == true).collect();
    assert_eq!(complete.iter().filter(|c| **c).count(), 25, "{complete:?}");
    assert!(!complete[25]);
    // The drift the persona was built with shows: the last complete weeks are longer and
    // later than the first ones.
    let hours = |w: &serde_json::Value| w["hours"].as_f64().unwrap();
    let first: f64 = weeks[..4].iter().map(hours).sum();
    let last: f64 = weeks[21..25].iter().map(hours).sum();
    assert!(last > first * 1.2, "first {first} last {last}");
}

#[test]
fn the_events_behind_the_sleep_figure_match_it() {
    let home = Home::new();
    let kept = home.dir.path().join("demo.db");
    home.canary()
        .args(["demo", "--keep"])
        .arg(&kept)
        .assert()
        .success();
    let config = kept.with_extension("toml");
    let run = |args: &[&str]| {
        let mut cmd = home.canary();
        cmd.env("CANARY_DB", &kept)
            .env("CANARY_CONFIG", &config)
            .env("CANARY_NOW", "2026-11-27T17:30:00Z")
            .args(args);
        json_of(&cmd.output().unwrap())
    };
    let report = run(&["report", "--json"]);
    let events = run(&["events", "--band", "sleep", "--json"]);
    let events = events.as_array().unwrap();
    assert!(!events.is_empty());
    let nights: BTreeSet<&str> = events
        .iter()
        .filter(|e| e["activity"] == true)
        .map(|e| {
            // Either it happened in the sleep window, or it is a span that ran into it.
            assert!(
                e["band"] == "sleep" || e["duration_seconds"].is_i64(),
                "{e}"
            );
            for field in ["kind", "source", "utc", "local", "workday", "week"] {
                assert!(e[field].is_string(), "{field} in {e}");
            }
            e["night"].as_str().expect("sleep events name their night")
        })
        .collect();
    assert_eq!(
        nights.len() as u64,
        report["sleep"]["nights"].as_u64().unwrap()
    );
    let per_week: u64 = report["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w["sleep_nights"].as_u64().unwrap())
        .sum();
    assert_eq!(
        per_week,
        nights.len() as u64,
        "weekly sleep nights add up to the nights listed"
    );

    let one = *nights.iter().next_back().unwrap();
    let night = run(&["events", "--night", one, "--json"]);
    assert!(night.as_array().unwrap().iter().all(|e| e["night"] == one));
    let week = report["weeks"][20]["week"].as_str().unwrap().to_string();
    let in_week = run(&["events", "--week", &week, "--kind", "commit", "--json"]);
    assert!(
        in_week
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["week"] == week.as_str() && e["kind"] == "commit")
    );
}

#[test]
fn report_period_flags() {
    let home = Home::new();
    let kept = home.dir.path().join("demo.db");
    home.canary()
        .args(["demo", "--keep"])
        .arg(&kept)
        .assert()
        .success();
    let mut cmd = home.canary();
    cmd.env("CANARY_DB", &kept)
        .env("CANARY_CONFIG", kept.with_extension("toml"))
        .args([
            "report",
            "--json",
            "--since",
            "2026-09-07",
            "--until",
            "2026-10-04",
        ]);
    let r = json_of(&cmd.output().unwrap());
    assert_eq!(r["period"]["since"], "2026-09-07");
    assert_eq!(r["period"]["until"], "2026-10-04");
    assert_eq!(r["weeks"].as_array().unwrap().len(), 4);
    let mut cmd = home.canary();
    cmd.env("CANARY_DB", &kept)
        .env("CANARY_CONFIG", kept.with_extension("toml"))
        .args(["report", "--json", "--weeks", "6"]);
    let r = json_of(&cmd.output().unwrap());
    assert_eq!(r["weeks"].as_array().unwrap().len(), 6);
}

#[test]
fn an_empty_store_gives_an_unknown_level_and_a_hint() {
    let home = Home::new();
    home.init(&[]);
    let out = home.canary().arg("report").output().unwrap();
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("Level: UNKNOWN"), "{stdout}");
    assert!(String::from_utf8_lossy(&out.stderr).contains("hint: nothing imported yet"));
    let r = json_of(&home.canary().args(["report", "--json"]).output().unwrap());
    assert_eq!(r["risk"]["level"], "unknown");
}
