//! Upgrades and the full backup: stores written by earlier schemas migrate without losing a
//! row, and export → restore reproduces every table row by row.

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde_json::Value;

use super::backup::to_json;
use super::migrations::{CURRENT, MIGRATIONS};
use super::*;

/// A raw connection whose schema stops at `version`, as an older Canary left it.
fn old_store(path: &Path, version: usize) -> Connection {
    let conn = Connection::open(path).unwrap();
    for sql in &MIGRATIONS[..version] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", version as i64)
        .unwrap();
    conn
}

/// Every table, every row, in rowid order.
fn dump(store: &Store) -> BTreeMap<String, Vec<Vec<Value>>> {
    let mut out = BTreeMap::new();
    for t in store.backup_tables().unwrap() {
        let mut stmt = store
            .conn()
            .prepare(&format!("SELECT * FROM \"{t}\" ORDER BY rowid"))
            .unwrap();
        let n = stmt.column_count();
        let rows = stmt
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get_ref(i).map(to_json))
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        out.insert(t, rows);
    }
    out
}

const SCHEMA1_ROWS: &str = r#"
    INSERT INTO meta (key, value) VALUES ('identity_key', x'000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
    INSERT INTO import_runs (id, source, path, started_at, finished_at, status, new, duplicates, skipped, message)
        VALUES (1, 'git', '/src/infra', 1700000000, 1700000005, 'done', 2, 0, 1, NULL);
    INSERT INTO import_skips (run_id, location, reason) VALUES (1, '/src/infra:abc', 'no author date');
    INSERT INTO events (source, key, kind, utc, utc_offset, duration, urgency, actor, counterpart, run_id)
        VALUES ('git', 'c1', 'commit', 1700000000, 3600, NULL, NULL, NULL, NULL, 1),
               ('git', 'c2', 'commit', 1700090000, 3600, NULL, NULL, 'h:ab', NULL, 1);
"#;

#[test]
fn a_schema_1_store_migrates_with_its_events() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("canary.db");
    old_store(&path, 1).execute_batch(SCHEMA1_ROWS).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), CURRENT);
    assert_eq!(store.event_count().unwrap(), 2);
    let events = store.events(&EventFilter::default()).unwrap();
    assert_eq!(events[1].key, "c2");
    assert_eq!(store.runs().unwrap().len(), 1);
    assert_eq!(store.skips(1).unwrap().len(), 1);
    let t = dump(&store);
    assert_eq!(
        t["meta"][0][1],
        serde_json::json!({"blob": "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"})
    );
    assert!(t["answers"].is_empty() && t["profile"].is_empty());
}

#[test]
fn a_schema_2_store_migrates_with_threads_and_flags() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("canary.db");
    let conn = old_store(&path, 2);
    conn.execute_batch(SCHEMA1_ROWS).unwrap();
    conn.execute_batch(
        "INSERT INTO events (source, key, kind, utc, parent, context, priority, automated)
         VALUES ('mbox', '<m1@x>', 'mail_sent', 1700100000, '<m0@x>', 'ops', 1, 1);",
    )
    .unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), CURRENT);
    assert_eq!(store.event_count().unwrap(), 3);
    // Migration 5 keeps mail keys and parents as keyed hashes.
    let h = store.hasher().unwrap();
    let mail: (String, String, i64, i64) = store
        .conn()
        .query_row(
            "SELECT parent, context, priority, automated FROM events WHERE key = ?1",
            [h.hash_key("<m1@x>")],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(mail, (h.hash_key("<m0@x>"), "ops".into(), 1, 1));
}

const JOURNAL_ROWS: &str = r#"
    INSERT INTO answers (id, instrument, taken_at, answers, scores)
        VALUES (1, 'cbi', 1764000000, '[100,75,50,25,0,75]', '{"personal":54.17}'),
               (2, 'who5', 1764086400, '[3,2,2,3,2]', '{"raw":12,"percent":48}');
    INSERT INTO checkins (id, taken_at, stress, sleep, exercise, social, hobby, note)
        VALUES (1, 1764000000, 4, 2, 0, 1, NULL, 'pager went off twice'),
               (2, 1764090000, 3, 3, 1, 1, 1, NULL);
    INSERT INTO support (id, name, kind, added_at, last_contact)
        VALUES (1, 'Ana (mentor)', 'mentor', 1764000000, 1764500000),
               (2, 'climbing', 'activity', 1764000000, NULL);
    INSERT INTO plan_progress (action_id, done_at, note)
        VALUES ('week.sleep-window', 1764100000, 'phone out of the bedroom'),
               ('month.oncall-talk', 1764200000, NULL);
    INSERT INTO agreements (id, agreed_at, text)
        VALUES (1, 1764300000, 'No pages for P3 incidents after 22:00.');
    INSERT INTO profile (key, value)
        VALUES ('plan_started', '2026-11-20'), ('emergency_fund_months', '4.5');
"#;

#[test]
fn journal_rows_survive_upgrades_reopening_and_a_backup_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("canary.db");
    let conn = old_store(&path, 3);
    conn.execute_batch(SCHEMA1_ROWS).unwrap();
    conn.execute_batch(JOURNAL_ROWS).unwrap();
    drop(conn);

    // Migrate to the current schema, then reopen: nothing lost.
    let before = dump(&Store::open(&path).unwrap());
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), CURRENT);
    let after = dump(&store);
    assert_eq!(before, after);
    for (table, rows) in [
        ("answers", 2),
        ("checkins", 2),
        ("support", 2),
        ("plan_progress", 2),
        ("agreements", 1),
        ("profile", 2),
        ("events", 2),
    ] {
        assert_eq!(after[table].len(), rows, "{table}");
    }
    assert_eq!(after["checkins"][0][7], "pager went off twice");

    // A review saved after the upgrade goes into the backup with the rest.
    store
        .review_add(
            jiff::Timestamp::from_second(1_764_400_000).unwrap(),
            "2026-10-26".parse().unwrap(),
            "2026-11-22".parse().unwrap(),
            Some("P3 alerts moved to office hours"),
        )
        .unwrap();
    let after = dump(&store);

    // The backup holds every journal row.
    let mut backup = Vec::new();
    let counts = store.export(&mut backup).unwrap();
    assert!(counts.contains(&("plan_progress".to_string(), 2)));
    let doc: Value = serde_json::from_slice(&backup).unwrap();
    assert_eq!(doc["format"], BACKUP_FORMAT);
    assert_eq!(doc["schema_version"], CURRENT);
    assert_eq!(
        doc["tables"]["agreements"]["rows"][0][2],
        "No pages for P3 incidents after 22:00."
    );
    assert_eq!(doc["tables"]["support"]["rows"][1][4], Value::Null);
    assert!(counts.contains(&("reviews".to_string(), 1)));
    assert_eq!(
        doc["tables"]["reviews"]["rows"][0],
        serde_json::json!([
            1,
            1764400000,
            "2026-10-26",
            "2026-11-22",
            "P3 alerts moved to office hours"
        ])
    );

    // Restoring into a fresh store gives identical tables, identity key included.
    let mut fresh = Store::open(&dir.path().join("fresh.db")).unwrap();
    fresh
        .restore(backup.as_slice(), RestoreMode::IntoEmpty)
        .unwrap();
    assert_eq!(dump(&fresh), after);
    assert_eq!(
        fresh.hasher().unwrap().hash("me@example.org"),
        store.hasher().unwrap().hash("me@example.org")
    );
    let mut again = Vec::new();
    fresh.export(&mut again).unwrap();
    assert_eq!(again, backup, "export → restore → export is byte-identical");
}

#[test]
fn a_schema_3_store_gains_the_reviews_table_and_keeps_its_journal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("canary.db");
    let conn = old_store(&path, 3);
    conn.execute_batch(SCHEMA1_ROWS).unwrap();
    conn.execute_batch(JOURNAL_ROWS).unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), CURRENT);
    // The journal reads whole through the store, with no review yet.
    let j = store.journal().unwrap();
    assert_eq!((j.support.len(), j.done.len()), (2, 2));
    assert_eq!(
        j.agreements[0].text,
        "No pages for P3 incidents after 22:00."
    );
    assert_eq!(j.profile["plan_started"], "2026-11-20");
    assert!(j.reviews.is_empty());
    let checkins = store.checkins().unwrap();
    assert_eq!(checkins[0].note.as_deref(), Some("pager went off twice"));
    assert_eq!(checkins[1].hobby, Some(true));
    // Reviews are saved and read back, oldest first.
    let t = |s: i64| jiff::Timestamp::from_second(s).unwrap();
    let day = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    store
        .review_add(t(1_767_000_000), day("2026-11-23"), day("2026-12-28"), None)
        .unwrap();
    store
        .review_add(
            t(1_764_400_000),
            day("2026-10-26"),
            day("2026-11-22"),
            Some("ok"),
        )
        .unwrap();
    let reviews = store.journal().unwrap().reviews;
    assert_eq!(reviews.len(), 2);
    assert_eq!(reviews[0].reviewed_at, t(1_764_400_000));
    assert_eq!(reviews[0].note.as_deref(), Some("ok"));
    assert_eq!(reviews[1].until, day("2026-12-28"));
    let strict: i64 = store
        .conn()
        .query_row(
            "SELECT strict FROM pragma_table_list WHERE name = 'reviews'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(strict, 1, "the reviews table is STRICT like the others");
}

#[test]
fn restore_refuses_a_store_with_data_unless_replacing() {
    let mut a = Store::open_in_memory().unwrap();
    a.conn().execute_batch(SCHEMA1_ROWS).unwrap();
    let mut backup = Vec::new();
    a.export(&mut backup).unwrap();
    let err = a
        .restore(backup.as_slice(), RestoreMode::IntoEmpty)
        .unwrap_err();
    assert!(matches!(err, BackupError::NotEmpty(_)), "{err}");
    let before = dump(&a);
    a.restore(backup.as_slice(), RestoreMode::Replace).unwrap();
    assert_eq!(dump(&a), before);
}

#[test]
fn a_broken_backup_changes_nothing() {
    let mut a = Store::open_in_memory().unwrap();
    a.conn().execute_batch(SCHEMA1_ROWS).unwrap();
    let before = dump(&a);
    let mut backup = Vec::new();
    a.export(&mut backup).unwrap();
    let cut = &backup[..backup.len() - 40];
    assert!(a.restore(cut, RestoreMode::Replace).is_err());
    assert_eq!(dump(&a), before, "the failed restore rolled back");
    for bad in [
        r#"{"format":"something-else","tables":{}}"#,
        r#"{"format":"canary-backup","schema_version":999,"tables":{}}"#,
        r#"{"format":"canary-backup","tables":{"nope":{"columns":[],"rows":[]}}}"#,
    ] {
        let err = a.restore(bad.as_bytes(), RestoreMode::Replace).unwrap_err();
        assert!(matches!(err, BackupError::Invalid(_)), "{err}");
    }
    assert_eq!(dump(&a), before);
}
