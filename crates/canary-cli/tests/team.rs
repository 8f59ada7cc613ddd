//! `canary team …` end to end.

mod common;

use common::Home;
use predicates::prelude::*;

const ROSTER: &str = r#"
[[member]]
name = "Earline"
oncall_ids = ["PXPGF42"]
timezone = "America/Los_Angeles"

[[member]]
name = "Smith"
emails = ["agent_smith@opsgenie.com"]
timezone = "Europe/London"
unavailable = [{ start = "2026-12-07", end = "2026-12-13" }]

[[member]]
name = "Morpheus"
emails = ["morpheus@opsgenie.com"]
"#;

fn roster(home: &Home) -> std::path::PathBuf {
    let p = home.dir.path().join("roster.toml");
    std::fs::write(&p, ROSTER).unwrap();
    p
}

#[test]
fn oncall_reads_real_exports_for_every_responder() {
    let Some(data) = common::shared_data() else {
        return;
    };
    let home = Home::new();
    let r = roster(&home);
    let out = home
        .canary()
        .args(["team", "oncall", "--json", "--roster"])
        .arg(&r)
        .arg(data.join("oncall/pagerduty-api-examples"))
        .arg(data.join("oncall/opsgenie-api-examples"))
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    let pages: Vec<u64> = v["responders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["interruptions"].as_u64().unwrap())
        .collect();
    assert_eq!(pages, [1, 1, 1]);
    assert_eq!(v["balance"], 1.0);
    assert_eq!(v["gini"], 0.0);
    home.canary()
        .args(["team", "oncall", "--roster"])
        .arg(&r)
        .arg(data.join("oncall/opsgenie-api-examples"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Balance").and(predicate::str::contains("Morpheus")));
}

#[test]
fn oncall_refuses_a_bad_roster_naming_it() {
    let home = Home::new();
    let p = home.dir.path().join("bad.toml");
    std::fs::write(
        &p,
        "[[member]]\nname = \"A\"\ntimezone = \"Nowhere/Land\"\n",
    )
    .unwrap();
    home.canary()
        .args(["team", "oncall", "--roster"])
        .arg(&p)
        .arg(&p)
        .assert()
        .failure()
        .stderr(predicate::str::contains("bad.toml").and(predicate::str::contains("`A`")));
}

#[test]
fn rotate_respects_unavailability_and_writes_csv_and_ics() {
    let home = Home::new();
    let r = roster(&home);
    let csv = home.dir.path().join("r.csv");
    let ics = home.dir.path().join("r.ics");
    home.canary()
        .args(["team", "rotate", "--weeks", "4", "--roster"])
        .arg(&r)
        .arg("--csv")
        .arg(&csv)
        .arg("--ics")
        .arg(&ics)
        .assert()
        .success()
        .stdout(predicate::str::contains("Balance of cumulative burden"));
    let csv = std::fs::read_to_string(csv).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 5);
    assert!(lines[1].starts_with("2026-11-30,"));
    // Smith is away the week of 2026-12-07.
    assert!(lines[2].starts_with("2026-12-07,") && !lines[2].contains("Smith"));
    for l in &lines[1..] {
        let f: Vec<&str> = l.split(',').collect();
        assert_ne!(f[1], f[2]);
    }
    let ics = std::fs::read_to_string(ics).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n") && ics.ends_with("END:VCALENDAR\r\n"));
}

#[test]
fn spof_from_incidents_and_a_refusal_without_sources() {
    let home = Home::new();
    home.canary()
        .args(["team", "spof"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--repo"));
    let Some(data) = common::shared_data() else {
        return;
    };
    let r = roster(&home);
    let out = home
        .canary()
        .args(["team", "spof", "--json", "--roster"])
        .arg(&r)
        .arg("--incidents")
        .arg(data.join("oncall/opsgenie-api-examples"))
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["services"][0]["area"], "EC2");
    assert_eq!(v["services"][0]["bus_factor"], 2);
}

#[test]
fn cost_labels_assumptions_and_writes_html() {
    let home = Home::new();
    let inputs = home.dir.path().join("inputs.toml");
    std::fs::write(
        &inputs,
        "team_size = 4\nsalary = 50000\ncurrency = \"USD\"\n",
    )
    .unwrap();
    let html = home.dir.path().join("cost.html");
    home.canary()
        .args(["team", "cost", "--inputs"])
        .arg(&inputs)
        .arg("--html")
        .arg(&html)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("| Turnover | 4,500 USD")
                .and(predicate::str::contains(
                    "| team size (`team_size`) | 4 | given |",
                ))
                .and(predicate::str::contains("**assumption**")),
        );
    assert!(std::fs::read_to_string(html).unwrap().contains("<h1>"));
    std::fs::write(&inputs, "salary = \"lots\"\n").unwrap();
    home.canary()
        .args(["team", "cost", "--inputs"])
        .arg(&inputs)
        .assert()
        .failure()
        .stderr(predicate::str::contains("inputs.toml"));
}

#[test]
fn demo_team_shows_the_overloaded_member_and_the_single_point_of_failure() {
    let home = Home::new();
    home.canary()
        .args(["demo", "--team"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("Overloaded: Dana")
                .and(predicate::str::contains(
                    "Single point of failure: billing-db — Erik",
                ))
                .and(predicate::str::contains("Balance of cumulative burden"))
                .and(predicate::str::contains("The cost of burnout")),
        );
    let out = home
        .canary()
        .args(["demo", "--team", "--json"])
        .assert()
        .success();
    let v: serde_json::Value = serde_json::from_slice(&out.get_output().stdout).unwrap();
    assert_eq!(v["roster"]["member"].as_array().unwrap().len(), 9);
    assert_eq!(v["oncall"]["overloaded"][0]["responder"], "Dana");

    // The team server part: the manager's figures are the means of what the group's members
    // sent, the group of three shows nothing, hours (shared by four) never show, every attack
    // was refused, and a deletion after release left the released figures as they were.
    let server = &v["server"];
    let k = server["k"].as_u64().unwrap() as usize;
    assert_eq!(k, 5);
    let shares: std::collections::HashMap<&str, &serde_json::Value> = server["shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s[0].as_str().unwrap(), &s[1]["weeks"]))
        .collect();
    assert_eq!(shares.len(), 9);
    let hours_sharers = shares
        .values()
        .filter(|w| w[0].get("hours").is_some())
        .count();
    assert!(hours_sharers > 0 && hours_sharers < k);
    for (gi, group) in server["groups"].as_array().unwrap().iter().enumerate() {
        let names: Vec<&str> = group[1]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        let view = &server["manager_view"][gi];
        assert_eq!(view["group"], group[0]);
        for (wi, week) in view["weeks"].as_array().unwrap().iter().enumerate() {
            if names.len() < k {
                assert_eq!(week["suppressed"], true, "{week}");
                assert!(week.get("figures").is_none(), "{week}");
                continue;
            }
            let f = &week["figures"];
            assert_eq!(f["reporting"], names.len(), "{week}");
            assert!(f.get("hours_mean").is_none(), "{week}");
            for (key, field) in [
                ("interruptions_mean", "interruptions"),
                ("sleep_nights_mean", "sleep_nights"),
            ] {
                let sent: Vec<f64> = names
                    .iter()
                    .map(|n| shares[n][wi][field].as_f64().unwrap())
                    .collect();
                let mean = sent.iter().sum::<f64>() / sent.len() as f64;
                let shown = f[key].as_f64().unwrap();
                assert!(
                    (shown - mean).abs() <= 0.05 + 1e-9,
                    "{key} {shown} vs {mean}"
                );
            }
        }
    }
    assert!(
        server["manager_view"][0]["weeks"][0]["figures"].is_object(),
        "the group of six is shown"
    );
    for r in server["refusals"].as_array().unwrap() {
        assert_eq!(r["status"], r["expected"], "{r}");
    }
    let d = &server["deletion"];
    assert_eq!(d["own_weeks_before"], 4);
    assert_eq!(d["own_weeks_after"], 3);
    assert_eq!(d["released_figures_unchanged"], true);
    assert!(server["audit_entries"].as_u64().unwrap() >= 3);
}
