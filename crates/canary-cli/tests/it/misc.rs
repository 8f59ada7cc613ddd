//! What users expect of any command-line tool: forgetting a source, completions, help that
//! teaches, and a closed pipe that is not an error.

use crate::common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::{Home, json_of};

fn small_zsh_history(home: &Home) -> std::path::PathBuf {
    let path = home.dir.path().join("zsh_history");
    std::fs::write(
        &path,
        ": 1780000000:0;ls\n: 1780000060:0;git status\n: 1780000120:0;make\n",
    )
    .unwrap();
    path
}

#[test]
fn sources_lists_and_forgets() {
    let home = Home::new();
    home.init(&[]);
    let history = small_zsh_history(&home);
    home.canary()
        .args(["import", "zsh"])
        .arg(&history)
        .assert()
        .success();
    let listed = json_of(&home.canary().args(["sources", "--json"]).output().unwrap());
    assert_eq!(listed["sources"][0]["source"], "zsh");
    assert_eq!(listed["sources"][0]["events"], 3);
    assert_eq!(listed["runs"][0]["status"], "done");
    assert_eq!(listed["runs"][0]["new"], 3);

    // Without a terminal and without --yes, nothing is removed.
    home.canary()
        .args(["sources", "forget", "zsh"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("pass --yes"));
    home.canary()
        .args(["sources", "forget", "zsh", "--yes"])
        .assert()
        .success()
        .stderr(predicates::str::contains("Removed 3 zsh events"));
    let listed = json_of(&home.canary().args(["sources", "--json"]).output().unwrap());
    assert_eq!(listed["sources"], serde_json::json!([]));
    // Importing again brings them back: forgetting is not a tombstone.
    let again = json_of(
        &home
            .canary()
            .args(["import", "zsh", "--json"])
            .arg(&history)
            .output()
            .unwrap(),
    );
    assert_eq!(again["new"], 3);
    home.canary()
        .args(["sources", "forget", "mbax", "--yes"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("unknown source `mbax`"));
}

#[test]
fn completions_and_help() {
    let home = Home::new();
    for shell in ["bash", "zsh", "fish"] {
        let out = home.canary().args(["completions", shell]).output().unwrap();
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("canary") && text.contains("import"),
            "{shell}"
        );
    }
    let help = home.canary().arg("--help").output().unwrap();
    let text = String::from_utf8_lossy(&help.stdout);
    for word in [
        "demo",
        "init",
        "import",
        "report",
        "events",
        "sources",
        "Start with `canary demo`",
    ] {
        assert!(text.contains(word), "--help mentions {word}");
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let home = Home::new();
    let kept = home.dir.path().join("demo.db");
    home.canary()
        .args(["demo", "--keep"])
        .arg(&kept)
        .assert()
        .success();
    // Megabytes of events: far more than a pipe buffer holds.
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("canary"))
        .args(["events", "--json"])
        .env("CANARY_CONFIG", kept.with_extension("toml"))
        .env("CANARY_DB", &kept)
        .env("CANARY_NOW", "2026-11-27T17:30:00Z")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert_eq!(first.trim(), "[");
    // stdout is closed here, with most of the report unwritten.
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("error"));
}

#[test]
fn config_path_and_keys() {
    let home = Home::new();
    let out = home.canary().args(["config", "path"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains(home.config().to_str().unwrap())
            && text.contains(home.db().to_str().unwrap())
    );
    let keys = home.canary().args(["config", "keys"]).output().unwrap();
    assert!(String::from_utf8_lossy(&keys.stdout).contains("identities.emails"));
}

#[test]
fn import_auto_finds_histories_and_repositories() {
    let home = Home::new();
    home.init(&[]);
    let fake_home = home.dir.path().join("home");
    std::fs::create_dir_all(fake_home.join("src/tool")).unwrap();
    std::fs::write(
        fake_home.join(".zsh_history"),
        ": 1780000000:0;ls\n: 1780000060:0;make\n",
    )
    .unwrap();
    let status = Command::new("git")
        .args(["init", "-q"])
        .current_dir(fake_home.join("src/tool"))
        .status()
        .expect("the git command line (CI installs it)");
    assert!(status.success());

    // Without a terminal it will not ask, and says how to go on.
    home.canary()
        .args(["import", "auto"])
        .env("HOME", &fake_home)
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("pass --yes"));
    let out = home
        .canary()
        .args(["import", "auto", "--yes", "--json"])
        .arg(fake_home.join("src"))
        .env("HOME", &fake_home)
        .output()
        .unwrap();
    let j = json_of(&out);
    let sources: Vec<&str> = j["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["source"].as_str().unwrap())
        .collect();
    assert_eq!(sources, ["zsh", "git"], "{j}");
    assert_eq!(
        j["new"], 2,
        "two commands; the new repository has no commits"
    );
}

#[test]
fn import_help_comes_from_the_registry() {
    let home = Home::new();
    let out = home.canary().args(["import", "--help"]).output().unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for line in [
        "- ics:",
        "iCalendar `.ics` exports",
        "- auto:",
        "Format options (-o KEY=VALUE):",
        "since=DATE",
        "timestamp=COLUMN",
        "all_users=true|false",
        "time_unit=ms|s",
    ] {
        assert!(
            help.contains(line),
            "`canary import --help` shows {line}:\n{help}"
        );
    }
    home.canary()
        .args(["import", "icss", "x.ics"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("possible values: git, bash"));
}

/// `--option sinse=…` used to be ignored, importing everything; a mistyped key is now an
/// error naming the key, the format and its options, and nothing is imported.
#[test]
fn an_unknown_import_option_is_an_error() {
    let home = Home::new();
    home.init(&[]);
    let csv = home.dir.path().join("log.csv");
    std::fs::write(&csv, "when\n2026-03-01 10:00\n").unwrap();
    let ics = home.dir.path().join("cal.ics");
    std::fs::write(
        &ics,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\nDTSTART:20260105T100000Z\r\n\
         DTEND:20260105T110000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let out = home
        .canary()
        .args(["import", "ics", "--option", "sinse=2024-01-01"])
        .arg(&ics)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stderr), @"error: unknown option `sinse` for ics (did you mean `since`?); ics accepts: timezone, since, until, vacation_pattern, holidays, personal");
    let out = home
        .canary()
        .args(["import", "csv", "-o", "timestamp=when", "-o", "colour=red"])
        .arg(&csv)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stderr), @"error: unknown option `colour` for csv; csv accepts: timestamp, end, duration, kind, kind_column, urgency_column, key_column, timezone, delimiter, personal");
    let out = home
        .canary()
        .args(["import", "zsh", "-o", "since=2024-01-01"])
        .arg(&csv)
        .output()
        .unwrap();
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stderr), @"error: unknown option `since` for zsh; zsh accepts: personal");
    let listed = json_of(&home.canary().args(["sources", "--json"]).output().unwrap());
    assert_eq!(
        listed["runs"],
        serde_json::json!([]),
        "nothing was imported"
    );
}

/// A value of the wrong type is refused before anything is read, naming the key and the type.
#[test]
fn a_badly_typed_import_option_is_an_error() {
    let home = Home::new();
    home.init(&[]);
    let ics = home.dir.path().join("cal.ics");
    std::fs::write(&ics, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n").unwrap();
    let out = home
        .canary()
        .args(["import", "ics", "-o", "since=last week"])
        .arg(&ics)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(String::from_utf8_lossy(&out.stderr), @"error: option since=last week: expected a date (2025-01-31) or an RFC 3339 time");
    let listed = json_of(&home.canary().args(["sources", "--json"]).output().unwrap());
    assert_eq!(listed["runs"], serde_json::json!([]), "no run was started");
}
