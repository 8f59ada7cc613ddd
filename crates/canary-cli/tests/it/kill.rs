//! A killed import (SIGKILL at any point) leaves a consistent store, and importing again
//! completes it without duplicates.

use crate::common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::Home;

const ENTRIES: i64 = 400_000;

fn write_history(path: &std::path::Path) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..ENTRIES {
        // Several entries share a second, as in real histories.
        writeln!(f, ": {}:0;echo {i}", 1_700_000_000 + i / 3).unwrap();
    }
}

/// Events stored, and the sum of the runs' `new` counters: equal in a consistent store.
fn check_consistent(db: &std::path::Path) -> i64 {
    let c = rusqlite::Connection::open(db).unwrap();
    let ok: String = c
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    let version: i64 = c
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    if version == 0 {
        // Killed before the schema's transaction committed: an empty store, also consistent.
        let tables: i64 = c
            .query_row("SELECT COUNT(*) FROM sqlite_master", [], |r| r.get(0))
            .unwrap();
        assert_eq!(tables, 0, "a half-made schema");
        return 0;
    }
    let events: i64 = c
        .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
        .unwrap();
    let counted: i64 = c
        .query_row("SELECT COALESCE(SUM(new), 0) FROM import_runs", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(
        events, counted,
        "every committed batch updated its run's counter"
    );
    let distinct: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM (SELECT DISTINCT source, key FROM events)",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(distinct, events, "no duplicates");
    let has_stats: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM sqlite_master WHERE name = 'source_stats'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    if has_stats == 1 {
        let summary = |sql: &str| -> Vec<(String, i64, i64, i64)> {
            c.prepare(sql)
                .unwrap()
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        };
        assert_eq!(
            summary("SELECT source, events, first, last FROM source_stats ORDER BY source"),
            summary(
                "SELECT source, count(*), min(utc), max(utc) FROM events GROUP BY source ORDER BY source"
            ),
            "every committed batch updated the source summary"
        );
    }
    events
}

#[test]
fn sigkill_at_any_point_then_import_again_completes_without_duplicates() {
    let home = Home::new();
    home.init(&[]);
    let history = home.dir.path().join("zsh_history");
    write_history(&history);
    let bin = assert_cmd::cargo::cargo_bin("canary");

    let mut seen_partial = false;
    // What the killed imports left (the last kill may land after an import completed).
    let mut stored = 0;
    for delay_ms in [5u64, 40, 120, 250, 500, 900] {
        let mut child = Command::new(&bin)
            .args(["import", "zsh"])
            .arg(&history)
            .env("CANARY_CONFIG", home.config())
            .env("CANARY_DB", home.db())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        if home.db().exists() {
            stored = check_consistent(&home.db());
            seen_partial |= stored > 0 && stored < ENTRIES;
        }
    }

    let out = home
        .canary()
        .args(["import", "zsh", "--json"])
        .arg(&history)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j = common::json_of(&out);
    let total = check_consistent(&home.db());
    assert_eq!(total, ENTRIES, "the last import completed the store");
    assert_eq!(
        j["new"].as_i64().unwrap(),
        ENTRIES - stored,
        "it added exactly what the killed imports had not stored"
    );
    // Not a guarantee on every machine, but on any of ours the kills land mid-import.
    if !seen_partial {
        eprintln!("note: no kill landed in the middle of an import on this machine");
    }
}
