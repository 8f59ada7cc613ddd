//! A first import's bulk load: when a commit stream's first batch of events finds the
//! `events` table empty, the stream drops the table's three indexes, appends its rows without
//! them and builds them after — one sort each instead of a random-order B-tree insert per row
//! and index (docs/performance.md, *Alternative layout*, measured the difference).
//!
//! ```text
//! first batch, table empty ─▶ DROP INDEX ×3 ─▶ append … append ─▶ CREATE INDEX ×3 ─▶ COMMIT
//!                             └──────────── one transaction: no commit in between ───────────┘
//! ```
//!
//! What the unique indexes would have refused is refused in memory instead, with the same
//! rule as `INSERT OR IGNORE`: a row is kept when neither its `(source, key)` nor its
//! identity belongs to a row kept before it, and only kept rows count. Both are held as
//! 128-bit digests (a new row is taken for a repeat only if it shares all 128 bits with one
//! of the n kept rows: odds of n/2¹²⁸, as for the stream's known keys), so the indexes
//! built at the end always succeed.
//!
//! The store is never committed without its indexes: the stream does not commit while the
//! load is on, and ending it (at [`BULK_ROWS`] rows, at the stream's end, or before a batch
//! that holds a tracker's span, whose growth needs the key index) builds the indexes first.
//! A process killed during the load leaves the store as it was — empty, with its indexes.
//! Other writers wait for the load's one transaction (up to their busy timeout: 10 s for
//! Canary's own), and readers see the rows when it commits.

use std::collections::HashSet;

use rusqlite::Connection;

use super::StoreError;
use crate::digest::BuildLow64;
use crate::event::{Event, EventKind};

/// Rows a bulk load takes before the indexes are built and the stream goes on as usual. It
/// bounds the load's memory (two sets of 16-byte digests: about 36 MB at this size) and
/// how long other writers wait; the Enron corpus (325,616 distinct messages) fits in one load.
pub const BULK_ROWS: usize = 500_000;

/// The indexes of `events` (migration 10), built once a load ends.
const INDEXES: &str = "
    CREATE UNIQUE INDEX events_key ON events(source, key);
    CREATE INDEX events_utc ON events(utc);
    CREATE UNIQUE INDEX events_identity ON events(identity) WHERE identity IS NOT NULL;";

const DROP: &str = "
    DROP INDEX events_key;
    DROP INDEX events_utc;
    DROP INDEX events_identity;";

/// Where a stream stands with its bulk load.
#[derive(Debug, Default)]
pub(super) enum Bulk {
    /// No batch of events written yet.
    #[default]
    Undecided,
    /// Appending without indexes.
    On(Loaded),
    /// Writing into the indexed table (the table was not empty, or the load ended).
    Off,
}

/// What a load has kept so far.
#[derive(Debug, Default)]
pub(super) struct Loaded {
    keys: DigestSet,
    identities: DigestSet,
    rows: usize,
}

/// A set of digests (uniform already: hashed by their low 64 bits).
type DigestSet = HashSet<u128, BuildLow64>;

/// The digest of a row's `(source, key)`.
fn source_key_digest(e: &Event) -> u128 {
    crate::digest::of(&[e.source.as_str().as_bytes(), e.key.as_bytes()])
}

impl Bulk {
    /// Before a batch of `batch` (events as stored) is written inside the stream's open
    /// transaction: start a load if this is the stream's first batch and `events` is empty,
    /// end one if the batch holds a tracker's span. Returns whether the batch is loaded.
    pub(super) fn before_batch(
        &mut self,
        conn: &Connection,
        batch: &[Event],
    ) -> Result<bool, StoreError> {
        let spans = batch.iter().any(|e| e.kind == EventKind::ActiveSpan);
        match self {
            // A batch of skips or counters alone decides nothing.
            Bulk::Undecided if batch.is_empty() => {}
            Bulk::Undecided => {
                let empty: bool =
                    conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM events)", [], |r| r.get(0))?;
                if empty && !spans {
                    conn.execute_batch(DROP)?;
                    *self = Bulk::On(Loaded::default());
                } else {
                    *self = Bulk::Off;
                }
            }
            Bulk::On(_) if spans => self.finish(conn)?,
            Bulk::On(_) | Bulk::Off => {}
        }
        Ok(matches!(self, Bulk::On(_)))
    }

    /// During a load: mark in `repeat` the events of `batch` that the unique indexes would
    /// have refused (their key or identity is a kept row's), keeping the others.
    pub(super) fn admit(&mut self, batch: &[Event], repeat: &mut [bool]) {
        let Bulk::On(loaded) = self else { return };
        for (e, flag) in batch.iter().zip(repeat.iter_mut()) {
            let key = source_key_digest(e);
            let identity = e.identity.as_deref().map(crate::digest::of_key);
            *flag = loaded.keys.contains(&key)
                || identity.is_some_and(|i| loaded.identities.contains(&i));
            if !*flag {
                loaded.keys.insert(key);
                if let Some(i) = identity {
                    loaded.identities.insert(i);
                }
            }
        }
    }

    /// After a loaded batch of `rows` new rows was written: end the load at [`BULK_ROWS`].
    pub(super) fn after_batch(&mut self, conn: &Connection, rows: u64) -> Result<(), StoreError> {
        if let Bulk::On(loaded) = self {
            loaded.rows += usize::try_from(rows).unwrap_or(usize::MAX);
            if loaded.rows >= BULK_ROWS {
                self.finish(conn)?;
            }
        }
        Ok(())
    }

    /// Whether a load is on: the stream must not commit.
    pub(super) fn is_on(&self) -> bool {
        matches!(self, Bulk::On(_))
    }

    /// End a load: build the indexes (in the stream's open transaction).
    pub(super) fn finish(&mut self, conn: &Connection) -> Result<(), StoreError> {
        if self.is_on() {
            *self = Bulk::Off;
            // SQLite's sorter may use a helper thread for each index build: nothing else
            // runs while they are built.
            conn.pragma_update(None, "threads", 2)?;
            let built = conn.execute_batch(INDEXES);
            conn.pragma_update(None, "threads", 0)?;
            built?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
