//! Importing on two cores: the importer parses on the calling thread while a second thread
//! writes to the store, so a large import takes about as long as the slower of the two
//! rather than their sum.
//!
//! ```text
//! importer ──events in chunks──▶ bounded channel ──▶ writer thread: StoreSink
//!     └── progress callbacks stay on the importer's thread
//! ```
//!
//! Inside an import's commit stream (every `canary import` and `canary sync`) the writer
//! writes what it has each time it catches up with the channel: a chunk at a time while it
//! keeps up (so a small file's events do not all wait for the end of its read), up to
//! [`BATCH`] rows at a time when it lags. Outside a stream each batch is a transaction of
//! [`BATCH`] rows.
//!
//! Keys, parents and identities are hashed at rest on whichever side has time to spare: the
//! writer during a first import's bulk load (it only appends), the importer otherwise.
//!
//! The channel is bounded, so memory stays flat whatever the input size. If the store fails,
//! the writer stops, the importer's next send fails and the import ends with the store's error.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use super::events::{BATCH, Progress, StoreSink, at_rest};
use super::{Store, StoreError};
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

enum Message {
    Events(Vec<Event>),
    Skip(Location, String),
    Repeats(u64),
    /// Records skipped again for a reason already sent.
    SkipsAgain(u64),
}

/// The importer's side: buffers events into chunks and sends them to the writer.
struct ChannelSink<'p> {
    tx: SyncSender<Message>,
    buf: Vec<Event>,
    /// Repeats reported since the last chunk was sent.
    repeats: u64,
    /// Records skipped again since the last chunk was sent.
    skips_again: u64,
    progress: &'p mut dyn FnMut(Progress),
    /// What [`Sink::file_read`] reported (kept on the importer's side).
    files_read: Vec<String>,
    /// The store's hasher, when this side hashes events at rest (see `Store::import_pipelined`).
    hasher: Option<IdentityHasher>,
}

impl ChannelSink<'_> {
    fn send(&mut self, m: Message) -> Result<(), SinkError> {
        self.tx
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
        let chunk = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.send(Message::Events(chunk))
    }
}

impl Sink for ChannelSink<'_> {
    fn event(&mut self, event: Event) -> Result<(), SinkError> {
        self.buf.push(match &self.hasher {
            Some(h) => at_rest(event, h),
            None => event,
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

fn write_all(
    store: &mut Store,
    run: i64,
    root: &std::path::Path,
    rx: Receiver<Message>,
    importer_hashes: bool,
) -> Result<ImportCounts, StoreError> {
    // Inside an import's commit stream a flush writes without committing: each chunk is
    // written as it comes, so writing overlaps reading instead of following it (a small file's
    // events would otherwise all wait for the end of the read).
    let streaming = store.stream.is_some();
    let sink = StoreSink::new(store, run).with_root(root);
    let mut sink = if importer_hashes {
        sink.arriving_at_rest()
    } else {
        sink // which hashes them as it writes
    };
    while let Ok(first) = rx.recv() {
        // What else is waiting joins this batch: when the writer lags, batches grow (fewer,
        // larger writes); when it keeps up, each chunk is written as it comes.
        let mut next = Some(first);
        while let Some(message) = next.take() {
            match message {
                Message::Events(events) => {
                    for e in events {
                        sink.push(e)?;
                    }
                }
                Message::Skip(at, reason) => sink.skip(at, reason),
                Message::Repeats(n) => (0..n).for_each(|_| sink.repeat()),
                Message::SkipsAgain(n) => (0..n).for_each(|_| sink.skip_again()),
            }
            if sink.pending() < BATCH {
                next = rx.try_recv().ok();
            }
        }
        if streaming {
            sink.flush()?;
        }
    }
    sink.flush()?;
    Ok(ImportCounts {
        new: sink.new,
        duplicates: sink.duplicates,
        skipped: sink.skipped,
        first_skips: sink.first_skips.clone(),
        files_read: Vec::new(),
    })
}

impl Store {
    /// Run `import` against a sink whose events this store writes on a second thread, as run
    /// `run` reading `root` (skip locations are kept relative to it). Returns the importer's own result and what was written; both matter (an import
    /// that failed halfway has still committed what it read).
    pub fn import_pipelined(
        &mut self,
        run: i64,
        root: &std::path::Path,
        progress: &mut dyn FnMut(Progress),
        import: impl FnOnce(&mut dyn Sink) -> Result<(), ImportError>,
    ) -> (Result<(), ImportError>, Result<ImportCounts, StoreError>) {
        // Hashing events at rest (keys, parents, identities: a third of the reading thread's
        // work on mail) goes to the side with time to spare: the writer when it appends (a
        // first import's bulk load, where the reading thread is the slower side), else the
        // importer (the writer is then the slower side, writing through the indexes). On the
        // 327k-message SYNTHETIC input (docs/performance.md), four alternating runs: a load
        // 1.63–1.90 s against 1.74–1.96 s with the importer hashing; through the indexes the
        // importer hashing took 1.71–1.76 s against 1.91–1.96 s with the writer hashing.
        let ours = if self.stream_appends().unwrap_or(false) {
            None
        } else {
            match self.hasher() {
                Ok(h) => Some(h),
                Err(e) => return (Ok(()), Err(e)),
            }
        };
        let importer_hashes = ours.is_some();
        let (tx, rx) = sync_channel(DEPTH);
        std::thread::scope(|scope| {
            let writer = scope.spawn(move || write_all(self, run, root, rx, importer_hashes));
            let mut sink = ChannelSink {
                tx,
                buf: Vec::with_capacity(CHUNK),
                repeats: 0,
                skips_again: 0,
                progress,
                files_read: Vec::new(),
                hasher: ours,
            };
            let mut result = import(&mut sink);
            // A file that shrank during the import keeps what was read before its new end (the
            // error says so); after any other error the buffered tail is not sent.
            if result.is_ok() {
                result = sink.send_buffer().map_err(ImportError::from);
            } else if matches!(result, Err(ImportError::Shrank { .. })) {
                let _ = sink.send_buffer();
            }
            let files_read = std::mem::take(&mut sink.files_read);
            drop(sink);
            let written = writer
                .join()
                .unwrap_or_else(|_| {
                    Err(StoreError::Corrupt(
                        "the store's writer thread panicked".into(),
                    ))
                })
                .map(|counts| ImportCounts {
                    files_read,
                    ..counts
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
