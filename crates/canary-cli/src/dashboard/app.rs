//! The personal dashboard's state: the store, the settings, "now", the form token, and the
//! snapshot the pages are rendered from, answered from the same [`Report`] as
//! `canary report --json` (built by the application core, `Workspace::report`).
//!
//! **Cache**: the report, plan and brief are built once and kept until the store changes: the
//! key is SQLite's `PRAGMA data_version` (bumped by commits from other connections, e.g. an
//! import running beside the server), a counter bumped by the server's own writes, and the hour
//! of "now" (so a long-running server moves on with the clock). **Store access**: one
//! connection behind a mutex, used from `spawn_blocking`.

use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::{Context as _, Result, anyhow};
use canary::app::{PeriodSpec, Workspace};
use canary::journal::Checkin;
use canary::model::Report;
use canary::plan::Plan;
use canary::plan::conversation::Brief;
use canary::store::{ImportRun, SkipRecord, SourceSummary};
use jiff::{SignedDuration, Timestamp};

use super::guard::random_token;
use super::router::router;
use super::server::{announce, bind_loopback, runtime};

/// What the pages show, built once per store version.
pub struct Snapshot {
    pub report: Report,
    pub plan: Plan,
    pub brief: Brief,
    pub sources: Vec<SourceSummary>,
    pub runs: Vec<(ImportRun, Vec<SkipRecord>)>,
    pub checkins: Vec<Checkin>,
}

type Key = (i64, u64, i64);

pub struct App {
    pub(super) ws: Mutex<Workspace>,
    start_now: Timestamp,
    started: Instant,
    /// Whether "now" follows the clock (serve) or stays put (demo).
    live: bool,
    /// Bumped by every write the server makes (which `data_version` does not see).
    pub(super) writes: AtomicU64,
    cache: Mutex<Option<(Key, Arc<Snapshot>)>>,
    pub token: String,
    pub(super) port: u16,
}

impl App {
    pub(super) fn now(&self) -> Timestamp {
        if self.live {
            let elapsed = SignedDuration::try_from(self.started.elapsed()).unwrap_or_default();
            self.start_now
                .checked_add(elapsed)
                .unwrap_or(self.start_now)
        } else {
            self.start_now
        }
    }

    /// The snapshot for the store as it is now, rebuilt only when it changed.
    pub(super) fn snapshot(&self) -> Result<Arc<Snapshot>> {
        let ws = self.ws.lock().map_err(|_| anyhow!("store lock poisoned"))?;
        let now = self.now();
        let key = (
            ws.store.data_version()?,
            self.writes.load(Ordering::SeqCst),
            now.as_second() / 3600,
        );
        let mut cache = self
            .cache
            .lock()
            .map_err(|_| anyhow!("cache lock poisoned"))?;
        if let Some((k, snap)) = cache.as_ref()
            && *k == key
        {
            return Ok(snap.clone());
        }
        let snap = Arc::new(build(&ws, now)?);
        *cache = Some((key, snap.clone()));
        Ok(snap)
    }
}

pub(super) fn build(ws: &Workspace, now: Timestamp) -> Result<Snapshot> {
    let report = ws.report(&PeriodSpec::default(), now)?;
    let plan = ws.plan_for(&report, now)?;
    let brief = ws.conversation_for(&report, now)?;
    let runs = ws
        .store
        .runs()?
        .into_iter()
        .map(|r| Ok((ws.store.skips(r.id)?, r)))
        .map(|x: Result<_>| x.map(|(s, r)| (r, s)))
        .collect::<Result<Vec<_>>>()?;
    Ok(Snapshot {
        sources: ws.store.source_summaries()?,
        runs,
        checkins: ws.store.checkins()?,
        report,
        plan,
        brief,
    })
}

/// Serve the dashboard on 127.0.0.1:`port` until interrupted.
pub fn serve(ws: Workspace, now: Timestamp, live: bool, port: u16) -> Result<ExitCode> {
    runtime()?.block_on(async move {
        let (listener, port) = bind_loopback(port).await?;
        let app = Arc::new(App {
            ws: Mutex::new(ws),
            start_now: now,
            started: Instant::now(),
            live,
            writes: AtomicU64::new(0),
            cache: Mutex::new(None),
            token: random_token().context("no randomness for the form token")?,
            port,
        });
        // Build the first snapshot before announcing the URL, so the first page is fast.
        let warm = app.clone();
        tokio::task::spawn_blocking(move || warm.snapshot())
            .await
            .context("warming the cache")??;
        announce("Canary dashboard", port);
        axum::serve(listener, router(app)).await?;
        Ok(ExitCode::SUCCESS)
    })
}
