//! An edited backup and an edited store: `restore` refuses a backup with a row no import could
//! have made (an event time of i64::MAX, an unknown kind), naming the row, and changes
//! nothing; a store holding such rows (put there with SQL) still gives a report, the events
//! and a review, with a warning naming the first row.

use crate::common;

use common::{Demo, Home};

/// The demo store's backup with one event row's `column` set to `value` (edited in place, so
/// the document keeps its order); returns the backup and the row's number in the file.
fn edited(backup: &str, column: &str, value: serde_json::Value, row: usize) -> String {
    let doc: serde_json::Value = serde_json::from_str(backup).unwrap();
    let events = &doc["tables"]["events"];
    let i = events["columns"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c == column)
        .unwrap();
    let old = events["rows"][row - 1].clone();
    let mut new = old.clone();
    new[i] = value;
    backup.replacen(&old.to_string(), &new.to_string(), 1)
}

#[test]
fn restore_refuses_an_edited_backup_and_changes_nothing() {
    let demo = Demo::new();
    let backup = String::from_utf8(demo.run(&["export"]).stdout).unwrap();
    let bad = edited(&backup, "utc", i64::MAX.into(), 7);
    let bad = edited(&bad, "kind", "sleep".into(), 9);
    let file = demo.home.dir.path().join("edited.json");
    std::fs::write(&file, &bad).unwrap();

    // Into an empty store: refused, the first bad row named, nothing restored.
    let home = Home::new();
    let out = home.canary().arg("restore").arg(&file).output().unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "{said}");
    assert!(
        said.contains("events: row 7: time 9223372036854775807 is out of the supported range"),
        "{said}"
    );
    let n = |db: &std::path::Path| -> i64 {
        rusqlite::Connection::open(db)
            .unwrap()
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap()
    };
    assert_eq!(n(&home.db()), 0);

    // Over the demo store with --replace: refused, the store as it was.
    let before = n(&demo.db);
    let out = demo
        .home
        .canary()
        .env("CANARY_DB", &demo.db)
        .args(["restore", "--replace", "--yes"])
        .arg(&file)
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert_eq!(n(&demo.db), before);
    let again = String::from_utf8(demo.run(&["export"]).stdout).unwrap();
    assert_eq!(again, backup, "the store is byte for byte what it was");

    // The unknown kind alone is named too.
    let only_kind = edited(&backup, "kind", "sleep".into(), 9);
    std::fs::write(&file, only_kind).unwrap();
    let out = Home::new()
        .canary()
        .arg("restore")
        .arg(&file)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("events: row 9: unknown event kind `sleep`"),
        "{said}"
    );
}

#[test]
fn a_store_with_unreadable_rows_still_reports_with_a_warning() {
    let demo = Demo::new();
    let conn = rusqlite::Connection::open(&demo.db).unwrap();
    conn.execute_batch(
        "INSERT INTO events (source, key, kind, utc) VALUES ('zsh', 'bad-1', 'sleep', 1795000000);
         INSERT INTO events (source, key, kind, utc) VALUES ('zsh', 'bad-2', 'command', 9223372036854775807);",
    )
    .unwrap();
    drop(conn);
    for args in [
        &["report"][..],
        &["report", "--json"],
        &["events", "--week", "2026-W48"],
        &["review"],
        &["plan"],
    ] {
        let out = demo.run(args);
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.contains("warning: 2 unreadable rows in the store"),
            "{args:?}: {said}"
        );
        assert!(
            said.contains("unknown event kind `sleep`"),
            "{args:?}: {said}"
        );
    }
    // The events kept out of the figures are read apart: only the one out of range is met.
    let out = demo.run(&["events", "--excluded"]);
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("warning: 1 unreadable row in the store")
            && said.contains("time 9223372036854775807 is out of the supported range"),
        "{said}"
    );
}
