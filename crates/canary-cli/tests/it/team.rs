//! `canary team …` end to end.

use crate::common;

use common::{Home, ONCALL_ROSTER as ROSTER};
use predicates::prelude::*;

fn roster(home: &Home) -> std::path::PathBuf {
    let p = home.dir.path().join("roster.toml");
    std::fs::write(&p, ROSTER).unwrap();
    p
}

/// Who the real example exports page, and how often. Established once, independently of
/// canary, with a short Python pass over the JSON (`json.load` of every file): PagerDuty pages
/// are `incidents[].assignments[]` / `incident.assignments[]` (`assignee.id`, `.summary`, `at`),
/// notify/assign log entries (there are none: both log-entry files hold only a trigger),
/// `POST /analytics/raw/incidents` rows (`assigned_user_ids` zipped with `_names`, one page at
/// `created_at`) and responder analytics rows (one page per `incident_id`), counted as distinct
/// (person, incident, time) — no two pages of one person to one incident, so the 60 s merge
/// changes nothing; Opsgenie pages are one per alert `id` (the same alert is in get_alert.json
/// and list_alerts.json) for its `owner`, `report.acknowledgedBy` and `user` responders:
///
/// - PagerDuty: Earline Greenholt (PXPGF42) 1 (PT4KHLK, in two files), Jane Doe (PA02301) 1,
///   John Smith (PRJ4208) 1, Sally Styles (PMT4102) 1, User 1 (PDUSER1) 2.
/// - Opsgenie: agent_smith@opsgenie.com 1, morpheus@opsgenie.com 1,
///   bb4d9938-c3c2-455d-aaab-727aa701c0d8 (a user responder with no name) 1.
const PD_PAGES: [(&str, u64); 5] = [
    ("Earline Greenholt", 1),
    ("Jane Doe", 1),
    ("John Smith", 1),
    ("Sally Styles", 1),
    ("User 1", 2),
];
const OG_USER: &str = "bb4d9938-c3c2-455d-aaab-727aa701c0d8";

fn rows(v: &serde_json::Value) -> Vec<(String, u64, bool)> {
    v["responders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["responder"].as_str().unwrap().to_string(),
                r["interruptions"].as_u64().unwrap(),
                r["in_roster"].as_bool().unwrap(),
            )
        })
        .collect()
}

fn close(v: &serde_json::Value, x: f64) -> bool {
    (v.as_f64().unwrap() - x).abs() < 1e-9
}

#[test]
#[ignore = "needs ../shared/data"]
fn oncall_reads_real_exports_for_every_responder() {
    let data = common::shared_data();
    let home = Home::new();
    let r = roster(&home);
    let run = |extra: &[&str]| {
        let out = home
            .canary()
            .args(["team", "oncall", "--json", "--roster"])
            .arg(&r)
            .args(extra)
            .arg(data.join("oncall/pagerduty-api-examples"))
            .arg(data.join("oncall/opsgenie-api-examples"))
            .assert()
            .success();
        let o = out.get_output();
        (
            common::json_of(o),
            String::from_utf8_lossy(&o.stderr).to_string(),
        )
    };
    // The roster's three, then everyone else the exports page (by name, case-insensitive).
    let (v, err) = run(&[]);
    let want: Vec<(String, u64, bool)> = [("Earline", 1, true), ("Smith", 1, true)]
        .into_iter()
        .chain([("Morpheus", 1, true), (OG_USER, 1, false)])
        .chain(PD_PAGES[1..].iter().map(|&(n, p)| (n, p, false)))
        .map(|(n, p, l)| (n.to_string(), p, l))
        .collect();
    assert_eq!(rows(&v), want);
    // Loads [1, 1, 1, 1, 1, 1, 1, 2], mean 9/8. Balance: of 28 pairs, the 7 with User 1 are
    // 1/2 → (21 + 3.5) / 28 = 0.875. Gini: Σ|xi − xj| = 2·7 = 14 over 2·64·9/8 = 144.
    // Overloaded: 2 > 1.5·9/8 = 1.6875, 16/9 × the mean, 7/8 above it.
    assert!(close(&v["mean_interruptions"], 9.0 / 8.0));
    assert!(close(&v["balance"], 0.875));
    assert!(close(&v["gini"], 14.0 / 144.0));
    assert_eq!(v["overloaded"][0]["responder"], "User 1");
    assert!(close(&v["overloaded"][0]["times_mean"], 16.0 / 9.0));
    assert_eq!(v["responders"][7]["found_as"][0], "PDUSER1");
    assert!(v["responders"][0].get("found_as").is_none());
    assert!(
        err.contains("5 paged responder(s) not in the roster"),
        "{err}"
    );

    // --roster-only: the old figures, loads [1, 1, 1], and who was left out.
    let (v, err) = run(&["--roster-only"]);
    let pages: Vec<u64> = rows(&v).iter().map(|r| r.1).collect();
    assert_eq!(pages, [1, 1, 1]);
    assert_eq!(v["balance"], 1.0);
    assert_eq!(v["gini"], 0.0);
    assert_eq!(v["unlisted_left_out"], 5);
    assert!(
        err.contains("5 paged responder(s) not in the roster left out"),
        "{err}"
    );
    assert!(err.contains("User 1"), "{err}");

    // The table marks them and says how they were measured.
    home.canary()
        .args(["team", "oncall", "--roster"])
        .arg(&r)
        .arg(data.join("oncall/pagerduty-api-examples"))
        .arg(data.join("oncall/opsgenie-api-examples"))
        .assert()
        .success()
        .stdout(
            predicate::str::contains("│ John Smith *")
                .and(predicate::str::contains("│ Earline "))
                .and(predicate::str::contains("Earline *").not())
                .and(predicate::str::contains(
                    "* not in the roster: measured in UTC with default hours; add them with \
                     their own zone and sleep window",
                ))
                .and(predicate::str::contains("Balance 0.88")),
        );
    home.canary()
        .args(["team", "oncall", "--roster"])
        .arg(&r)
        .arg(data.join("oncall/opsgenie-api-examples"))
        .assert()
        .success()
        .stdout(predicate::str::contains("Balance").and(predicate::str::contains("Morpheus")));
}

#[test]
#[ignore = "needs ../shared/data"]
fn oncall_without_a_roster_measures_everyone_with_the_defaults() {
    let data = common::shared_data();
    let home = Home::new();
    let out = home
        .canary()
        .args(["team", "oncall", "--json"])
        .arg(data.join("oncall/pagerduty-api-examples"))
        .assert()
        .success()
        .stderr(predicate::str::contains("No roster"));
    let v = common::json_of(out.get_output());
    let want: Vec<(String, u64, bool)> = PD_PAGES
        .iter()
        .map(|&(n, p)| (n.to_string(), p, false))
        .collect();
    assert_eq!(rows(&v), want);
    // Loads [1, 1, 1, 1, 2], mean 1.2: balance (6 + 4·0.5) / 10 = 0.8; Gini 2·4 / (2·25·1.2).
    assert!(close(&v["balance"], 0.8));
    assert!(close(&v["gini"], 8.0 / 60.0));
    // In UTC, Earline's assignment at 00:31 on a Tuesday is a sleep-window page.
    assert_eq!(v["responders"][0]["sleep"], 1);
    let out = home
        .canary()
        .args(["team", "oncall", "--json"])
        .arg(data.join("oncall/opsgenie-api-examples"))
        .assert()
        .success();
    let names: Vec<(String, u64, bool)> = rows(&common::json_of(out.get_output()));
    let want: Vec<(String, u64, bool)> =
        ["agent_smith@opsgenie.com", OG_USER, "morpheus@opsgenie.com"]
            .into_iter()
            .map(|n| (n.to_string(), 1, false))
            .collect();
    assert_eq!(names, want);
    // A roster of defaults alone measures everyone in its zone: 16:31 in Los Angeles, business.
    let defaults = home.dir.path().join("defaults.toml");
    std::fs::write(
        &defaults,
        "[defaults]\ntimezone = \"America/Los_Angeles\"\n",
    )
    .unwrap();
    let out = home
        .canary()
        .args(["team", "oncall", "--json", "--roster"])
        .arg(&defaults)
        .arg(data.join("oncall/pagerduty-api-examples"))
        .assert()
        .success();
    let v = common::json_of(out.get_output());
    assert_eq!(v["responders"][0]["responder"], "Earline Greenholt");
    assert_eq!(v["responders"][0]["sleep"], 0);
    assert_eq!(v["responders"][0]["by_band"][0], 1);
    home.canary()
        .args(["team", "oncall", "--roster-only"])
        .arg(data.join("oncall/pagerduty-api-examples"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("--roster"));
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
    // The JSON names the same people as the CSV, week by week, and everyone's burden.
    let out = home
        .canary()
        .args(["team", "rotate", "--weeks", "4", "--json", "--roster"])
        .arg(&r)
        .assert()
        .success();
    let v = common::json_of(out.get_output());
    let weeks = v["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 4);
    for (w, l) in weeks.iter().zip(&lines[1..]) {
        let f: Vec<&str> = l.split(',').collect();
        assert_eq!(w["start"], f[0]);
        // No one available: null in JSON, empty in CSV.
        assert_eq!(w["primary"].as_str().unwrap_or(""), f[1]);
        assert_eq!(w["secondary"].as_str().unwrap_or(""), f[2]);
    }
    assert_eq!(v["burden"].as_array().unwrap().len(), 3);
    assert_eq!(v["burden"][1]["member"], "Smith");
}

#[test]
fn spof_refuses_without_sources() {
    let home = Home::new();
    home.canary()
        .args(["team", "spof"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--repo"));
}

#[test]
#[ignore = "needs ../shared/data"]
fn spof_from_real_incidents() {
    let data = common::shared_data();
    let home = Home::new();
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
#[ignore = "needs ../shared/data"]
fn rotate_and_spof_see_responders_the_roster_lacks() {
    let data = common::shared_data();
    let home = Home::new();
    let r = roster(&home);
    // Rotation needs roster members to assign: unlisted responders are only named.
    home.canary()
        .args(["team", "rotate", "--weeks", "2", "--roster"])
        .arg(&r)
        .arg("--history")
        .arg(data.join("oncall/pagerduty-api-examples"))
        .assert()
        .success()
        .stderr(
            predicate::str::contains("Paged in the history but not in the roster")
                .and(predicate::str::contains("User 1 (2)")),
        );
    // Spof counts everyone paged, with or without a roster: EC2's one alert paged three people.
    let out = home
        .canary()
        .args(["team", "spof", "--json", "--incidents"])
        .arg(data.join("oncall/opsgenie-api-examples"))
        .assert()
        .success();
    let v = common::json_of(out.get_output());
    assert_eq!(v["services"][0]["area"], "EC2");
    assert_eq!(v["services"][0]["people"], 3);
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
    // sent, within the noise, the group of three shows nothing, hours (shared by four) never show, every attack
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
                // The server adds Laplace noise of scale b (its `noise`) to the group's total;
                // it exceeds 14 b with probability e^-14.
                let b = view["noise"][key].as_f64().unwrap();
                let bound = 14.0 * b / sent.len() as f64 + 0.05 + 1e-9;
                assert!((shown - mean).abs() <= bound, "{key} {shown} vs {mean}");
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
