//! What a read of a path covered (its [`Cursor`], kept in the store per path) and what to
//! read of the path next ([`plan`]): shared by `canary import`, which reads a path imported
//! before only as far as it changed, and `canary sync`, which does that for every recorded
//! path.
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
//! `canary import` plans with a path's cursor unless it was written with another reader
//! ([`Cursor::reader`]: a different Canary version, other options or settings) or `--again`
//! asks for a whole read. The cursor holds no path and no file name: offsets, hashes, commit
//! ids, and keyed hashes of Maildir file names.
//!
//! Pure parts ([`growth`], [`last_line_end`]) are tested with `app::sync`'s tests; the rest
//! reads files and the store, never the clock.

use std::collections::{BTreeSet, HashSet};
use std::fs::{File, Metadata};
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

use crate::event::SourceKind;
use crate::privacy::IdentityHasher;
use crate::sources::{Resume, activitywatch, git, maildir};
use crate::store::{Store, StoreError};

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

/// The offset just past the last newline in the first `size` bytes of `file`, read backwards
/// from the end: 4 KiB first (a history or mailbox nearly always ends with a newline), then
/// 64 KiB at a time.
fn last_line_end_in(file: &mut File, size: u64) -> std::io::Result<u64> {
    const FIRST: u64 = 4 * 1024;
    const CHUNK: u64 = 64 * 1024;
    let mut end = size;
    let mut buf = Vec::new();
    let mut chunk = FIRST;
    while end > 0 {
        let start = end.saturating_sub(chunk);
        chunk = CHUNK;
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
    let mut plan = plan_reading(kind, path, old, None, hasher)?;
    // Nothing read: the reader of what the cursor covers is the one that read it.
    if let Plan::Unchanged { cursor } = &mut plan {
        cursor.reader = old.and_then(|c| c.reader.clone());
    }
    Ok(plan)
}

/// [`plan`] for a history or mbox read whole whatever an earlier cursor says (`--again`,
/// another reader): the cursor of the file as it is now. When `earlier` recorded this file
/// with the same inode, size and mtime, its offset and prefix hash are taken instead of
/// reading the file again — the evidence an unchanged import trusts to read nothing at all.
/// Should that evidence lie (the file rewritten in place to the same size and mtime), the next
/// sync of a grown file finds the prefix before the offset changed and reads it whole, or the
/// prefix unchanged and reads on from the offset: what is taken can cost a read, never a
/// record.
pub fn plan_whole(
    kind: SourceKind,
    path: &Path,
    earlier: Option<&Cursor>,
    hasher: &IdentityHasher,
) -> std::io::Result<Plan> {
    plan_reading(kind, path, None, earlier, hasher)
}

fn plan_reading(
    kind: SourceKind,
    path: &Path,
    old: Option<&Cursor>,
    earlier: Option<&Cursor>,
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
            let known = earlier
                .and_then(|c| Some((c.file?, c.offset?, c.prefix_hash.as_ref()?)))
                .filter(|&(m, _, _)| m == mark);
            let (offset, prefix_hash) = match known {
                Some((_, offset, hash)) => (offset, hash.clone()),
                None => {
                    let offset = last_line_end_in(&mut file, mark.size)?;
                    (offset, prefix_hash(&mut file, offset)?)
                }
            };
            let cursor = Cursor {
                file: Some(mark),
                offset: Some(offset),
                prefix_hash: Some(prefix_hash),
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
