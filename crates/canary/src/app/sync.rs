//! `canary sync`: read again every path the person imported, only what is new in it.
//!
//! Each import records its path, kind and options in `sources.toml` (the config folder) and,
//! in the store, a [`Cursor`] per path: what the read covered. A sync takes each recorded
//! path, compares the file with its cursor and reads only what changed:
//!
//! | kind | unchanged when | what is read otherwise |
//! |---|---|---|
//! | zsh, bash, fish, mbox | same inode, size and mtime | from the stored offset when the file only grew (same inode, not smaller, the stored prefix's hash still matches); the whole file otherwise |
//! | git | every branch tip as last time | commits not reachable from last time's tips |
//! | Maildir | no message file with a new name or mtime | only the new or changed files |
//! | ActivityWatch database | same inode, not smaller, same newest event end and event row id | the events ending at or after an hour before the newest end seen last time (and the earlier window events they overlap), when the file is the same (inode) and not smaller; the whole database otherwise |
//! | everything else (exports, `.ics`, CSV, atuin, ActivityWatch exports) | size, mtime and content hash | the whole file or folder |
//!
//! aw-server-rust writes its database every few seconds (a heartbeat stretches the current
//! window and AFK events), so its size, mtime and hash nearly always changed: it is resumed
//! from the newest event end seen before the last read, less [`AW_MARGIN_MICROS`] (an hour),
//! so a window event still growing then is read again and its new pieces (after an AFK
//! break) added; a piece that only grew keeps the length first stored, as on a whole re-read
//! (the store keeps the first copy of a key). Events written later with an end more than an
//! hour before that are not seen until the database is read whole (replaced, or imported
//! with `--again`).
//!
//! `canary import` of a path imported or synced before plans the same way (see
//! `app::import`), unless the cursor was written with another reader ([`Cursor::reader`]: a
//! different Canary version, other options or settings) or `--again` asks for a whole read.
//!
//! Whatever is read twice (a replaced history, a re-read export) is counted as already
//! imported by the store's natural keys, so the counts stay right. A path that is gone or
//! unreadable is reported on its line, its cursor kept, and the other paths still read.
//! The cursor holds no path and no file name: offsets, hashes, commit ids, and keyed hashes
//! of Maildir file names.
//!
//! Pure parts ([`growth`], [`last_line_end`]) are tested beside the code; the rest reads
//! files and the store, never the clock ("now" comes in).

use std::collections::{BTreeSet, HashSet};
use std::fs::{File, Metadata};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Instant;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use super::import::{ImportRequestError, PathFailure, import_with};
use crate::event::SourceKind;
use crate::privacy::IdentityHasher;
use crate::settings::Settings;
use crate::settings::sources::SourceRecord;
use crate::sources::{Resume, activitywatch, git, maildir};
use crate::store::{LastSync, Store, StoreError, StreamUnits};

/// How `canary sync` reads a kind of source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strategy {
    /// A file written by appending (histories, mbox): resumed at a byte offset.
    Append,
    /// A git repository: commits not reachable from the tips seen last time.
    Git,
    /// A folder of message files: only files not seen (by name and mtime).
    Maildir,
    /// Anything else: read again whole when its size, mtime or content changed.
    Whole,
}

impl Strategy {
    pub fn of(kind: SourceKind) -> Strategy {
        match kind {
            SourceKind::Zsh | SourceKind::Bash | SourceKind::Fish | SourceKind::Mbox => {
                Strategy::Append
            }
            SourceKind::Git => Strategy::Git,
            SourceKind::Maildir => Strategy::Maildir,
            _ => Strategy::Whole,
        }
    }
}

/// A file's identity and shape when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileMark {
    pub inode: u64,
    pub size: u64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime_ns: i128,
}

impl FileMark {
    pub fn of(meta: &Metadata) -> FileMark {
        use std::os::unix::fs::MetadataExt;
        FileMark {
            inode: meta.ino(),
            size: meta.len(),
            mtime_ns: maildir::mtime_ns(meta),
        }
    }
}

/// What a read of a path covered, kept in the store per path (as JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cursor {
    /// Append and whole files: the file as it was read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<FileMark>,
    /// Append: the byte offset just past the last complete line read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub offset: Option<u64>,
    /// Append: BLAKE3 of the bytes before `offset`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix_hash: Option<String>,
    /// Whole: BLAKE3 of the content (for a folder: of each file's relative name, size, mtime
    /// and content; for a database, with its `-wal` file).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_hash: Option<String>,
    /// Git: the commit ids the branches pointed at, sorted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tips: Vec<String>,
    /// Maildir: keyed hashes of each message file's relative name and mtime.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub files: BTreeSet<String>,
    /// ActivityWatch database: the newest window or AFK event's end (µs since the epoch)
    /// before the read; the next read resumes [`AW_MARGIN_MICROS`] before it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub newest_end_micros: Option<i64>,
    /// ActivityWatch database: the highest event row id before the read (a new event with
    /// an earlier end still counts as a change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_event_id: Option<i64>,
    /// ActivityWatch database: the sum of every event's end in whole seconds before the read
    /// (an event lengthened in place still counts as a change).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_seconds_sum: Option<i64>,
    /// How it was read ([`reader_of`]): this version of Canary and a keyed hash of the
    /// settings and options the importer used. `canary import` reads a path whole again when
    /// it would read it another way (a newer version may read more of the same input; an
    /// option such as `phone_is_work` or a new identity may make events of records left out
    /// before). `canary sync` resumes whatever the reader.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reader: Option<String>,
}

/// How an importer with `ctx` reads: `canary` and the package version, and 16 hex digits of
/// the keyed hash of the person's identities, emergency and personal rules, home folder and
/// the format options (keyed: the cursor must not let anyone test a guess of an address).
pub fn reader_of(ctx: &crate::sources::ImportContext) -> String {
    let settings = format!(
        "{:?}\0{:?}\0{:?}\0{:?}\0{:?}",
        ctx.identities, ctx.emergency, ctx.personal, ctx.home, ctx.options
    );
    let mut digest = ctx.hasher.hash_key(&settings);
    digest.truncate(16);
    format!("canary {} {digest}", env!("CARGO_PKG_VERSION"))
}

/// How long before the newest event end seen last time a resumed ActivityWatch database is
/// read again (µs): an hour, so that events still growing then, and AFK periods written a
/// little late, are read again (what was already imported de-duplicates).
pub const AW_MARGIN_MICROS: i64 = 3_600 * 1_000_000;

/// What to read of aw-server-rust's database at `path` (`meta` its metadata) given its cursor.
fn plan_activitywatch_database(path: &Path, meta: &Metadata, old: Option<&Cursor>) -> Plan {
    let mark = FileMark::of(meta);
    // A database Canary cannot read is read whole, so the importer says why.
    let events = activitywatch::newest_event(path).unwrap_or_default();
    let newest_end = events.newest_end_micros;
    let cursor = Cursor {
        file: Some(mark),
        newest_end_micros: newest_end,
        last_event_id: events.last_id,
        end_seconds_sum: events.end_seconds_sum,
        ..Cursor::default()
    };
    // Replaced (another inode) or shrunk (rewritten): read whole.
    let same_file = old
        .and_then(|c| c.file)
        .is_some_and(|f| f.inode == mark.inode && mark.size >= f.size);
    let resumed_from = old
        .filter(|_| same_file && newest_end.is_some())
        .and_then(|c| c.newest_end_micros);
    match (old, resumed_from) {
        (Some(c), Some(_))
            if c.newest_end_micros == newest_end
                && c.last_event_id == events.last_id
                && c.end_seconds_sum == events.end_seconds_sum =>
        {
            Plan::Unchanged { cursor }
        }
        (_, Some(end)) => {
            let since = end.saturating_sub(AW_MARGIN_MICROS);
            let how = match Timestamp::from_microsecond(since) {
                Ok(t) => format!(
                    "events ending from {}",
                    t.round(jiff::Unit::Second).unwrap_or(t)
                ),
                Err(_) => "events ending from the last read".to_string(),
            };
            Plan::Read {
                resume: Resume {
                    since_micros: Some(since),
                    ..Resume::default()
                },
                how,
                cursor,
            }
        }
        (Some(_), None) => Plan::Read {
            resume: Resume::default(),
            how: "whole (replaced, rewritten or not read before by event time)".to_string(),
            cursor,
        },
        (None, None) => Plan::Read {
            resume: Resume::default(),
            how: "whole".to_string(),
            cursor,
        },
    }
}

/// What changed in an appended file since its cursor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Growth {
    /// Same inode, size and mtime: nothing to read.
    Unchanged,
    /// Only grew: read from this offset.
    Grew { from: u64 },
    /// Replaced, truncated or rewritten: read it whole.
    Replaced,
}

/// Whether an appended file only grew since it was read (`old` with `offset` read), given its
/// mark now; `prefix_matches` says whether the bytes before `offset` are still those read,
/// and is asked only when it matters.
pub fn growth(
    old: &FileMark,
    offset: u64,
    now: &FileMark,
    prefix_matches: impl FnOnce() -> bool,
) -> Growth {
    if old.inode != now.inode || now.size < old.size || offset > now.size {
        return Growth::Replaced;
    }
    if old == now {
        return Growth::Unchanged;
    }
    if prefix_matches() {
        Growth::Grew { from: offset }
    } else {
        Growth::Replaced
    }
}

/// The offset just past the last newline in `bytes` (0 when it has none): where a later read
/// resumes, so that a line being written is read whole next time.
pub fn last_line_end(bytes: &[u8]) -> usize {
    memchr::memrchr(b'\n', bytes).map_or(0, |i| i + 1)
}

/// The offset just past the last newline in the first `size` bytes of `file`.
fn last_line_end_in(file: &mut File, size: u64) -> std::io::Result<u64> {
    const CHUNK: u64 = 64 * 1024;
    let mut end = size;
    let mut buf = Vec::new();
    while end > 0 {
        let start = end.saturating_sub(CHUNK);
        buf.resize((end - start) as usize, 0);
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut buf)?;
        let at = last_line_end(&buf);
        if at > 0 {
            return Ok(start + at as u64);
        }
        end = start;
    }
    Ok(0)
}

/// BLAKE3 of the first `len` bytes of `file`, in hex.
fn prefix_hash(file: &mut File, len: u64) -> std::io::Result<String> {
    file.seek(SeekFrom::Start(0))?;
    let mut h = blake3::Hasher::new();
    let copied = hash_all(&mut file.take(len), &mut h, &mut vec![0; HASH_READ])?;
    if copied < len {
        return Err(std::io::Error::from(std::io::ErrorKind::UnexpectedEof));
    }
    Ok(h.finalize().to_hex().to_string())
}

/// Feed everything `input` holds to `h`, read into `buf` (of [`HASH_READ`] bytes); the bytes
/// read.
/// (`std::io::copy` reads 8 KiB at a time: 2,000 system calls for a 16 MiB mailbox, and
/// BLAKE3 hashes wide inputs several chunks at once.)
fn hash_all(input: &mut impl Read, h: &mut blake3::Hasher, buf: &mut [u8]) -> std::io::Result<u64> {
    let mut total = 0u64;
    loop {
        match input.read(buf) {
            Ok(0) => return Ok(total),
            Ok(n) => {
                h.update(&buf[..n]);
                total += n as u64;
            }
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// The read size of [`hash_all`]: large enough for few system calls, small enough to stay in
/// the processor's cache between the read and the hash.
const HASH_READ: usize = 256 << 10;

/// The hash of a file or folder's content (see [`Cursor::content_hash`]).
fn content_hash(path: &Path) -> std::io::Result<String> {
    let mut h = blake3::Hasher::new();
    let mut buf = vec![0; HASH_READ];
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        for entry in walkdir::WalkDir::new(path).sort_by_file_name() {
            let entry = entry.map_err(std::io::Error::other)?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(path).unwrap_or(entry.path());
            let m = FileMark::of(&entry.metadata().map_err(std::io::Error::other)?);
            h.update(rel.as_os_str().as_encoded_bytes());
            h.update(&[0]);
            h.update(&m.size.to_le_bytes());
            h.update(&m.mtime_ns.to_le_bytes());
            hash_all(&mut File::open(entry.path())?, &mut h, &mut buf)?;
        }
    } else {
        hash_all(&mut File::open(path)?, &mut h, &mut buf)?;
        // A database's latest writes may sit in its write-ahead log.
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        if let Ok(mut f) = File::open(PathBuf::from(wal)) {
            h.update(b"\0wal\0");
            hash_all(&mut f, &mut h, &mut buf)?;
        }
    }
    Ok(h.finalize().to_hex().to_string())
}

/// Each message file of the Maildir at `root` with its [`file_key`] (files whose metadata
/// cannot be read are left out). The keys need a `stat` and a keyed hash per file: the two
/// halves of the list are done on two threads.
fn maildir_keys(root: &Path, hasher: &IdentityHasher) -> Vec<(walkdir::DirEntry, String)> {
    let entries: Vec<walkdir::DirEntry> = maildir::message_files(root).collect();
    let keys = |part: &[walkdir::DirEntry]| {
        part.iter()
            .filter_map(|entry| {
                let meta = entry.metadata().ok()?;
                let rel = entry.path().strip_prefix(root).unwrap_or(entry.path());
                Some((entry.clone(), file_key(hasher, rel, &FileMark::of(&meta))))
            })
            .collect::<Vec<_>>()
    };
    if entries.len() < 64 {
        return keys(&entries);
    }
    let (first, second) = entries.split_at(entries.len() / 2);
    std::thread::scope(|s| {
        let other = s.spawn(|| keys(second));
        let mut out = keys(first);
        out.extend(
            other
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p)),
        );
        out
    })
}

/// The keyed hash of a Maildir file's relative name and mtime ([`maildir::file_key`]).
fn file_key(hasher: &IdentityHasher, rel: &Path, mark: &FileMark) -> String {
    maildir::file_key(hasher, rel, mark.mtime_ns)
}

/// What to do with one path: read nothing, or read with `resume`; and the cursor to keep
/// once the read is done (taken before reading: what is written meanwhile is read next time).
#[derive(Debug)]
pub enum Plan {
    Unchanged {
        /// The cursor with anything that changed without new content (Maildir files removed).
        cursor: Cursor,
    },
    Read {
        resume: Resume,
        /// How much is read, for the line: `"from byte N"`, `"3 new files"`, `"whole"`.
        how: String,
        cursor: Cursor,
    },
}

/// Decide what to read of `path` given its cursor (`None`: never synced; read it whole).
pub fn plan(
    kind: SourceKind,
    path: &Path,
    old: Option<&Cursor>,
    hasher: &IdentityHasher,
) -> std::io::Result<Plan> {
    let mut plan = plan_reading(kind, path, old, hasher)?;
    // Nothing read: the reader of what the cursor covers is the one that read it.
    if let Plan::Unchanged { cursor } = &mut plan {
        cursor.reader = old.and_then(|c| c.reader.clone());
    }
    Ok(plan)
}

fn plan_reading(
    kind: SourceKind,
    path: &Path,
    old: Option<&Cursor>,
    hasher: &IdentityHasher,
) -> std::io::Result<Plan> {
    // Asked before opening anything: opening a FIFO waits for a writer, and `/dev/zero` never
    // ends (the importer refuses both with its own message).
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() && !meta.is_dir() {
        return Err(std::io::Error::other("not a regular file or folder"));
    }
    match Strategy::of(kind) {
        Strategy::Append => {
            let mut file = File::open(path)?;
            let meta = file.metadata()?;
            if !meta.is_file() {
                return Err(std::io::Error::other("not a regular file"));
            }
            let mark = FileMark::of(&meta);
            let decision =
                match old.and_then(|c| Some((c.file?, c.offset?, c.prefix_hash.as_ref()?))) {
                    None => Growth::Replaced,
                    Some((old_mark, offset, hash)) => growth(&old_mark, offset, &mark, || {
                        prefix_hash(&mut file, offset).is_ok_and(|h| &h == hash)
                    }),
                };
            if decision == Growth::Unchanged {
                return Ok(Plan::Unchanged {
                    cursor: old.cloned().unwrap_or_default(),
                });
            }
            let offset = last_line_end_in(&mut file, mark.size)?;
            let cursor = Cursor {
                file: Some(mark),
                offset: Some(offset),
                prefix_hash: Some(prefix_hash(&mut file, offset)?),
                ..Cursor::default()
            };
            let (from, how) = match decision {
                Growth::Grew { from } => (from, format!("from byte {from}")),
                _ if old.is_some() => (0, "whole (replaced or rewritten)".to_string()),
                _ => (0, "whole".to_string()),
            };
            Ok(Plan::Read {
                resume: Resume {
                    offset: from,
                    ..Resume::default()
                },
                how,
                cursor,
            })
        }
        Strategy::Git => {
            let tips = git::tips(path).map_err(std::io::Error::other)?;
            let cursor = Cursor {
                tips: tips.clone(),
                ..Cursor::default()
            };
            match old {
                Some(c) if c.tips == tips => Ok(Plan::Unchanged { cursor }),
                Some(c) if !c.tips.is_empty() => Ok(Plan::Read {
                    resume: Resume {
                        known_tips: c.tips.clone(),
                        ..Resume::default()
                    },
                    how: "new commits".to_string(),
                    cursor,
                }),
                _ => Ok(Plan::Read {
                    resume: Resume::default(),
                    how: "whole".to_string(),
                    cursor,
                }),
            }
        }
        Strategy::Maildir => {
            if !std::fs::metadata(path)?.is_dir() {
                return Err(std::io::Error::other("not a folder"));
            }
            let mut files = BTreeSet::new();
            let mut known = HashSet::new();
            let mut fresh = 0u64;
            for (entry, key) in maildir_keys(path, hasher) {
                if old.is_some_and(|c| c.files.contains(&key)) {
                    known.insert(entry.into_path());
                } else {
                    fresh += 1;
                }
                files.insert(key);
            }
            let cursor = Cursor {
                files,
                ..Cursor::default()
            };
            if fresh == 0 && old.is_some() {
                return Ok(Plan::Unchanged { cursor });
            }
            let how = if old.is_some() {
                format!("{fresh} new or changed files")
            } else {
                "whole".to_string()
            };
            Ok(Plan::Read {
                resume: Resume {
                    known_files: (!known.is_empty()).then(|| Arc::new(known)),
                    ..Resume::default()
                },
                how,
                cursor,
            })
        }
        Strategy::Whole
            if kind == SourceKind::Activitywatch && activitywatch::is_database(path) =>
        {
            Ok(plan_activitywatch_database(path, &meta, old))
        }
        Strategy::Whole => {
            let meta = std::fs::metadata(path)?;
            let cursor = Cursor {
                file: meta.is_file().then(|| FileMark::of(&meta)),
                content_hash: Some(content_hash(path)?),
                ..Cursor::default()
            };
            match old {
                Some(c) if c.content_hash == cursor.content_hash && c.file == cursor.file => {
                    Ok(Plan::Unchanged { cursor })
                }
                _ => Ok(Plan::Read {
                    resume: Resume::default(),
                    how: "whole".to_string(),
                    cursor,
                }),
            }
        }
    }
}

/// The cursor kept in the store for a path, if any (an unreadable one counts as none).
pub fn stored_cursor(store: &Store, path_id: &str) -> Result<Option<Cursor>, StoreError> {
    Ok(store.sync_state(path_id)?.and_then(|s| {
        serde_json::from_str::<Option<Cursor>>(&s.cursor)
            .ok()
            .flatten()
    }))
}

/// Keep `cursor` as what was read of `path_id`.
pub fn save_cursor(
    store: &Store,
    path_id: &str,
    kind: SourceKind,
    cursor: &Cursor,
    new: u64,
    now: Timestamp,
) -> Result<(), StoreError> {
    let json = serde_json::to_string(cursor).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    store.save_sync_state(path_id, kind, &json, new, now)
}

/// What happened to one path in a sync.
#[derive(Debug, Clone, Serialize)]
pub struct SyncLine {
    pub source: String,
    /// The path as `sources.toml` records it.
    pub path: String,
    pub path_id: String,
    /// `unchanged`, `read` or `failed`.
    pub status: &'static str,
    /// How much was read (`from byte 1234`, `new commits`, `whole`), when read.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub how: Option<String>,
    pub new: u64,
    pub duplicates: u64,
    pub skipped: u64,
    pub millis: u64,
    /// Why it could not be read (gone, unreadable, refused).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// What a sync did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncSummary {
    pub new: u64,
    pub failed: usize,
    pub millis: u64,
    pub lines: Vec<SyncLine>,
}

impl SyncSummary {
    /// The outcome to keep as the last sync's.
    pub fn outcome(&self, ran_at: Timestamp) -> LastSync {
        let failed: Vec<String> = self
            .lines
            .iter()
            .filter(|l| l.error.is_some())
            .map(|l| format!("{} failed", l.source))
            .collect();
        LastSync {
            ran_at,
            ok: failed.is_empty(),
            new: self.new,
            millis: self.millis,
            message: Some(if failed.is_empty() {
                format!("{} sources, {} new events", self.lines.len(), self.new)
            } else {
                failed.join(", ")
            }),
        }
    }
}

fn millis(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}

/// Read again every recorded source, only what is new in each, in the order recorded.
/// Options that a source no longer accepts fail that source's line, not the sync.
pub fn sync(
    store: &mut Store,
    settings: &Settings,
    sources: &[SourceRecord],
    now: Timestamp,
) -> Result<SyncSummary, StoreError> {
    let started = Instant::now();
    let hasher = store.hasher()?;
    // Every path's run, events and cursor in one commit stream (see `Store::begin_stream`);
    // what was written before a store failure is still committed.
    store.begin_stream();
    let lines = sync_all(store, settings, sources, now, &hasher);
    let committed = store.end_stream();
    let lines = lines?;
    committed?;
    Ok(SyncSummary {
        new: lines.iter().map(|l| l.new).sum(),
        failed: lines.iter().filter(|l| l.error.is_some()).count(),
        millis: millis(started),
        lines,
    })
}

/// Each recorded source's line, inside the store's stream.
fn sync_all(
    store: &mut Store,
    settings: &Settings,
    sources: &[SourceRecord],
    now: Timestamp,
    hasher: &crate::privacy::IdentityHasher,
) -> Result<Vec<SyncLine>, StoreError> {
    let mut lines = Vec::with_capacity(sources.len());
    // As in `import`: the lines a failed batch undid are not stored.
    let mut units = StreamUnits::new(store);
    for record in sources {
        let t = Instant::now();
        let path = PathBuf::from(&record.path);
        let path_id = hasher.hash_path(&record.path);
        let mut line = SyncLine {
            source: record.kind.clone(),
            path: record.path.clone(),
            path_id: path_id.clone(),
            status: "failed",
            how: None,
            new: 0,
            duplicates: 0,
            skipped: 0,
            millis: 0,
            error: None,
        };
        let kind = match record.kind.parse::<SourceKind>() {
            Ok(k) => k,
            Err(e) => {
                line.error = Some(e.to_string());
                lines.push(line);
                units.ended(store);
                continue;
            }
        };
        let old = stored_cursor(store, &path_id)?;
        match plan(kind, &path, old.as_ref(), hasher) {
            Err(e) => {
                let why = if e.kind() == std::io::ErrorKind::NotFound {
                    "gone: no file or folder at this path any more".to_string()
                } else {
                    format!("cannot read: {e}")
                };
                store.sync_problem(&path_id, kind, &why, now)?;
                line.error = Some(why);
            }
            Ok(Plan::Unchanged { cursor }) => {
                if old.as_ref() == Some(&cursor) {
                    store.touch_sync_state(&path_id, now)?;
                } else {
                    save_cursor(store, &path_id, kind, &cursor, 0, now)?;
                }
                line.status = "unchanged";
            }
            Ok(Plan::Read {
                resume,
                how,
                cursor,
            }) => {
                let options: Vec<(String, String)> = record
                    .options
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                line.how = Some(how);
                match import_with(store, settings, kind, &path, &options, resume, now) {
                    Err(ImportRequestError::Store(e)) => return Err(e),
                    Err(e) => line.error = Some(e.to_string()),
                    Ok(outcome) => {
                        line.new = outcome.new;
                        line.duplicates = outcome.duplicates;
                        line.skipped = outcome.skipped;
                        match &outcome.failure {
                            Some(f) => {
                                let why = super::import::message_of(f);
                                if let PathFailure::Store(_) = f {
                                    line.error = Some(why);
                                } else {
                                    store.sync_problem(&path_id, kind, &why, now)?;
                                    line.error = Some(why);
                                }
                            }
                            None => {
                                let cursor = Cursor {
                                    reader: Some(outcome.reader.clone()),
                                    ..cursor
                                };
                                save_cursor(store, &path_id, kind, &cursor, outcome.new, now)?;
                                line.status = "read";
                            }
                        }
                    }
                }
            }
        }
        // The path's run and cursor are whole: the stream may commit here.
        store.stream_tick(0)?;
        line.millis = millis(t);
        lines.push(line);
        for i in units.ended(store) {
            let l = &mut lines[i];
            (l.new, l.duplicates, l.skipped, l.status) = (0, 0, 0, "failed");
            l.error
                .get_or_insert_with(|| PathFailure::RolledBack.to_string());
        }
    }
    Ok(lines)
}

/// Days without a new event after which a source that used to be daily is stale.
pub const STALE_AFTER_DAYS: i64 = 3;
/// The days before a source's newest event that tell whether it used to be daily…
pub const DAILY_WINDOW_DAYS: i64 = 14;
/// …and on how many of them it must have had events (ten of fourteen: every working day).
pub const DAILY_MIN_DAYS: u64 = 10;

/// How many days a source has been quiet, when that is a warning: it had events on at least
/// [`DAILY_MIN_DAYS`] of the [`DAILY_WINDOW_DAYS`] days before its newest one, and that one is
/// [`STALE_AFTER_DAYS`] or more days old (a history that stopped growing because `HISTFILE`
/// moved). A source that only ever had events now and then is never stale by this rule.
pub fn quiet_days(newest: Timestamp, now: Timestamp, active_days_before: u64) -> Option<i64> {
    let days = (now.as_second() - newest.as_second()).div_euclid(86_400);
    (days >= STALE_AFTER_DAYS && active_days_before >= DAILY_MIN_DAYS).then_some(days)
}

/// How fresh one recorded path is (`canary status`, the dashboard's Sources page).
#[derive(Debug, Clone, Serialize)]
pub struct PathFreshness {
    pub source: String,
    /// The path as `sources.toml` records it (shown to the owner only).
    pub path: String,
    /// When a sync (or an import) last read or checked it.
    pub synced_at: Option<Timestamp>,
    /// When reading it last brought new events.
    pub last_new_at: Option<Timestamp>,
    /// The newest event of its source (at or before now).
    pub newest_event: Option<Timestamp>,
    /// Why it could not be read at its last sync, or that it is gone now.
    pub problem: Option<String>,
    /// Days without new events, when the source used to be daily.
    pub quiet_days: Option<i64>,
}

impl PathFreshness {
    /// The warning to show, if any.
    pub fn warning(&self) -> Option<String> {
        if let Some(p) = &self.problem {
            return Some(p.clone());
        }
        self.quiet_days.map(|d| {
            format!(
                "no new events for {d} days, where it used to have some nearly every day: \
                 has the file moved (HISTFILE, a new mail folder)?"
            )
        })
    }
}

/// The freshness of every recorded path, in the order recorded.
pub fn freshness(
    store: &Store,
    sources: &[SourceRecord],
    now: Timestamp,
) -> Result<Vec<PathFreshness>, StoreError> {
    let hasher = store.hasher()?;
    let states = store.sync_states()?;
    let mut out = Vec::with_capacity(sources.len());
    for record in sources {
        let path_id = hasher.hash_path(&record.path);
        let state = states.iter().find(|s| s.path_id == path_id);
        let (newest, active) = match record.kind.parse::<SourceKind>() {
            Ok(kind) => store.source_activity(kind, now, DAILY_WINDOW_DAYS)?,
            Err(_) => (None, 0),
        };
        let gone = !Path::new(&record.path).exists();
        out.push(PathFreshness {
            source: record.kind.clone(),
            path: record.path.clone(),
            synced_at: state.map(|s| s.synced_at),
            last_new_at: state.and_then(|s| s.last_new_at),
            newest_event: newest,
            problem: if gone {
                Some("gone: no file or folder at this path any more".to_string())
            } else {
                state.and_then(|s| s.problem.clone())
            },
            quiet_days: newest.and_then(|n| quiet_days(n, now, active)),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
