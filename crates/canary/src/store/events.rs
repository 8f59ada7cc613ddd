//! Writing events, and the per-source summaries (reading events is in `read.rs`).
//!
//! [`StoreSink`] is the importers' sink: it writes events in batches of [`BATCH`] rows, counts
//! new and duplicate rows by the `(source, key)` constraint, and updates its run's counters and
//! the per-source summary (`source_stats`) with each batch — in a transaction of its own, or
//! inside an import's commit stream (see `stream.rs`), which commits only between whole
//! batches — so the store is consistent after every commit whatever happens to the process.

use jiff::Timestamp;
use rusqlite::{Connection, params};

use super::runs::SKIPS_KEPT_PER_RUN;
use super::{Store, StoreError};
use crate::event::{Event, EventKind, SourceKind, Urgency};
use crate::privacy::IdentityHasher;
use crate::sources::{Location, Sink, SinkError};

/// Rows per transaction.
pub const BATCH: usize = 20_000;

/// What one source holds.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SourceSummary {
    pub source: String,
    pub events: u64,
    pub first: Timestamp,
    pub last: Timestamp,
}

/// Whether a source's natural keys (and the parents that name them) are stored as keyed
/// hashes ([`IdentityHasher::hash_key`]). They are for every source whose keys are the input's
/// own text — Message-IDs and `In-Reply-To` (which name correspondents and their hosts),
/// calendar UIDs, ActivityWatch bucket ids (with the host name), CSV key columns, chat and
/// incident ids. Only keys Canary makes itself from a time (`epoch:n` in shell histories),
/// content digests (git object ids) and Atuin's random ids are stored as they are.
pub fn hashes_keys(source: SourceKind) -> bool {
    !matches!(
        source,
        SourceKind::Git | SourceKind::Bash | SourceKind::Zsh | SourceKind::Fish | SourceKind::Atuin
    )
}

/// An event as the store keeps it: its key and parent hashed when its source's keys are
/// input text (see [`hashes_keys`]).
pub(super) fn at_rest(mut e: Event, hasher: &IdentityHasher) -> Event {
    if hashes_keys(e.source) {
        e.key = hasher.hash_key(&e.key);
        e.parent = e.parent.map(|p| hasher.hash_key(&p));
    }
    e.identity = e.identity.map(|i| hasher.hash_key(&i));
    e
}

/// Per source, the rows a batch wrote and how many of them were already stored.
type Tally = (SourceKind, u64, u64);

/// The importers' sink over a store: batches, counts, and records skips for one run.
pub struct StoreSink<'a> {
    store: &'a mut Store,
    run: i64,
    /// The store's identity key, read at the first flush.
    hasher: Option<IdentityHasher>,
    /// The run's input, so skip locations can be kept relative to it (see [`stored_location`]).
    root: Option<std::path::PathBuf>,
    pending: Vec<Event>,
    /// Whether pushed events arrive with their keys hashed already (see `arriving_at_rest`).
    arrive_at_rest: bool,
    pending_skips: Vec<(Location, String)>,
    /// Repeats the importer reported since the last flush (counted as duplicates).
    pending_repeats: u64,
    skips_kept: usize,
    pub new: u64,
    pub duplicates: u64,
    pub skipped: u64,
    skipped_written: u64,
    /// The first few skipped records, for the summary.
    pub first_skips: Vec<(String, String)>,
}

/// A progress report from an importer.
#[derive(Debug, Clone, Copy)]
pub enum Progress {
    Total(u64),
    Done(u64),
}

impl<'a> StoreSink<'a> {
    pub fn new(store: &'a mut Store, run: i64) -> StoreSink<'a> {
        StoreSink {
            store,
            run,
            hasher: None,
            root: None,
            pending: Vec::with_capacity(BATCH),
            arrive_at_rest: false,
            pending_skips: Vec::new(),
            pending_repeats: 0,
            skips_kept: 0,
            new: 0,
            duplicates: 0,
            skipped: 0,
            skipped_written: 0,
            first_skips: Vec::new(),
        }
    }

    /// The run's input (the path given to the importer): skip locations inside it are kept
    /// without the path (see `stored_location`).
    pub fn with_root(mut self, root: &std::path::Path) -> Self {
        self.root = Some(root.to_path_buf());
        self
    }

    /// Events will be pushed as the store keeps them, already through [`at_rest`] with this
    /// store's hasher (the pipeline's importer side hashes them when the writer is the slower
    /// side, see `pipeline.rs`).
    pub(super) fn arriving_at_rest(mut self) -> Self {
        self.arrive_at_rest = true;
        self
    }

    /// Events waiting for the next flush.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Write what is pending in one transaction.
    pub fn flush(&mut self) -> Result<(), StoreError> {
        if self.pending.is_empty()
            && self.pending_skips.is_empty()
            && self.pending_repeats == 0
            && self.skipped == self.skipped_written
        {
            return Ok(());
        }
        let hasher = match &self.hasher {
            Some(h) => h.clone(),
            None => {
                let h = self.store.hasher()?;
                self.hasher = Some(h.clone());
                h
            }
        };
        // Keys as stored; inside an import's stream, which of them are stored already (their
        // 128-bit digest is among the stored keys', loaded once per source and stream).
        let batch: Vec<Event> = self
            .pending
            .drain(..)
            .map(|e| {
                if self.arrive_at_rest {
                    e
                } else {
                    at_rest(e, &hasher)
                }
            })
            .collect();
        let mut known = vec![false; batch.len()];
        // Inside a stream: its transaction open, and a first import's bulk load started
        // (which then decides the repeats itself, in `known`).
        let loaded = self.store.stream.is_some() && self.store.stream_batch(&batch, &mut known)?;
        let mut sources: Vec<SourceKind> = Vec::new();
        for e in batch.iter().filter(|_| !loaded) {
            if !sources.contains(&e.source) {
                sources.push(e.source);
            }
        }
        for source in sources {
            if let Some(stored) = self.store.known_keys(source)?
                && !stored.is_empty()
            {
                for (e, flag) in batch.iter().zip(known.iter_mut()) {
                    // A tracker's span read again may have grown: it goes to the `grow` update.
                    if e.source == source && e.kind != EventKind::ActiveSpan {
                        *flag = stored.contains(&e.key);
                    }
                }
            }
        }
        let rows = batch.len();
        let repeats = self.pending_repeats;
        let skipped_now = self.skipped;
        let (run, root, skips) = (self.run, self.root.as_deref(), &self.pending_skips);
        // The batch's rows, skips, source summary and run counters: one unit of writing.
        let write = |tx: &Connection| -> Result<(u64, u64, Vec<Tally>), StoreError> {
            // Per source: rows in this batch and how many were already stored.
            let mut per_source: Vec<Tally> = Vec::new();
            let (mut new, mut dup) = (0u64, repeats);
            // Per source, the rows this batch added: count, first and last time.
            let mut added: Vec<(&'static str, i64, i64, i64)> = Vec::new();
            {
                let mut insert = tx.prepare_cached(
                    "INSERT OR IGNORE INTO events
                 (source, key, kind, utc, utc_offset, duration, urgency, actor, counterpart, run_id,
                  parent, context, priority, automated, personal, identity)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
                )?;
                // A tracker's span read again while it was still growing (the window in use at
                // the last sync) is the same record, longer now: it keeps the longer duration.
                let mut grow = tx.prepare_cached(
                    "UPDATE events SET duration = ?3
                 WHERE source = ?1 AND key = ?2 AND kind = 'active_span'
                   AND (duration IS NULL OR duration < ?3)",
                )?;
                for (e, known) in batch.into_iter().zip(known) {
                    let tally = match per_source.iter().position(|p| p.0 == e.source) {
                        Some(i) => i,
                        None => {
                            per_source.push((e.source, 0, 0));
                            per_source.len() - 1
                        }
                    };
                    per_source[tally].1 += 1;
                    if known {
                        per_source[tally].2 += 1;
                        dup += 1;
                        continue;
                    }
                    let changed = insert.execute(params![
                        e.source.as_str(),
                        e.key,
                        e.kind.as_str(),
                        e.utc.as_second(),
                        e.offset,
                        e.duration,
                        e.urgency.map(Urgency::as_str),
                        e.actor,
                        e.counterpart,
                        self.run,
                        e.parent,
                        e.context,
                        e.priority,
                        e.automated,
                        e.personal,
                        e.identity,
                    ])?;
                    if changed == 1 {
                        new += 1;
                        let (source, utc) = (e.source.as_str(), e.utc.as_second());
                        match added.iter_mut().find(|a| a.0 == source) {
                            Some(a) => {
                                a.1 += 1;
                                a.2 = a.2.min(utc);
                                a.3 = a.3.max(utc);
                            }
                            None => added.push((source, 1, utc, utc)),
                        }
                    } else {
                        per_source[tally].2 += 1;
                        dup += 1;
                        if e.kind == EventKind::ActiveSpan && e.duration.is_some() {
                            grow.execute(params![e.source.as_str(), e.key, e.duration])?;
                        }
                    }
                }
                let mut skip = tx.prepare_cached(
                    "INSERT INTO import_skips (run_id, location, reason) VALUES (?1, ?2, ?3)",
                )?;
                for (at, reason) in skips {
                    let loc = stored_location(at, root, &hasher);
                    skip.execute(params![run, loc, reason])?;
                }
                let mut stats = tx.prepare_cached(
                    "INSERT INTO source_stats (source, events, first, last) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT (source) DO UPDATE SET events = events + excluded.events,
                  first = min(coalesce(first, excluded.first), excluded.first),
                  last = max(coalesce(last, excluded.last), excluded.last)",
                )?;
                for (source, n, first, last) in added {
                    stats.execute(params![source, n, first, last])?;
                }
            }
            let counters = "UPDATE import_runs \
                SET new = new + ?2, duplicates = duplicates + ?3, skipped = ?4 WHERE id = ?1";
            tx.prepare_cached(counters)?.execute(params![
                run,
                new as i64,
                dup as i64,
                skipped_now as i64
            ])?;
            Ok((new, dup, per_source))
        };
        let (new, dup, per_source) = if self.store.stream.is_some() {
            // Inside the stream's transaction, without a savepoint of its own: a nested
            // savepoint keeps a copy of every page it changes (in memory: 125 MB more at 2.6 M
            // messages, and the CPU to copy them). A failed batch rolls the stream back to its
            // last commit instead, which leaves the store as consistent as that commit.
            match write(self.store.conn()) {
                Ok(done) => done,
                Err(e) => {
                    if !self.store.conn().is_autocommit() {
                        let _ = self.store.conn().execute_batch("ROLLBACK");
                    }
                    self.store.stream_rolled_back();
                    return Err(e);
                }
            }
        } else {
            let tx = self.store.conn_mut().transaction()?;
            let done = write(&tx)?;
            tx.commit()?;
            done
        };
        for (source, n, dups) in per_source {
            self.store.stream_wrote(source, n, dups);
        }
        self.new += new;
        self.duplicates += dup;
        self.skipped_written = skipped_now;
        self.pending_skips.clear();
        self.pending_repeats = 0;
        self.store.stream_batch_written(new)?;
        self.store.stream_tick(rows)?;
        Ok(())
    }
}

/// A skipped record's location as the store keeps it: never a path, which would name the user
/// and, in a Maildir, the host that delivered the message. The run's own input is `line N`
/// (or nothing); a file inside it (a Maildir message, a file of an export folder) is
/// `file <hash>` — 12 hex digits of the keyed hash of its path — with its line. The import's
/// own output names the file in full; the store does not need to.
pub fn stored_location(
    at: &Location,
    root: Option<&std::path::Path>,
    hasher: &IdentityHasher,
) -> String {
    let is_root = root.is_some_and(|r| r == at.file);
    let file = (!is_root && !at.file.as_os_str().is_empty()).then(|| {
        let h = hasher.hash_path(&at.file.display().to_string());
        format!("file {}", &h[..12])
    });
    match (file, at.line) {
        (Some(f), Some(l)) => format!("{f}:{l}"),
        (Some(f), None) => f,
        (None, Some(l)) => format!("line {l}"),
        (None, None) => "the input".to_string(),
    }
}

impl StoreSink<'_> {
    /// Take one event, writing a batch when it is full.
    pub fn push(&mut self, event: Event) -> Result<(), StoreError> {
        self.pending.push(event);
        if self.pending.len() >= BATCH {
            self.flush()?;
        }
        Ok(())
    }
}

impl Sink for StoreSink<'_> {
    fn event(&mut self, event: Event) -> Result<(), SinkError> {
        self.push(event).map_err(|e| SinkError(e.to_string()))
    }

    fn skip(&mut self, at: Location, reason: String) {
        let reason = crate::privacy::bounded_reason(&reason);
        self.skipped += 1;
        let loc = at.to_string();
        if self.first_skips.len() < 5 {
            self.first_skips.push((loc.clone(), reason.clone()));
        }
        if self.skips_kept < SKIPS_KEPT_PER_RUN {
            self.skips_kept += 1;
            self.pending_skips.push((at, reason));
        }
    }

    fn repeat(&mut self) {
        self.pending_repeats += 1;
    }

    fn skip_again(&mut self) {
        self.skipped += 1;
    }
}

impl Store {
    /// Counts and date ranges per source, in source order: read from `source_stats`, which
    /// the sink, [`Store::forget`] and `restore` keep equal to `events` grouped by source (a
    /// few rows, whatever the store's size).
    pub fn source_summaries(&self) -> Result<Vec<SourceSummary>, StoreError> {
        let mut stmt = self.conn().prepare_cached(
            "SELECT source, events, first, last FROM source_stats WHERE events > 0 ORDER BY source",
        )?;
        let time = |s: Option<i64>| {
            s.and_then(|s| Timestamp::from_second(s).ok())
                .unwrap_or(Timestamp::UNIX_EPOCH)
        };
        let rows = stmt.query_map([], |r| {
            Ok(SourceSummary {
                source: r.get(0)?,
                events: r.get::<_, i64>(1)? as u64,
                first: time(r.get(2)?),
                last: time(r.get(3)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Recompute `source_stats` from `events` (one scan). The sink, `forget` and `restore`
    /// keep it true; this is for whatever writes `events` another way (tests with raw SQL).
    pub fn refresh_source_stats(&mut self) -> Result<(), StoreError> {
        let tx = self.conn_mut().transaction()?;
        refresh_source_stats(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// The number of events in the store.
    pub fn event_count(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get::<_, i64>(0))?
            as u64)
    }

    /// Remove every event of one source; returns how many were removed.
    pub fn forget(&mut self, source: SourceKind) -> Result<u64, StoreError> {
        let tx = self.conn_mut().transaction()?;
        let n = tx.execute("DELETE FROM events WHERE source = ?1", [source.as_str()])?;
        tx.execute(
            "DELETE FROM source_stats WHERE source = ?1",
            [source.as_str()],
        )?;
        tx.commit()?;
        // What sync knew of the source's paths goes with its events.
        self.forget_sync_state(source)?;
        Ok(n as u64)
    }

    /// Insert events directly in one run (the demo and the benchmark use this).
    pub fn insert_events(
        &mut self,
        source: SourceKind,
        label: &str,
        events: Vec<Event>,
        now: Timestamp,
    ) -> Result<(u64, u64), StoreError> {
        let run = self.start_run(source, label, now)?;
        let mut sink = StoreSink::new(self, run);
        for e in events {
            sink.pending.push(e);
            if sink.pending.len() >= BATCH {
                sink.flush()?;
            }
        }
        sink.flush()?;
        let counts = (sink.new, sink.duplicates);
        drop(sink);
        self.finish_run(run, super::RunStatus::Done, None, now)?;
        Ok(counts)
    }
}

/// Make `source_stats` what `events` grouped by source says (inside the caller's transaction).
pub(super) fn refresh_source_stats(conn: &Connection) -> Result<(), StoreError> {
    conn.execute_batch(
        "DELETE FROM source_stats;
         INSERT INTO source_stats (source, events, first, last)
             SELECT source, count(*), min(utc), max(utc) FROM events GROUP BY source;",
    )?;
    Ok(())
}
