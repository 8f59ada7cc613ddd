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
use canary::app::{PeriodQuery, Workspace};
use canary::journal::Checkin;
use canary::model::Report;
use canary::plan::Plan;
use canary::plan::conversation::Brief;
use canary::settings::sources::SourcesFile;
use canary::store::{ImportRun, SkipRecord, SourceSummary};
use jiff::{SignedDuration, Timestamp};

use super::guard::{owner_secret, random_token};
use super::period::PeriodNav;
use super::router::router;
use super::server::{announce_url, bind_loopback, runtime};

/// What the pages show, built once per store version.
pub struct Snapshot {
    pub report: Report,
    pub plan: Plan,
    pub brief: Brief,
    pub sources: Vec<SourceSummary>,
    pub runs: Vec<(ImportRun, Vec<SkipRecord>)>,
    /// Each recorded path's freshness (as `canary status` shows it); paths are the owner's.
    pub freshness: Vec<canary::app::sync::PathFreshness>,
    pub checkins: Vec<Checkin>,
    /// Alerts waiting to be delivered (state new), oldest first.
    pub alerts: Vec<canary::store::StoredAlert>,
    /// The period shown, with the query string every link carries.
    pub period: PeriodNav,
}

impl Snapshot {
    /// A dashboard path with the period shown kept.
    pub fn link(&self, path: &str) -> String {
        self.period.link(path)
    }

    /// The events page with `filters` (`name`, value: dates, weeks, numbers and names, none
    /// needing escapes), in the period shown, so the events listed are those behind the
    /// figure the link is on.
    pub fn events_link(&self, filters: &[(&str, &str)]) -> String {
        let mut q: Vec<String> = filters.iter().map(|(k, v)| format!("{k}={v}")).collect();
        if let Some(p) = self.period.qs.strip_prefix('?') {
            q.push(p.to_string());
        }
        format!("/events?{}", q.join("&"))
    }
}

type Key = (i64, u64, i64, PeriodQuery);

/// Snapshots kept: the default period and a few others a person moves between.
const CACHED_PERIODS: usize = 4;

pub struct App {
    pub(super) ws: Mutex<Workspace>,
    start_now: Timestamp,
    started: Instant,
    /// Whether "now" follows the clock (serve) or stays put (demo).
    live: bool,
    /// Bumped by every write the server makes (which `data_version` does not see).
    pub(super) writes: AtomicU64,
    cache: Mutex<Vec<(Key, Arc<Snapshot>)>>,
    pub token: String,
    /// The secret in the URL `serve` prints, exchanged for the cookie (see
    /// [`super::guard::owner_gate`]).
    pub(super) key: String,
    /// The cookie's value that admits the owner.
    pub(super) session: String,
    /// The imported paths (`sources.toml`), to name the runs the store knows by hash.
    paths: SourcesFile,
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

    /// The snapshot of a period for the store as it is now, rebuilt only when it changed.
    pub(super) fn snapshot(&self, period: &PeriodQuery) -> Result<Arc<Snapshot>> {
        let ws = self.ws.lock().map_err(|_| anyhow!("store lock poisoned"))?;
        let now = self.now();
        let key = (
            ws.store.data_version()?,
            self.writes.load(Ordering::SeqCst),
            now.as_second() / 3600,
            *period,
        );
        let mut cache = self
            .cache
            .lock()
            .map_err(|_| anyhow!("cache lock poisoned"))?;
        if let Some((_, snap)) = cache.iter().find(|(k, _)| *k == key) {
            return Ok(snap.clone());
        }
        let mut snap = build(&ws, period, now)?;
        for (run, _) in &mut snap.runs {
            run.path = self.paths.path_of(&run.path_id).map(str::to_string);
        }
        snap.freshness = canary::app::sync::freshness(&ws.store, &self.paths.sources, now)?;
        let snap = Arc::new(snap);
        // Entries of an older store version are stale; beyond that, drop the oldest.
        cache.retain(|(k, _)| k.0 == key.0 && k.1 == key.1 && k.2 == key.2);
        if cache.len() >= CACHED_PERIODS {
            cache.remove(0);
        }
        cache.push((key, snap.clone()));
        Ok(snap)
    }
}

pub(super) fn build(ws: &Workspace, period: &PeriodQuery, now: Timestamp) -> Result<Snapshot> {
    let spec = ws.period(period, now)?;
    let report = ws.report(&spec, now)?;
    let plan = ws.plan_for(&report, now)?;
    let brief = ws.conversation_for(&report, now)?;
    let runs = ws
        .store
        .runs()?
        .into_iter()
        .map(|r| Ok((ws.store.skips(r.id)?, r)))
        .map(|x: Result<_>| x.map(|(s, r)| (r, s)))
        .collect::<Result<Vec<_>>>()?;
    let nav = PeriodNav::new(
        *period,
        report.period.since,
        report.period.until,
        ws.today(now)?,
    );
    Ok(Snapshot {
        sources: ws.store.source_summaries()?,
        runs,
        freshness: Vec::new(),
        checkins: ws.store.checkins()?,
        alerts: ws.store.alerts_pending()?,
        report,
        plan,
        brief,
        period: nav,
    })
}

/// Serve the dashboard on 127.0.0.1:`port` until interrupted; `paths` names the import runs.
pub fn serve(
    ws: Workspace,
    paths: SourcesFile,
    now: Timestamp,
    live: bool,
    port: u16,
) -> Result<ExitCode> {
    runtime()?.block_on(async move {
        let (listener, port) = bind_loopback(port).await?;
        let app = Arc::new(App {
            ws: Mutex::new(ws),
            start_now: now,
            started: Instant::now(),
            live,
            writes: AtomicU64::new(0),
            cache: Mutex::new(Vec::new()),
            token: random_token().context("no randomness for the form token")?,
            key: owner_secret().context("no randomness for the owner's key")?,
            session: owner_secret().context("no randomness for the owner's session")?,
            paths,
            port,
        });
        // Build the first snapshot before announcing the URL, so the first page is fast.
        let warm = app.clone();
        tokio::task::spawn_blocking(move || warm.snapshot(&PeriodQuery::default()))
            .await
            .context("warming the cache")??;
        announce_url(
            "Canary dashboard",
            &format!("http://127.0.0.1:{port}/?key={}", app.key),
        );
        axum::serve(listener, router(app)).await?;
        Ok(ExitCode::SUCCESS)
    })
}
