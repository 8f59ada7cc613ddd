//! Commands that only read the store refuse one that does not exist — a mistyped `--db` — with
//! its path and a hint, a non-zero exit, and without creating it (or its folder).

use crate::common;

use std::time::Duration;

use common::Home;

#[test]
fn read_only_commands_refuse_a_store_that_does_not_exist() {
    let home = Home::new();
    home.init(&[]);
    let typo = home.dir.path().join("x").join("typo.db");
    let exported = home.dir.path().join("backup.json");
    let exported = exported.to_str().unwrap();
    for args in [
        &["report"][..],
        &["report", "--json"],
        &["events"],
        &["events", "--json"],
        &["plan"],
        &["plan", "--json"],
        &["plan", "conversation"],
        &["review"],
        &["review", "--done"],
        &["sources"],
        &["sources", "runs"],
        &["sources", "forget", "zsh", "--yes"],
        &["assess", "history"],
        &["support", "list"],
        &["export"],
        &["export", exported],
        &["serve", "--port", "0"],
        &["team", "share", "--dry-run", "--metrics", "hours"],
    ] {
        let out = home
            .canary()
            .arg("--db")
            .arg(&typo)
            .args(args)
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !out.status.success(),
            "canary {args:?} succeeded:\n{stderr}"
        );
        assert!(
            stderr.contains(&typo.display().to_string()),
            "canary {args:?} does not name the path:\n{stderr}"
        );
        assert!(
            stderr.contains("canary init"),
            "canary {args:?} gives no hint:\n{stderr}"
        );
        assert!(
            !typo.parent().unwrap().exists(),
            "canary {args:?} created the store's folder"
        );
        assert!(
            !std::path::Path::new(exported).exists(),
            "canary {args:?} wrote a backup"
        );
    }
}

#[test]
fn init_and_writing_commands_create_the_store() {
    let home = Home::new();
    home.init(&[]);
    // `canary init` starts the store, so reading commands work right after it.
    assert!(home.db().exists());
    home.canary().arg("report").assert().success();

    let fresh = home.dir.path().join("new").join("canary.db");
    home.canary()
        .arg("--db")
        .arg(&fresh)
        .args(["checkin", "--stress", "2", "--sleep", "4"])
        .args(["--exercise", "yes", "--social", "yes", "--hobby", "no"])
        .assert()
        .success();
    assert!(fresh.exists());
}
