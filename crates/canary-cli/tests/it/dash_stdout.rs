//! `-` means stdout wherever a command writes a file: `export -`, `plan --html -`,
//! `review --html -`, `team cost --html -`, `team rotate --csv -` / `--ics -`. No file named
//! `-` is ever created, and two outputs that would both go to stdout are refused.

use crate::common;

use std::path::PathBuf;

use common::{Home, ONCALL_ROSTER};

/// A demo store kept in `home` and its settings file; commands run in `home` so that a file
/// named `-` would land there.
fn demo(home: &Home) -> (PathBuf, PathBuf) {
    let db = home.dir.path().join("demo.db");
    home.canary()
        .args(["demo", "--keep"])
        .arg(&db)
        .assert()
        .success();
    (db.clone(), db.with_extension("toml"))
}

fn canary_in(home: &Home, db: &PathBuf, config: &PathBuf) -> assert_cmd::Command {
    let mut cmd = home.canary();
    cmd.env("CANARY_DB", db)
        .env("CANARY_CONFIG", config)
        .current_dir(home.dir.path());
    cmd
}

fn stdout_of(cmd: &mut assert_cmd::Command) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn a_dash_writes_to_stdout_and_never_a_file_named_dash() {
    let home = Home::new();
    let (db, config) = demo(&home);
    let roster = home.dir.path().join("roster.toml");
    std::fs::write(&roster, ONCALL_ROSTER).unwrap();
    let roster = roster.to_str().unwrap();
    for (args, starts) in [
        (&["export", "-"][..], "{"),
        (&["plan", "--html", "-"], "<!DOCTYPE html>"),
        (&["review", "--html", "-"], "<!DOCTYPE html>"),
        (&["team", "cost", "--html", "-"], "<!DOCTYPE html>"),
        (
            &[
                "team", "rotate", "--weeks", "2", "--roster", roster, "--ics", "-",
            ],
            "BEGIN:VCALENDAR",
        ),
        (
            &[
                "team", "rotate", "--weeks", "2", "--roster", roster, "--csv", "-",
            ],
            "week",
        ),
    ] {
        let text = stdout_of(canary_in(&home, &db, &config).args(args));
        assert!(
            text.trim_start()
                .to_lowercase()
                .starts_with(&starts.to_lowercase()),
            "canary {args:?} printed:\n{}",
            &text[..text.len().min(300)]
        );
        assert!(
            !home.dir.path().join("-").exists(),
            "canary {args:?} wrote a file named -"
        );
    }
    // The exported backup on stdout is the whole backup: JSON that restores.
    let backup = stdout_of(canary_in(&home, &db, &config).args(["export", "-"]));
    let v: serde_json::Value = serde_json::from_str(&backup).unwrap();
    assert!(v.is_object());
}

#[test]
fn two_outputs_on_stdout_are_refused() {
    let home = Home::new();
    let (db, config) = demo(&home);
    for args in [
        &["plan", "--json", "--html", "-"][..],
        &["review", "--json", "--html", "-"],
        &["team", "cost", "--json", "--html", "-"],
    ] {
        canary_in(&home, &db, &config)
            .args(args)
            .assert()
            .failure()
            .stderr(predicates::str::contains("stdout"));
    }
    canary_in(&home, &db, &config)
        .args(["demo", "--keep", "-"])
        .assert()
        .failure();
    assert!(!home.dir.path().join("-").exists());
}
