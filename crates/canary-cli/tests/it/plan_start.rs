//! `canary plan` starts the plan only once there is data, never freezing an empty baseline,
//! and `canary plan restart` clears the start for a new one.

use crate::common;

use common::{Home, json_of};

/// A zsh extended history of working days: a command every half hour from 09:00 to 17:30 UTC,
/// Monday to Friday, over the `weeks` weeks before 2026-11-27.
fn workdays_history(weeks: i64) -> String {
    let friday = 1_795_737_600; // 2026-11-27 00:00 UTC
    let mut out = String::new();
    for day in (1..=weeks * 7).rev() {
        let midnight = friday - day * 86_400;
        // 1970-01-01 was a Thursday: 0 = Thursday … 2 = Saturday, 3 = Sunday.
        let weekday = (midnight / 86_400).rem_euclid(7);
        if weekday == 2 || weekday == 3 {
            continue;
        }
        for half in 18..36 {
            out.push_str(&format!(": {}:0;make\n", midnight + half * 1800));
        }
    }
    out
}

fn plan_json(home: &Home) -> serde_json::Value {
    json_of(&home.canary().args(["plan", "--json"]).output().unwrap())
}

#[test]
fn no_plan_start_and_no_baseline_from_an_empty_store() {
    let home = Home::new();
    home.init(&[]);
    let out = home.canary().arg("plan").output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("Nothing is imported yet"), "{err}");
    assert!(!err.contains("Your plan starts today"), "{err}");
    assert_eq!(
        plan_json(&home)["recovery"]["started"],
        serde_json::Value::Null
    );

    // Data arrives: the next run starts the plan with real figures to compare against.
    let hist = home.dir.path().join("history");
    std::fs::write(&hist, workdays_history(12)).unwrap();
    home.canary()
        .args(["import", "zsh"])
        .arg(&hist)
        .assert()
        .success();
    home.canary()
        .arg("plan")
        .assert()
        .success()
        .stderr(predicates::str::contains(
            "Your plan starts today, 2026-11-27; later runs show what changed since.",
        ));
    let p = plan_json(&home);
    assert_eq!(p["recovery"]["started"], "2026-11-27");
    let changes = p["recovery"]["changes"].as_array().unwrap();
    assert_eq!(changes[0]["figure"], "weekly hours");
    assert!(changes[0]["then"].as_f64().unwrap() > 0.0, "{changes:?}");
}

#[test]
fn plan_restart_clears_the_start_and_the_baseline() {
    let home = Home::new();
    home.init(&[]);
    home.canary()
        .args(["plan", "restart"])
        .assert()
        .success()
        .stdout(predicates::str::contains("The plan had not started"));
    let hist = home.dir.path().join("history");
    std::fs::write(&hist, workdays_history(12)).unwrap();
    home.canary()
        .args(["import", "zsh"])
        .arg(&hist)
        .assert()
        .success();
    home.canary()
        .args(["plan", "set", "plan_started", "2026-09-01"])
        .assert()
        .success();
    assert_eq!(plan_json(&home)["recovery"]["started"], "2026-09-01");
    home.canary()
        .args(["plan", "restart"])
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "Plan restarted: its start date (2026-09-01) and baseline are cleared.",
        ));
    // `plan --json` starts it again, today, from today's figures.
    let out = home.canary().args(["plan", "--json"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("Your plan starts today, 2026-11-27"));
    assert_eq!(json_of(&out)["recovery"]["started"], "2026-11-27");
}
