//! The period, one definition: `--weeks/--since/--until/--all` in every form, the limits, and
//! imported sources outside the period named at the top of the report with their command.

use crate::common;

use common::{Home, json_of, shared_data};

/// A zsh extended history of `n` commands, one an hour from `start` (Unix seconds).
fn zsh_history(start: i64, n: i64) -> String {
    (0..n)
        .map(|i| format!(": {}:0;ls\n", start + i * 3600))
        .collect()
}

/// A home whose only data is a zsh history from June 2019 (2019-06-12 06:15 UTC onwards).
fn home_with_old_history() -> Home {
    let home = Home::new();
    home.init(&[]);
    let hist = home.dir.path().join("old_history");
    std::fs::write(&hist, zsh_history(1_560_320_100, 200)).unwrap();
    home.canary()
        .args(["import", "zsh"])
        .arg(&hist)
        .assert()
        .success();
    home
}

#[test]
fn a_source_outside_the_default_period_is_named_with_its_command() {
    let home = home_with_old_history();
    // Wide enough that the command stays on the source's line (at 80 it wraps to the next).
    let out = home
        .canary()
        .env("COLUMNS", "160")
        .arg("report")
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let top: Vec<&str> = text.lines().take(6).collect();
    assert!(
        top.iter()
            .any(|l| l.contains("Nothing you imported falls in this period")),
        "{text}"
    );
    let line = top
        .iter()
        .find(|l| l.trim_start().starts_with("zsh"))
        .unwrap_or_else(|| panic!("no zsh line at the top:\n{text}"));
    assert!(
        line.contains("200 events from 2019-06-12 to 2019-06-20"),
        "{line}"
    );
    let command = line.split(": ").last().unwrap();
    assert_eq!(
        command,
        "canary report --since 2019-06-12 --until 2019-06-20"
    );

    // The command it names shows the data.
    let args: Vec<&str> = command.split(' ').skip(1).collect();
    let r = json_of(&home.canary().args(&args).arg("--json").output().unwrap());
    assert_eq!(r["coverage"]["covered_days"], 9, "{}", r["coverage"]);
    assert_eq!(r["coverage"]["outside_period"], serde_json::json!([]));

    // And the JSON of the default period lists it.
    let r = json_of(&home.canary().args(["report", "--json"]).output().unwrap());
    let outside = &r["coverage"]["outside_period"][0];
    assert_eq!(outside["source"], "zsh");
    assert_eq!(outside["events"], 200);
    assert_eq!(outside["first"], "2019-06-12");
}

#[test]
fn until_alone_reports_the_weeks_before_that_day() {
    let home = home_with_old_history();
    let r = json_of(
        &home
            .canary()
            .args(["report", "--json", "--until", "2019-07-07"])
            .output()
            .unwrap(),
    );
    assert_eq!(r["period"]["until"], "2019-07-07");
    assert_eq!(r["coverage"]["covered_days"], 9, "{}", r["coverage"]);
    let events = json_of(
        &home
            .canary()
            .args(["events", "--json", "--until", "2019-07"])
            .output()
            .unwrap(),
    );
    assert_eq!(events.as_array().unwrap().len(), 200);
}

#[test]
fn every_form_of_a_day_resolves_as_documented() {
    let home = home_with_old_history();
    let period = |args: &[&str]| {
        let r = json_of(
            &home
                .canary()
                .args(["report", "--json"])
                .args(args)
                .output()
                .unwrap(),
        );
        (
            r["period"]["since"].as_str().unwrap().to_string(),
            r["period"]["until"].as_str().unwrap().to_string(),
        )
    };
    let p = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(
        period(&["--since", "2019-06", "--until", "2019-06"]),
        p("2019-06-01", "2019-06-30")
    );
    assert_eq!(
        period(&["--since", "2019-W24", "--until", "2019-W25"]),
        p("2019-06-10", "2019-06-23")
    );
    assert_eq!(
        period(&["--since", "2019", "--until", "2019"]),
        p("2019-01-01", "2019-12-31")
    );
    // "now" is 2026-11-27 in these tests.
    assert_eq!(period(&["--since", "2w"]), p("2026-11-13", "2026-11-27"));
    assert_eq!(
        period(&["--since", "3m", "--until", "1m"]),
        p("2026-08-27", "2026-10-27")
    );
    assert_eq!(period(&["--all"]), p("2019-06-12", "2026-11-27"));
}

#[test]
fn impossible_periods_are_refused_at_once_with_the_reason() {
    let home = home_with_old_history();
    for (args, says) in [
        (
            &["--until", "9999-12-27"][..],
            "more than a year after today",
        ),
        (&["--since", "1970-01-01"][..], "before 1990-01-01"),
        (&["--since", "last-tuesday"][..], "YYYY-Www"),
        (&["--weeks", "0"][..], "at least one week"),
        (&["--weeks", "100000"][..], "more than 2000 weeks"),
    ] {
        let out = home
            .canary()
            .arg("report")
            .args(args)
            .timeout(std::time::Duration::from_secs(20))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
#[ignore = "needs ../shared/data"]
fn real_sources_outside_the_period_are_each_listed() {
    let data = shared_data();
    let home = Home::new();
    home.init(&[]);
    for (kind, path) in [
        ("zsh", "shell/zsh_history-extended-2017"),
        ("zsh", "shell/zsh_history-extended-2019"),
        ("mbox", "mail/enron-mbox/enron.kitchen-l.sent_items"),
        ("pagerduty", "oncall/pagerduty-api-examples"),
    ] {
        home.canary()
            .args(["import", kind])
            .arg(data.join(path))
            .assert()
            .success();
    }
    let r = json_of(&home.canary().args(["report", "--json"]).output().unwrap());
    let held = json_of(&home.canary().args(["sources", "--json"]).output().unwrap());
    let outside: Vec<&str> = r["coverage"]["outside_period"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["source"].as_str().unwrap())
        .collect();
    let in_period: Vec<&str> = r["coverage"]["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["source"].as_str().unwrap())
        .collect();
    // Every imported source is either in the period or named as outside it.
    for s in held["sources"].as_array().unwrap() {
        let name = s["source"].as_str().unwrap();
        assert!(
            outside.contains(&name) != in_period.contains(&name),
            "{name}: outside {outside:?}, in {in_period:?}"
        );
    }
    assert!(
        outside.contains(&"zsh") && outside.contains(&"mbox"),
        "{outside:?}"
    );
    // The checklist does not ask to import the mail that was imported.
    let mail = r["risk"]["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "mail_outside_hours")
        .unwrap();
    let evidence = mail["evidence"].as_str().unwrap();
    assert!(evidence.contains("imported mail runs from"), "{evidence}");
}
