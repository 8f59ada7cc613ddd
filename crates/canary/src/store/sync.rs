//! What `canary sync` keeps between runs: a cursor per imported path (the `sync_state`
//! table, keyed by the path's keyed hash like the import runs) and the outcome of the last
//! sync (`sync_last`, one row). The cursor is opaque JSON here; `app::cursor` writes and reads
//! it, and keeps no path or file name in it.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};
use crate::event::SourceKind;

/// What the store holds for one synced path.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SyncState {
    /// The keyed hash of the path ([`crate::privacy::IdentityHasher::hash_path`]).
    pub path_id: String,
    pub source: String,
    /// The cursor, as JSON (see `app::cursor::Cursor`).
    pub cursor: String,
    /// When the path was last read or checked.
    pub synced_at: Timestamp,
    /// When reading it last brought new events.
    pub last_new_at: Option<Timestamp>,
    /// The new events of its last read.
    pub new: u64,
    /// Why it could not be read at its last sync (gone, unreadable), if so.
    pub problem: Option<String>,
}

/// The outcome of the last `canary sync`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LastSync {
    pub ran_at: Timestamp,
    /// Whether every source was read.
    pub ok: bool,
    pub new: u64,
    pub millis: u64,
    /// What went wrong, or a summary.
    pub message: Option<String>,
}

/// The columns [`sync_state_row`] reads, in its order.
const SYNC_STATE_COLUMNS: &str = "path_id, source, cursor, synced_at, last_new_at, new, problem";

fn sync_state_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<SyncState> {
    Ok(SyncState {
        path_id: r.get(0)?,
        source: r.get(1)?,
        cursor: r.get(2)?,
        synced_at: ts(r.get(3)?),
        last_new_at: r.get::<_, Option<i64>>(4)?.map(ts),
        new: r.get::<_, i64>(5)? as u64,
        problem: r.get(6)?,
    })
}

fn ts(secs: i64) -> Timestamp {
    Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH)
}

impl Store {
    /// The state of every synced path.
    pub fn sync_states(&self) -> Result<Vec<SyncState>, StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {SYNC_STATE_COLUMNS} FROM sync_state ORDER BY source, path_id"
        ))?;
        let rows = stmt.query_map([], sync_state_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The state of one path, if it was synced or imported since sync existed. One row by its
    /// key: an import of thousands of files asks this once a file.
    pub fn sync_state(&self, path_id: &str) -> Result<Option<SyncState>, StoreError> {
        let mut stmt = self.conn().prepare_cached(&format!(
            "SELECT {SYNC_STATE_COLUMNS} FROM sync_state WHERE path_id = ?1"
        ))?;
        Ok(stmt.query_row([path_id], sync_state_row).optional()?)
    }

    /// Keep a path's cursor after reading it: `new` events came of it now.
    pub fn save_sync_state(
        &self,
        path_id: &str,
        source: SourceKind,
        cursor: &str,
        new: u64,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let new_at = (new > 0).then(|| now.as_second());
        self.stream_write()?;
        let sql =
            "INSERT INTO sync_state (path_id, source, cursor, synced_at, last_new_at, new, problem)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL)
             ON CONFLICT(path_id) DO UPDATE SET source = ?2, cursor = ?3, synced_at = ?4,
                 last_new_at = coalesce(?5, last_new_at), new = ?6, problem = NULL";
        self.conn().prepare_cached(sql)?.execute(params![
            path_id,
            source.as_str(),
            cursor,
            now.as_second(),
            new_at,
            new as i64
        ])?;
        Ok(())
    }

    /// Note that a path was checked and found unchanged (its cursor stays).
    pub fn touch_sync_state(&self, path_id: &str, now: Timestamp) -> Result<(), StoreError> {
        self.stream_write()?;
        self.conn()
            .prepare_cached(
                "UPDATE sync_state SET synced_at = ?2, new = 0, problem = NULL WHERE path_id = ?1",
            )?
            .execute(params![path_id, now.as_second()])?;
        Ok(())
    }

    /// Note why a path could not be read (its cursor stays, so a file back in place resumes).
    pub fn sync_problem(
        &self,
        path_id: &str,
        source: SourceKind,
        problem: &str,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        let problem = crate::privacy::excerpt(problem, super::migrations::MESSAGE_CHARS);
        self.stream_write()?;
        self.conn().execute(
            "INSERT INTO sync_state (path_id, source, cursor, synced_at, new, problem)
             VALUES (?1, ?2, 'null', ?3, 0, ?4)
             ON CONFLICT(path_id) DO UPDATE SET synced_at = ?3, new = 0, problem = ?4",
            params![path_id, source.as_str(), now.as_second(), problem],
        )?;
        Ok(())
    }

    /// Forget the sync state of every path of `source` (with `forget`).
    pub fn forget_sync_state(&self, source: SourceKind) -> Result<u64, StoreError> {
        Ok(self.conn().execute(
            "DELETE FROM sync_state WHERE source = ?1",
            [source.as_str()],
        )? as u64)
    }

    /// Keep the outcome of a sync as the last one.
    pub fn save_last_sync(&self, last: &LastSync) -> Result<(), StoreError> {
        let message = last
            .message
            .as_deref()
            .map(|m| crate::privacy::excerpt(m, super::migrations::MESSAGE_CHARS));
        self.conn().execute(
            "INSERT INTO sync_last (id, ran_at, ok, new, millis, message) VALUES (1, ?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(id) DO UPDATE SET ran_at = ?1, ok = ?2, new = ?3, millis = ?4, message = ?5",
            params![
                last.ran_at.as_second(),
                last.ok,
                last.new as i64,
                last.millis as i64,
                message
            ],
        )?;
        Ok(())
    }

    /// The outcome of the last sync, if one ran.
    pub fn last_sync(&self) -> Result<Option<LastSync>, StoreError> {
        Ok(self
            .conn()
            .query_row(
                "SELECT ran_at, ok, new, millis, message FROM sync_last WHERE id = 1",
                [],
                |r| {
                    Ok(LastSync {
                        ran_at: ts(r.get(0)?),
                        ok: r.get(1)?,
                        new: r.get::<_, i64>(2)? as u64,
                        millis: r.get::<_, i64>(3)? as u64,
                        message: r.get(4)?,
                    })
                },
            )
            .optional()?)
    }

    /// A source's newest event at or before `now`, and on how many of the `days` (UTC) days
    /// before that one it had events: whether it used to be daily.
    ///
    /// A few index steps whatever the store's size (the dashboard asks on every rebuild): the
    /// newest event is the source's last time in `source_stats` when that is not in the
    /// future, else found walking `events_utc` down from `now`; the days are counted over the
    /// `utc` index's window, never by scanning the source's rows in the `(source, key)` index.
    pub fn source_activity(
        &self,
        source: SourceKind,
        now: Timestamp,
        days: i64,
    ) -> Result<(Option<Timestamp>, u64), StoreError> {
        let last: Option<Option<i64>> = self
            .conn()
            .query_row(
                "SELECT last FROM source_stats WHERE source = ?1 AND events > 0",
                [source.as_str()],
                |r| r.get(0),
            )
            .optional()?;
        let newest: Option<i64> = match last {
            None => None,
            Some(Some(last)) if last <= now.as_second() => Some(last),
            // Events dated after `now`: the newest before it, down the time index.
            Some(_) => self
                .conn()
                .query_row(
                    "SELECT utc FROM events INDEXED BY events_utc
                     WHERE utc <= ?2 AND source = ?1 ORDER BY utc DESC LIMIT 1",
                    params![source.as_str(), now.as_second()],
                    |r| r.get(0),
                )
                .optional()?,
        };
        let Some(newest) = newest else {
            return Ok((None, 0));
        };
        let day = newest.div_euclid(86_400);
        let active: i64 = self.conn().query_row(
            "SELECT COUNT(DISTINCT utc / 86400) FROM events INDEXED BY events_utc
             WHERE source = ?1 AND utc >= ?2 AND utc < ?3",
            params![source.as_str(), (day - days) * 86_400, day * 86_400],
            |r| r.get(0),
        )?;
        Ok((Timestamp::from_second(newest).ok(), active as u64))
    }

    /// The size of the store's file with its WAL, in bytes (0 in memory).
    pub fn file_size(&self) -> u64 {
        let size = |p: String| std::fs::metadata(p).map_or(0, |m| m.len());
        size(self.path.clone()) + size(format!("{}-wal", self.path))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_and_last_sync_round_trip() {
        let store = Store::open_in_memory().unwrap();
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        assert!(store.last_sync().unwrap().is_none());
        store
            .save_sync_state("p1", SourceKind::Zsh, "{}", 3, t("2026-01-01T00:00:00Z"))
            .unwrap();
        store
            .save_sync_state(
                "p1",
                SourceKind::Zsh,
                "{\"a\":1}",
                0,
                t("2026-01-02T00:00:00Z"),
            )
            .unwrap();
        let s = store.sync_state("p1").unwrap().unwrap();
        assert_eq!(s.cursor, "{\"a\":1}");
        // One path's row, not another's; none for a path never synced.
        assert!(store.sync_state("p2").unwrap().is_none());
        store
            .save_sync_state("p2", SourceKind::Git, "[]", 1, t("2026-01-02T00:00:00Z"))
            .unwrap();
        assert_eq!(store.sync_state("p2").unwrap().unwrap().cursor, "[]");
        assert_eq!(store.sync_state("p1").unwrap().unwrap().source, "zsh");
        assert_eq!(store.sync_states().unwrap().len(), 2);
        assert_eq!(s.last_new_at, Some(t("2026-01-01T00:00:00Z")));
        assert_eq!(s.synced_at, t("2026-01-02T00:00:00Z"));
        store
            .sync_problem("p1", SourceKind::Zsh, "gone", t("2026-01-03T00:00:00Z"))
            .unwrap();
        let s = store.sync_state("p1").unwrap().unwrap();
        assert_eq!(
            (s.cursor.as_str(), s.problem.as_deref()),
            ("{\"a\":1}", Some("gone"))
        );
        assert_eq!(store.forget_sync_state(SourceKind::Zsh).unwrap(), 1);
        let last = LastSync {
            ran_at: t("2026-01-03T00:00:00Z"),
            ok: false,
            new: 2,
            millis: 40,
            message: Some("x".into()),
        };
        store.save_last_sync(&last).unwrap();
        store.save_last_sync(&last).unwrap();
        assert_eq!(store.last_sync().unwrap(), Some(last));
    }
}
