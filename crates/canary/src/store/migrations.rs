//! Schema migrations, applied in order by `PRAGMA user_version`.
//!
//! Append only: once a migration has shipped it is never edited; changes are new migrations.

use rusqlite::Connection;

use super::StoreError;

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
];

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
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        tx.commit()?;
    }
    Ok(())
}
