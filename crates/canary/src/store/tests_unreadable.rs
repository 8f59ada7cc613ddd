//! Rows no importer could have written: `restore` refuses a backup holding one (naming the
//! table, the row and the reason, the store unchanged); reading skips one and counts it.

use jiff::Timestamp;

use super::*;
use crate::event::{Event, EventKind, SourceKind};

fn t(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// A store with two commits, exported.
fn store_and_backup() -> (Store, String) {
    let mut store = Store::open_in_memory().unwrap();
    let events = ["2026-03-02T09:00:00Z", "2026-03-03T10:00:00Z"]
        .iter()
        .enumerate()
        .map(|(i, at)| Event::mine(t(at), EventKind::Commit, SourceKind::Git, format!("c{i}")))
        .collect();
    store
        .insert_events(SourceKind::Git, "repo", events, t("2026-03-04T00:00:00Z"))
        .unwrap();
    let mut out = Vec::new();
    store.export(&mut out).unwrap();
    (store, String::from_utf8(out).unwrap())
}

/// The backup with the second event row's value at column `column` replaced (edited in
/// place, so the tables keep their order).
fn edited(backup: &str, column: &str, value: serde_json::Value) -> String {
    let doc: serde_json::Value = serde_json::from_str(backup).unwrap();
    let events = &doc["tables"]["events"];
    let i = events["columns"]
        .as_array()
        .unwrap()
        .iter()
        .position(|c| c == column)
        .unwrap();
    let row = events["rows"][1].clone();
    let mut changed = row.clone();
    changed[i] = value;
    let (row, changed) = (row.to_string(), changed.to_string());
    assert_eq!(backup.matches(&row).count(), 1);
    backup.replacen(&row, &changed, 1)
}

fn restore_err(backup: &str) -> String {
    let mut fresh = Store::open_in_memory().unwrap();
    let err = fresh
        .restore(backup.as_bytes(), RestoreMode::IntoEmpty)
        .unwrap_err()
        .to_string();
    assert_eq!(fresh.event_count().unwrap(), 0, "nothing restored");
    err
}

#[test]
fn restore_refuses_a_row_no_import_could_have_made() {
    let (_, backup) = store_and_backup();
    let mut ok = Store::open_in_memory().unwrap();
    ok.restore(backup.as_bytes(), RestoreMode::IntoEmpty)
        .unwrap();
    assert_eq!(ok.event_count().unwrap(), 2, "the unedited backup restores");

    let err = restore_err(&edited(&backup, "utc", i64::MAX.into()));
    assert!(
        err.contains("events: row 2: time 9223372036854775807 is out of the supported range"),
        "{err}"
    );
    let err = restore_err(&edited(&backup, "kind", "sleep".into()));
    assert!(
        err.contains("events: row 2: unknown event kind `sleep`"),
        "{err}"
    );
    let err = restore_err(&edited(&backup, "source", "telepathy".into()));
    assert!(
        err.contains("events: row 2: unknown source `telepathy`"),
        "{err}"
    );
    let err = restore_err(&edited(&backup, "priority", 9.into()));
    assert!(err.contains("row 2: priority 9 is not 1 to 5"), "{err}");
    let err = restore_err(&edited(&backup, "duration", i64::MAX.into()));
    assert!(err.contains("row 2: duration"), "{err}");
    let err = restore_err(&edited(&backup, "utc_offset", 1_000_000.into()));
    assert!(err.contains("row 2: UTC offset"), "{err}");
}

#[test]
fn replace_with_a_bad_backup_leaves_the_store_as_it_was() {
    let (mut store, backup) = store_and_backup();
    let bad = edited(&backup, "kind", "sleep".into());
    let err = store
        .restore(bad.as_bytes(), RestoreMode::Replace)
        .unwrap_err()
        .to_string();
    assert!(err.contains("unknown event kind"), "{err}");
    assert_eq!(store.event_count().unwrap(), 2);
    let mut again = Vec::new();
    store.export(&mut again).unwrap();
    assert_eq!(String::from_utf8(again).unwrap(), backup);
}

#[test]
fn a_journal_instant_out_of_range_is_refused() {
    let (store, _) = store_and_backup();
    store
        .agreement_add("no mail after 19:00", t("2026-03-04T00:00:00Z"))
        .unwrap();
    let mut out = Vec::new();
    store.export(&mut out).unwrap();
    let backup = String::from_utf8(out).unwrap();
    let doc: serde_json::Value = serde_json::from_str(&backup).unwrap();
    let row = doc["tables"]["agreements"]["rows"][0].clone();
    let mut changed = row.clone();
    changed[1] = i64::MIN.into();
    let err = restore_err(&backup.replacen(&row.to_string(), &changed.to_string(), 1));
    assert!(err.contains("agreements: row 1: `agreed_at`"), "{err}");
}

#[test]
fn reading_skips_and_counts_unreadable_rows() {
    let (store, _) = store_and_backup();
    store
        .conn()
        .execute_batch(
            "INSERT INTO events (source, key, kind, utc) VALUES ('git', 'x1', 'commit', 9223372036854775807);
             INSERT INTO events (source, key, kind, utc) VALUES ('git', 'x2', 'sleep', 1772700000);",
        )
        .unwrap();
    let all = store.events(&EventFilter::default()).unwrap();
    assert_eq!(all.len(), 2, "the two good events");
    // Met again (the implausible events are read separately): still two rows, not four.
    store
        .implausible_events(t("2000-01-01T00:00:00Z"), t("2026-03-04T00:00:00Z"))
        .unwrap();
    let u = store.unreadable_rows();
    assert_eq!(u.count, 2);
    let first = u.first.unwrap();
    // In time order: the unknown kind (in 2026) before the time out of range.
    assert_eq!(first, "events id 4: unknown event kind `sleep`");
}

#[test]
fn journal_rows_that_do_not_read_are_skipped_and_counted() {
    let (store, _) = store_and_backup();
    let at = t("2026-03-04T00:00:00Z");
    store.agreement_add("no mail after 19:00", at).unwrap();
    store
        .review_add(
            at,
            "2026-02-01".parse().unwrap(),
            "2026-02-28".parse().unwrap(),
            None,
        )
        .unwrap();
    store
        .conn()
        .execute_batch(
            "INSERT INTO agreements (agreed_at, text) VALUES (-9223372036854775808, 'edited');
             INSERT INTO reviews (reviewed_at, since, until) VALUES (1772700000, 'last month', '2026-02-28');
             INSERT INTO checkins (taken_at, stress) VALUES (9223372036854775807, 3);
             INSERT INTO support (name, kind, added_at) VALUES ('Sam', 'pen pal', 1772700000);
             INSERT INTO plan_progress (action_id, done_at) VALUES ('w-x', 9223372036854775807);
             INSERT INTO answers (instrument, taken_at, answers, scores) VALUES ('who5', 1772700000, 'not json', '{}');",
        )
        .unwrap();
    let j = store.journal().unwrap();
    assert_eq!(j.agreements.len(), 1);
    assert_eq!(j.reviews.len(), 1);
    assert!(j.support.is_empty() && j.done.is_empty());
    assert!(store.checkins().unwrap().is_empty());
    assert!(store.answers(None).unwrap().is_empty());
    let u = store.unreadable_rows();
    assert_eq!(u.count, 6, "{u:?}");
}
