//! Importing on two cores: the importer parses on the calling thread while a second thread
//! writes to the store, so a large import takes about as long as the slower of the two
//! rather than their sum.
//!
//! ```text
//! importer ──path k: begin, events in chunks, end──▶ bounded channel ──▶ writer thread
//!     │         path k+1 …                                          (owns the store for the
//!     └── progress callbacks stay on the importer's thread            whole import)
//! ```
//!
//! The writer lives for a whole import ([`Store::write_behind`]), however many paths: every
//! store write of a path — its run, its events, how its run ended, its cursor — is a message
//! the writer carries out in order, so the importer reads the next path while the writer
//! still writes the last one. (A writer per path made each of a corpus' thousands of small
//! mbox files wait for its last events to be written before the next file was opened.) What
//! the importer must read from the store before a path — its cursor, a mail source's stored
//! keys — it reads before the writer starts, or asks the writer for ([`PathWriter::call`]),
//! which answers once everything sent before is written.
//!
//! Inside an import's commit stream (every `canary import` and `canary sync`) the writer
//! writes what it has each time it catches up with the channel: a chunk at a time while it
//! keeps up (so a small file's events do not all wait for the end of its read), up to
//! [`BATCH`] rows at a time when it lags. Outside a stream each batch is a transaction of
//! [`BATCH`] rows.
//!
//! Keys, parents and identities are hashed at rest on whichever side has time to spare: the
//! writer during a first import's bulk load (it only appends), the importer otherwise. Each
//! chunk says whether it is hashed already.
//!
//! The channel is bounded, so memory stays flat whatever the input size. If writing a path's
//! events fails, that path fails (the importer's next send fails and it stops), its run is
//! closed as failed and the next path is read; a failure outside a path's events (its run,
//! its cursor) stops the writer, and the import ends with the store's error.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use super::events::{BATCH, Progress, StoreSink, at_rest};
use super::{Store, StoreError, StreamUnits};
use crate::event::Event;
use crate::privacy::IdentityHasher;
use crate::sources::{ImportError, Location, Sink, SinkError};

/// Events per message between the threads.
const CHUNK: usize = 512;
/// Messages in flight: bounds memory to about `CHUNK × DEPTH` events.
const DEPTH: usize = 40;

/// What an import run wrote.
#[derive(Debug, Clone, Default)]
pub struct ImportCounts {
    pub new: u64,
    pub duplicates: u64,
    pub skipped: u64,
    /// The first few skipped records as (location, reason).
    pub first_skips: Vec<(String, String)>,
    /// The keys of the files read, when the importer reports them ([`Sink::file_read`]).
    pub files_read: Vec<String>,
}

/// Starts a path's run on the writer: its id.
type BeginRun<'env> = Box<dyn FnOnce(&mut Store) -> Result<i64, StoreError> + Send + 'env>;
/// Ends a path on the writer, given its run and what its events' writing came to: its output.
type EndPath<'env, T> = Box<
    dyn FnOnce(&mut Store, i64, Result<ImportCounts, StoreError>) -> Result<T, StoreError>
        + Send
        + 'env,
>;
/// A path with nothing to read (unchanged): its output.
type Unit<'env, T> = Box<dyn FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'env>;

enum Message<'env, T> {
    /// A path's run starts; its events follow, then [`Message::End`].
    Begin {
        run: BeginRun<'env>,
        root: PathBuf,
    },
    /// Events, hashed at rest already or not.
    Events {
        events: Vec<Event>,
        at_rest: bool,
    },
    Skip(Location, String),
    Repeats(u64),
    /// Records skipped again for a reason already sent.
    SkipsAgain(u64),
    /// The path's events are all sent.
    End(EndPath<'env, T>),
    /// A path whose output needs no read.
    Unit(Unit<'env, T>),
    /// Work that must see everything sent before it (its answer goes back on its own channel).
    Call(Box<dyn FnOnce(&mut Store) + Send + 'env>),
}

/// What the writer made of an import's paths.
#[derive(Debug)]
pub struct Written<T> {
    /// One output per path ([`PathWriter::end_path`], [`PathWriter::unit`]), in order.
    pub outputs: Vec<T>,
    /// The paths (indexes into `outputs`) whose writes a later failure rolled back (the commit
    /// stream returns to its last commit): nothing of them is stored.
    pub undone: Vec<usize>,
}

/// The writer is gone: it stopped on a store error, which [`Store::write_behind`] returns.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("the store's writer stopped")]
pub struct WriterGone;

/// The importer's side of [`Store::write_behind`]: sends each path's writes to the writer.
pub struct PathWriter<'w, 'env, T> {
    tx: SyncSender<Message<'env, T>>,
    /// The store's hasher, for hashing events at rest on this side (`None`: the writer does).
    hasher: Option<IdentityHasher>,
    /// Whether the writer appends (a bulk load): it then hashes events at rest itself.
    appends: &'w AtomicBool,
    /// The last path whose events the writer failed to write (paths counted from 1, in the
    /// order read; 0: none): its importer is to stop.
    failed_path: &'w AtomicU64,
    /// The stream's rollbacks as of the writer's last path ([`Store::stream_rollbacks`]).
    rollbacks: &'w AtomicU64,
    /// Paths read so far.
    paths: u64,
}

impl<'env, T: Send + 'env> PathWriter<'_, 'env, T> {
    fn send(&self, m: Message<'env, T>) -> Result<(), WriterGone> {
        self.tx.send(m).map_err(|_| WriterGone)
    }

    /// Read one path: its run is started on the writer by `run` (its id), `import` reads it
    /// into a sink whose events the writer writes, as that run, keeping skip locations
    /// relative to `root`. Returns the importer's own result and the files it reported
    /// ([`Sink::file_read`]); [`PathWriter::end_path`] must follow.
    pub fn read_path(
        &mut self,
        run: impl FnOnce(&mut Store) -> Result<i64, StoreError> + Send + 'env,
        root: &Path,
        progress: &mut dyn FnMut(Progress),
        import: impl FnOnce(&mut dyn Sink) -> Result<(), ImportError>,
    ) -> Result<(Result<(), ImportError>, Vec<String>), WriterGone> {
        self.paths += 1;
        self.send(Message::Begin {
            run: Box::new(run),
            root: root.to_path_buf(),
        })?;
        let mut sink = ChannelSink {
            path: self.paths,
            writer: self,
            buf: Vec::with_capacity(CHUNK),
            at_rest: false,
            repeats: 0,
            skips_again: 0,
            progress,
            files_read: Vec::new(),
        };
        let mut result = import(&mut sink);
        // A file that shrank during the import keeps what was read before its new end (the
        // error says so); after any other error the buffered tail is not sent.
        if result.is_ok() {
            result = sink.send_buffer().map_err(ImportError::from);
        } else if matches!(result, Err(ImportError::Shrank { .. })) {
            let _ = sink.send_buffer();
        }
        Ok((result, sink.files_read))
    }

    /// End the path [`PathWriter::read_path`] read: once its events are written, `end` gets
    /// its run and what the writing came to (or the store's error), and makes its output.
    pub fn end_path(
        &mut self,
        end: impl FnOnce(&mut Store, i64, Result<ImportCounts, StoreError>) -> Result<T, StoreError>
        + Send
        + 'env,
    ) -> Result<(), WriterGone> {
        self.send(Message::End(Box::new(end)))
    }

    /// A path with nothing to read: `unit` makes its output on the writer, in order. Like
    /// [`PathWriter::call`], not between a [`PathWriter::read_path`] and its
    /// [`PathWriter::end_path`] (the writer is inside that path then, and drops it).
    pub fn unit(
        &mut self,
        unit: impl FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'env,
    ) -> Result<(), WriterGone> {
        self.send(Message::Unit(Box::new(unit)))
    }

    /// The store's stream rollbacks as of the last path the writer ended: what the reading
    /// side keeps from the store (a stored-key set) is stale once this moves.
    pub fn rollbacks(&self) -> u64 {
        self.rollbacks.load(Ordering::Relaxed)
    }

    /// Run `op` on the writer once everything sent before is written, and wait for its answer
    /// (between paths: inside one, the writer drops it and this returns [`WriterGone`]).
    pub fn call<R: Send + 'env>(
        &mut self,
        op: impl FnOnce(&mut Store) -> R + Send + 'env,
    ) -> Result<R, WriterGone> {
        let (answer, answered) = sync_channel(1);
        self.send(Message::Call(Box::new(move |store: &mut Store| {
            let _ = answer.send(op(store));
        })))?;
        answered.recv().map_err(|_| WriterGone)
    }
}

/// The importer's sink for one path: buffers events into chunks and sends them to the writer.
struct ChannelSink<'a, 'w, 'env, T> {
    writer: &'a PathWriter<'w, 'env, T>,
    /// Which path this is ([`PathWriter::paths`]).
    path: u64,
    buf: Vec<Event>,
    /// Whether the events in `buf` are hashed at rest (decided at its first event).
    at_rest: bool,
    /// Repeats reported since the last chunk was sent.
    repeats: u64,
    /// Records skipped again since the last chunk was sent.
    skips_again: u64,
    progress: &'a mut dyn FnMut(Progress),
    /// What [`Sink::file_read`] reported (kept on the importer's side).
    files_read: Vec<String>,
}

impl<'env, T: Send + 'env> ChannelSink<'_, '_, 'env, T> {
    fn send(&mut self, m: Message<'env, T>) -> Result<(), SinkError> {
        if self.writer.failed_path.load(Ordering::Relaxed) == self.path {
            return Err(SinkError("the store stopped taking events".to_string()));
        }
        self.writer
            .send(m)
            .map_err(|_| SinkError("the store stopped taking events".to_string()))
    }

    fn send_buffer(&mut self) -> Result<(), SinkError> {
        if self.repeats > 0 {
            let n = std::mem::take(&mut self.repeats);
            self.send(Message::Repeats(n))?;
        }
        if self.skips_again > 0 {
            let n = std::mem::take(&mut self.skips_again);
            self.send(Message::SkipsAgain(n))?;
        }
        if self.buf.is_empty() {
            return Ok(());
        }
        let events = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.send(Message::Events {
            events,
            at_rest: self.at_rest,
        })
    }
}

impl<'env, T: Send + 'env> Sink for ChannelSink<'_, '_, 'env, T> {
    fn event(&mut self, event: Event) -> Result<(), SinkError> {
        if self.buf.is_empty() {
            // Hashing at rest goes to the side with time to spare (see `Store::write_behind`).
            self.at_rest =
                self.writer.hasher.is_some() && !self.writer.appends.load(Ordering::Relaxed);
        }
        self.buf.push(match &self.writer.hasher {
            Some(hasher) if self.at_rest => at_rest(event, hasher),
            _ => event,
        });
        if self.buf.len() >= CHUNK {
            self.send_buffer()?;
        }
        Ok(())
    }

    fn skip(&mut self, at: Location, reason: String) {
        // Keep order with the events before it; a failed send surfaces at the next event.
        let _ = self.send_buffer();
        let reason = crate::privacy::bounded_reason(&reason);
        let _ = self.send(Message::Skip(at, reason));
    }

    fn repeat(&mut self) {
        self.repeats += 1;
    }

    fn skip_again(&mut self) {
        self.skips_again += 1;
    }

    fn total(&mut self, total: u64) {
        (self.progress)(Progress::Total(total));
    }

    fn progress(&mut self, done: u64) {
        (self.progress)(Progress::Done(done));
    }

    fn file_read(&mut self, key: String) {
        self.files_read.push(key);
    }
}

/// The writer's shared state with the importer's side.
struct Shared<'w> {
    appends: &'w AtomicBool,
    failed_path: &'w AtomicU64,
    rollbacks: &'w AtomicU64,
}

/// The writer thread: every message in order, until the importer's side hangs up.
fn write_all<T>(
    store: &mut Store,
    rx: &Receiver<Message<'_, T>>,
    shared: &Shared<'_>,
) -> Result<Written<T>, StoreError> {
    let hasher = store.hasher()?;
    let mut units = StreamUnits::new(store);
    // Paths begun, counted as the importer's side counts them.
    let mut paths = 0;
    let mut written = Written {
        outputs: Vec::new(),
        undone: Vec::new(),
    };
    while let Ok(message) = rx.recv() {
        let output = match message {
            Message::Begin { run, root } => {
                let run = run(store)?;
                paths += 1;
                let (counts, end) = write_path(store, (run, paths), &root, rx, shared, &hasher);
                // The importer's side hung up without ending the path: it stopped.
                let Some(end) = end else { break };
                end(store, run, counts)?
            }
            Message::Unit(unit) => unit(store)?,
            Message::Call(op) => {
                op(store);
                continue;
            }
            // Only inside a path (`write_path`); out of order, they are dropped.
            Message::Events { .. }
            | Message::Skip(..)
            | Message::Repeats(_)
            | Message::SkipsAgain(_)
            | Message::End(_) => continue,
        };
        // The path's run and cursor are whole: the stream may commit here.
        store.stream_tick(0)?;
        shared
            .rollbacks
            .store(store.stream_rollbacks(), Ordering::Relaxed);
        written.outputs.push(output);
        // A failed batch of this path undid everything since the last commit: the earlier
        // paths that ended after it are not stored, whatever their counts said.
        written.undone.extend(units.ended(store));
    }
    Ok(written)
}

/// Write the events of path number `path` as run `run`, up to its [`Message::End`] (`None`:
/// the importer's side hung up first). A store error while writing them is the path's: the
/// rest of its messages are dropped and its importer is told to stop.
fn write_path<'env, T>(
    store: &mut Store,
    (run, path): (i64, u64),
    root: &Path,
    rx: &Receiver<Message<'env, T>>,
    shared: &Shared<'_>,
    hasher: &IdentityHasher,
) -> (Result<ImportCounts, StoreError>, Option<EndPath<'env, T>>) {
    // Inside an import's commit stream a flush writes without committing: each chunk is
    // written as it comes, so writing overlaps reading instead of following it (a small file's
    // events would otherwise all wait for the end of its read).
    let streaming = store.stream.is_some();
    let mut sink = StoreSink::new(store, run)
        .with_root(root)
        .arriving_at_rest();
    let mut failure: Option<StoreError> = None;
    while let Ok(first) = rx.recv() {
        // What else is waiting joins this batch: when the writer lags, batches grow (fewer,
        // larger writes); when it keeps up, each chunk is written as it comes.
        let mut next = Some(first);
        while let Some(message) = next.take() {
            if let Message::End(end) = message {
                let counts = match failure {
                    Some(e) => Err(e),
                    None => sink.flush().map(|()| ImportCounts {
                        new: sink.new,
                        duplicates: sink.duplicates,
                        skipped: sink.skipped,
                        first_skips: sink.first_skips.clone(),
                        files_read: Vec::new(),
                    }),
                };
                drop(sink);
                shared
                    .appends
                    .store(store.stream_appends().unwrap_or(false), Ordering::Relaxed);
                return (counts, Some(end));
            }
            if failure.is_none()
                && let Err(e) = take(&mut sink, message, hasher)
            {
                failure = Some(e);
                shared.failed_path.store(path, Ordering::Relaxed);
            }
            if sink.pending() < BATCH {
                next = rx.try_recv().ok();
            }
        }
        if streaming
            && failure.is_none()
            && let Err(e) = sink.flush()
        {
            failure = Some(e);
            shared.failed_path.store(path, Ordering::Relaxed);
        }
    }
    (
        failure.map_or_else(|| Ok(ImportCounts::default()), Err),
        None,
    )
}

/// One message of a path into its sink.
fn take<T>(
    sink: &mut StoreSink<'_>,
    message: Message<'_, T>,
    hasher: &IdentityHasher,
) -> Result<(), StoreError> {
    match message {
        Message::Events {
            events,
            at_rest: hashed,
        } => {
            for e in events {
                sink.push(if hashed { e } else { at_rest(e, hasher) })?;
            }
        }
        Message::Skip(at, reason) => sink.skip(at, reason),
        Message::Repeats(n) => (0..n).for_each(|_| sink.repeat()),
        Message::SkipsAgain(n) => (0..n).for_each(|_| sink.skip_again()),
        // Not sent inside a path.
        Message::Begin { .. } | Message::End(_) | Message::Unit(_) | Message::Call(_) => {}
    }
    Ok(())
}

impl Store {
    /// Run `importer` with a [`PathWriter`] whose writes this store carries out, in order, on
    /// a second thread that lives until `importer` returns. Returns `importer`'s own result and
    /// what the writer made of the paths — or the store error that stopped it (after which the
    /// importer's sends failed with [`WriterGone`]).
    pub fn write_behind<'env, T: Send + 'env, R>(
        &'env mut self,
        importer: impl FnOnce(&mut PathWriter<'_, 'env, T>) -> R,
    ) -> (R, Result<Written<T>, StoreError>) {
        // Hashing events at rest (keys, parents, identities: a third of the reading thread's
        // work on mail) goes to the side with time to spare: the writer when it appends (a
        // first import's bulk load, where the reading thread is the slower side), else the
        // importer (the writer is then the slower side, writing through the indexes). On the
        // 327k-message SYNTHETIC input (docs/performance.md), four alternating runs: a load
        // 1.63–1.90 s against 1.74–1.96 s with the importer hashing; through the indexes the
        // importer hashing took 1.71–1.76 s against 1.91–1.96 s with the writer hashing.
        // The writer reads the hasher too, and stops at once if it cannot.
        let hasher = self.hasher().ok();
        let appends = AtomicBool::new(hasher.is_none() || self.stream_appends().unwrap_or(false));
        let failed_path = AtomicU64::new(0);
        let rollbacks = AtomicU64::new(self.stream_rollbacks());
        let (tx, rx) = sync_channel(DEPTH);
        std::thread::scope(|scope| {
            let shared = Shared {
                appends: &appends,
                failed_path: &failed_path,
                rollbacks: &rollbacks,
            };
            let writer = scope.spawn(move || {
                let written = write_all(self, &rx, &shared);
                // Hang up before the importer's side is joined: its sends fail from now on.
                drop(rx);
                written
            });
            let mut paths = PathWriter {
                tx,
                hasher,
                appends: &appends,
                failed_path: &failed_path,
                rollbacks: &rollbacks,
                paths: 0,
            };
            let result = importer(&mut paths);
            drop(paths);
            let written = writer.join().unwrap_or_else(|_| {
                Err(StoreError::Corrupt(
                    "the store's writer thread panicked".into(),
                ))
            });
            (result, written)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{EventKind, SourceKind};
    use jiff::Timestamp;

    fn now() -> Timestamp {
        "2026-11-29T12:00:00Z".parse().unwrap()
    }

    impl Store {
        /// One path through [`Store::write_behind`], as run `run`: the importer's result and
        /// what its events' writing came to.
        fn import_pipelined(
            &mut self,
            run: i64,
            root: &std::path::Path,
            progress: &mut dyn FnMut(Progress),
            import: impl FnOnce(&mut dyn Sink) -> Result<(), ImportError>,
        ) -> (Result<(), ImportError>, Result<ImportCounts, StoreError>) {
            let (result, written) = self.write_behind(|w| {
                let (result, files_read) = w.read_path(move |_| Ok(run), root, progress, import)?;
                w.end_path(move |_, _, counts| {
                    Ok(counts.map(|c| ImportCounts { files_read, ..c }))
                })?;
                Ok::<_, WriterGone>(result)
            });
            let counts = written.and_then(|mut w| {
                assert!(w.undone.is_empty());
                w.outputs.pop().expect("one path's output")
            });
            (result.unwrap_or(Ok(())), counts)
        }
    }

    #[test]
    fn one_writer_writes_every_path_in_order_and_a_call_sees_what_came_before() {
        let mut store = Store::open_in_memory().unwrap();
        store.begin_stream();
        let (seen, written) = store.write_behind(|w| {
            let mut seen = Vec::new();
            for p in 0..3i64 {
                let run =
                    move |s: &mut Store| s.start_run(SourceKind::Zsh, &format!("p{p}"), now());
                let (result, _) = w.read_path(run, Path::new("h"), &mut |_| {}, |sink| {
                    for i in 0..1_000 {
                        let t = Timestamp::from_second(1_700_000_000 + i).unwrap();
                        let key = (p * 1_000 + i).to_string();
                        sink.event(Event::mine(t, EventKind::Command, SourceKind::Zsh, key))?;
                    }
                    Ok(())
                })?;
                result.unwrap();
                w.end_path(move |_, run, counts| Ok((run, counts?.new)))?;
                seen.push(w.call(|s| s.event_count().unwrap())?);
            }
            // A path with nothing to read is an output in its turn.
            w.unit(|_| Ok((0, 0)))?;
            Ok::<_, WriterGone>(seen)
        });
        store.end_stream().unwrap();
        assert_eq!(seen.unwrap(), [1_000, 2_000, 3_000]);
        let written = written.unwrap();
        assert_eq!(
            written.outputs,
            [(1, 1_000), (2, 1_000), (3, 1_000), (0, 0)]
        );
        assert!(written.undone.is_empty());
        let runs = store.runs().unwrap();
        assert_eq!(runs.iter().map(|r| r.new).collect::<Vec<_>>(), [1_000; 3]);
    }

    #[test]
    fn a_store_error_outside_a_path_s_events_stops_the_writer() {
        let mut store = Store::open_in_memory().unwrap();
        let (sent, written) = store.write_behind(|w| {
            w.unit(|_| Err::<(), _>(StoreError::Corrupt("broken".into())))?;
            // The writer stopped at the unit: nothing after it is answered.
            w.call(|_| ())
        });
        assert!(matches!(sent, Err(WriterGone)), "{sent:?}");
        assert!(
            matches!(&written, Err(StoreError::Corrupt(m)) if m == "broken"),
            "{written:?}"
        );
    }

    #[test]
    fn writes_everything_in_order_with_skips_and_progress() {
        let mut store = Store::open_in_memory().unwrap();
        let run = store.start_run(SourceKind::Zsh, "t", now()).unwrap();
        let mut seen = Vec::new();
        let (result, written) = store.import_pipelined(
            run,
            std::path::Path::new("h"),
            &mut |p| {
                if let Progress::Done(d) = p {
                    seen.push(d);
                }
            },
            |sink| {
                for i in 0..10_000i64 {
                    let t = Timestamp::from_second(1_700_000_000 + i).unwrap();
                    // Every tenth event repeats the one before it.
                    let key = if i % 10 == 9 { i - 1 } else { i };
                    sink.event(Event::mine(
                        t,
                        EventKind::Command,
                        SourceKind::Zsh,
                        key.to_string(),
                    ))?;
                    if i % 5_000 == 0 {
                        sink.skip(
                            Location {
                                file: "h".into(),
                                line: Some(i as u64),
                            },
                            "bad".into(),
                        );
                        sink.progress(i as u64);
                    }
                }
                Ok(())
            },
        );
        result.unwrap();
        let w = written.unwrap();
        assert_eq!((w.new, w.duplicates, w.skipped), (9_000, 1_000, 2));
        assert_eq!(
            w.first_skips[1].0, "h:5000",
            "the import's own output names the file"
        );
        let kept = store.skips(run).unwrap();
        assert_eq!(kept[1].location, "line 5000", "the store does not");
        assert_eq!(seen, [0, 5_000]);
        assert_eq!(store.event_count().unwrap(), 9_000);
        let runs = store.runs().unwrap();
        assert_eq!(
            (runs[0].new, runs[0].duplicates, runs[0].skipped),
            (9_000, 1_000, 2)
        );
    }

    #[test]
    fn keys_are_hashed_at_rest_by_the_writer_in_a_load_and_by_the_importer_after() {
        let mut store = Store::open_in_memory().unwrap();
        let hasher = store.hasher().unwrap();
        let mail = |key: &str| {
            let t = Timestamp::from_second(1_700_000_000).unwrap();
            Event::mine(t, EventKind::MailSent, SourceKind::Mbox, key.to_string())
        };
        let import = |store: &mut Store, keys: &[&str]| {
            store.begin_stream();
            let run = store.start_run(SourceKind::Mbox, "t", now()).unwrap();
            let appends = store.stream_appends().unwrap();
            let (result, written) =
                store.import_pipelined(run, std::path::Path::new("box"), &mut |_| {}, |sink| {
                    for k in keys {
                        sink.event(mail(k))?;
                    }
                    Ok(())
                });
            result.unwrap();
            store.end_stream().unwrap();
            let w = written.unwrap();
            (appends, w.new, w.duplicates)
        };
        assert_eq!(import(&mut store, &["<a@x>"]), (true, 1, 0), "a load");
        assert_eq!(
            import(&mut store, &["<a@x>", "<b@x>"]),
            (false, 1, 1),
            "through the indexes: the same key hashed the same way is a repeat"
        );
        let keys: Vec<String> = store
            .conn()
            .prepare("SELECT key FROM events ORDER BY id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(keys, [hasher.hash_key("<a@x>"), hasher.hash_key("<b@x>")]);
    }

    #[test]
    fn repeats_the_importer_reports_count_as_duplicates_in_the_run() {
        let mut store = Store::open_in_memory().unwrap();
        let run = store.start_run(SourceKind::Mbox, "t", now()).unwrap();
        let (result, written) =
            store.import_pipelined(run, std::path::Path::new("h"), &mut |_| {}, |sink| {
                for i in 0..3i64 {
                    let t = Timestamp::from_second(1_700_000_000 + i).unwrap();
                    sink.event(Event::mine(
                        t,
                        EventKind::MailSent,
                        SourceKind::Mbox,
                        i.to_string(),
                    ))?;
                    // The same message again, recognised by the importer itself.
                    sink.repeat();
                }
                sink.repeat();
                Ok(())
            });
        result.unwrap();
        let w = written.unwrap();
        assert_eq!((w.new, w.duplicates), (3, 4));
        let r = store.runs().unwrap().pop().unwrap();
        assert_eq!(
            (r.new, r.duplicates),
            (3, 4),
            "the run's own counters agree"
        );
    }

    #[test]
    fn an_importer_error_keeps_what_was_read_before_it() {
        let mut store = Store::open_in_memory().unwrap();
        let run = store.start_run(SourceKind::Zsh, "t", now()).unwrap();
        let (result, written) =
            store.import_pipelined(run, std::path::Path::new("h"), &mut |_| {}, |sink| {
                for i in 0..5i64 {
                    let t = Timestamp::from_second(1_700_000_000 + i).unwrap();
                    sink.event(Event::mine(
                        t,
                        EventKind::Command,
                        SourceKind::Zsh,
                        i.to_string(),
                    ))?;
                }
                Err(ImportError::refused(
                    std::path::Path::new("h"),
                    "truncated",
                    None,
                ))
            });
        assert!(result.is_err());
        assert_eq!(
            written.unwrap().new,
            0,
            "a failed importer's buffered tail is not sent"
        );
        // What had already reached the writer is kept; here nothing had (all in one chunk).
        assert_eq!(store.event_count().unwrap(), 0);
    }

    #[test]
    fn a_file_that_shrank_keeps_everything_read_before_its_end() {
        let mut store = Store::open_in_memory().unwrap();
        let run = store.start_run(SourceKind::Mbox, "t", now()).unwrap();
        let (result, written) =
            store.import_pipelined(run, std::path::Path::new("box"), &mut |_| {}, |sink| {
                for i in 0..5i64 {
                    let t = Timestamp::from_second(1_700_000_000 + i).unwrap();
                    sink.event(Event::mine(
                        t,
                        EventKind::MailSent,
                        SourceKind::Mbox,
                        i.to_string(),
                    ))?;
                }
                Err(ImportError::Shrank {
                    path: "box".into(),
                    expected: 100,
                    read: 50,
                    records: 5,
                    unit: "messages",
                })
            });
        assert!(matches!(result, Err(ImportError::Shrank { .. })));
        assert_eq!(written.unwrap().new, 5);
        assert_eq!(store.event_count().unwrap(), 5);
    }
}
