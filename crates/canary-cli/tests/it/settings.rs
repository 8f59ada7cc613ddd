//! `canary init` and `canary config`: settings made without prompts, shown and changed.

use crate::common;

use common::{Home, json_of};

#[test]
fn init_with_flags_writes_settings_that_config_show_prints() {
    let home = Home::new();
    home.init(&[
        "--hours",
        "07:00-12:00,13:00-16:00",
        "--day",
        "sat=10:00-14:00",
        "--sleep",
        "23:00-07:00",
        "--max-weekly-hours",
        "40",
        "--email",
        "me@example.org",
        "--git-name",
        "Me Myself",
        "--role",
        "network",
        "--oncall-rotation",
        "2026-01-05/4/7",
    ]);
    let out = home
        .canary()
        .args(["config", "show", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = json_of(&out);
    assert_eq!(s["timezone"], "Europe/Berlin");
    assert_eq!(
        s["hours"]["mon"],
        serde_json::json!(["07:00-12:00", "13:00-16:00"])
    );
    assert_eq!(s["hours"]["sat"], serde_json::json!(["10:00-14:00"]));
    assert_eq!(s["hours"]["sun"], serde_json::json!([]));
    assert_eq!(s["sleep"]["start"], "23:00");
    assert_eq!(s["max_weekly_hours"], 40.0);
    assert_eq!(
        s["identities"]["emails"],
        serde_json::json!(["me@example.org"])
    );
    assert_eq!(s["role"], "network");
    assert_eq!(
        s["oncall"]["rotation"],
        serde_json::json!({"first": "2026-01-05", "every_weeks": 4, "days": 7})
    );
    let toml = std::fs::read_to_string(home.config()).unwrap();
    assert!(toml.contains("timezone = \"Europe/Berlin\""), "{toml}");
    assert!(toml.contains("[oncall.rotation]"), "{toml}");
    // A bad rotation is refused, naming how to write it.
    home.canary()
        .args(["config", "set", "oncall.rotation", "2026-01-05/4"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("FIRST-DAY/EVERY-N-WEEKS/DAYS"));
}

#[test]
fn init_refuses_to_overwrite_and_to_prompt_without_a_terminal() {
    let home = Home::new();
    home.init(&[]);
    home.canary()
        .args(["init", "--yes"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("settings already exist"));
    let other = Home::new();
    other
        .canary()
        .arg("init")
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no terminal to ask in: pass --yes",
        ));
}

#[test]
fn config_set_changes_one_key_and_rejects_bad_values() {
    let home = Home::new();
    home.init(&[]);
    home.canary()
        .args([
            "config",
            "set",
            "identities.emails",
            "a@example.org, b@example.org",
        ])
        .assert()
        .success();
    home.canary()
        .args(["config", "set", "hours.fri", "off"])
        .assert()
        .success();
    let s = json_of(
        &home
            .canary()
            .args(["config", "show", "--json"])
            .output()
            .unwrap(),
    );
    assert_eq!(
        s["identities"]["emails"],
        serde_json::json!(["a@example.org", "b@example.org"])
    );
    assert_eq!(s["hours"]["fri"], serde_json::json!([]));
    home.canary()
        .args(["config", "set", "timezone", "Mars/Olympus"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "unknown time zone `Mars/Olympus`",
        ));
    home.canary()
        .args(["config", "set", "hours.mon", "18:00-08:00"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "HH:MM-HH:MM with the end after the start",
        ));
    home.canary()
        .args(["config", "set", "colour", "red"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown setting `colour`"));
}
