//! Schema migrations, applied in order by `PRAGMA user_version`.
//!
//! Append only: once a migration has shipped it is never edited; changes are new migrations.

use rusqlite::{Connection, OptionalExtension, params};

use super::StoreError;
use super::events::{hashes_keys, stored_location};
use crate::event::SourceKind;
use crate::privacy::IdentityHasher;
use crate::sources::Location;

/// Each entry moves the schema from version `i` to `i + 1`.
pub(super) const MIGRATIONS: &[&str] = &[
    // 1: events, import runs, skipped records, meta.
    r#"
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value ANY
    ) STRICT;

    CREATE TABLE import_runs (
        id          INTEGER PRIMARY KEY,
        source      TEXT NOT NULL,
        path        TEXT NOT NULL,
        started_at  INTEGER NOT NULL,
        finished_at INTEGER,
        status      TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed')),
        new         INTEGER NOT NULL DEFAULT 0,
        duplicates  INTEGER NOT NULL DEFAULT 0,
        skipped     INTEGER NOT NULL DEFAULT 0,
        message     TEXT
    ) STRICT;

    CREATE TABLE import_skips (
        run_id   INTEGER NOT NULL REFERENCES import_runs(id) ON DELETE CASCADE,
        location TEXT NOT NULL,
        reason   TEXT NOT NULL
    ) STRICT;
    CREATE INDEX import_skips_run ON import_skips(run_id);

    CREATE TABLE events (
        id          INTEGER PRIMARY KEY,
        source      TEXT NOT NULL,
        key         TEXT NOT NULL,
        kind        TEXT NOT NULL,
        utc         INTEGER NOT NULL,
        utc_offset  INTEGER,
        duration    INTEGER,
        urgency     TEXT,
        actor       TEXT,
        counterpart TEXT,
        run_id      INTEGER REFERENCES import_runs(id) ON DELETE SET NULL,
        UNIQUE (source, key)
    ) STRICT;
    CREATE INDEX events_utc ON events(utc);
    "#,
    // 2: reply threads, grouping, priority and machine-sent flags.
    r#"
    ALTER TABLE events ADD COLUMN parent TEXT;
    ALTER TABLE events ADD COLUMN context TEXT;
    ALTER TABLE events ADD COLUMN priority INTEGER;
    ALTER TABLE events ADD COLUMN automated INTEGER NOT NULL DEFAULT 0;
    "#,
    // 3: the journal — what the person tells Canary, never derived and never re-importable:
    // questionnaire answers, check-ins, support network, plan progress, agreements, profile.
    r#"
    CREATE TABLE answers (
        id         INTEGER PRIMARY KEY,
        instrument TEXT NOT NULL,
        taken_at   INTEGER NOT NULL,
        answers    TEXT NOT NULL,
        scores     TEXT NOT NULL
    ) STRICT;
    CREATE INDEX answers_instrument ON answers(instrument, taken_at);

    CREATE TABLE checkins (
        id       INTEGER PRIMARY KEY,
        taken_at INTEGER NOT NULL,
        stress   INTEGER,
        sleep    INTEGER,
        exercise INTEGER,
        social   INTEGER,
        hobby    INTEGER,
        note     TEXT
    ) STRICT;

    CREATE TABLE support (
        id           INTEGER PRIMARY KEY,
        name         TEXT NOT NULL,
        kind         TEXT NOT NULL,
        added_at     INTEGER NOT NULL,
        last_contact INTEGER
    ) STRICT;

    CREATE TABLE plan_progress (
        action_id TEXT PRIMARY KEY,
        done_at   INTEGER NOT NULL,
        note      TEXT
    ) STRICT;

    CREATE TABLE agreements (
        id        INTEGER PRIMARY KEY,
        agreed_at INTEGER NOT NULL,
        text      TEXT NOT NULL
    ) STRICT;

    CREATE TABLE profile (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;
    "#,
    // 4: monthly reviews — when the person went through `canary review` and saved it, the
    // period it covered (local dates, YYYY-MM-DD) and a note.
    r#"
    CREATE TABLE reviews (
        id          INTEGER PRIMARY KEY,
        reviewed_at INTEGER NOT NULL,
        since       TEXT NOT NULL,
        until       TEXT NOT NULL,
        note        TEXT
    ) STRICT;
    CREATE INDEX reviews_at ON reviews(reviewed_at);
    "#,
    // 5: privacy at rest — the natural keys and parents of sources whose keys are input text,
    // the paths of import runs, skip locations and reasons are rewritten by [`rehash`] (in
    // Rust: it needs the identity key). No schema change.
    "-- see rehash()",
    // 6: work versus personal, and one event per copy. `personal` is set at import by the
    // person's rules (settings `[personal]`); `identity` is the keyed hash of a second
    // identity (a mail's date, sender, recipients and subject; a commit's author, author time
    // and subject) so copies with different natural keys are stored once.
    r#"
    ALTER TABLE events ADD COLUMN personal INTEGER NOT NULL DEFAULT 0 CHECK (personal IN (0, 1));
    ALTER TABLE events ADD COLUMN identity TEXT;
    CREATE UNIQUE INDEX events_identity ON events(identity) WHERE identity IS NOT NULL;
    "#,
    // 7: alerts — one row per occurrence a rule found (`id` is `RULE/OCCURRENCE`, so it is
    // stored once), its title and evidence lines (JSON), its state (new until delivered or
    // listed, then seen; muted when its rule was muted), when and how it was delivered; and
    // the rules the person muted.
    r#"
    CREATE TABLE alerts (
        id           TEXT PRIMARY KEY,
        rule         TEXT NOT NULL,
        fired_at     INTEGER NOT NULL,
        title        TEXT NOT NULL,
        evidence     TEXT NOT NULL,
        state        TEXT NOT NULL CHECK (state IN ('new', 'seen', 'muted')),
        delivered_at INTEGER,
        channel      TEXT
    ) STRICT;
    CREATE INDEX alerts_fired ON alerts(fired_at);
    CREATE TABLE alert_mutes (
        rule     TEXT PRIMARY KEY,
        muted_at INTEGER NOT NULL
    ) STRICT;
    "#,
    // 8: sync — per imported path, what `canary sync` needs to read only what is new (a JSON
    // cursor: offsets, prefix hashes, git tips, hashes of Maildir file names — never a path
    // or a name), when it was last synced and last brought new events; and the outcome of
    // the last sync (one row), which `canary schedule status` and `canary status` show.
    r#"
    CREATE TABLE sync_state (
        path_id     TEXT PRIMARY KEY,
        source      TEXT NOT NULL,
        cursor      TEXT NOT NULL,
        synced_at   INTEGER NOT NULL,
        last_new_at INTEGER,
        new         INTEGER NOT NULL DEFAULT 0,
        problem     TEXT
    ) STRICT;

    CREATE TABLE sync_last (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        ran_at    INTEGER NOT NULL,
        ok        INTEGER NOT NULL,
        new       INTEGER NOT NULL,
        millis    INTEGER NOT NULL,
        message   TEXT
    ) STRICT;
    "#,
    // 9: per source, how many events the store holds and the first and last of their times —
    // what `events` grouped by source says, kept by the importers' sink (one upsert per source
    // per batch), `forget` and `restore`, so reports need not scan `events` for it. Derived:
    // not in backups (see `super::backup::DERIVED`).
    r#"
    CREATE TABLE source_stats (
        source TEXT PRIMARY KEY,
        events INTEGER NOT NULL,
        first  INTEGER,
        last   INTEGER
    ) STRICT;
    INSERT INTO source_stats (source, events, first, last)
        SELECT source, count(*), min(utc), max(utc) FROM events GROUP BY source;
    "#,
    // 10: the `(source, key)` uniqueness as a named index, `events_key`, instead of the table's
    // own constraint (whose automatic index cannot be dropped): a first import into an empty
    // store appends its rows without indexes and builds the three of them after, in the same
    // transaction (see `super::bulk`). The same columns in the same order, the same rows and
    // ids; the table is rebuilt once (with foreign keys off: see `migrate`).
    r#"
    CREATE TABLE events_new (
        id          INTEGER PRIMARY KEY,
        source      TEXT NOT NULL,
        key         TEXT NOT NULL,
        kind        TEXT NOT NULL,
        utc         INTEGER NOT NULL,
        utc_offset  INTEGER,
        duration    INTEGER,
        urgency     TEXT,
        actor       TEXT,
        counterpart TEXT,
        run_id      INTEGER REFERENCES import_runs(id) ON DELETE SET NULL,
        parent      TEXT,
        context     TEXT,
        priority    INTEGER,
        automated   INTEGER NOT NULL DEFAULT 0,
        personal    INTEGER NOT NULL DEFAULT 0 CHECK (personal IN (0, 1)),
        identity    TEXT
    ) STRICT;
    INSERT INTO events_new (id, source, key, kind, utc, utc_offset, duration, urgency, actor,
            counterpart, run_id, parent, context, priority, automated, personal, identity)
        SELECT id, source, key, kind, utc, utc_offset, duration, urgency, actor, counterpart,
            run_id, parent, context, priority, automated, personal, identity
        FROM events ORDER BY id;
    DROP TABLE events;
    ALTER TABLE events_new RENAME TO events;
    CREATE UNIQUE INDEX events_key ON events(source, key);
    CREATE INDEX events_utc ON events(utc);
    CREATE UNIQUE INDEX events_identity ON events(identity) WHERE identity IS NOT NULL;
    "#,
];

/// The version whose migration is [`rehash`].
pub(super) const REHASHED: i64 = 5;

/// The version whose migration rebuilds `events` with its key as a named index.
pub(super) const KEY_INDEX: i64 = 10;

/// The schema version this build writes.
pub const CURRENT: i64 = MIGRATIONS.len() as i64;

pub fn migrate(conn: &mut Connection, path: &str) -> Result<(), StoreError> {
    let found: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if found > CURRENT {
        return Err(StoreError::TooNew {
            path: path.to_string(),
            found,
            known: CURRENT,
        });
    }
    let mut rehashed = 0;
    let mut rebuilt = false;
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        if (i + 1) as i64 == KEY_INDEX {
            rebuilt = tx.query_row("SELECT EXISTS (SELECT 1 FROM events)", [], |r| r.get(0))?;
        }
        tx.execute_batch(sql)?;
        if (i + 1) as i64 == REHASHED {
            rehashed = rehash(&tx)?;
        }
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    if rehashed > 0 || rebuilt {
        // The plain keys are gone from the tables, not yet from the free pages and the WAL:
        // rebuild the file and empty the WAL so that no copy of them is left on disk. After
        // migration 10 the old table's pages (about 40 % of the file) are free: the same.
        conn.execute_batch("VACUUM")?;
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    Ok(())
}

/// The store's identity key inside a transaction, made if there is none yet.
pub(super) fn identity_key(conn: &Connection) -> Result<IdentityHasher, StoreError> {
    // Cached: every import run's start and every cursor kept asks for the key (twice a path,
    // thousands of paths in one import), and parsing the query was most of the cost.
    let read = || -> Result<Option<Vec<u8>>, StoreError> {
        Ok(conn
            .prepare_cached("SELECT value FROM meta WHERE key = 'identity_key'")?
            .query_row([], |r| r.get(0))
            .optional()?)
    };
    let bytes = match read()? {
        Some(b) => b,
        None => {
            conn.execute(
                "INSERT OR IGNORE INTO meta (key, value) VALUES ('identity_key', ?1)",
                [IdentityHasher::random_key()
                    .map_err(StoreError::Random)?
                    .to_vec()],
            )?;
            read()?.unwrap_or_default()
        }
    };
    let key: [u8; 32] = bytes
        .try_into()
        .map_err(|_| StoreError::Corrupt("identity key is not 32 bytes".into()))?;
    Ok(IdentityHasher::new(key))
}

/// What a skip reason recorded before migration 5 becomes: it may quote raw input (a CSV
/// cell with a password), and which part is quoted cannot be told afterwards.
pub(super) const OLD_REASON: &str =
    "(recorded by an earlier Canary, which kept raw input here; import the path again to see why)";

/// Rewrite what earlier versions stored in plain (migration 5, and restoring a backup made
/// before it): event keys and parents of sources whose keys are input text become keyed
/// hashes (exactly as [`super::StoreSink`] writes them now, so importing again adds nothing),
/// run paths become path hashes, skip locations lose their paths, skip reasons are dropped
/// and run messages lose the run's path. Returns the rows rewritten.
pub(super) fn rehash(conn: &Connection) -> Result<u64, StoreError> {
    let rows: i64 = conn.query_row(
        "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM import_runs)",
        [],
        |r| r.get(0),
    )?;
    if rows == 0 {
        return Ok(0); // A new store: its key is made on first use.
    }
    let hasher = identity_key(conn)?;
    let mut n = 0u64;
    {
        let mut read = conn.prepare("SELECT id, source, key, parent FROM events")?;
        let mut write = conn.prepare("UPDATE events SET key = ?2, parent = ?3 WHERE id = ?1")?;
        let mut rows = read.query([])?;
        while let Some(r) = rows.next()? {
            let source: String = r.get(1)?;
            if source.parse::<SourceKind>().is_ok_and(|s| !hashes_keys(s)) {
                continue;
            }
            let key: String = r.get(2)?;
            let parent: Option<String> = r.get(3)?;
            write.execute(params![
                r.get::<_, i64>(0)?,
                hasher.hash_key(&key),
                parent.map(|p| hasher.hash_key(&p))
            ])?;
            n += 1;
        }
    }
    let runs: Vec<(i64, String, Option<String>)> = conn
        .prepare("SELECT id, path, message FROM import_runs")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<Result<_, _>>()?;
    for (id, path, message) in runs {
        let message =
            message.map(|m| crate::privacy::excerpt(&m.replace(&path, "the input"), MESSAGE_CHARS));
        conn.execute(
            "UPDATE import_runs SET path = ?2, message = ?3 WHERE id = ?1",
            params![id, hasher.hash_path(&path), message],
        )?;
        let skips: Vec<(i64, String)> = conn
            .prepare("SELECT rowid, location FROM import_skips WHERE run_id = ?1")?
            .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (rowid, location) in skips {
            let at = match location.rsplit_once(':') {
                Some((file, line)) if line.parse::<u64>().is_ok() => Location {
                    file: file.into(),
                    line: line.parse().ok(),
                },
                _ => Location {
                    file: location.clone().into(),
                    line: None,
                },
            };
            let root = std::path::Path::new(&path);
            conn.execute(
                "UPDATE import_skips SET location = ?2, reason = ?3 WHERE rowid = ?1",
                params![rowid, stored_location(&at, Some(root), &hasher), OLD_REASON],
            )?;
            n += 1;
        }
        n += 1;
    }
    Ok(n)
}

/// The most characters of a run's failure message the store keeps.
pub(super) const MESSAGE_CHARS: usize = 300;
