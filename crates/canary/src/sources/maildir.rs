//! Mail folders with one file per message: Maildir (`cur/`, `new/`), nested Maildir++
//! (`.Sent`, `.INBOX.sub`), `LAYOUT=fs` subfolders, and plain folders such as the CMU Enron
//! layout (`user/folder/1_`) or notmuch's mixed trees.
//!
//! The folder is walked in name order; every regular file is a message except `tmp/` (mail
//! being delivered), hidden files, and the bookkeeping files of Dovecot, Courier and others.
//! Only the start of each file is read — up to the first empty line, at most
//! [`HEADER_CAP`] bytes — and scanned by [`super::mail::read_headers`]. A file that starts with
//! an mbox `From ` line (procmail delivery) has that line ignored.
//!
//! A message is sent when its `From:` is one of the person's addresses, or its folder (any
//! part of the path from the imported folder down) is named like a sent folder. The same
//! Message-ID in several folders becomes one event: the first in name order (the other copies
//! count as already imported). A file that cannot be read or dated is skipped with its path.
//! Progress is counted in files.
//!
//! Files are read in blocks of 256 in walk order, each block's two halves on two threads,
//! and decided in walk order. Each file opened is reported to the sink with its [`file_key`]
//! (its relative path and mtime, from the open file): `canary import` makes the path's sync
//! cursor from those, so a first import walks the folder once, not twice.
//!
//! What it refuses: a path that is a file (mbox files have their own importer).

use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use walkdir::{DirEntry, WalkDir};

use super::mail::{HEADER_CAP, Origin, Outcome, Scanned, Seen, folder, read_headers};
use super::{ImportContext, ImportError, Location, Sink};
use crate::event::SourceKind;
use crate::privacy::IdentityHasher;

/// Files between two progress reports.
const PROGRESS_EVERY: u64 = 512;

/// Bytes read at a time from a message file while looking for the end of its headers.
const CHUNK: usize = 8 * 1024;

/// Import the mail folder at `path`.
pub fn import(path: &Path, ctx: &ImportContext, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let meta = std::fs::metadata(path).map_err(|e| ImportError::open(path, e))?;
    if !meta.is_dir() {
        return Err(ImportError::refused(
            path,
            "this is a file, not a mail folder",
            Some(
                "for an mbox file (Thunderbird, Google Takeout, mutt) use `canary import mbox FILE`",
            ),
        ));
    }
    // The count for the progress bar needs no order: the walk that reads is the sorted one.
    sink.total(files(WalkDir::new(path)).filter_map(Result::ok).count() as u64);
    let mut seen = Seen::default();
    let mut done = 0u64;
    // Whether the folder of the files in hand is a sent folder, decided once per folder.
    let mut folder: Option<(PathBuf, bool)> = None;
    let mut block: Vec<Job> = Vec::with_capacity(BLOCK);
    let mut walk = walk(path);
    loop {
        // The next block of files in walk order; those read at an earlier sync, unchanged
        // since (see `Resume::known_files`), are counted done and left out.
        block.clear();
        let mut ended = true;
        for entry in walk.by_ref() {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    let file = e.path().unwrap_or(path).to_path_buf();
                    block.push(Job::Unreadable(file, format!("cannot read: {e}")));
                    continue;
                }
            };
            let file = entry.into_path();
            if ctx
                .resume
                .known_files
                .as_ref()
                .is_some_and(|k| k.contains(&file))
            {
                done += 1;
                continue;
            }
            let dir = file.parent().unwrap_or(path);
            let sent_folder = match &folder {
                Some((d, sent)) if d == dir => *sent,
                _ => {
                    let sent = is_sent_folder(path, dir);
                    folder = Some((dir.to_path_buf(), sent));
                    sent
                }
            };
            block.push(Job::Read(file, Origin { sent_folder }));
            if block.len() == BLOCK {
                ended = false;
                break;
            }
        }
        // Read on two threads, decided in walk order (the first copy of a message is kept).
        for (job, (key, scanned)) in block.iter().zip(read_block(path, &block, ctx, &seen)) {
            if let Some(key) = key {
                sink.file_read(key);
            }
            let (file, outcome) = match (job, scanned) {
                (Job::Unreadable(file, reason), _) => {
                    sink.skip(
                        Location {
                            file: file.clone(),
                            line: None,
                        },
                        reason.clone(),
                    );
                    continue;
                }
                (Job::Read(file, _), Ok(scanned)) => (file, scanned.finish(&mut seen)),
                (Job::Read(file, _), Err(reason)) => (file, Outcome::Skip(reason)),
            };
            match outcome {
                Outcome::Event(event) => sink.event(*event)?,
                Outcome::Duplicate => sink.repeat(),
                Outcome::Skip(reason) => sink.skip(
                    Location {
                        file: file.clone(),
                        line: None,
                    },
                    reason,
                ),
            }
            done += 1;
            if done.is_multiple_of(PROGRESS_EVERY) {
                sink.progress(done);
            }
        }
        if ended {
            break;
        }
    }
    sink.progress(done);
    Ok(())
}

/// Files read between two decisions: enough to share between two threads, few enough that the
/// first events reach the store's writer early.
const BLOCK: usize = 256;

/// One entry of the walk, in its order.
enum Job {
    /// A message file and what its folder says about it.
    Read(PathBuf, Origin),
    /// A folder or file the walk could not read, and why.
    Unreadable(PathBuf, String),
}

/// What [`read_file`] made of one file: its [`file_key`] and its message.
type FileRead = (Option<String>, Result<Scanned, String>);

/// Read the message files of `block` (the first half on a second thread): for each job, what
/// [`read_file`] made of it (an unreadable entry's slot is a placeholder).
fn read_block(root: &Path, block: &[Job], ctx: &ImportContext, seen: &Seen) -> Vec<FileRead> {
    let read_all = |jobs: &[Job]| {
        let mut buf = Vec::with_capacity(HEADER_CAP);
        jobs.iter()
            .map(|job| match job {
                Job::Read(file, origin) => read_file(root, file, *origin, ctx, seen, &mut buf),
                Job::Unreadable(..) => (None, Err(String::new())),
            })
            .collect::<Vec<_>>()
    };
    if block.len() < 2 {
        return read_all(block);
    }
    let (first, second) = block.split_at(block.len() / 2);
    std::thread::scope(|s| {
        let other = s.spawn(|| read_all(first));
        let mut mine = read_all(second);
        let mut out = other
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        out.append(&mut mine);
        out
    })
}

/// One message file read as far as it can be before deciding whether its key is new, with
/// its [`file_key`] (`None` when it could not be opened: it is tried again at the next sync).
fn read_file(
    root: &Path,
    file: &Path,
    origin: Origin,
    ctx: &ImportContext,
    seen: &Seen,
    buf: &mut Vec<u8>,
) -> (Option<String>, Result<Scanned, String>) {
    let mut key = None;
    let read = read_prefix(file, buf, |meta| {
        let rel = file.strip_prefix(root).unwrap_or(file);
        key = Some(file_key(&ctx.hasher, rel, mtime_ns(meta)));
    });
    let scanned = match read {
        Ok(()) => Scanned::new(message_start(buf), SourceKind::Maildir, origin, ctx, seen),
        Err(e) => Err(format!("cannot read: {e}")),
    };
    (key, scanned)
}

/// The keyed hash of a message file's path relative to the Maildir and its mtime (16 hex
/// digits): what `canary sync` keeps of the files it read, to read only new or changed ones.
pub fn file_key(hasher: &IdentityHasher, rel: &Path, mtime_ns: i128) -> String {
    let mut key = hasher.hash_key(&format!("maildir\0{}\0{mtime_ns}", rel.display()));
    key.truncate(16);
    key
}

/// A file's modification time in nanoseconds since the epoch.
pub fn mtime_ns(meta: &std::fs::Metadata) -> i128 {
    use std::os::unix::fs::MetadataExt;
    i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec())
}

/// Read one message file's start (at least its header block, when it has one) into `buf`;
/// `opened` gets the open file's metadata before anything is read.
fn read_prefix(
    file: &Path,
    buf: &mut Vec<u8>,
    opened: impl FnOnce(&std::fs::Metadata),
) -> std::io::Result<()> {
    buf.clear();
    let mut f = File::open(file)?;
    opened(&f.metadata()?);
    loop {
        let filled = buf.len();
        if filled >= HEADER_CAP {
            return Ok(());
        }
        buf.resize((filled + CHUNK).min(HEADER_CAP), 0);
        let n = f.read(&mut buf[filled..])?;
        buf.truncate(filled + n);
        if n == 0 || has_blank_line(&buf[filled.saturating_sub(2)..]) {
            return Ok(());
        }
    }
}

fn has_blank_line(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\n")
        || memchr::memmem::find(bytes, b"\n\n").is_some()
        || memchr::memmem::find(bytes, b"\n\r\n").is_some()
}

/// Read one message from the start of its file (see [`read_headers`]).
pub fn read_message(bytes: &[u8], origin: Origin, ctx: &ImportContext, seen: &mut Seen) -> Outcome {
    read_headers(message_start(bytes), SourceKind::Maildir, origin, ctx, seen)
}

/// A message file's start without the mbox separator line that procmail and some converters
/// keep, at most [`HEADER_CAP`] bytes.
fn message_start(bytes: &[u8]) -> &[u8] {
    let bytes = match bytes.starts_with(b"From ") {
        true => &bytes[memchr::memchr(b'\n', bytes).map_or(bytes.len(), |i| i + 1)..],
        false => bytes,
    };
    &bytes[..bytes.len().min(HEADER_CAP)]
}

/// The message files under `root` the importer reads, in its order (what `canary sync`
/// compares with the files it saw last time).
pub fn message_files(root: &Path) -> impl Iterator<Item = DirEntry> {
    walk(root).filter_map(Result::ok)
}

fn walk(root: &Path) -> impl Iterator<Item = walkdir::Result<DirEntry>> {
    files(WalkDir::new(root).sort_by_file_name())
}

/// The files of a walk, with the folders and files that are not messages left out.
fn files(walk: WalkDir) -> impl Iterator<Item = walkdir::Result<DirEntry>> {
    walk.into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_ignored(e))
        .filter(|e| e.as_ref().map_or(true, |e| e.file_type().is_file()))
}

/// Directories and files that are not messages.
fn is_ignored(entry: &DirEntry) -> bool {
    let name = entry.file_name().to_string_lossy();
    if entry.file_type().is_dir() {
        return match &*name {
            // Mail being delivered, when it sits beside `cur`/`new`.
            "tmp" => entry
                .path()
                .parent()
                .is_some_and(|p| p.join("cur").is_dir() || p.join("new").is_dir()),
            ".notmuch" | ".git" | ".hg" | ".svn" | ".mu" => true,
            _ => false,
        };
    }
    if !entry.file_type().is_file() {
        return true;
    }
    name.starts_with('.')
        || name.starts_with("dovecot")
        || name.starts_with("courierimap")
        || name.starts_with("maildir")
        || matches!(&*name, "subscriptions" | "xfolders")
        || name.ends_with(".msf")
        || name.ends_with(".lock")
}

/// Whether the folder `dir` (holding message files) is a sent folder: any part of its path
/// from `root`'s own name down, `cur` and `new` aside.
fn is_sent_folder(root: &Path, dir: &Path) -> bool {
    let relative = dir.strip_prefix(root).unwrap_or(Path::new(""));
    let mut parts: Vec<PathBuf> = Vec::new();
    if let Some(name) = root.file_name() {
        parts.push(name.into());
    }
    parts.extend(relative.iter().map(PathBuf::from));
    parts
        .iter()
        .map(|p| p.to_string_lossy())
        .filter(|p| p != "cur" && p != "new")
        .any(|p| folder::is_sent_path(&p))
}

#[cfg(test)]
mod tests;
