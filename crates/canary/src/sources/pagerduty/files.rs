//! A file or a folder of on-call exports, read the same way for PagerDuty and Opsgenie.
//!
//! A single file must be an export the vendor's reader recognises, or the import is refused
//! with the reader's reason and hint. In a folder (walked recursively, hidden entries left
//! out, in path order) every file is tried: files the reader does not recognise are reported
//! as skipped (`file: reason`) and the rest are read, so a folder holding incidents, their log
//! entries and unrelated responses (schedules, users) imports what it can. A folder with no
//! recognised file at all is refused. Each file is read into its own [`Collector`] and merged
//! only when it was read whole; events are emitted once, after every file, so that records
//! about one incident in several files are de-duplicated together.

use std::path::{Path, PathBuf};

use super::facts::{Collector, Rules};
use crate::sources::{ImportContext, ImportError, Sink, bounded};

/// One vendor's reader.
pub struct Vendor {
    pub rules: Rules,
    /// What the vendor's exports are called, for messages: "PagerDuty export".
    pub what: &'static str,
    /// Read one file's bytes into a collector, or refuse it.
    pub collect: fn(&[u8], &Path, &ImportContext, &mut Collector<'_>) -> Result<(), ImportError>,
    /// What to export instead, given with a refusal.
    pub hint: &'static str,
}

/// What a file's first bytes say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Json,
    Text,
    Empty,
    Binary,
}

/// Sniff a file's content (not its name): JSON starts with `{` or `[` after a BOM and blanks.
pub fn sniff(bytes: &[u8]) -> Shape {
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let head = &body[..body.len().min(8192)];
    if head.contains(&0) {
        return Shape::Binary;
    }
    match body.iter().find(|b| !b.is_ascii_whitespace()) {
        None => Shape::Empty,
        Some(b'{' | b'[') => Shape::Json,
        Some(_) => Shape::Text,
    }
}

/// Import `path`, a file or a folder.
pub fn import(
    path: &Path,
    ctx: &ImportContext,
    sink: &mut dyn Sink,
    vendor: &Vendor,
) -> Result<(), ImportError> {
    gather(path, ctx, sink, vendor)?.emit(vendor.rules, sink)?;
    Ok(())
}

/// One export file's bytes: parsed whole, so refused above [`bounded::JSON_MAX`].
fn read_file(file: &Path, vendor: &Vendor) -> Result<Vec<u8>, ImportError> {
    bounded::read_whole(
        file,
        bounded::JSON_MAX,
        vendor.what,
        bounded::JSON_SPLIT_HINT,
    )
}

/// Read `path`, a file or a folder, into one collector without emitting anything (`sink`
/// hears only the progress).
pub fn gather<'a>(
    path: &Path,
    ctx: &'a ImportContext,
    sink: &mut dyn Sink,
    vendor: &Vendor,
) -> Result<Collector<'a>, ImportError> {
    let meta = std::fs::metadata(path).map_err(|e| ImportError::open(path, e))?;
    if !meta.is_dir() {
        sink.total(meta.len());
        let bytes = read_file(path, vendor)?;
        let mut c = Collector::new(ctx);
        (vendor.collect)(&bytes, path, ctx, &mut c)?;
        sink.progress(meta.len());
        return Ok(c);
    }
    let files = walk(path)?;
    sink.total(files.iter().map(|(_, len)| len).sum());
    let mut all = Collector::new(ctx);
    let (mut done, mut recognised) = (0u64, 0usize);
    let mut first_refusal = None;
    for (file, len) in &files {
        let mut one = Collector::new(ctx);
        let result =
            read_file(file, vendor).and_then(|bytes| (vendor.collect)(&bytes, file, ctx, &mut one));
        match result {
            Ok(()) => {
                recognised += 1;
                all.merge(one);
            }
            Err(ImportError::Refused { reason, .. }) => {
                first_refusal.get_or_insert_with(|| format!("{}: {reason}", file.display()));
                all.skip(file, None, reason);
            }
            Err(ImportError::Open { source, .. }) => {
                all.skip(file, None, format!("cannot read: {source}"));
            }
            Err(e) => return Err(e),
        }
        done += len;
        sink.progress(done);
    }
    if recognised == 0 {
        let reason = match first_refusal {
            Some(first) => format!(
                "no {} in this folder ({} files; the first: {first})",
                vendor.what,
                files.len()
            ),
            None => format!("no {} in this folder: it holds no files", vendor.what),
        };
        return Err(ImportError::refused(path, reason, Some(vendor.hint)));
    }
    Ok(all)
}

/// Read one export's bytes and push its events into `sink`; `path` names it in messages.
pub fn read(
    bytes: &[u8],
    path: &Path,
    ctx: &ImportContext,
    sink: &mut dyn Sink,
    vendor: &Vendor,
) -> Result<(), ImportError> {
    let mut c = Collector::new(ctx);
    (vendor.collect)(bytes, path, ctx, &mut c)?;
    c.emit(vendor.rules, sink)?;
    Ok(())
}

/// The files under `dir` with their sizes, in path order, without hidden entries.
fn walk(dir: &Path) -> Result<Vec<(PathBuf, u64)>, ImportError> {
    let mut files = Vec::new();
    let entries = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in entries {
        let entry = entry.map_err(|e| {
            let at = e.path().unwrap_or(dir).to_path_buf();
            ImportError::open(&at, e.into())
        })?;
        if entry.file_type().is_file() {
            let len = entry.metadata().map(|m| m.len()).unwrap_or(0);
            files.push((entry.into_path(), len));
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_not_the_name() {
        assert_eq!(sniff(b"\xef\xbb\xbf  \n{\"incidents\": []}"), Shape::Json);
        assert_eq!(sniff(b"[1]"), Shape::Json);
        assert_eq!(sniff(b"id,created_on\n"), Shape::Text);
        assert_eq!(sniff(b" \n\t"), Shape::Empty);
        assert_eq!(sniff(b"PK\x03\x04\x00\x00"), Shape::Binary);
    }
}
