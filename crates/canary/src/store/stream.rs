//! One commit stream for a whole import: however many paths a command reads (files, a
//! Maildir tree, every source of a `canary sync`), their runs, events, skips and sync
//! cursors are written in one open transaction that is committed by size or time
//! ([`COMMIT_ROWS`] rows or [`COMMIT_EVERY`]), not once or three times per file.
//!
//! ```text
//! begin_stream ─▶ start_run ─▶ batch … batch ─▶ finish_run ─▶ save cursor ─▶ start_run … ─▶ end_stream
//!                   └──────── one transaction, committed at a tick when it holds enough ─────────┘
//! ```
//!
//! Crash safety is what it was with a transaction per batch: every unit of writing (a
//! batch with its run counters and `source_stats`, a run's start or end, a cursor) is whole
//! inside the transaction, and a commit only happens between units ([`Store::stream_tick`]),
//! so after any commit the store is consistent. A process killed mid-way loses what it wrote
//! since the last commit (at most a second's work) and leaves its last run `running`, as
//! before. The transaction is opened lazily, at the first write after a commit, so another
//! writer waiting on the store gets its turn between two commits.
//!
//! The stream also holds, per source, the digests of the keys stored when the source was
//! first written in this stream ([`KeySet`]): a record whose key is among them is counted
//! as a duplicate and never reaches SQLite (a probe of the index per record cost as much as
//! the `INSERT OR IGNORE` it saves). An importer reading a path again whole gets the same set
//! ([`Store::stored_keys`]) and makes no event for a record it holds.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::bulk::Bulk;
use super::{Store, StoreError};
use crate::digest::KeySet;
use crate::event::{Event, SourceKind};
use crate::sources::StoredKeys;
use rusqlite::OptionalExtension as _;

/// Rows written after which a stream commits.
pub const COMMIT_ROWS: usize = 50_000;
/// Time after which a stream commits (a slow input still commits about once a second).
pub const COMMIT_EVERY: Duration = Duration::from_secs(1);

/// The state of an open stream.
#[derive(Debug)]
pub(super) struct Stream {
    /// Rows written since the last commit.
    rows: usize,
    /// When the last commit (or the stream's start) was.
    since: Instant,
    /// Commits so far.
    commits: u64,
    /// Times a failed batch rolled the stream back to its last commit.
    rollbacks: u64,
    /// Stored keys (as stored, see `at_rest`) per source, loaded once the source's batches
    /// show duplicates or an importer asked for them.
    pub(super) known: HashMap<SourceKind, Arc<KeySet>>,
    /// Per source, the rows written in this stream and how many of them were duplicates.
    written: HashMap<SourceKind, (u64, u64)>,
    /// A first import's bulk load (see `super::bulk`).
    pub(super) bulk: Bulk,
}

/// The units of a stream (an import's paths, a sync's lines) in the order they ended, to tell
/// which of them a failed batch undid: a rollback takes the stream back to its last commit,
/// so every unit that ended after that commit is gone with it.
#[derive(Debug, Default)]
pub struct StreamUnits {
    /// For each unit, the stream's commits when it ended: durable once a commit follows.
    ended_at: Vec<u64>,
    /// Rollbacks seen so far.
    rollbacks: u64,
}

impl StreamUnits {
    /// Units of `store`'s stream, from now on.
    pub fn new(store: &Store) -> StreamUnits {
        StreamUnits {
            ended_at: Vec::new(),
            rollbacks: store.stream_counts().1,
        }
    }

    /// The next unit ended (its last write done): the indexes of the earlier units a rollback
    /// undid since the last call (the unit that failed, ending now, is not among them).
    pub fn ended(&mut self, store: &Store) -> Vec<usize> {
        let (commits, rollbacks) = store.stream_counts();
        let undone = if rollbacks > self.rollbacks {
            self.rollbacks = rollbacks;
            let at = self.ended_at.iter().enumerate();
            at.filter(|(_, c)| **c == commits).map(|(i, _)| i).collect()
        } else {
            Vec::new()
        };
        self.ended_at.push(commits);
        undone
    }
}

/// Rows of a source a stream writes before it may load the source's stored keys: a small
/// import (a sync that adds a few lines to a large history) never pays for the load.
pub const KNOWN_AFTER_ROWS: u64 = 20_000;

impl Store {
    /// Start writing in one commit stream until [`Store::end_stream`]. A stream already open
    /// stays as it is.
    pub fn begin_stream(&mut self) {
        if self.stream.is_none() {
            self.stream = Some(Stream {
                rows: 0,
                since: Instant::now(),
                commits: 0,
                rollbacks: 0,
                known: HashMap::new(),
                written: HashMap::new(),
                bulk: Bulk::default(),
            });
        }
    }

    /// Commit what the stream holds and end it; returns how many commits it made in all.
    pub fn end_stream(&mut self) -> Result<u64, StoreError> {
        let Some(mut stream) = self.stream.take() else {
            return Ok(0);
        };
        if !self.conn.is_autocommit() {
            // Never a commit without the indexes: a load that cannot build them is undone.
            if let Err(e) = stream.bulk.finish(&self.conn) {
                let _ = self.conn.execute_batch("ROLLBACK");
                return Err(e);
            }
            self.conn.execute_batch("COMMIT")?;
            stream.commits += 1;
        }
        Ok(stream.commits)
    }

    /// Inside a stream, its commits and rollbacks so far (none outside one).
    fn stream_counts(&self) -> (u64, u64) {
        self.stream
            .as_ref()
            .map_or((0, 0), |s| (s.commits, s.rollbacks))
    }

    /// How many times a failed batch rolled the stream back so far (0 outside a stream): what
    /// was read from the store before a rollback may name rows it removed.
    pub fn stream_rollbacks(&self) -> u64 {
        self.stream_counts().1
    }

    /// A failed batch undid the stream's writes since its last commit (see `StoreSink::flush`).
    pub(super) fn stream_rolled_back(&mut self) {
        if let Some(stream) = self.stream.as_mut() {
            stream.rollbacks += 1;
            stream.rows = 0;
            // The rollback restored the indexes a load had dropped, and removed its rows.
            stream.bulk = Bulk::Off;
            // Stored keys read since the last commit may name rows it removed: an importer or
            // the writer asking again reads them again.
            stream.known.clear();
        }
    }

    /// Before a write: inside a stream, make sure its transaction is open.
    pub(super) fn stream_write(&self) -> Result<(), StoreError> {
        if self.stream.is_some() && self.conn.is_autocommit() {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
        }
        Ok(())
    }

    /// After a whole unit of writing (`rows` rows of it events): commit when the stream holds
    /// [`COMMIT_ROWS`] rows or has not committed for [`COMMIT_EVERY`].
    pub(crate) fn stream_tick(&mut self, rows: usize) -> Result<(), StoreError> {
        let Some(stream) = self.stream.as_mut() else {
            return Ok(());
        };
        stream.rows += rows;
        if stream.bulk.is_on() {
            return Ok(()); // No commit while a load has the indexes dropped.
        }
        if stream.rows >= COMMIT_ROWS || stream.since.elapsed() >= COMMIT_EVERY {
            if !self.conn.is_autocommit() {
                self.conn.execute_batch("COMMIT")?;
                stream.commits += 1;
            }
            stream.rows = 0;
            stream.since = Instant::now();
        }
        Ok(())
    }

    /// Inside a stream, before a batch of events (as stored) is written: open the stream's
    /// transaction, start or end a bulk load (see `super::bulk`) and, during a load, mark in
    /// `repeat` the events it refuses. Returns whether the batch is loaded.
    pub(super) fn stream_batch(
        &mut self,
        batch: &[Event],
        repeat: &mut [bool],
    ) -> Result<bool, StoreError> {
        self.stream_write()?;
        let Some(stream) = self.stream.as_mut() else {
            return Ok(false);
        };
        let loaded = match stream.bulk.before_batch(&self.conn, batch) {
            Ok(loaded) => loaded,
            Err(e) => {
                let _ = self.conn.execute_batch("ROLLBACK");
                self.stream_rolled_back();
                return Err(e);
            }
        };
        stream.bulk.admit(batch, repeat);
        Ok(loaded)
    }

    /// Whether the stream's next events will be appended by a bulk load (one is on, or the
    /// stream has written no events yet and `events` is empty). Only a hint for placing work:
    /// the load itself decides at its first batch.
    pub(super) fn stream_appends(&self) -> Result<bool, StoreError> {
        let Some(stream) = self.stream.as_ref() else {
            return Ok(false);
        };
        Ok(match stream.bulk {
            Bulk::On(_) => true,
            Bulk::Off => false,
            Bulk::Undecided => {
                self.conn
                    .query_row("SELECT NOT EXISTS (SELECT 1 FROM events)", [], |r| r.get(0))?
            }
        })
    }

    /// Inside a stream, after a batch wrote `new` rows: a load ends at its size.
    pub(super) fn stream_batch_written(&mut self, new: u64) -> Result<(), StoreError> {
        let Some(stream) = self.stream.as_mut() else {
            return Ok(());
        };
        if let Err(e) = stream.bulk.after_batch(&self.conn, new) {
            let _ = self.conn.execute_batch("ROLLBACK");
            self.stream_rolled_back();
            return Err(e);
        }
        Ok(())
    }

    /// Count a batch of `source`: `rows` rows written, `duplicates` of them already stored.
    pub(super) fn stream_wrote(&mut self, source: SourceKind, rows: u64, duplicates: u64) {
        if let Some(stream) = self.stream.as_mut() {
            let w = stream.written.entry(source).or_default();
            w.0 += rows;
            w.1 += duplicates;
        }
    }

    /// Inside a stream, the digests of `source`'s stored keys — once the stream has written
    /// [`KNOWN_AFTER_ROWS`] rows of the source and at least half of them were duplicates (a
    /// re-read), or an importer asked for them ([`Store::stored_keys`]); loaded once and kept
    /// for the stream.
    pub(super) fn known_keys(
        &mut self,
        source: SourceKind,
    ) -> Result<Option<Arc<KeySet>>, StoreError> {
        let Some(stream) = self.stream.as_ref() else {
            return Ok(None);
        };
        if stream.bulk.is_on() {
            return Ok(None); // The load's own sets decide, exactly.
        }
        let (rows, duplicates) = stream.written.get(&source).copied().unwrap_or_default();
        if !stream.known.contains_key(&source) && (rows < KNOWN_AFTER_ROWS || duplicates * 2 < rows)
        {
            return Ok(None);
        }
        self.key_set(source).map(Some)
    }

    /// The keys `source` has stored, for an importer reading a path again whole
    /// ([`crate::sources::Resume::stored`]). Inside a stream the set is loaded once and kept
    /// for the stream (the writer's check of duplicates uses it too); it holds what was stored
    /// when it was loaded.
    pub fn stored_keys(&mut self, source: SourceKind) -> Result<StoredKeys, StoreError> {
        Ok(StoredKeys {
            keys: self.key_set(source)?,
            hashed: super::events::hashes_keys(source),
        })
    }

    /// How many times a source's stored keys were read from the table by this handle: an
    /// unchanged path must cost none (a large store's keys take a while to read).
    pub fn key_sets_read(&self) -> u64 {
        self.key_sets_read
    }

    /// The digests of `source`'s stored keys, as stored (hashed at rest where its keys are
    /// input text, see `hashes_keys`): kept in the stream, if one is open.
    fn key_set(&mut self, source: SourceKind) -> Result<Arc<KeySet>, StoreError> {
        if let Some(set) = self.stream.as_ref().and_then(|s| s.known.get(&source)) {
            return Ok(Arc::clone(set));
        }
        let mut stmt = self
            .conn
            .prepare_cached("SELECT key FROM events WHERE source = ?1")?;
        // Sized once from the source's summary: growing by doubling would hold the old and
        // the new vector at once (half as much again at the peak).
        let stored: i64 = self
            .conn
            .query_row(
                "SELECT events FROM source_stats WHERE source = ?1",
                [source.as_str()],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(0);
        let mut rows = stmt.query([source.as_str()])?;
        let mut digests = Vec::with_capacity(usize::try_from(stored).unwrap_or(0));
        while let Some(row) = rows.next()? {
            let key = row.get_ref(0)?;
            digests.push(crate::digest::of_key(key.as_str().unwrap_or_default()));
        }
        drop(rows);
        drop(stmt);
        self.key_sets_read += 1;
        let set = Arc::new(KeySet::from_digests(digests));
        if let Some(stream) = self.stream.as_mut() {
            stream.known.insert(source, Arc::clone(&set));
        }
        Ok(set)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Event, EventKind};
    use jiff::Timestamp;

    fn now() -> Timestamp {
        "2026-11-29T12:00:00Z".parse().unwrap()
    }

    fn zsh(n: i64) -> Vec<Event> {
        (0..n)
            .map(|i| {
                let t = Timestamp::from_second(1_700_000_000 + i).unwrap();
                Event::mine(t, EventKind::Command, SourceKind::Zsh, format!("epoch:{i}"))
            })
            .collect()
    }

    #[test]
    fn a_stream_commits_by_size_and_at_its_end() {
        let mut store = Store::open_in_memory().unwrap();
        store.begin_stream();
        for part in 0..5 {
            let events: Vec<Event> = zsh(30_000)
                .into_iter()
                .skip(part * 6_000)
                .take(6_000)
                .collect();
            store
                .insert_events(SourceKind::Zsh, "h", events, now())
                .unwrap();
        }
        // 30k rows and 10 run records: under COMMIT_ROWS, so one commit, at the end (unless
        // the machine took over a second).
        let commits = store.end_stream().unwrap();
        assert!((1..=3).contains(&commits), "{commits}");
        assert_eq!(store.event_count().unwrap(), 30_000);
        store.begin_stream();
        store
            .insert_events(SourceKind::Zsh, "h", zsh(130_000), now())
            .unwrap();
        let commits = store.end_stream().unwrap();
        assert!(commits >= 2, "130k rows commit more than once: {commits}");
        assert_eq!(store.event_count().unwrap(), 130_000);
        assert!(store.conn.is_autocommit(), "nothing left open");
    }

    #[test]
    fn known_keys_are_loaded_once_per_source_and_only_in_a_stream() {
        let mut store = Store::open_in_memory().unwrap();
        assert!(store.known_keys(SourceKind::Zsh).unwrap().is_none());
        store
            .insert_events(SourceKind::Zsh, "h", zsh(10), now())
            .unwrap();
        store.begin_stream();
        assert!(
            store.known_keys(SourceKind::Zsh).unwrap().is_none(),
            "not before a re-read"
        );
        store.stream_wrote(SourceKind::Zsh, KNOWN_AFTER_ROWS, KNOWN_AFTER_ROWS / 2 - 1);
        assert!(
            store.known_keys(SourceKind::Zsh).unwrap().is_none(),
            "mostly new rows"
        );
        store.stream_wrote(SourceKind::Zsh, 0, 1);
        let known = store.known_keys(SourceKind::Zsh).unwrap().unwrap();
        assert_eq!(known.len(), 10);
        assert!(known.contains("epoch:3"));
        assert!(!known.contains("epoch:10"));
        // Loaded once: what this stream adds is not in it (SQLite still dedupes those).
        store
            .insert_events(SourceKind::Zsh, "h", zsh(20), now())
            .unwrap();
        assert_eq!(
            store.known_keys(SourceKind::Zsh).unwrap().unwrap().len(),
            10
        );
        store.end_stream().unwrap();
        assert_eq!(store.event_count().unwrap(), 20);
    }

    #[test]
    fn stored_keys_for_an_importer_are_as_stored_and_shared_with_the_writer() {
        let mut store = Store::open_in_memory().unwrap();
        let t = Timestamp::from_second(1_700_000_000).unwrap();
        let mail = |k: &str| Event::mine(t, EventKind::MailSent, SourceKind::Mbox, k.into());
        store
            .insert_events(SourceKind::Mbox, "m", vec![mail("<1@x>")], now())
            .unwrap();
        store
            .insert_events(SourceKind::Zsh, "h", zsh(3), now())
            .unwrap();
        let hasher = store.hasher().unwrap();
        // Mail keys are kept hashed: the set holds them so, and is asked so.
        let mbox = store.stored_keys(SourceKind::Mbox).unwrap();
        assert!(mbox.hashed);
        assert!(mbox.holds("<1@x>", &hasher));
        assert!(!mbox.keys.contains("<1@x>"), "the plain key is not stored");
        assert!(!mbox.holds("<2@x>", &hasher));
        let shell = store.stored_keys(SourceKind::Zsh).unwrap();
        assert!(!shell.hashed);
        assert!(shell.holds("epoch:2", &hasher));
        assert_eq!(shell.keys.len(), 3);
        // Outside a stream nothing is kept; inside, the importer's set is the writer's, with
        // no threshold to reach first, and stays what was stored when it was loaded.
        assert!(store.known_keys(SourceKind::Mbox).unwrap().is_none());
        store.begin_stream();
        let asked = store.stored_keys(SourceKind::Mbox).unwrap();
        let writer = store.known_keys(SourceKind::Mbox).unwrap().unwrap();
        assert!(Arc::ptr_eq(&asked.keys, &writer));
        store
            .insert_events(SourceKind::Mbox, "m", vec![mail("<2@x>")], now())
            .unwrap();
        let again = store.stored_keys(SourceKind::Mbox).unwrap();
        assert!(Arc::ptr_eq(&asked.keys, &again.keys));
        assert!(!again.holds("<2@x>", &hasher));
        store.end_stream().unwrap();
        assert!(
            store
                .stored_keys(SourceKind::Mbox)
                .unwrap()
                .holds("<2@x>", &hasher)
        );
    }

    #[test]
    fn stored_keys_read_before_a_rollback_are_read_again_after_it() {
        let mut store = Store::open_in_memory().unwrap();
        let t = Timestamp::from_second(1_700_000_000).unwrap();
        let mail = |k: &str| Event::mine(t, EventKind::MailSent, SourceKind::Mbox, k.into());
        let hasher = store.hasher().unwrap();
        store.begin_stream();
        store
            .insert_events(SourceKind::Mbox, "m", vec![mail("<1@x>")], now())
            .unwrap();
        assert!(!store.conn.is_autocommit(), "not committed yet");
        let before = store.stored_keys(SourceKind::Mbox).unwrap();
        assert!(before.holds("<1@x>", &hasher));
        // A failed batch rolls the stream back: the row is gone, and so is the set naming it.
        store.conn.execute_batch("ROLLBACK").unwrap();
        store.stream_rolled_back();
        let after = store.stored_keys(SourceKind::Mbox).unwrap();
        assert!(!after.holds("<1@x>", &hasher));
        assert_eq!(store.key_sets_read(), 2);
        store.end_stream().unwrap();
        assert_eq!(store.event_count().unwrap(), 0);
    }

    #[test]
    fn known_records_are_duplicates_but_a_span_read_again_still_grows() {
        let mut store = Store::open_in_memory().unwrap();
        let t = Timestamp::from_second(1_700_000_000).unwrap();
        let span = |d: i64| {
            let mut e = Event::mine(
                t,
                EventKind::ActiveSpan,
                SourceKind::Activitywatch,
                "w1".into(),
            );
            e.duration = Some(d);
            e
        };
        let mail = |k: &str| Event::mine(t, EventKind::MailSent, SourceKind::Mbox, k.into());
        store
            .insert_events(SourceKind::Activitywatch, "a", vec![span(10)], now())
            .unwrap();
        store
            .insert_events(
                SourceKind::Mbox,
                "m",
                vec![mail("<1@x>"), mail("<2@x>")],
                now(),
            )
            .unwrap();
        store.begin_stream();
        store.stream_wrote(SourceKind::Mbox, KNOWN_AFTER_ROWS, KNOWN_AFTER_ROWS);
        store.stream_wrote(
            SourceKind::Activitywatch,
            KNOWN_AFTER_ROWS,
            KNOWN_AFTER_ROWS,
        );
        let (new, dup) = store
            .insert_events(
                SourceKind::Mbox,
                "m",
                vec![mail("<2@x>"), mail("<3@x>")],
                now(),
            )
            .unwrap();
        assert_eq!((new, dup), (1, 1));
        assert_eq!(
            store.known_keys(SourceKind::Mbox).unwrap().unwrap().len(),
            2
        );
        let (new, dup) = store
            .insert_events(SourceKind::Activitywatch, "a", vec![span(30)], now())
            .unwrap();
        assert_eq!((new, dup), (0, 1));
        store.end_stream().unwrap();
        let events = store.events(&Default::default()).unwrap();
        let grown = events
            .iter()
            .find(|e| e.kind == EventKind::ActiveSpan)
            .unwrap();
        assert_eq!(grown.duration, Some(30), "the span kept its longer length");
        assert_eq!(events.len(), 4);
        let stats = store.source_summaries().unwrap();
        let mbox = stats.iter().find(|s| s.source == "mbox").unwrap();
        assert_eq!(mbox.events, 3, "source_stats counts what was inserted");
    }
}
