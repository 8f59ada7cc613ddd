//! Store tests: migrations, the importers' sink, filters and forgetting.

use super::*;
use crate::event::{Event, EventKind, SourceKind};
use crate::sources::{Location, Sink};
use jiff::Timestamp;

fn ev(secs: i64, key: &str) -> Event {
    Event::mine(
        Timestamp::from_second(secs).unwrap(),
        EventKind::Command,
        SourceKind::Zsh,
        key.to_string(),
    )
}

fn now() -> Timestamp {
    "2026-11-29T12:00:00Z".parse().unwrap()
}

#[test]
fn migrates_to_current_and_reopens() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sub/canary.db");
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), migrations::CURRENT);
    let key = s.hasher().unwrap().hash("me@example.org");
    drop(s);
    let s = Store::open(&path).unwrap();
    assert_eq!(
        s.hasher().unwrap().hash("me@example.org"),
        key,
        "identity key survives reopening"
    );
    let mode: String = s
        .conn()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
}

#[test]
fn refuses_a_newer_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("canary.db");
    drop(Store::open(&path).unwrap());
    let c = rusqlite::Connection::open(&path).unwrap();
    c.pragma_update(None, "user_version", 99).unwrap();
    drop(c);
    let err = Store::open(&path).unwrap_err().to_string();
    assert!(err.contains("schema version 99"), "{err}");
}

#[test]
fn sink_counts_new_duplicates_and_skips() {
    let mut s = Store::open_in_memory().unwrap();
    let run = s.start_run(SourceKind::Zsh, "h", now()).unwrap();
    let mut sink = StoreSink::new(&mut s, run).with_root(std::path::Path::new("h"));
    sink.event(ev(1_700_000_000, "a")).unwrap();
    sink.event(ev(1_700_000_060, "b")).unwrap();
    sink.event(ev(1_700_000_000, "a")).unwrap();
    sink.skip(
        Location {
            file: "h".into(),
            line: Some(3),
        },
        "no timestamp".into(),
    );
    sink.flush().unwrap();
    assert_eq!((sink.new, sink.duplicates, sink.skipped), (2, 1, 1));
    drop(sink);
    s.finish_run(run, RunStatus::Done, None, now()).unwrap();
    let runs = s.runs().unwrap();
    assert_eq!(
        (runs[0].new, runs[0].duplicates, runs[0].skipped),
        (2, 1, 1)
    );
    assert_eq!(runs[0].status, RunStatus::Done);
    assert_eq!(
        s.skips(run).unwrap()[0].location,
        "line 3",
        "the store keeps no path"
    );
    assert_eq!(s.event_count().unwrap(), 2);
}

#[test]
fn filter_and_forget() {
    let mut s = Store::open_in_memory().unwrap();
    let mut commit = ev(1_700_000_100, "c1");
    commit.kind = EventKind::Commit;
    commit.source = SourceKind::Git;
    commit.offset = Some(3600);
    s.insert_events(
        SourceKind::Zsh,
        "t",
        vec![ev(1_700_000_000, "a"), ev(1_700_000_200, "b"), commit],
        now(),
    )
    .unwrap();
    let all = s.events(&EventFilter::default()).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[1].offset, Some(3600), "the source's own offset is kept");
    let commits = s
        .events(&EventFilter {
            kinds: vec![EventKind::Commit],
            ..Default::default()
        })
        .unwrap();
    assert_eq!(commits.len(), 1);
    let late = s
        .events(&EventFilter {
            since: Some(Timestamp::from_second(1_700_000_150).unwrap()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(late.len(), 1);
    assert_eq!(s.forget(SourceKind::Zsh).unwrap(), 2);
    assert_eq!(s.source_summaries().unwrap().len(), 1);
}

#[test]
fn a_version_1_store_upgrades_and_keeps_its_events() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    {
        // A store as the first release wrote it: schema 1 and one event.
        let c = rusqlite::Connection::open(&path).unwrap();
        c.execute_batch(migrations::MIGRATIONS[0]).unwrap();
        c.pragma_update(None, "user_version", 1).unwrap();
        c.execute(
            "INSERT INTO events (source, key, kind, utc, utc_offset) VALUES ('git', 'abc', 'commit', 1700000000, 3600)",
            [],
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), migrations::CURRENT);
    let events = s.events(&EventFilter::default()).unwrap();
    assert_eq!(events.len(), 1);
    assert_eq!(
        (events[0].key.as_str(), events[0].offset),
        ("abc", Some(3600))
    );
    assert_eq!(
        (events[0].parent.clone(), events[0].automated),
        (None, false)
    );
}

#[test]
fn new_fields_round_trip() {
    let mut s = Store::open_in_memory().unwrap();
    let mut e = ev(1_700_000_000, "<m1@example.org>");
    e.kind = EventKind::MailSent;
    e.source = SourceKind::Mbox;
    e.parent = Some("<m0@example.org>".into());
    e.context = Some("payments".into());
    e.priority = Some(1);
    e.automated = true;
    s.insert_events(SourceKind::Mbox, "t", vec![e.clone()], now())
        .unwrap();
    // Mail keys and parents are stored as keyed hashes; the rest as given.
    let h = s.hasher().unwrap();
    e.key = h.hash_key("<m1@example.org>");
    e.parent = Some(h.hash_key("<m0@example.org>"));
    assert_eq!(s.events(&EventFilter::default()).unwrap(), vec![e]);
    // The same mail again is a duplicate: de-duplication works on the hashes.
    let mut again = ev(1_700_000_000, "<m1@example.org>");
    again.kind = EventKind::MailSent;
    again.source = SourceKind::Mbox;
    let (new, dup) = s
        .insert_events(SourceKind::Mbox, "t", vec![again], now())
        .unwrap();
    assert_eq!((new, dup), (0, 1));
}

/// `events` grouped by source, as `source_summaries` must report it.
fn grouped(s: &Store) -> Vec<(String, u64, Timestamp, Timestamp)> {
    let mut stmt = s
        .conn()
        .prepare("SELECT source, count(*), min(utc), max(utc) FROM events GROUP BY source ORDER BY source")
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, i64>(1)? as u64,
            Timestamp::from_second(r.get(2)?).unwrap(),
            Timestamp::from_second(r.get(3)?).unwrap(),
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn summaries(s: &Store) -> Vec<(String, u64, Timestamp, Timestamp)> {
    s.source_summaries()
        .unwrap()
        .into_iter()
        .map(|x| (x.source, x.events, x.first, x.last))
        .collect()
}

#[test]
fn source_summaries_follow_imports_reimports_forget_and_restore() {
    let mut s = Store::open_in_memory().unwrap();
    assert!(summaries(&s).is_empty());
    let zsh = |from: i64, n: i64| -> Vec<Event> {
        (from..from + n)
            .map(|i| ev(1_700_000_000 + i * 60, &format!("k{i}")))
            .collect()
    };
    let git = |secs: i64, key: &str| {
        let mut e = ev(secs, key);
        e.source = SourceKind::Git;
        e.kind = EventKind::Commit;
        e
    };
    s.insert_events(SourceKind::Zsh, "a", zsh(10, 5), now())
        .unwrap();
    // A later import of the same source, earlier and later times: one more upsert.
    let mut more = zsh(0, 3);
    more.extend(zsh(100, 2));
    s.insert_events(SourceKind::Zsh, "b", more, now()).unwrap();
    s.insert_events(
        SourceKind::Git,
        "c",
        vec![git(1_600_000_000, "c1"), git(1_800_000_000, "c2")],
        now(),
    )
    .unwrap();
    let after_imports = grouped(&s);
    assert_eq!(after_imports.len(), 2);
    assert_eq!(after_imports[1].1, 10, "zsh holds 10 events");
    assert_eq!(summaries(&s), after_imports);

    // Importing again adds nothing (duplicates are not counted), one new event moves `last`.
    let mut again = zsh(0, 20);
    again.extend(zsh(200, 1));
    let (new, dup) = s.insert_events(SourceKind::Zsh, "d", again, now()).unwrap();
    assert_eq!((new, dup), (13, 8));
    assert_eq!(summaries(&s), grouped(&s));
    assert_ne!(summaries(&s), after_imports);

    // Through the importers' sink too.
    let run = s.start_run(SourceKind::Git, "e", now()).unwrap();
    let mut sink = StoreSink::new(&mut s, run);
    sink.event(git(1_500_000_000, "c0")).unwrap();
    sink.event(git(1_600_000_000, "c1")).unwrap();
    sink.flush().unwrap();
    drop(sink);
    assert_eq!(summaries(&s), grouped(&s));
    assert_eq!(summaries(&s)[0].1, 3);

    // A backup leaves the derived table out; restoring recomputes it.
    let mut backup = Vec::new();
    s.export(&mut backup).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&backup).unwrap();
    assert!(doc["tables"].get("source_stats").is_none());
    let mut r = Store::open_in_memory().unwrap();
    r.restore(&backup[..], RestoreMode::IntoEmpty).unwrap();
    assert_eq!(summaries(&r), grouped(&s));
    // Replacing a store that held other sources drops their summaries.
    let mut other = Store::open_in_memory().unwrap();
    let mut fish = ev(1_700_000_000, "f1");
    fish.source = SourceKind::Fish;
    other
        .insert_events(SourceKind::Fish, "f", vec![fish], now())
        .unwrap();
    other.restore(&backup[..], RestoreMode::Replace).unwrap();
    assert_eq!(summaries(&other), grouped(&s));

    // Forgetting a source removes its summary.
    s.forget(SourceKind::Zsh).unwrap();
    assert_eq!(summaries(&s), grouped(&s));
    assert_eq!(summaries(&s).len(), 1);

    // Rows written another way are counted after a refresh.
    s.conn()
        .execute(
            "INSERT INTO events (source, key, kind, utc) VALUES ('bash', 'x', 'command', 1700000000)",
            [],
        )
        .unwrap();
    s.refresh_source_stats().unwrap();
    assert_eq!(summaries(&s), grouped(&s));
    assert_eq!(summaries(&s).len(), 2);
}

#[test]
fn the_source_stats_migration_fills_the_table_from_existing_events() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let before = migrations::MIGRATIONS
        .iter()
        .position(|m| m.contains("CREATE TABLE source_stats"))
        .unwrap();
    {
        let c = rusqlite::Connection::open(&path).unwrap();
        for sql in &migrations::MIGRATIONS[..before] {
            c.execute_batch(sql).unwrap();
        }
        c.pragma_update(None, "user_version", before as i64)
            .unwrap();
        c.execute_batch(
            "INSERT INTO events (source, key, kind, utc) VALUES
                ('git', 'a', 'commit', 1700000000), ('git', 'b', 'commit', 1600000000),
                ('zsh', 'epoch:1', 'command', 1650000000);",
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    let got = summaries(&s);
    assert_eq!(got, grouped(&s));
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].1, 2);
}
