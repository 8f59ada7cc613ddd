//! One path of an import: what to read of it, given what an earlier import or sync of the
//! same path read (its cursor, see `app::cursor`), the read itself, and the cursor kept after.
//!
//! | cursor | read | cursor kept |
//! |---|---|---|
//! | none (first import, `--again`, another reader) of a history or mbox | whole; the file's hash for the cursor is made on a second thread meanwhile | if the file's inode, size and mtime after the read are those before it |
//! | none, of a Maildir | whole | the files the read opened, as the importer reports them |
//! | none, of anything else | whole | planned before the read (`cursor::plan`) |
//! | unchanged | nothing (no run) | as it was |
//! | grown, new files or commits | only what is new | planned before the read |
//!
//! A mail path read before and read whole again (`--again`, another reader, a mailbox its
//! client rewrote) is read with the source's stored keys ([`Resume::stored`]): a message
//! among them is counted as already imported without its event being made.

use std::borrow::Cow;
use std::path::Path;

use jiff::Timestamp;

use super::{ImportRequestError, PathOutcome, ProgressSink, import_one};
use crate::app::cursor::{self, Cursor, FileMark, Plan, Strategy, reader_of, save_cursor};
use crate::event::SourceKind;
use crate::privacy::IdentityHasher;
use crate::sources::registry::Source;
use crate::sources::{ImportContext, Resume};
use crate::store::Store;

/// A path to import, with its importer and context.
pub(super) struct Job<'a> {
    pub kind: SourceKind,
    pub path: &'a Path,
    /// How the path is named in its run and the summary (`label_of`).
    pub label: String,
    pub source: &'static Source,
    pub ctx: &'a ImportContext,
    /// Read it whole whatever its cursor says.
    pub again: bool,
}

/// Import one path as its cursor allows (see the module's table), keeping its new cursor.
pub(super) fn import_path(
    store: &mut Store,
    job: &Job<'_>,
    hasher: &IdentityHasher,
    progress: &dyn ProgressSink,
    clock: &dyn Fn() -> Timestamp,
) -> Result<PathOutcome, ImportRequestError> {
    let (kind, path, ctx) = (job.kind, job.path, job.ctx);
    let path_id = hasher.hash_path(&job.label);
    // What an earlier import or sync of this path read, unless it is to be read again.
    let reader = reader_of(ctx);
    let earlier = cursor::stored_cursor(store, &path_id)?;
    let read_before = earlier.is_some();
    let old = earlier.filter(|c| !job.again && c.reader.as_ref() == Some(&reader));
    let keep = |store: &Store, outcome: &PathOutcome, cursor: Cursor| {
        let cursor = Cursor {
            reader: Some(reader.clone()),
            ..cursor
        };
        save_cursor(store, &outcome.path_id, kind, &cursor, outcome.new, clock())
    };
    if old.is_none() && path.is_file() && Strategy::of(kind) == Strategy::Append {
        let ctx = whole_context(store, job, read_before)?;
        return whole_appended(store, job, &ctx, hasher, progress, clock, keep);
    }
    // A Maildir read whole needs no walk of its own to make its cursor: the read reports
    // each file it opened (`Sink::file_read`), and that is the cursor.
    let listed_by_read = old.is_none() && Strategy::of(kind) == Strategy::Maildir;
    let planned = if listed_by_read && path.is_dir() {
        Ok(Plan::Read {
            resume: Resume::default(),
            how: "whole".to_string(),
            cursor: Cursor::default(),
        })
    } else {
        // What `canary sync` will compare with: the path as it is before it is read.
        cursor::plan(kind, path, old.as_ref(), hasher)
    };
    match planned {
        Ok(Plan::Unchanged { cursor }) => {
            if old.as_ref() == Some(&cursor) {
                store.touch_sync_state(&path_id, clock())?;
            } else {
                save_cursor(store, &path_id, kind, &cursor, 0, clock())?;
            }
            Ok(PathOutcome::unchanged(
                job.source,
                job.label.clone(),
                path_id,
            ))
        }
        Ok(Plan::Read {
            resume,
            how,
            mut cursor,
        }) => {
            let ctx = if resume.is_whole() {
                whole_context(store, job, read_before)?
            } else {
                Cow::Owned(ctx.clone().with_resume(resume))
            };
            let mut outcome =
                import_one(store, job.source, &ctx, path, &job.label, progress, clock)?;
            outcome.read = how;
            if outcome.failure.is_none() {
                if listed_by_read {
                    cursor.files = std::mem::take(&mut outcome.files_read)
                        .into_iter()
                        .collect();
                }
                keep(store, &outcome, cursor)?;
            }
            Ok(outcome)
        }
        // The importer says why it cannot read the path.
        Err(_) => import_one(store, job.source, ctx, path, &job.label, progress, clock),
    }
}

/// A history or mbox read whole: its cursor (the offset of its last line end and the hash of
/// the bytes before it) is made on a second thread while the importer reads the file, and
/// kept only if the file's inode, size and mtime were the same before the read, when the
/// cursor was made and after the read — otherwise the next sync reads it whole.
fn whole_appended(
    store: &mut Store,
    job: &Job<'_>,
    ctx: &ImportContext,
    hasher: &IdentityHasher,
    progress: &dyn ProgressSink,
    clock: &dyn Fn() -> Timestamp,
    keep: impl Fn(&Store, &PathOutcome, Cursor) -> Result<(), crate::store::StoreError>,
) -> Result<PathOutcome, ImportRequestError> {
    let mark = || std::fs::metadata(job.path).ok().map(|m| FileMark::of(&m));
    let before = mark();
    let (outcome, planned) = std::thread::scope(|s| {
        let planner = s.spawn(|| cursor::plan(job.kind, job.path, None, hasher));
        let outcome = import_one(
            store, job.source, ctx, job.path, &job.label, progress, clock,
        );
        let planned = planner
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        (outcome, planned)
    });
    let outcome = outcome?;
    if outcome.failure.is_none()
        && let Ok(Plan::Read { cursor, .. }) = planned
        && unchanged_throughout(before, cursor.file, mark())
    {
        keep(store, &outcome, cursor)?;
    }
    Ok(outcome)
}

/// The context for reading `job`'s path whole: a mail path read before (`read_before`) is
/// read with its source's stored keys ([`Resume::stored`]), loaded only now that the path is
/// known to be read (an unchanged path costs no more than its `stat`).
fn whole_context<'c>(
    store: &mut Store,
    job: &Job<'c>,
    read_before: bool,
) -> Result<Cow<'c, ImportContext>, crate::store::StoreError> {
    if !(read_before && takes_stored_keys(job.kind)) {
        return Ok(Cow::Borrowed(job.ctx));
    }
    let resume = Resume {
        stored: Some(store.stored_keys(job.kind)?),
        ..job.ctx.resume.clone()
    };
    Ok(Cow::Owned(job.ctx.clone().with_resume(resume)))
}

/// Whether the source's importer makes use of [`Resume::stored`] (mail: making a message's
/// event is most of its cost; the other importers' records cost little more than their keys).
fn takes_stored_keys(kind: SourceKind) -> bool {
    matches!(kind, SourceKind::Mbox | SourceKind::Maildir)
}

/// Whether a file's marks before a read, when its cursor was made and after the read are
/// one and the same (so the cursor describes what the read saw).
fn unchanged_throughout(
    before: Option<FileMark>,
    planned: Option<FileMark>,
    after: Option<FileMark>,
) -> bool {
    before.is_some() && planned == before && after == before
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cursor_made_beside_the_read_is_kept_only_for_a_file_that_did_not_move() {
        let mark = |size, mtime_ns| {
            Some(FileMark {
                inode: 7,
                size,
                mtime_ns,
            })
        };
        assert!(unchanged_throughout(mark(10, 1), mark(10, 1), mark(10, 1)));
        // Appended to before the planner looked, or during the read.
        assert!(!unchanged_throughout(mark(10, 1), mark(20, 2), mark(20, 2)));
        assert!(!unchanged_throughout(mark(10, 1), mark(10, 1), mark(20, 2)));
        // Rewritten in place at the same size.
        assert!(!unchanged_throughout(mark(10, 1), mark(10, 1), mark(10, 3)));
        // Gone.
        assert!(!unchanged_throughout(mark(10, 1), mark(10, 1), None));
        assert!(!unchanged_throughout(None, None, None));
    }
}
