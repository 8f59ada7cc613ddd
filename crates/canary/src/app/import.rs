//! Importing files into the store: what `canary import` does once it knows what to read.
//!
//! For each (source, path) of an [`ImportRequest`], in order: plan what to read of it from
//! what an earlier import or sync of the same path read (its cursor, see `app::cursor`): nothing
//! when it is unchanged, the new part when it only grew, the whole of it otherwise or when
//! the request says `again`. Then open an import run, let the source's importer (from the
//! [`registry`]) read the path into the store, close the run with its status, count what was
//! new, already there and skipped, and keep the path's new cursor.
//! A path that cannot be read is reported in its [`PathOutcome`] and the others are still
//! imported; options that the source does not accept stop everything before the first run.
//!
//! ```text
//! request ─▶ check options (every source) ─▶ cursors ─▶ for each path: plan ─▶ unchanged, or
//!              importer ─▶ progress ─▶ ProgressSink
//!                 ⇣ (start_run, events, finish_run, cursor: one writer thread for every path)
//!              store ─▶ PathOutcome per path
//! ```
//!
//! Not for: finding what to import (`canary import auto` asks the person, see
//! [`crate::sources::discover`]), progress bars and printing (the front end's, through
//! [`ProgressSink`] and the returned [`ImportSummary`]).

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::Instant;

use jiff::{SignedDuration, Timestamp};
use serde::{Serialize, Serializer};

use super::cursor::{self, Cursor, reader_of, save_cursor};
use crate::event::SourceKind;
use crate::settings::Settings;
use crate::sources::options::{OptionError, Options, PERSONAL, TIMEZONE};
use crate::sources::registry::{self, Source};
use crate::sources::{ImportContext, ImportError, PersonalSink};
use crate::store::{ImportCounts, PathWriter, Progress, RunStatus, Store, StoreError, WriterGone};

mod path;

/// What to import.
#[derive(Debug, Clone)]
pub struct ImportRequest {
    /// The source asked for, or `None` when the paths were found for several (`auto`).
    pub source: Option<SourceKind>,
    /// Each path with the source that reads it, in the order to import them.
    pub jobs: Vec<(SourceKind, PathBuf)>,
    /// Format options as typed (`KEY`, `VALUE`), checked against every job's source. A source
    /// that reads local times gets the person's time zone as `timezone` unless given here.
    pub options: Vec<(String, String)>,
    /// When the import starts; runs are stamped from it (plus the time they took).
    pub now: Timestamp,
    /// The person's home folder, for `~` in the `[personal]` path rules (empty: none).
    pub home: PathBuf,
    /// Read every path whole, even one unchanged or only grown since it was last read.
    pub again: bool,
}

impl ImportRequest {
    /// Import `paths` with `source`'s importer.
    pub fn new(source: SourceKind, paths: &[PathBuf], now: Timestamp) -> ImportRequest {
        ImportRequest {
            source: Some(source),
            jobs: paths.iter().map(|p| (source, p.clone())).collect(),
            options: Vec::new(),
            now,
            home: PathBuf::new(),
            again: false,
        }
    }
}

/// Where the front end hears how an import is going (the CLI draws a progress bar).
pub trait ProgressSink {
    /// A path's import begins; `label` is its canonical path.
    fn start(&self, _source: SourceKind, _label: &str) {}
    /// The amount of work ahead for this path (bytes or records), once known.
    fn total(&self, _total: u64) {}
    /// Work done so far on this path, in the same unit.
    fn done(&self, _done: u64) {}
    /// The path's import ended.
    fn finish(&self) {}
}

/// A [`ProgressSink`] that ignores everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl ProgressSink for NoProgress {}

/// What an import did, in all and per path (`canary import --json` prints it).
#[derive(Debug, Serialize)]
pub struct ImportSummary {
    /// The source asked for, or `auto`.
    pub source: String,
    pub new: u64,
    pub duplicates: u64,
    pub skipped: u64,
    /// Paths that could not be imported.
    pub failed: usize,
    pub paths: Vec<PathOutcome>,
    /// How many times the import committed to the store (not printed; see
    /// `Store::begin_stream`).
    #[serde(skip)]
    pub commits: u64,
}

/// The outcome of importing one path.
#[derive(Debug, Serialize)]
pub struct PathOutcome {
    pub source: String,
    /// The canonical path (the run records only its keyed hash, `path_id`).
    pub path: String,
    /// The keyed hash of `path` that the run records ([`crate::store::ImportRun::path_id`]).
    pub path_id: String,
    /// What was read: `whole`, `from byte N` (a file that only grew since it was last read),
    /// `N new or changed files`, `new commits`, or `unchanged` (nothing: the path is as it was
    /// when last read, by its inode, size and mtime, its branch tips or its files).
    pub read: String,
    pub new: u64,
    pub duplicates: u64,
    pub skipped: u64,
    /// The first few skipped records as `file:line: reason`.
    pub first_skipped: Vec<String>,
    /// Why the path could not be imported at all (what it did read is still stored).
    #[serde(rename = "error", serialize_with = "as_message")]
    pub failure: Option<PathFailure>,
    /// How it was read (see [`super::cursor::Cursor::reader`]), for the cursor `canary sync`
    /// keeps.
    #[serde(skip)]
    pub reader: String,
}

/// Why one path could not be imported.
#[derive(Debug, thiserror::Error)]
pub enum PathFailure {
    /// The importer refused the input or could not read it.
    #[error(transparent)]
    Import(#[from] ImportError),
    /// The store stopped taking its events.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Read and written, but undone: the store failed on a later path of the same import
    /// before these writes were committed (the commit stream rolls back to its last commit).
    #[error(
        "not stored: the store failed on a later path of this import and undid what was written since its last commit; import this path again"
    )]
    RolledBack,
    /// Read again whole against the stored keys, but a failure on an earlier path undid
    /// writes those keys named: messages counted as stored may not be.
    #[error(
        "not all stored: the store failed on an earlier path of this import and undid writes this path was checked against; import this path again"
    )]
    StaleKeys,
}

/// An import that could not start or go on: nothing more is imported.
#[derive(Debug, thiserror::Error)]
pub enum ImportRequestError {
    /// An option the source does not accept, or a value of the wrong type.
    #[error(transparent)]
    Options(#[from] OptionError),
    /// A source no importer reads (`demo`).
    #[error("no importer reads {0}")]
    NoImporter(SourceKind),
    /// The store failed outside a path's import (opening or closing a run).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The store's writer stopped (on a store error, which is reported instead when known).
    #[error(transparent)]
    Writer(#[from] WriterGone),
}

/// An error and its causes on one line, each once: `cannot read x: Is a directory (os error 21)`.
pub(crate) fn message_of(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut cause = err.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

fn as_message<S: Serializer>(failure: &Option<PathFailure>, s: S) -> Result<S::Ok, S::Error> {
    match failure {
        Some(f) => s.serialize_some(&message_of(f)),
        None => s.serialize_none(),
    }
}

/// Import every path of `request` into `store`, each in its own run, reporting progress to
/// `progress`. Options are checked for every source before anything is read.
pub fn import(
    store: &mut Store,
    settings: &Settings,
    request: &ImportRequest,
    progress: &dyn ProgressSink,
) -> Result<ImportSummary, ImportRequestError> {
    let mut contexts: BTreeMap<SourceKind, (&'static Source, ImportContext)> = BTreeMap::new();
    let hasher = store.hasher()?;
    for (kind, _) in &request.jobs {
        if contexts.contains_key(kind) {
            continue;
        }
        contexts.insert(
            *kind,
            context(*kind, &request.options, settings, &hasher, &request.home)?,
        );
    }

    // Every path's run, events and cursor in one commit stream (see `Store::begin_stream`);
    // what was written before a store failure is still committed.
    store.begin_stream();
    let paths = import_all(store, request, &contexts, &hasher, progress);
    let commits = store.end_stream();
    let paths = paths?;
    let commits = commits?;
    Ok(ImportSummary {
        source: request
            .source
            .map_or_else(|| "auto".to_string(), |s| s.to_string()),
        new: paths.iter().map(|p| p.new).sum(),
        duplicates: paths.iter().map(|p| p.duplicates).sum(),
        skipped: paths.iter().map(|p| p.skipped).sum(),
        failed: paths.iter().filter(|p| p.failure.is_some()).count(),
        paths,
        commits,
    })
}

/// Each path of `request` in its run, inside the store's stream: read here, written by the
/// store's writer thread (`Store::write_behind`) while the next path is read.
fn import_all(
    store: &mut Store,
    request: &ImportRequest,
    contexts: &BTreeMap<SourceKind, (&'static Source, ImportContext)>,
    hasher: &crate::privacy::IdentityHasher,
    progress: &dyn ProgressSink,
) -> Result<Vec<PathOutcome>, ImportRequestError> {
    let started = Instant::now();
    let clock = || {
        let elapsed = SignedDuration::try_from(started.elapsed()).unwrap_or_default();
        request.now.checked_add(elapsed).unwrap_or(request.now)
    };
    let jobs: Vec<path::Job<'_>> = request
        .jobs
        .iter()
        .map(|(kind, path)| {
            let (source, ctx) = &contexts[kind];
            let label = label_of(path);
            path::Job {
                kind: *kind,
                path,
                path_id: hasher.hash_path(&label),
                label,
                source,
                ctx,
                again: request.again,
            }
        })
        .collect();
    // What earlier imports or syncs read of each path, before the writer starts.
    let earlier = jobs
        .iter()
        .map(|job| cursor::stored_cursor(store, &job.path_id))
        .collect::<Result<Vec<_>, _>>()?;
    let (read, written) = store.write_behind(|w| {
        let mut seen = HashSet::new();
        let mut keys = path::KeyCache::new();
        for (job, earlier) in jobs.iter().zip(earlier) {
            // A path named twice: the second read sees the cursor the first kept.
            let earlier = if seen.insert(&job.path_id) {
                earlier
            } else {
                let path_id = job.path_id.clone();
                w.call(move |store| cursor::stored_cursor(store, &path_id))??
            };
            path::import_path(w, job, earlier, &mut keys, hasher, progress, &clock)?;
        }
        Ok::<_, ImportRequestError>(())
    });
    // The writer's own error says more than the importer's side being told it stopped.
    let mut written = written?;
    read?;
    for i in written.undone {
        undone(&mut written.outputs[i]);
    }
    Ok(written.outputs)
}

/// How a path is named in runs, summaries and `sources.toml`: canonical when it can be.
pub(crate) fn label_of(path: &Path) -> String {
    path.canonicalize()
        .unwrap_or_else(|_| path.to_path_buf())
        .display()
        .to_string()
}

impl PathOutcome {
    /// A path not read: unchanged since it was last read.
    fn unchanged(source: &Source, path: String, path_id: String) -> PathOutcome {
        PathOutcome {
            source: source.name.to_string(),
            path,
            path_id,
            read: "unchanged".to_string(),
            new: 0,
            duplicates: 0,
            skipped: 0,
            first_skipped: Vec::new(),
            failure: None,
            reader: String::new(),
        }
    }
}

/// A path whose writes a later failure rolled back: nothing of it is counted as stored.
fn undone(p: &mut PathOutcome) {
    p.new = 0;
    p.duplicates = 0;
    p.skipped = 0;
    p.first_skipped.clear();
    if p.failure.is_none() {
        p.failure = Some(PathFailure::RolledBack);
    }
}

/// The importer of `kind` and its context: the person's identities and emergency rules, the
/// store's hasher and the options (checked, with the settings' defaults).
pub(crate) fn context(
    kind: SourceKind,
    options: &[(String, String)],
    settings: &Settings,
    hasher: &crate::privacy::IdentityHasher,
    home: &Path,
) -> Result<(&'static Source, ImportContext), ImportRequestError> {
    let source = registry::get(kind).ok_or(ImportRequestError::NoImporter(kind))?;
    let pairs = options.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let options = with_defaults(source, source.check_options(pairs)?, settings);
    let ctx = ImportContext::new(settings.identities.clone(), hasher.clone())
        .with_emergency(settings.emergency.clone())
        .with_options(options)
        .with_personal(settings.personal.clone(), home.to_path_buf());
    Ok((source, ctx))
}

/// The options with what the person's settings supply: their time zone, for sources that
/// read local times.
fn with_defaults(source: &Source, options: Options, settings: &Settings) -> Options {
    if source.accepts(TIMEZONE.name()) {
        options.or_default(TIMEZONE, &settings.timezone)
    } else {
        options
    }
}

/// The writer's side of an import: one [`PathOutcome`] per path.
type Writer<'w, 'env> = PathWriter<'w, 'env, PathOutcome>;

/// What the importer's side knows of a path once it is read: the importer's own result and
/// the files it reported (a Maildir's, which become its cursor).
type Read = (Result<(), ImportError>, Vec<String>);

/// Read one path in its own run (started on the writer); an input that cannot be read is
/// reported, not fatal. Its [`PathEnd`] must follow.
pub(crate) fn read_one<'env, T: Send + 'env>(
    w: &mut PathWriter<'_, 'env, T>,
    source: &'static Source,
    ctx: &ImportContext,
    path: &Path,
    label: &str,
    progress: &dyn ProgressSink,
    clock: &dyn Fn() -> Timestamp,
) -> Result<Read, WriterGone> {
    let (kind, name, started) = (source.kind, label.to_string(), clock());
    let run = move |store: &mut Store| store.start_run(kind, &name, started);
    progress.start(source.kind, label);
    let mut on_progress = |p| match p {
        Progress::Total(t) => progress.total(t),
        Progress::Done(d) => progress.done(d),
    };
    let whole_input_personal = ctx.options.get(PERSONAL).unwrap_or(false);
    let read = w.read_path(run, path, &mut on_progress, |sink| {
        if whole_input_personal {
            (source.import)(path, ctx, &mut PersonalSink(sink))
        } else {
            (source.import)(path, ctx, sink)
        }
    });
    progress.finish();
    read
}

/// The end of a path [`read_one`] read, carried out on the writer once its events are
/// written ([`PathEnd::finish`]).
pub(crate) struct PathEnd {
    source: &'static Source,
    label: String,
    /// The path as given, left out of the run's message like `label`.
    shown: String,
    path_id: String,
    reader: String,
    /// The importer's own result.
    result: Result<(), ImportError>,
    /// What was read (`whole`, `from byte N`, …).
    how: String,
    /// What to keep as the path's cursor, unless it failed.
    cursor: Option<Cursor>,
    /// When it ended.
    at: Timestamp,
    /// The stream's rollbacks when the stored keys it was read against were loaded (see
    /// [`PathEnd::checked_against`]).
    keys_loaded_at: Option<u64>,
}

impl PathEnd {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        source: &'static Source,
        ctx: &ImportContext,
        label: &str,
        path: &Path,
        result: Result<(), ImportError>,
        how: String,
        cursor: Option<Cursor>,
        at: Timestamp,
    ) -> PathEnd {
        PathEnd {
            source,
            label: label.to_string(),
            shown: path.display().to_string(),
            path_id: ctx.hasher.hash_path(label),
            reader: reader_of(ctx),
            result,
            how,
            cursor,
            at,
            keys_loaded_at: None,
        }
    }

    /// The path was read against stored keys loaded when the stream had rolled back `rollbacks`
    /// times (`Resume::stored`): if it rolled back since, the path fails as
    /// [`PathFailure::StaleKeys`].
    pub(crate) fn checked_against(self, rollbacks: Option<u64>) -> PathEnd {
        PathEnd {
            keys_loaded_at: rollbacks,
            ..self
        }
    }

    /// Close run `run` with its status, keep the cursor unless the path failed, and make the
    /// path's [`PathOutcome`] from what the writing of its events came to.
    pub(crate) fn finish(
        self,
        store: &mut Store,
        run: i64,
        written: Result<ImportCounts, StoreError>,
    ) -> Result<PathOutcome, StoreError> {
        let PathEnd {
            source,
            label,
            shown,
            path_id,
            reader,
            result,
            how,
            cursor,
            at,
            keys_loaded_at,
        } = self;
        let counts: ImportCounts = written.as_ref().cloned().unwrap_or_default();
        // A store failure outranks the importer's own complaint (which is then "the store
        // stopped").
        let failure = match (written, result) {
            (Err(e), _) => Some(PathFailure::Store(e)),
            (Ok(_), Err(e)) => Some(PathFailure::Import(e)),
            (Ok(_), Ok(())) => None,
        };
        let stale = keys_loaded_at.is_some_and(|at| store.stream_rollbacks() != at);
        let failure = failure.or(stale.then_some(PathFailure::StaleKeys));
        // The store keeps the message without the path (see `Store::start_run`).
        let message = failure.as_ref().map(|f| {
            message_of(f)
                .replace(&label, "the input")
                .replace(&shown, "the input")
        });
        let status = if failure.is_some() {
            RunStatus::Failed
        } else {
            RunStatus::Done
        };
        store.finish_run(run, status, message.as_deref(), at)?;
        if failure.is_none()
            && let Some(cursor) = cursor
        {
            let cursor = Cursor {
                reader: Some(reader.clone()),
                ..cursor
            };
            save_cursor(store, &path_id, source.kind, &cursor, counts.new, at)?;
        }
        Ok(PathOutcome {
            source: source.name.to_string(),
            path_id,
            path: label,
            read: how,
            new: counts.new,
            duplicates: counts.duplicates,
            skipped: counts.skipped,
            first_skipped: counts
                .first_skips
                .iter()
                .map(|(l, r)| format!("{l}: {r}"))
                .collect(),
            failure,
            reader,
        })
    }
}

/// End the path [`read_one`] read with `end`, on the writer.
fn end_one(w: &mut Writer<'_, '_>, end: PathEnd) -> Result<(), WriterGone> {
    w.end_path(move |store, run, written| end.finish(store, run, written))
}

#[cfg(test)]
pub(crate) mod tests;
