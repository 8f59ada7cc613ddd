//! The local store: one SQLite file holding events, import runs and the identity key.
//!
//! WAL mode, `STRICT` tables, migrations keyed on `PRAGMA user_version` (append-only: a
//! released migration is never edited). One writer at a time; imports write in batched
//! transactions so that a killed import leaves every committed batch whole and the run
//! marked as interrupted, and importing again completes it without duplicates.

mod backup;
mod events;
mod journal;
mod migrations;
mod pipeline;
mod plan;
mod runs;

use std::path::Path;

use rusqlite::{Connection, OptionalExtension};

use crate::privacy::IdentityHasher;

pub use backup::{BACKUP_FORMAT, BACKUP_VERSION, BackupError, RestoreMode, TableCounts};
pub use events::{EventFilter, Progress, SourceSummary, StoreSink};
pub use pipeline::ImportCounts;
pub use runs::{ImportRun, RunStatus, SKIPS_KEPT_PER_RUN, SkipRecord};

/// Something went wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store at {path}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("cannot create the folder for the store at {path}")]
    CreateDir {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "the store at {path} has schema version {found}, newer than this Canary knows ({known}): upgrade Canary"
    )]
    TooNew {
        path: String,
        found: i64,
        known: i64,
    },
    #[error("the store failed")]
    Sql(#[from] rusqlite::Error),
    #[error("store holds a value it cannot read: {0}")]
    Corrupt(String),
    /// The operating system gave no randomness for the identity key.
    #[error("no randomness for the store's identity key")]
    Random(#[source] getrandom::Error),
}

/// An open store.
pub struct Store {
    conn: Connection,
    path: String,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Open (creating if needed) the store at `path`, migrating it to the current schema.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.display().to_string(),
                source,
            })?;
        }
        let display = path.display().to_string();
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: display.clone(),
            source,
        })?;
        Store::setup(conn, display)
    }

    /// A store in memory, for tests and the benchmark.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::setup(Connection::open_in_memory()?, ":memory:".to_string())
    }

    fn setup(conn: Connection, path: String) -> Result<Store, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // Natural keys (commit ids, Message-IDs) arrive in random order: a page cache that
        // holds the unique index keeps large imports from thrashing (64 MiB at most).
        conn.pragma_update(None, "cache_size", -65_536)?;
        conn.pragma_update(None, "temp_store", "MEMORY")?;
        let mut store = Store { conn, path };
        migrations::migrate(&mut store.conn, &store.path)?;
        Ok(store)
    }

    /// Where the store lives (`:memory:` for in-memory stores).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The schema version the store is at.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    /// SQLite's `PRAGMA data_version`: changes when another connection commits to the store
    /// (not on this connection's own writes). The dashboard keys its cached report on it.
    pub fn data_version(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// The hasher for this store's identity key, creating the key on first use.
    pub fn hasher(&self) -> Result<IdentityHasher, StoreError> {
        let existing: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'identity_key'",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let key = match existing {
            Some(bytes) => bytes
                .try_into()
                .map_err(|_| StoreError::Corrupt("identity key is not 32 bytes".into()))?,
            None => {
                let key = IdentityHasher::random_key().map_err(StoreError::Random)?;
                self.conn.execute(
                    "INSERT OR IGNORE INTO meta (key, value) VALUES ('identity_key', ?1)",
                    [key.to_vec()],
                )?;
                // Another process may have won the race: read back what is stored.
                let stored: Vec<u8> = self.conn.query_row(
                    "SELECT value FROM meta WHERE key = 'identity_key'",
                    [],
                    |r| r.get(0),
                )?;
                stored
                    .try_into()
                    .map_err(|_| StoreError::Corrupt("identity key is not 32 bytes".into()))?
            }
        };
        Ok(IdentityHasher::new(key))
    }

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_backup;
