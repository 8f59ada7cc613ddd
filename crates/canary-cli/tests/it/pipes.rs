//! A closed stdout ends any command quietly — exit 0 (or 141, killed by SIGPIPE), no panic, no
//! error message — and files the command was asked to write are still written.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use common::Home;

/// A demo store kept in `home`, and its settings file.
fn demo(home: &Home) -> (PathBuf, PathBuf) {
    let db = home.dir.path().join("demo.db");
    home.canary()
        .args(["demo", "--keep"])
        .arg(&db)
        .assert()
        .success();
    let config = db.with_extension("toml");
    (db, config)
}

/// Run `canary ARGS` with a stdout whose reading end is already closed.
fn with_closed_stdout(db: &Path, config: &Path, args: &[&str]) -> Output {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    Command::new(assert_cmd::cargo::cargo_bin("canary"))
        .args(args)
        .env("CANARY_CONFIG", config)
        .env("CANARY_DB", db)
        .env("CANARY_NOW", "2026-11-27T17:30:00Z")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

fn assert_quiet(args: &[&str], out: &Output) {
    use std::os::unix::process::ExitStatusExt;
    let stderr = String::from_utf8_lossy(&out.stderr);
    let ok = out.status.code() == Some(0)
        || out.status.code() == Some(141)
        || out.status.signal() == Some(libc_sigpipe());
    assert!(ok, "canary {args:?}: {:?}\n{stderr}", out.status);
    assert!(!stderr.contains("panicked"), "canary {args:?}:\n{stderr}");
    assert!(!stderr.contains("error"), "canary {args:?}:\n{stderr}");
}

const fn libc_sigpipe() -> i32 {
    13
}

#[test]
fn every_printing_command_ends_quietly_on_a_closed_pipe() {
    let home = Home::new();
    let (db, config) = demo(&home);
    for args in [
        &["completions", "zsh"][..],
        &["completions", "bash"],
        &["completions", "fish"],
        &["report"],
        &["report", "--json"],
        &["events"],
        &["events", "--json"],
        &["plan"],
        &["plan", "--json"],
        &["plan", "conversation"],
        &["review"],
        &["sources"],
        &["sources", "runs"],
        &["assess", "history"],
        &["assess", "who5", "--items"],
        &["config", "show"],
        &["check"],
        &["demo"],
        &["demo", "--plan"],
        &["team", "cost"],
        &["export"],
        &["break", "--dry-run"],
        &["--help"],
        &["report", "--help"],
    ] {
        let out = with_closed_stdout(&db, &config, args);
        assert_quiet(args, &out);
    }
}

#[test]
fn files_are_written_even_when_stdout_is_closed() {
    let home = Home::new();
    let (db, config) = demo(&home);
    for (flag, args) in [
        ("plan.html", &["plan", "--html"][..]),
        ("review.html", &["review", "--html"]),
        ("cost.html", &["team", "cost", "--html"]),
    ] {
        let file = home.dir.path().join(flag);
        let mut all: Vec<&str> = args.to_vec();
        all.push(file.to_str().unwrap());
        let out = with_closed_stdout(&db, &config, &all);
        assert_quiet(&all, &out);
        let written = std::fs::read_to_string(&file)
            .unwrap_or_else(|e| panic!("canary {all:?} did not write {}: {e}", file.display()));
        assert!(written.contains("<html"), "canary {all:?}: {written}");
    }
}
