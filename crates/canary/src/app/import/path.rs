//! One path of an import: what to read of it, given what an earlier import or sync of the
//! same path read (its cursor, see `app::cursor`), the read itself, and the cursor kept after.
//!
//! | cursor | read | cursor kept |
//! |---|---|---|
//! | none (first import, `--again`, another reader) of a history or mbox | whole; the file's hash for the cursor is made on a second thread meanwhile (a small file's before), or taken from the earlier cursor when that recorded the same inode, size and mtime | if the file's inode, size and mtime after the read are those before it |
//! | none, of a Maildir | whole | the files the read opened, as the importer reports them |
//! | none, of anything else | whole | planned before the read (`cursor::plan`) |
//! | unchanged | nothing (no run) | as it was |
//! | grown, new files or commits | only what is new | planned before the read |
//!
//! A mail path read before and read whole again (`--again`, another reader, a mailbox its
//! client rewrote) is read with the source's stored keys ([`Resume::stored`]): a message
//! among them is counted as already imported without its event being made. The set is loaded
//! once per import ([`KeyCache`]) and again after a rollback.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::Path;

use jiff::Timestamp;

use super::{ImportRequestError, PathEnd, PathOutcome, ProgressSink, Writer, end_one, read_one};
use crate::app::cursor::{self, Cursor, FileMark, Plan, Strategy, save_cursor};
use crate::event::SourceKind;
use crate::privacy::IdentityHasher;
use crate::sources::registry::Source;
use crate::sources::{ImportContext, Resume, StoredKeys};

/// A path to import, with its importer and context.
pub(super) struct Job<'a> {
    pub kind: SourceKind,
    pub path: &'a Path,
    /// How the path is named in its run and the summary (`label_of`).
    pub label: String,
    /// The keyed hash of `label`, under which its run and cursor are kept.
    pub path_id: String,
    pub source: &'static Source,
    pub ctx: &'a ImportContext,
    /// Read it whole whatever its cursor says.
    pub again: bool,
}

/// Per source, the stored keys a path read again whole was read against, and the stream's
/// rollbacks when they were loaded ([`crate::store::Store::stream_rollbacks`]): kept for the
/// import's next paths until a rollback makes them stale.
pub(super) type KeyCache = HashMap<SourceKind, (StoredKeys, u64)>;

/// Import one path as its cursor allows (see the module's table): `earlier` is what an
/// earlier import or sync of it read. Its writes, its new cursor among them, go to the
/// writer `w`.
pub(super) fn import_path(
    w: &mut Writer<'_, '_>,
    job: &Job<'_>,
    earlier: Option<Cursor>,
    keys: &mut KeyCache,
    hasher: &IdentityHasher,
    progress: &dyn ProgressSink,
    clock: &dyn Fn() -> Timestamp,
) -> Result<(), ImportRequestError> {
    let (kind, path, ctx) = (job.kind, job.path, job.ctx);
    // What an earlier import or sync of this path read, unless it is to be read again.
    let reader = cursor::reader_of(ctx);
    let read_before = earlier.is_some();
    let old = earlier
        .as_ref()
        .filter(|c| !job.again && c.reader.as_ref() == Some(&reader))
        .cloned();
    if old.is_none() && path.is_file() && Strategy::of(kind) == Strategy::Append {
        let (ctx, keys_at) = whole_context(w, job, read_before, keys)?;
        let earlier = earlier.as_ref();
        return whole_appended(w, job, (&ctx, keys_at), earlier, hasher, progress, clock);
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
            let touch = old.as_ref() == Some(&cursor);
            let (path_id, now) = (job.path_id.clone(), clock());
            let outcome = PathOutcome::unchanged(job.source, job.label.clone(), path_id.clone());
            w.unit(move |store| {
                if touch {
                    store.touch_sync_state(&path_id, now)?;
                } else {
                    save_cursor(store, &path_id, kind, &cursor, 0, now)?;
                }
                Ok(outcome)
            })?;
        }
        Ok(Plan::Read {
            resume,
            how,
            mut cursor,
        }) => {
            let (ctx, keys_at) = if resume.is_whole() {
                whole_context(w, job, read_before, keys)?
            } else {
                (Cow::Owned(ctx.clone().with_resume(resume)), None)
            };
            let (result, files) = read_one(w, job.source, &ctx, path, &job.label, progress, clock)?;
            if listed_by_read {
                cursor.files = files.into_iter().collect();
            }
            let at = clock();
            let end = PathEnd::new(
                job.source,
                &ctx,
                &job.label,
                path,
                result,
                how,
                Some(cursor),
                at,
            );
            end_one(w, end.checked_against(keys_at))?;
        }
        // The importer says why it cannot read the path.
        Err(_) => {
            let (result, _) = read_one(w, job.source, ctx, path, &job.label, progress, clock)?;
            let how = "whole".to_string();
            end_one(
                w,
                PathEnd::new(
                    job.source,
                    ctx,
                    &job.label,
                    path,
                    result,
                    how,
                    None,
                    clock(),
                ),
            )?;
        }
    }
    Ok(())
}

/// A history or mbox read whole: its cursor (the offset of its last line end and the hash of
/// the bytes before it) is made on a second thread while the importer reads the file (before,
/// for a file under [`PLAN_BESIDE_FROM`]; taken from the `earlier` cursor when that recorded
/// the same file, see [`cursor::plan_whole`]), and kept only if the file's inode, size and
/// mtime were the same before the read, when the cursor was made and after the read —
/// otherwise the next sync reads it whole.
fn whole_appended(
    w: &mut Writer<'_, '_>,
    job: &Job<'_>,
    (ctx, keys_at): (&ImportContext, Option<u64>),
    earlier: Option<&Cursor>,
    hasher: &IdentityHasher,
    progress: &dyn ProgressSink,
    clock: &dyn Fn() -> Timestamp,
) -> Result<(), ImportRequestError> {
    let mark = || std::fs::metadata(job.path).ok().map(|m| FileMark::of(&m));
    let before = mark();
    let plan = || cursor::plan_whole(job.kind, job.path, earlier, hasher);
    let (read, planned) = if before.is_some_and(|m| m.size < PLAN_BESIDE_FROM) {
        // A small file's hash costs less than starting a thread for it.
        let planned = plan();
        let read = read_one(w, job.source, ctx, job.path, &job.label, progress, clock);
        (read, planned)
    } else {
        std::thread::scope(|s| {
            let planner = s.spawn(plan);
            let read = read_one(w, job.source, ctx, job.path, &job.label, progress, clock);
            let planned = planner
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (read, planned)
        })
    };
    let (result, _) = read?;
    let cursor = match planned {
        Ok(Plan::Read { cursor, .. }) if unchanged_throughout(before, cursor.file, mark()) => {
            Some(cursor)
        }
        _ => None,
    };
    let how = "whole".to_string();
    end_one(
        w,
        PathEnd::new(
            job.source,
            ctx,
            &job.label,
            job.path,
            result,
            how,
            cursor,
            clock(),
        )
        .checked_against(keys_at),
    )?;
    Ok(())
}

/// Files at least this large have their cursor's hash made on a second thread while they are
/// read; smaller ones before, on the reading thread, where reading and hashing them (about
/// 60 µs at this size) costs about what starting and joining a thread does. On 3,312 mbox
/// files (median 208 KiB) all hashed on the reading thread, seven alternating runs each:
/// median 2.19 s against 2.35 s with a thread per file, and a fifth less system time.
const PLAN_BESIDE_FROM: u64 = 256 << 10;

/// The context for reading `job`'s path whole: a mail path read before (`read_before`) is
/// read with its source's stored keys ([`Resume::stored`]), loaded only now that the path is
/// known to be read (an unchanged path costs no more than its `stat`), and the stream's
/// rollbacks when they were loaded. The writer loads them once everything sent before is
/// written; the import's next paths reuse them from `keys` until the stream rolls back (a
/// path read against keys that a rollback made stale meanwhile fails, see `PathEnd`).
fn whole_context<'c>(
    w: &mut Writer<'_, '_>,
    job: &Job<'c>,
    read_before: bool,
    keys: &mut KeyCache,
) -> Result<(Cow<'c, ImportContext>, Option<u64>), ImportRequestError> {
    if !(read_before && takes_stored_keys(job.kind)) {
        return Ok((Cow::Borrowed(job.ctx), None));
    }
    let kind = job.kind;
    let (stored, at) = match keys.get(&kind) {
        Some((stored, at)) if *at == w.rollbacks() => (stored.clone(), *at),
        _ => {
            let loaded = w.call(move |store| {
                let at = store.stream_rollbacks();
                store.stored_keys(kind).map(|stored| (stored, at))
            })??;
            keys.insert(kind, loaded.clone());
            loaded
        }
    };
    let resume = Resume {
        stored: Some(stored),
        ..job.ctx.resume.clone()
    };
    Ok((Cow::Owned(job.ctx.clone().with_resume(resume)), Some(at)))
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
