//! Privacy at rest: a store written before keys were hashed (schema 4) is rewritten on open —
//! no Message-ID, address, host or path is left in its bytes — and importing the same records
//! again adds nothing; a backup from before is restored the same way.

use rusqlite::Connection;

use super::migrations::{CURRENT, MIGRATIONS, OLD_REASON};
use super::*;
use crate::event::{Event, EventKind, SourceKind};
use crate::sources::{Location, Sink};

const SECRETS: &[&str] = &[
    "alice@corp.example",
    "corp.example",
    "laptop-of-alice",
    "/home/alice",
    "S3cretPassw0rd",
];

/// A schema-4 store holding what Canary 4 stored in plain.
fn schema4_store(path: &Path) {
    let conn = Connection::open(path).unwrap();
    for sql in &MIGRATIONS[..4] {
        conn.execute_batch(sql).unwrap();
    }
    conn.pragma_update(None, "user_version", 4).unwrap();
    conn.execute_batch(
        r#"
        INSERT INTO import_runs (id, source, path, started_at, status, new, skipped, message)
            VALUES (1, 'mbox', '/home/alice/mail/Sent', 1700000000, 'failed', 2, 1,
                    'cannot read /home/alice/mail/Sent: gone'),
                   (2, 'activitywatch', '/home/alice/aw.json', 1700000000, 'done', 1, 0, NULL),
                   (3, 'zsh', '/home/alice/.zsh_history', 1700000000, 'done', 1, 0, NULL);
        INSERT INTO import_skips (run_id, location, reason)
            VALUES (1, '/home/alice/mail/Sent:12', 'cell "mysql -pS3cretPassw0rd" is not a date');
        INSERT INTO events (source, key, kind, utc, parent, run_id) VALUES
            ('mbox', '<1.git-send-email-alice@corp.example>', 'mail_sent', 1700000000, NULL, 1),
            ('mbox', '<2.alice@corp.example>', 'mail_sent', 1700000100,
                     '<1.git-send-email-alice@corp.example>', 1),
            ('activitywatch', 'aw-watcher-window_laptop-of-alice/1700000000000000', 'active_span',
                     1700000000, NULL, 2),
            ('zsh', '1700000000:0', 'command', 1700000000, NULL, 3);
        "#,
    )
    .unwrap();
}

fn bytes_of(path: &Path) -> Vec<u8> {
    let mut all = std::fs::read(path).unwrap();
    for suffix in ["-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        all.extend(std::fs::read(std::path::PathBuf::from(p)).unwrap_or_default());
    }
    all
}

fn found(bytes: &[u8]) -> Vec<&'static str> {
    SECRETS
        .iter()
        .copied()
        .filter(|s| bytes.windows(s.len()).any(|w| w == s.as_bytes()))
        .collect()
}

fn mail(key: &str, parent: Option<&str>, secs: i64) -> Event {
    let t = jiff::Timestamp::from_second(secs).unwrap();
    let mut e = Event::mine(t, EventKind::MailSent, SourceKind::Mbox, key.into());
    e.parent = parent.map(str::to_string);
    e
}

#[test]
fn a_schema_4_store_is_rewritten_and_reimporting_adds_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("canary.db");
    schema4_store(&path);
    assert_eq!(
        found(&bytes_of(&path)).len(),
        SECRETS.len(),
        "the test can fail"
    );

    let store = Store::open(&path).unwrap();
    assert_eq!(store.schema_version().unwrap(), CURRENT);
    drop(store);
    assert_eq!(
        found(&bytes_of(&path)),
        Vec::<&str>::new(),
        "nothing in plain"
    );

    let mut store = Store::open(&path).unwrap();
    let h = store.hasher().unwrap();
    let events = store.events(&EventFilter::default()).unwrap();
    let reply = events.iter().find(|e| e.parent.is_some()).unwrap();
    assert_eq!(
        reply.parent.as_deref(),
        Some(h.hash_key("<1.git-send-email-alice@corp.example>").as_str()),
        "a reply still names its parent's key"
    );
    let zsh = events.iter().find(|e| e.source == SourceKind::Zsh).unwrap();
    assert_eq!(
        zsh.key, "1700000000:0",
        "keys Canary made itself stay as they were"
    );
    let runs = store.runs().unwrap();
    let failed = runs.iter().find(|r| r.id == 1).unwrap();
    assert_eq!(failed.path_id, h.hash_path("/home/alice/mail/Sent"));
    assert_eq!(
        failed.message.as_deref(),
        Some("cannot read the input: gone")
    );
    let skip = &store.skips(1).unwrap()[0];
    assert_eq!(
        (skip.location.as_str(), skip.reason.as_str()),
        ("line 12", OLD_REASON)
    );

    // The same records imported again are all already there.
    let run = store
        .start_run(
            SourceKind::Mbox,
            "/home/alice/mail/Sent",
            jiff::Timestamp::UNIX_EPOCH,
        )
        .unwrap();
    let mut sink = StoreSink::new(&mut store, run);
    sink.event(mail(
        "<1.git-send-email-alice@corp.example>",
        None,
        1_700_000_000,
    ))
    .unwrap();
    sink.event(mail(
        "<2.alice@corp.example>",
        Some("<1.git-send-email-alice@corp.example>"),
        1_700_000_100,
    ))
    .unwrap();
    sink.flush().unwrap();
    assert_eq!((sink.new, sink.duplicates), (0, 2));
    drop(sink);
    assert_eq!(
        store.runs().unwrap()[0].path_id,
        failed.path_id,
        "same path, same id"
    );
}

#[test]
fn a_backup_from_before_hashing_restores_hashed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    schema4_store(&path);
    // Export it as Canary 4 did: the same document, schema_version 4, plain rows.
    let conn = Connection::open(&path).unwrap();
    let mut events = Vec::new();
    let mut stmt = conn
        .prepare("SELECT id, source, key, kind, utc, parent FROM events")
        .unwrap();
    let mut rows = stmt.query([]).unwrap();
    while let Some(r) = rows.next().unwrap() {
        events.push(serde_json::json!([
            r.get::<_, i64>(0).unwrap(),
            r.get::<_, String>(1).unwrap(),
            r.get::<_, String>(2).unwrap(),
            r.get::<_, String>(3).unwrap(),
            r.get::<_, i64>(4).unwrap(),
            r.get::<_, Option<String>>(5).unwrap(),
        ]));
    }
    let doc = serde_json::json!({
        "format": "canary-backup", "version": 1, "schema_version": 4,
        "tables": {
            "import_runs": {"columns": ["id", "source", "path", "started_at", "status"],
                "rows": [[1, "mbox", "/home/alice/mail/Sent", 1700000000, "done"],
                         [2, "activitywatch", "/home/alice/aw.json", 1700000000, "done"],
                         [3, "zsh", "/home/alice/.zsh_history", 1700000000, "done"]]},
            "events": {"columns": ["id", "source", "key", "kind", "utc", "parent"],
                "rows": events}
        }
    });
    let target = dir.path().join("new.db");
    let mut store = Store::open(&target).unwrap();
    store
        .restore(doc.to_string().as_bytes(), RestoreMode::IntoEmpty)
        .unwrap();
    assert_eq!(store.event_count().unwrap(), 4);
    drop(store);
    let mut store = Store::open(&target).unwrap();
    store
        .conn()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    store.conn_mut().execute_batch("VACUUM").unwrap();
    drop(store);
    assert_eq!(found(&bytes_of(&target)), Vec::<&str>::new());
}

#[test]
fn a_new_store_keeps_no_path_and_no_raw_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("canary.db");
    let mut store = Store::open(&path).unwrap();
    let run = store
        .start_run(
            SourceKind::Mbox,
            "/home/alice/mail/Sent",
            jiff::Timestamp::UNIX_EPOCH,
        )
        .unwrap();
    let mut sink = StoreSink::new(&mut store, run).with_root(Path::new("/home/alice/mail/Sent"));
    sink.event(mail(
        "<2.alice@corp.example>",
        Some("<1@corp.example>"),
        1_700_000_000,
    ))
    .unwrap();
    sink.skip(
        Location {
            file: "/home/alice/mail/Sent/cur/17.laptop-of-alice:2,S".into(),
            line: Some(3),
        },
        "bad".into(),
    );
    sink.flush().unwrap();
    drop(sink);
    drop(store);
    assert_eq!(found(&bytes_of(&path)), Vec::<&str>::new());
}
