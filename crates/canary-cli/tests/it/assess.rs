//! `canary assess` and `canary checkin`: answers from files and flags, the history, the
//! crisis note, and the clear error without a terminal.

use crate::common;

use common::{Home, json_of};

#[test]
fn cbi_from_flags_scores_the_test_vector() {
    let home = Home::new();
    let out = home
        .canary()
        .args(["assess", "cbi", "--json"])
        .args([
            "--answer",
            "1=always",
            "--answer",
            "2=often",
            "--answer",
            "3=sometimes",
        ])
        .args([
            "--answer", "4=seldom", "--answer", "5=never", "--answer", "6=75",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_of(&out);
    assert_eq!(v["scores"]["personal"], 54.17);
    assert!(v["scores"]["work"].is_null(), "work not scored: {v}");
    assert!(v["crisis"].is_null());
}

#[test]
fn who5_from_toml_and_json_files_and_history() {
    let home = Home::new();
    let toml = home.dir.path().join("who5.toml");
    std::fs::write(
        &toml,
        "\"1\" = 3\n\"2\" = \"most of the time\"\n\"3\" = 2\n\"4\" = 2\n\"5\" = 1\n",
    )
    .unwrap();
    let out = home
        .canary()
        .args(["assess", "who5", "--answers"])
        .arg(&toml)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("48 of 100"), "{text}");
    assert!(text.contains("poor well-being"), "{text}");
    assert!(text.contains("Topp"), "cites the WHO-5: {text}");

    let json = home.dir.path().join("checklist.json");
    std::fs::write(
        &json,
        r#"{"guilt_not_responding": "yes", "sleep_well": "no"}"#,
    )
    .unwrap();
    home.canary()
        .args(["assess", "checklist", "--answers"])
        .arg(&json)
        .assert()
        .success();

    let h = json_of(
        &home
            .canary()
            .args(["assess", "history", "--json"])
            .output()
            .unwrap(),
    );
    let rows = h.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["instrument"], "who5");
    assert_eq!(rows[0]["scores"]["score"], 48);
    assert_eq!(rows[1]["instrument"], "checklist");
    assert_eq!(rows[1]["answers"]["guilt_not_responding"], 1);
}

#[test]
fn a_crisis_answer_says_to_talk_to_a_professional() {
    let home = Home::new();
    let out = home
        .canary()
        .args(["assess", "cbi", "--answer", "4=often"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("can't take it anymore"), "{text}");
    assert!(text.contains("talk to a professional"), "{text}");
    assert!(text.contains("crisis line"), "{text}");
    assert!(text.contains("not a diagnosis"), "{text}");
    assert!(text.contains("not scored: 1 of 6"), "{text}");

    // The report carries the note too.
    let r = json_of(&home.canary().args(["report", "--json"]).output().unwrap());
    assert!(
        r["crisis"].as_str().unwrap().contains("professional"),
        "{r}"
    );
    assert_eq!(r["risk"]["rule"], "v3");
}

#[test]
fn bad_answers_and_no_terminal_are_clear_errors() {
    let home = Home::new();
    let out = home.canary().args(["assess", "who5"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--answers FILE"), "{err}");
    let out = home
        .canary()
        .args(["assess", "cbi", "--answer", "99=always"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no item \"99\""));
    let out = home.canary().args(["checkin"]).output().unwrap();
    assert!(!out.status.success());
}

#[test]
fn checkin_from_flags_is_stored() {
    let home = Home::new();
    let out = home
        .canary()
        .args([
            "checkin",
            "--stress",
            "4",
            "--sleep",
            "2",
            "--exercise",
            "no",
        ])
        .args(["--social", "yes", "--hobby", "no", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = json_of(&out);
    assert_eq!(v["stress"], 4);
    assert_eq!(v["social"], true);
    let out = home
        .canary()
        .args(["checkin", "--stress", "2"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("Last time: stress 4/5, sleep 2/5"), "{text}");
    assert!(
        !home
            .canary()
            .args(["checkin", "--stress", "9"])
            .output()
            .unwrap()
            .status
            .success()
    );
}

#[test]
fn demo_report_has_stage_and_instruments() {
    let home = Home::new();
    let r = json_of(&home.canary().args(["demo", "--json"]).output().unwrap());
    assert_eq!(r["risk"]["stage"]["stage"], 3);
    assert_eq!(r["risk"]["stage"]["name"], "trapped expert");
    assert_eq!(r["instruments"]["cbi"]["personal"], 58.33);
    assert_eq!(r["instruments"]["who5"]["score"], 44);
    assert_eq!(r["instruments"]["trend"].as_array().unwrap().len(), 4);
    assert!(r["crisis"].is_null());
}
