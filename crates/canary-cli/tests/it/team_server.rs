//! `canary team serve` and `canary team share`, end to end on loopback.

use crate::common;

use canary_team::client::Client;
use common::{Home, json_of, team_serve};
use serde_json::json;

/// The demo's store and settings in a scratch home.
fn demo_home() -> (Home, std::path::PathBuf) {
    let home = Home::new();
    let db = home.dir.path().join("demo.db");
    home.canary()
        .args(["demo", "--keep"])
        .arg(&db)
        .assert()
        .success();
    (home, db)
}

fn share_cmd(home: &Home, db: &std::path::Path) -> assert_cmd::Command {
    let mut c = home.canary();
    c.env("CANARY_DB", db)
        .env("CANARY_CONFIG", db.with_extension("toml"));
    c.args(["team", "share"]);
    c
}

#[test]
fn dry_run_prints_only_the_chosen_metrics_of_complete_weeks() {
    let (home, db) = demo_home();
    let out = share_cmd(&home, &db)
        .args(["--dry-run", "--metrics", "hours,sleep", "--weeks", "2"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json_of(&out);
    let weeks = v["weeks"].as_array().unwrap();
    // "Now" is Friday of 2026-W48: the last complete weeks are W46 and W47.
    assert_eq!(weeks.len(), 2);
    assert_eq!(weeks[0]["week"], "2026-W46");
    assert_eq!(weeks[1]["week"], "2026-W47");
    for w in weeks {
        let keys: Vec<&str> = w.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["hours", "sleep_nights", "week"]);
    }
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was sent"));
    // No metric named: nothing is shared by default.
    share_cmd(&home, &db).arg("--dry-run").assert().failure();
}

#[test]
fn weeks_without_data_are_sent_as_null_not_zero() {
    let (home, db) = demo_home();
    // Thirty weeks reach back before the demo's data begins (2026-W22).
    let out = share_cmd(&home, &db)
        .args([
            "--dry-run",
            "--metrics",
            "hours,after_hours,sleep",
            "--weeks",
            "30",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let sent = json_of(&out);
    let sent = sent["weeks"].as_array().unwrap();
    assert_eq!(sent.len(), 30);
    // The same weeks as the report measures them.
    let report = json_of(
        &home
            .canary()
            .env("CANARY_DB", &db)
            .env("CANARY_CONFIG", db.with_extension("toml"))
            .args(["report", "--json", "--weeks", "31"])
            .output()
            .unwrap(),
    );
    let covered: std::collections::HashMap<&str, u64> = report["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| {
            (
                w["week"].as_str().unwrap(),
                w["covered_days"].as_u64().unwrap(),
            )
        })
        .collect();
    let mut empty = 0;
    for w in sent {
        let week = w["week"].as_str().unwrap();
        let keys: Vec<&str> = w.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["after_hours_share", "hours", "sleep_nights", "week"],
            "{w}"
        );
        if covered[week] == 0 {
            empty += 1;
            for k in ["hours", "after_hours_share", "sleep_nights"] {
                assert!(w[k].is_null(), "{week}: no data, so {k} is null: {w}");
            }
        } else {
            assert!(w["hours"].is_f64() && w["sleep_nights"].is_u64(), "{w}");
            // After-hours share is a share of the hours: unmeasured without any.
            assert_eq!(w["after_hours_share"].is_null(), w["hours"] == 0.0, "{w}");
        }
    }
    assert!(
        empty > 0,
        "some of the thirty weeks precede the demo's data"
    );
}

#[test]
fn share_refuses_a_server_beyond_loopback() {
    let (home, db) = demo_home();
    let out = share_cmd(&home, &db)
        .args([
            "--server",
            "http://192.0.2.1:7878",
            "--token",
            "ct_1_00",
            "--metrics",
            "hours",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a loopback address"));
}

#[test]
fn serve_then_share_stores_exactly_what_dry_run_showed() {
    let (home, db) = demo_home();
    let server_db = home.dir.path().join("team.db");
    let server = team_serve(&server_db, &[]);
    let (admin, url) = (server.admin.clone(), server.url.clone());
    let client = Client::new(&url, None).unwrap();
    let call = |m: &str, p: &str, t: &str, b: Option<serde_json::Value>| {
        let body = b.map(|b| b.to_string().into_bytes());
        client.request(m, p, Some(t), body.as_deref()).unwrap()
    };
    assert_eq!(
        call(
            "POST",
            "/v1/admin/groups",
            &admin,
            Some(json!({"name": "ops"}))
        )
        .status,
        201
    );
    let enrol = call(
        "POST",
        "/v1/admin/enrolments",
        &admin,
        Some(json!({"group": "ops"})),
    )
    .json()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let member = call("POST", "/v1/enrol", &enrol, None).json()["token"]
        .as_str()
        .unwrap()
        .to_string();

    let metrics = [
        "--metrics",
        "hours,after_hours,sleep,interruptions,risk,instruments",
    ];
    let dry = json_of(
        &share_cmd(&home, &db)
            .arg("--dry-run")
            .args(metrics)
            .output()
            .unwrap(),
    );
    share_cmd(&home, &db)
        .args(["--server", &url])
        .env("CANARY_TEAM_TOKEN", &member)
        .args(metrics)
        .assert()
        .success();
    let stored = call("GET", "/v1/me/weeks", &member, None).json();
    assert_eq!(stored, dry);
    // The member sees it with --show and removes it with --delete.
    let mine = |home: &Home| {
        json_of(
            &share_cmd(home, &db)
                .args(["--server", &url, "--show"])
                .env("CANARY_TEAM_TOKEN", &member)
                .output()
                .unwrap(),
        )
    };
    assert_eq!(mine(&home), dry);
    let first = dry["weeks"][0]["week"].as_str().unwrap();
    share_cmd(&home, &db)
        .args(["--server", &url, "--delete", first])
        .env("CANARY_TEAM_TOKEN", &member)
        .assert()
        .success();
    assert_eq!(
        mine(&home)["weeks"].as_array().unwrap().len(),
        dry["weeks"].as_array().unwrap().len() - 1
    );
    share_cmd(&home, &db)
        .args(["--server", &url, "--delete", "all"])
        .env("CANARY_TEAM_TOKEN", &member)
        .assert()
        .success();
    assert_eq!(mine(&home), json!({ "weeks": [] }));
    // A second `--init` on the same store is refused: the admin token is shown once.
    home.canary()
        .args(["team", "serve", "--init", "--port", "0", "--db"])
        .arg(&server_db)
        .assert()
        .failure();
    drop(server);
}
