//! The bulk load keeps exactly what the indexed table keeps, never commits without its
//! indexes, and ends where it must.

use super::*;
use crate::event::SourceKind;
use crate::store::{Store, StoreSink};
use jiff::Timestamp;

fn now() -> Timestamp {
    "2026-11-29T12:00:00Z".parse().unwrap()
}

/// A mail event at `secs` with key `key` and identity `identity`.
fn mail(secs: i64, key: &str, identity: Option<&str>) -> Event {
    let mut e = Event::mine(
        Timestamp::from_second(secs).unwrap(),
        EventKind::MailReceived,
        SourceKind::Mbox,
        key.to_string(),
    );
    e.identity = identity.map(str::to_string);
    e
}

/// Repeats by key, by identity, and the chain that only a row-by-row rule gets right:
/// B repeats A's identity (refused), so C — B's key, a new identity — is new.
fn awkward() -> Vec<Event> {
    vec![
        mail(1_000, "a", Some("i1")),
        mail(2_000, "b", Some("i1")),
        mail(3_000, "b", Some("i2")),
        mail(4_000, "a", Some("i9")),
        mail(5_000, "d", None),
        mail(6_000, "d", None),
        mail(7_000, "e", None),
        mail(8_000, "f", Some("i2")),
        mail(9_000, "g", Some("i3")),
    ]
}

/// The index names `events` has now.
fn indexes(store: &Store) -> Vec<String> {
    let mut stmt = store
        .conn()
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events' ORDER BY name")
        .unwrap();
    stmt.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

const ALL: [&str; 3] = ["events_identity", "events_key", "events_utc"];

/// Import `events` in one stream, a batch of `per_batch` at a time; returns (new,
/// duplicates), the kept events' times, and the indexes seen after the first batch.
fn import(
    store: &mut Store,
    events: &[Event],
    per_batch: usize,
) -> ((u64, u64), Vec<i64>, Vec<String>) {
    store.begin_stream();
    let run = store.start_run(SourceKind::Mbox, "box", now()).unwrap();
    let mut after_first = None;
    let mut counts = (0, 0);
    for chunk in events.chunks(per_batch) {
        let mut sink = StoreSink::new(store, run);
        for e in chunk {
            sink.push(e.clone()).unwrap();
        }
        sink.flush().unwrap();
        counts = (counts.0 + sink.new, counts.1 + sink.duplicates);
        if after_first.is_none() {
            after_first = Some(indexes(store));
        }
    }
    store.end_stream().unwrap();
    let kept: Vec<i64> = store
        .conn()
        .prepare("SELECT utc FROM events WHERE source = 'mbox' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    (counts, kept, after_first.unwrap_or_default())
}

#[test]
fn a_load_keeps_exactly_what_the_indexed_table_keeps() {
    for per_batch in [1, 2, 4, 100] {
        let mut empty = Store::open_in_memory().unwrap();
        let (counts, kept, during) = import(&mut empty, &awkward(), per_batch);
        assert!(during.is_empty(), "loaded without indexes: {during:?}");
        assert_eq!(indexes(&empty), ALL, "and built at the end");

        // The same events into a store that holds something already: written through the
        // unique indexes, row by row.
        let mut held = Store::open_in_memory().unwrap();
        let z = Event::mine(
            Timestamp::from_second(1).unwrap(),
            EventKind::Command,
            SourceKind::Zsh,
            "epoch:1".into(),
        );
        held.insert_events(SourceKind::Zsh, "h", vec![z], now())
            .unwrap();
        let (counts_held, kept_held, during_held) = import(&mut held, &awkward(), per_batch);
        assert_eq!(during_held, ALL, "not loaded: the table was not empty");

        assert_eq!(kept, kept_held, "batches of {per_batch}");
        assert_eq!(counts, counts_held);
        assert_eq!(kept, [1_000, 3_000, 5_000, 7_000, 9_000]);
        assert_eq!(counts, (5, 4));
    }
}

#[test]
fn nothing_is_committed_while_the_indexes_are_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("canary.db");
    let mut store = Store::open(&path).unwrap();
    let other = rusqlite::Connection::open(&path).unwrap();
    let seen = |c: &rusqlite::Connection| -> (i64, i64) {
        c.query_row(
            "SELECT (SELECT count(*) FROM events),
                    (SELECT count(*) FROM sqlite_master WHERE name = 'events_key')",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap()
    };
    store.begin_stream();
    let run = store.start_run(SourceKind::Mbox, "box", now()).unwrap();
    {
        let mut sink = StoreSink::new(&mut store, run);
        sink.push(mail(1_000, "a", Some("i1"))).unwrap();
        sink.flush().unwrap();
        // Past the stream's commit interval: outside a load this batch would commit.
        std::thread::sleep(crate::store::COMMIT_EVERY + std::time::Duration::from_millis(50));
        sink.push(mail(2_000, "b", Some("i2"))).unwrap();
        sink.flush().unwrap();
    }
    assert_eq!(
        seen(&other),
        (0, 1),
        "another connection sees the store as it was"
    );
    store.end_stream().unwrap();
    assert_eq!(seen(&other), (2, 1));
}

#[test]
fn a_load_cut_short_leaves_the_store_empty_with_its_indexes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("canary.db");
    {
        let mut store = Store::open(&path).unwrap();
        store.begin_stream();
        let run = store.start_run(SourceKind::Mbox, "box", now()).unwrap();
        let mut sink = StoreSink::new(&mut store, run);
        for (i, e) in awkward().into_iter().enumerate() {
            sink.push(e).unwrap();
            if i == 3 {
                sink.flush().unwrap();
            }
        }
        sink.flush().unwrap();
        // Dropped without `end_stream`, as a killed process would leave it.
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(store.event_count().unwrap(), 0);
    assert_eq!(indexes(&store), ALL);
}

#[test]
fn a_trackers_span_ends_the_load_before_its_batch() {
    let mut store = Store::open_in_memory().unwrap();
    store.begin_stream();
    let run = store.start_run(SourceKind::Mbox, "box", now()).unwrap();
    let span = |secs: i64| {
        let mut e = Event::mine(
            Timestamp::from_second(1_000).unwrap(),
            EventKind::ActiveSpan,
            SourceKind::Activitywatch,
            "bucket/1".into(),
        );
        e.duration = Some(secs);
        e
    };
    let write = |store: &mut Store, e: Event| {
        let mut sink = StoreSink::new(store, run);
        sink.push(e).unwrap();
        sink.flush().unwrap();
        (sink.new, sink.duplicates)
    };
    assert_eq!(write(&mut store, mail(1_000, "a", Some("i1"))), (1, 0));
    assert!(indexes(&store).is_empty());
    assert_eq!(write(&mut store, span(60)), (1, 0));
    assert_eq!(indexes(&store), ALL, "built before the span was written");
    // The span read again, longer: a repeat that grows, through the key index.
    assert_eq!(write(&mut store, span(120)), (0, 1));
    store.end_stream().unwrap();
    let duration: i64 = store
        .conn()
        .query_row(
            "SELECT duration FROM events WHERE kind = 'active_span'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(duration, 120);
}

#[test]
fn a_load_ends_at_its_size() {
    let store = Store::open_in_memory().unwrap();
    let conn = store.conn();
    conn.execute_batch("BEGIN").unwrap();
    let mut bulk = Bulk::Undecided;
    assert!(bulk.before_batch(conn, &[mail(1, "a", None)]).unwrap());
    bulk.after_batch(conn, (BULK_ROWS - 1) as u64).unwrap();
    assert!(bulk.is_on(), "one row short");
    bulk.after_batch(conn, 1).unwrap();
    assert!(!bulk.is_on());
    conn.execute_batch("COMMIT").unwrap();
    assert_eq!(indexes(&store), ALL);
}

#[test]
fn an_empty_batch_decides_nothing() {
    let store = Store::open_in_memory().unwrap();
    let mut bulk = Bulk::Undecided;
    assert!(!bulk.before_batch(store.conn(), &[]).unwrap());
    assert!(matches!(bulk, Bulk::Undecided));
    assert_eq!(indexes(&store), ALL);
}

/// An event's id, key, run, identity and personal flag.
type Row = (i64, String, Option<i64>, Option<String>, i64);

#[test]
fn the_key_index_migration_keeps_every_row_and_id() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v9.db");
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        for sql in &crate::store::migrations::MIGRATIONS[..9] {
            c.execute_batch(sql).unwrap();
        }
        c.pragma_update(None, "user_version", 9).unwrap();
        c.execute_batch(
            "INSERT INTO import_runs (id, source, path, started_at, status)
                VALUES (7, 'git', 'p', 1700000000, 'done');
             INSERT INTO events (id, source, key, kind, utc, run_id, identity, personal) VALUES
                (3, 'git', 'a', 'commit', 1700000000, 7, 'x', 1),
                (10, 'git', 'b', 'commit', 1600000000, NULL, NULL, 0);",
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    let rows: Vec<Row> = s
        .conn()
        .prepare("SELECT id, key, run_id, identity, personal FROM events ORDER BY id")
        .unwrap()
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        rows,
        [
            (3, "a".into(), Some(7), Some("x".into()), 1),
            (10, "b".into(), None, None, 0)
        ]
    );
    assert_eq!(indexes(&s), ALL, "no automatic index left");
    let refused = s.conn().execute(
        "INSERT INTO events (source, key, kind, utc) VALUES ('git', 'a', 'commit', 1)",
        [],
    );
    assert!(refused.is_err(), "(source, key) is still unique");
    let fk: bool = s
        .conn()
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert!(fk, "foreign keys are on again after migrating");
    let free: i64 = s
        .conn()
        .pragma_query_value(None, "freelist_count", |r| r.get(0))
        .unwrap();
    assert_eq!(free, 0, "the old table's pages are given back (VACUUM)");
}
