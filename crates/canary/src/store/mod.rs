//! The local store: one SQLite file holding events, import runs and the identity key.
//!
//! WAL mode, `STRICT` tables, migrations keyed on `PRAGMA user_version` (append-only: a
//! released migration is never edited). One writer at a time; imports write in batched
//! transactions so that a killed import leaves every committed batch whole and the run
//! marked as interrupted, and importing again completes it without duplicates.

mod alerts;
mod backup;
mod bulk;
mod events;
mod journal;
mod migrations;
mod pipeline;
mod plan;
mod read;
mod runs;
mod stream;
mod sync;

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::path::Path;

use rusqlite::Connection;

use crate::privacy::IdentityHasher;

pub use alerts::{AlertState, NewAlert, StoredAlert};
pub use backup::{BACKUP_FORMAT, BACKUP_VERSION, BackupError, RestoreMode, TableCounts};
pub use events::{Progress, SourceSummary, StoreSink};
pub use pipeline::{ImportCounts, PathWriter, WriterGone, Written};
pub use read::EventFilter;
pub use runs::{ImportRun, RunStatus, SKIPS_KEPT_PER_RUN, SkipRecord};
pub use stream::{COMMIT_EVERY, COMMIT_ROWS, StreamUnits};
pub use sync::{LastSync, SyncState};

/// Something went wrong with the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the store at {path}")]
    Open {
        path: String,
        source: rusqlite::Error,
    },
    #[error("cannot create the store or its folder at {path} (owner-only)")]
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
    /// The store's file (`None` in memory): where other connections to it are opened.
    file: Option<std::path::PathBuf>,
    /// Rows met while reading that could not be read (see [`Store::unreadable_rows`]).
    unreadable: RefCell<Unreadable>,
    /// Files and folders of the store found readable by others and tightened on open.
    tightened: Vec<std::path::PathBuf>,
    /// The import's commit stream, while one is open (see [`Store::begin_stream`]).
    stream: Option<stream::Stream>,
    /// Times a source's stored keys were read from `events` (see [`Store::stored_keys`]).
    key_sets_read: u64,
}

/// Rows the store holds but cannot read, met while reading: skipped, never fatal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UnreadableRows {
    /// How many different rows.
    pub count: u64,
    /// The first one, by table and row id: ``events id 42: unknown event kind `sleep` ``.
    pub first: Option<String>,
}

#[derive(Debug, Default)]
struct Unreadable {
    seen: BTreeSet<(&'static str, i64)>,
    first: Option<String>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.path).finish()
    }
}

impl Store {
    /// Open (creating if needed) the store at `path`, migrating it to the current schema.
    ///
    /// The store holds check-in notes, answers and the identity key: it is made 0600 in a
    /// folder made 0700 whatever the umask (SQLite gives its `-wal` and `-shm` files the
    /// store's own mode), and an existing store, WAL, SHM or folder readable by others is
    /// tightened — listed by [`Store::tightened`] for the front end to say so.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let display = path.display().to_string();
        let tightened = crate::privacy::private::prepare_database(path).map_err(|source| {
            StoreError::CreateDir {
                path: display.clone(),
                source,
            }
        })?;
        let conn = Connection::open(path).map_err(|source| StoreError::Open {
            path: display.clone(),
            source,
        })?;
        let mut store = Store::setup(conn, display)?;
        store.tightened = tightened;
        store.file = Some(path.to_path_buf());
        Ok(store)
    }

    /// The store's files and folder that were readable by other users when it was opened,
    /// and are no longer.
    pub fn tightened(&self) -> &[std::path::PathBuf] {
        &self.tightened
    }

    /// A store in memory, for tests and the benchmark.
    pub fn open_in_memory() -> Result<Store, StoreError> {
        Store::setup(Connection::open_in_memory()?, ":memory:".to_string())
    }

    fn setup(conn: Connection, path: String) -> Result<Store, StoreError> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        // Natural keys (commit ids, Message-IDs) arrive in random order: a page cache that
        // holds the unique index keeps large imports from thrashing. 32 MiB at most: the
        // same import times as 64 MiB up to the Enron corpus' size (327k messages, 1.99 s
        // both), and 2.6 M messages peak at 133 MB instead of 173 MB (docs/performance.md).
        conn.pragma_update(None, "cache_size", -32_768)?;
        let mut store = Store {
            conn,
            path,
            file: None,
            unreadable: RefCell::default(),
            tightened: Vec::new(),
            stream: None,
            key_sets_read: 0,
        };
        // Foreign keys are enforced from here on, not while migrating: migration 10 drops and
        // rebuilds `events`, which with them on would first delete every row one by one. Temp
        // storage in memory from here on too: a migration's index builds sort the whole table
        // (290 MB in memory at 2 M events), and may spill to a temporary file instead.
        migrations::migrate(&mut store.conn, &store.path)?;
        store.conn.pragma_update(None, "foreign_keys", "ON")?;
        store.conn.pragma_update(None, "temp_store", "MEMORY")?;
        Ok(store)
    }

    /// The rows met so far that could not be read (an event of an unknown kind, a time out of
    /// range: what an edited store or backup can hold). They were skipped; the command
    /// reports them.
    pub fn unreadable_rows(&self) -> UnreadableRows {
        let u = self.unreadable.borrow();
        UnreadableRows {
            count: u.seen.len() as u64,
            first: u.first.clone(),
        }
    }

    /// Count a row that could not be read (once, however often it is met).
    pub(crate) fn note_unreadable(&self, table: &'static str, id: i64, reason: String) {
        let mut u = self.unreadable.borrow_mut();
        if u.seen.insert((table, id)) && u.first.is_none() {
            u.first = Some(format!("{table} id {id}: {reason}"));
        }
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
        migrations::identity_key(&self.conn)
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
#[cfg(test)]
mod tests_privacy;
#[cfg(test)]
mod tests_read;
#[cfg(test)]
mod tests_unreadable;
