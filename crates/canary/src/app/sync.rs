//! `canary sync`: read again every path the person imported, only what is new in it.
//!
//! Each import records its path, kind and options in `sources.toml` (the config folder) and,
//! in the store, a [`Cursor`] per path: what the read covered (`app::cursor`, with the table of
//! what counts as unchanged for each kind). A sync takes each recorded path, plans what to
//! read from its cursor ([`plan`]) and reads only what changed.
//!
//! Whatever is read twice (a replaced history, a re-read export) is counted as already
//! imported by the store's natural keys, so the counts stay right. A path that is gone or
//! unreadable is reported on its line, its cursor kept, and the other paths still read.
//!
//! The rest reads files and the store, never the clock ("now" comes in).

use std::path::{Path, PathBuf};
use std::time::Instant;

use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use super::cursor::{Cursor, Plan, plan, save_cursor, stored_cursor};
use super::import::{NoProgress, PathEnd, PathFailure, context, label_of, message_of, read_one};
use crate::event::SourceKind;
use crate::settings::Settings;
use crate::settings::sources::SourceRecord;
use crate::store::{LastSync, PathWriter, Store, StoreError, WriterGone};

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

/// Each recorded source's line, inside the store's stream: read here, written by the store's
/// writer thread (`Store::write_behind`) while the next source is read, as `canary import`
/// does.
fn sync_all(
    store: &mut Store,
    settings: &Settings,
    sources: &[SourceRecord],
    now: Timestamp,
    hasher: &crate::privacy::IdentityHasher,
) -> Result<Vec<SyncLine>, StoreError> {
    // What earlier reads covered of each path, before the writer starts.
    let recorded = sources
        .iter()
        .map(|record| {
            let path_id = hasher.hash_path(&record.path);
            let old = stored_cursor(store, &path_id)?;
            Ok((record, path_id, old))
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    // The home folder for `~` in the `[personal]` rules, as the command line's import finds it.
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_default();
    let started = Instant::now();
    let clock = || {
        let elapsed = SignedDuration::try_from(started.elapsed()).unwrap_or_default();
        now.checked_add(elapsed).unwrap_or(now)
    };
    let each = Each {
        settings,
        home: &home,
        now,
        hasher,
        clock: &clock,
    };
    let (read, written) = store.write_behind(|w| {
        for (record, path_id, old) in recorded {
            each.line(w, record, path_id, old)?;
        }
        Ok::<_, WriterGone>(())
    });
    // The writer's own error says more than the reading side being told it stopped.
    let mut written = written?;
    read.map_err(|e| StoreError::Corrupt(e.to_string()))?;
    // As in `import`: the lines a failed batch undid are not stored.
    for i in written.undone {
        let l = &mut written.outputs[i];
        (l.new, l.duplicates, l.skipped, l.status) = (0, 0, 0, "failed");
        l.error
            .get_or_insert_with(|| PathFailure::RolledBack.to_string());
    }
    Ok(written.outputs)
}

/// What every line of a sync shares.
struct Each<'a> {
    settings: &'a Settings,
    home: &'a Path,
    now: Timestamp,
    hasher: &'a crate::privacy::IdentityHasher,
    clock: &'a dyn Fn() -> Timestamp,
}

impl Each<'_> {
    /// One recorded source: plan what to read from its cursor (`old`), read it, and send its
    /// line's writes (its run, events, cursor or problem) to the writer, which makes the line.
    fn line<'env>(
        &self,
        w: &mut PathWriter<'_, 'env, SyncLine>,
        record: &SourceRecord,
        path_id: String,
        old: Option<Cursor>,
    ) -> Result<(), WriterGone> {
        let (t, now) = (Instant::now(), self.now);
        let path = PathBuf::from(&record.path);
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
                return w.unit(move |_| Ok(line));
            }
        };
        match plan(kind, &path, old.as_ref(), self.hasher) {
            Err(e) => {
                let why = if e.kind() == std::io::ErrorKind::NotFound {
                    "gone: no file or folder at this path any more".to_string()
                } else {
                    format!("cannot read: {e}")
                };
                w.unit(move |store| {
                    store.sync_problem(&path_id, kind, &why, now)?;
                    line.error = Some(why);
                    line.millis = millis(t);
                    Ok(line)
                })
            }
            Ok(Plan::Unchanged { cursor }) => w.unit(move |store| {
                if old.as_ref() == Some(&cursor) {
                    store.touch_sync_state(&path_id, now)?;
                } else {
                    save_cursor(store, &path_id, kind, &cursor, 0, now)?;
                }
                line.status = "unchanged";
                line.millis = millis(t);
                Ok(line)
            }),
            Ok(Plan::Read {
                resume,
                how,
                cursor,
            }) => {
                line.how = Some(how.clone());
                let options: Vec<(String, String)> = record
                    .options
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                // Options that the source no longer accepts fail this line, not the sync.
                let (source, ctx) =
                    match context(kind, &options, self.settings, self.hasher, self.home) {
                        Ok(c) => c,
                        Err(e) => {
                            line.error = Some(e.to_string());
                            return w.unit(move |_| Ok(line));
                        }
                    };
                let ctx = ctx.with_resume(resume);
                let label = label_of(&path);
                let (result, _) =
                    read_one(w, source, &ctx, &path, &label, &NoProgress, self.clock)?;
                let end = PathEnd::new(
                    source,
                    &ctx,
                    &label,
                    &path,
                    result,
                    how,
                    None,
                    (self.clock)(),
                );
                w.end_path(move |store, run, written| {
                    let outcome = end.finish(store, run, written)?;
                    line.new = outcome.new;
                    line.duplicates = outcome.duplicates;
                    line.skipped = outcome.skipped;
                    match &outcome.failure {
                        Some(f) => {
                            let why = message_of(f);
                            if !matches!(f, PathFailure::Store(_)) {
                                store.sync_problem(&path_id, kind, &why, now)?;
                            }
                            line.error = Some(why);
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
                    line.millis = millis(t);
                    Ok(line)
                })
            }
        }
    }
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
