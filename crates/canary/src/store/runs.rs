//! The import-runs table: every `canary import` is recorded with its counts and the records
//! it skipped, so `canary sources` can say what was read, when, and what was left out.

use jiff::Timestamp;
use rusqlite::params;

use super::{Store, StoreError};
use crate::event::SourceKind;

/// How a run ended. A run still `Running` after its process is gone was interrupted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Running,
    Done,
    Failed,
}

impl RunStatus {
    fn as_str(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Done => "done",
            RunStatus::Failed => "failed",
        }
    }

    fn parse(s: &str) -> RunStatus {
        match s {
            "done" => RunStatus::Done,
            "failed" => RunStatus::Failed,
            _ => RunStatus::Running,
        }
    }
}

/// One recorded import run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ImportRun {
    pub id: i64,
    pub source: String,
    /// The keyed hash of the canonical path that was imported
    /// ([`crate::privacy::IdentityHasher::hash_path`]): the store never holds the path.
    pub path_id: String,
    /// The path itself, when the front end knows it (from `sources.toml` in the config
    /// folder); the store always reads `None`.
    pub path: Option<String>,
    pub started_at: Timestamp,
    pub finished_at: Option<Timestamp>,
    pub status: RunStatus,
    pub new: u64,
    pub duplicates: u64,
    pub skipped: u64,
    pub message: Option<String>,
}

/// A skipped record as stored: where and why.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SkipRecord {
    pub location: String,
    pub reason: String,
}

/// How many skipped records a run keeps in full; the count is always exact.
pub const SKIPS_KEPT_PER_RUN: usize = 200;

impl Store {
    /// Record the start of an import run of `path` (kept as its keyed hash, see
    /// [`ImportRun::path_id`]).
    pub fn start_run(
        &self,
        source: SourceKind,
        path: &str,
        now: Timestamp,
    ) -> Result<i64, StoreError> {
        let path_id = self.hasher()?.hash_path(path);
        self.stream_write()?;
        let sql = "INSERT INTO import_runs (source, path, started_at, status) \
                   VALUES (?1, ?2, ?3, 'running')";
        self.conn().prepare_cached(sql)?.execute(params![
            source.as_str(),
            path_id,
            now.as_second()
        ])?;
        Ok(self.conn().last_insert_rowid())
    }

    /// Record how a run ended. The message is kept to its first few hundred characters,
    /// escaped; the caller leaves paths out of it.
    pub fn finish_run(
        &self,
        run: i64,
        status: RunStatus,
        message: Option<&str>,
        now: Timestamp,
    ) -> Result<(), StoreError> {
        self.stream_write()?;
        self.conn()
            .prepare_cached(
                "UPDATE import_runs SET status = ?2, message = ?3, finished_at = ?4 WHERE id = ?1",
            )?
            .execute(params![
                run,
                status.as_str(),
                message.map(|m| crate::privacy::excerpt(m, super::migrations::MESSAGE_CHARS)),
                now.as_second()
            ])?;
        Ok(())
    }

    /// All runs, newest first.
    pub fn runs(&self) -> Result<Vec<ImportRun>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT id, source, path, started_at, finished_at, status, new, duplicates, skipped, message
             FROM import_runs ORDER BY id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ImportRun {
                id: r.get(0)?,
                source: r.get(1)?,
                path_id: r.get(2)?,
                path: None,
                started_at: ts(r.get(3)?),
                finished_at: r.get::<_, Option<i64>>(4)?.map(ts),
                status: RunStatus::parse(&r.get::<_, String>(5)?),
                new: r.get::<_, i64>(6)? as u64,
                duplicates: r.get::<_, i64>(7)? as u64,
                skipped: r.get::<_, i64>(8)? as u64,
                message: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The skipped records kept for a run.
    pub fn skips(&self, run: i64) -> Result<Vec<SkipRecord>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT location, reason FROM import_skips WHERE run_id = ?1 ORDER BY rowid",
        )?;
        let rows = stmt.query_map([run], |r| {
            Ok(SkipRecord {
                location: r.get(0)?,
                reason: r.get(1)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn ts(secs: i64) -> Timestamp {
    Timestamp::from_second(secs).unwrap_or(Timestamp::UNIX_EPOCH)
}
