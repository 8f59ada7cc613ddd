//! The team server's schema and its migrations, by `PRAGMA user_version`.
//!
//! A released migration is never edited: a change is a new migration at the end of
//! `MIGRATIONS`. Version 1 is the schema as first released (stores made by it have
//! `user_version` 0 and its tables; running it again is a no-op, every statement being
//! `IF NOT EXISTS`). Each later migration runs in one transaction with the version bump.

use rusqlite::Connection;

use crate::Error;

/// Settings of every connection (not part of the schema).
const CONNECTION: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
";

/// Version 1, as released (including its pragmas), verbatim.
pub(crate) const V1: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS groups (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
-- A member belongs to exactly one group, for good: groups are disjoint by construction.
CREATE TABLE IF NOT EXISTS members (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES groups(id),
    enrolled_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY,
    hash BLOB NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'member', 'enrol')),
    member_id INTEGER REFERENCES members(id),
    group_id INTEGER REFERENCES groups(id),
    expires_at INTEGER,
    used_at INTEGER,
    created_at INTEGER NOT NULL
);
-- Weekly aggregates only; every figure is optional (sharing is per metric).
CREATE TABLE IF NOT EXISTS weeks (
    member_id INTEGER NOT NULL REFERENCES members(id),
    week TEXT NOT NULL,
    hours REAL,
    after_hours_share REAL,
    sleep_nights INTEGER,
    interruptions INTEGER,
    risk TEXT,
    cbi_personal REAL,
    cbi_work REAL,
    who5 INTEGER,
    shared_at INTEGER NOT NULL,
    PRIMARY KEY (member_id, week)
);
-- A group's figures for a week, frozen the first time they are shown to a manager.
CREATE TABLE IF NOT EXISTS releases (
    group_id INTEGER NOT NULL REFERENCES groups(id),
    week TEXT NOT NULL,
    figures TEXT NOT NULL,
    released_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, week)
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    token_id INTEGER NOT NULL,
    role TEXT NOT NULL,
    route TEXT NOT NULL,
    group_id INTEGER,
    at INTEGER NOT NULL
);
";

/// Version 2: shared-but-unmeasured figures, and an audit log of outcomes and refusals.
const V2: &str = "
-- The figures a member shared with a week (their JSON keys, comma-separated), so that a
-- shared figure that was not measured (null) is told apart from one not shared. NULL for rows
-- from version 1: their non-null figures are what was shared.
ALTER TABLE weeks ADD COLUMN shared TEXT;
-- Refused requests need no token; an entry names the member and weeks it concerns (never a
-- figure); a refusal repeated within a minute is counted on one entry. Entries from version 1
-- were written before the act and keep outcome NULL: they say nothing of how it ended.
CREATE TABLE audit_v2 (
    id INTEGER PRIMARY KEY,
    at INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    count INTEGER NOT NULL DEFAULT 1,
    token_id INTEGER,
    role TEXT,
    route TEXT NOT NULL,
    group_id INTEGER,
    member_id INTEGER,
    weeks TEXT,
    outcome TEXT CHECK (outcome IN ('ok', 'refused')),
    status INTEGER,
    rule TEXT,
    reason TEXT
);
INSERT INTO audit_v2 (id, at, last_at, token_id, role, route, group_id)
    SELECT id, at, at, token_id, role, route, group_id FROM audit;
DROP TABLE audit;
ALTER TABLE audit_v2 RENAME TO audit;
";

/// Every migration after version 1, in order: `MIGRATIONS[i]` takes version `i + 1` to `i + 2`.
const MIGRATIONS: [&str; 1] = [V2];

/// The schema version this code writes.
pub const VERSION: i64 = 1 + MIGRATIONS.len() as i64;

/// Bring the store to [`VERSION`]; a store newer than this code is refused.
pub(crate) fn migrate(conn: &mut Connection) -> Result<(), Error> {
    conn.execute_batch(CONNECTION)?;
    let mut version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    if version > VERSION {
        return Err(Error::Invalid(format!(
            "the team server's store is at schema version {version}, newer than this Canary \
             ({VERSION}): use a newer Canary"
        )));
    }
    if version == 0 {
        conn.execute_batch(V1)?;
        conn.execute_batch("PRAGMA user_version = 1")?;
        version = 1;
    }
    while version < VERSION {
        let tx = conn.transaction()?;
        tx.execute_batch(MIGRATIONS[(version - 1) as usize])?;
        version += 1;
        tx.execute_batch(&format!("PRAGMA user_version = {version}"))?;
        tx.commit()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use rusqlite::params;

    use super::*;
    use crate::model::Figure;
    use crate::store::{Role, Store};

    /// A store as version 1 of the server left it: its schema, user_version 0, an admin
    /// token, a group of five with weeks, a release and audit entries. Returns the path and
    /// the admin token.
    fn v1_store(dir: &std::path::Path) -> (std::path::PathBuf, String) {
        let path = dir.join("team.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(V1).unwrap();
        let key = [7u8; 32];
        let secret = [9u8; 32];
        conn.execute(
            "INSERT INTO meta (name, value) VALUES ('token_key', ?1)",
            params![key.to_vec()],
        )
        .unwrap();
        let hash = blake3::keyed_hash(&key, &secret);
        conn.execute(
            "INSERT INTO tokens (id, hash, role, created_at) VALUES (1, ?1, 'admin', 1)",
            params![hash.as_bytes().to_vec()],
        )
        .unwrap();
        conn.execute("INSERT INTO groups (id, name) VALUES (1, 'ops')", [])
            .unwrap();
        for m in 1..=5 {
            conn.execute(
                "INSERT INTO members (id, group_id, enrolled_at) VALUES (?1, 1, 1)",
                params![m],
            )
            .unwrap();
            conn.execute(
                "INSERT INTO weeks (member_id, week, hours, sleep_nights, shared_at)
                 VALUES (?1, '2025-W10', ?2, 1, 1)",
                params![m, 40.0 + m as f64],
            )
            .unwrap();
        }
        conn.execute(
            "INSERT INTO releases (group_id, week, figures, released_at)
             VALUES (1, '2025-W10', '{\"reporting\":5,\"hours_mean\":43.0}', 1)",
            [],
        )
        .unwrap();
        conn.execute(
            "INSERT INTO audit (token_id, role, route, group_id, at)
             VALUES (1, 'admin', 'create_group', 1, 1700000000)",
            [],
        )
        .unwrap();
        let v: i64 = conn
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(v, 0, "version 1 never set user_version");
        let token = format!(
            "ct_1_{}",
            secret
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>()
        );
        (path, token)
    }

    #[test]
    fn a_version_1_store_is_migrated_with_everything_kept() {
        let dir = tempfile::tempdir().unwrap();
        let (path, admin) = v1_store(dir.path());
        let mut store = Store::open(&path).unwrap();
        let version: i64 = store
            .conn()
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(version, VERSION);
        // The token key and hashes survive: the admin token still works.
        let auth = store.authenticate(&admin, 2).unwrap().unwrap();
        assert_eq!(auth.role, Role::Admin);
        // Old rows read back with their non-null figures as shared, the nulls as not shared.
        let w = &store.my_weeks(3).unwrap()[0];
        assert_eq!(w.hours, Figure::Measured(43.0));
        assert_eq!(w.sleep_nights, Figure::Measured(1));
        assert_eq!(w.after_hours_share, Figure::NotShared);
        // The release made before stays exactly as it was shown.
        let monday = crate::model::parse_week("2025-W10").unwrap();
        let today = jiff::civil::date(2030, 1, 1);
        let weeks = store.group_weeks(1, monday, monday, 5, today).unwrap();
        assert_eq!(
            weeks[0].figures,
            Some(serde_json::json!({"reporting": 5, "hours_mean": 43.0}))
        );
        // The old audit entry is kept, outcome unknown; new entries need no token.
        let entries = store.audit_entries().unwrap();
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].route, "create_group");
        assert_eq!(entries[0].group.as_deref(), Some("ops"));
        assert_eq!(entries[0].outcome, None);
        store
            .audit(&crate::audit::Record::refused(
                "share", 401, "token", "no token",
            ))
            .unwrap();
        assert_eq!(store.audit_entries().unwrap().len(), 2);
        drop(store);
        // Opening again changes nothing.
        let store = Store::open(&path).unwrap();
        assert_eq!(store.audit_entries().unwrap().len(), 2);
        assert_eq!(store.my_weeks(3).unwrap()[0].hours, Figure::Measured(43.0));
    }

    #[test]
    fn a_store_from_a_newer_canary_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("team.db");
        drop(Store::open(&path).unwrap());
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {}", VERSION + 1))
            .unwrap();
        drop(conn);
        let e = Store::open(&path).err().unwrap();
        assert!(e.to_string().contains("newer"), "{e}");
    }
}
