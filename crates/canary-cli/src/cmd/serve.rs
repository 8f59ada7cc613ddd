//! `canary serve`: the local dashboard. An axum server bound to 127.0.0.1 that answers from the
//! same [`Report`] as `canary report --json` (built by the application core,
//! [`Workspace::report`]), and writes check-ins and plan progress with the same functions as
//! `canary checkin` and `canary plan done`.
//!
//! - **Cache**: the report, plan and brief are built once and kept until the store changes:
//!   the key is SQLite's `PRAGMA data_version` (bumped by commits from other connections, e.g.
//!   an import running beside the server), a counter bumped by the server's own writes, and the
//!   hour of "now" (so a long-running server moves on with the clock).
//! - **Security**: requests whose `Host` is not `127.0.0.1:PORT` or `localhost:PORT` get 403
//!   (DNS rebinding). Every form carries a per-process random token in a hidden field; a POST
//!   without it, or with an `Origin` other than the dashboard's own, gets 403. Pages are sent
//!   with a Content-Security-Policy that allows nothing from elsewhere, and `Referrer-Policy:
//!   same-origin` (with `no-referrer` browsers send `Origin: null`, which the check refuses).
//! - **Store access**: one connection behind a mutex, used from `spawn_blocking`.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use anyhow::{Context as _, Result, anyhow};
use axum::Router;
use axum::extract::{Form, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use canary::app::{EventQuery, PeriodSpec, Workspace};
use canary::assessment::instruments::{Instrument, parse_answers};
use canary::journal::Checkin;
use canary::model::Report;
use canary::plan::Plan;
use canary::plan::conversation::Brief;
use canary::store::{ImportRun, SkipRecord, SourceSummary};
use jiff::{SignedDuration, Timestamp};

use crate::cli::ServeArgs;
use crate::cmd::serve_pages as pages;
use crate::context::Context;
use crate::render;

pub fn run(ctx: &Context, args: &ServeArgs) -> Result<ExitCode> {
    serve(ctx.workspace()?, ctx.now, true, args.port)
}

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
    ws: Mutex<Workspace>,
    start_now: Timestamp,
    started: Instant,
    /// Whether "now" follows the clock (serve) or stays put (demo).
    live: bool,
    writes: AtomicU64,
    cache: Mutex<Option<(Key, Arc<Snapshot>)>>,
    pub token: String,
    port: u16,
}

impl App {
    fn now(&self) -> Timestamp {
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
    fn snapshot(&self) -> Result<Arc<Snapshot>> {
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

fn build(ws: &Workspace, now: Timestamp) -> Result<Snapshot> {
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

/// A per-process random token: SipHash keyed from the OS's randomness, twice.
pub(crate) fn random_token() -> String {
    let mut out = String::new();
    for i in 0..2u64 {
        let mut h = std::hash::RandomState::new().build_hasher();
        h.write_u64(i);
        h.write_u128(
            std::time::SystemTime::now()
                .elapsed()
                .map_or(0, |d| d.as_nanos()),
        );
        h.write_u32(std::process::id());
        out.push_str(&format!("{:016x}", h.finish()));
    }
    out
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
            token: random_token(),
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

/// The dashboards' runtime: one thread is plenty for one person's browser.
pub(crate) fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .context("cannot start the dashboard's runtime")
}

/// Listen on 127.0.0.1:`port` (0: any free port); the listener and the port it got.
pub(crate) async fn bind_loopback(port: u16) -> Result<(tokio::net::TcpListener, u16)> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .with_context(|| format!("cannot listen on 127.0.0.1:{port} (try --port 0)"))?;
    let port = listener.local_addr()?.port();
    Ok((listener, port))
}

/// One line on stdout with the URL, for whoever started the server (if nobody reads it any
/// more, a closed pipe, serving goes on regardless), and a reminder on stderr.
pub(crate) fn announce(what: &str, port: u16) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{what}: http://127.0.0.1:{port}/").and_then(|()| out.flush());
    drop(out);
    let _ = writeln!(std::io::stderr(), "(127.0.0.1 only; Ctrl-C to stop)");
}

fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(overview))
        .route("/time", get(time))
        .route("/night/{date}", get(night))
        .route("/oncall", get(oncall))
        .route("/checkin", get(checkin_form).post(checkin_post))
        .route("/assess/{instrument}", get(assess_result).post(assess_post))
        .route("/plan", get(plan_page))
        .route("/plan/done", axum::routing::post(plan_done))
        .route("/plan/undo", axum::routing::post(plan_undo))
        .route("/sources", get(sources))
        .route("/style.css", get(style))
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    guard_port(app.port, req, next).await
}

/// Refuse foreign Host headers (DNS rebinding) and cross-site POSTs; add security headers.
/// Shared by the personal and the team dashboards (both on 127.0.0.1:`port`).
pub(crate) async fn guard_port(port: u16, req: Request, next: Next) -> Response {
    let allowed = [format!("127.0.0.1:{port}"), format!("localhost:{port}")];
    let host = req
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if !allowed.iter().any(|a| a == host) {
        return (StatusCode::FORBIDDEN, "forbidden: unexpected Host header\n").into_response();
    }
    if req.method() == axum::http::Method::POST
        && let Some(origin) = req.headers().get(header::ORIGIN)
    {
        let ok = allowed
            .iter()
            .any(|a| origin.to_str().is_ok_and(|o| o == format!("http://{a}")));
        if !ok {
            // Read the (small) body first so the client gets the answer, not a reset.
            let _ = axum::body::to_bytes(req.into_body(), 64 * 1024).await;
            return (StatusCode::FORBIDDEN, "forbidden: cross-site request\n").into_response();
        }
    }
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    res
}

pub(crate) fn html(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

fn fail(e: anyhow::Error) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, format!("error: {e:#}\n")).into_response()
}

/// Render a page from the snapshot, off the async threads.
async fn page(
    app: Arc<App>,
    f: impl FnOnce(&Snapshot, &str) -> Option<String> + Send + 'static,
) -> Response {
    let res = tokio::task::spawn_blocking(move || {
        let snap = app.snapshot()?;
        Ok::<_, anyhow::Error>(f(&snap, &app.token))
    })
    .await;
    match res {
        Ok(Ok(Some(body))) => html(body),
        Ok(Ok(None)) => (StatusCode::NOT_FOUND, html(pages::not_found())).into_response(),
        Ok(Err(e)) => fail(e),
        Err(e) => fail(e.into()),
    }
}

async fn overview(State(app): State<Arc<App>>) -> Response {
    page(app, |s, _| Some(pages::overview(s))).await
}
async fn time(State(app): State<Arc<App>>) -> Response {
    page(app, |s, _| Some(pages::time(s))).await
}
/// A night's page lists every event of that night from the store, classified as
/// `canary events --night DATE` classifies them (same function, same default period).
async fn night(State(app): State<Arc<App>>, Path(date): Path<String>) -> Response {
    let Ok(night) = date.parse::<jiff::civil::Date>() else {
        return (StatusCode::NOT_FOUND, html(pages::not_found())).into_response();
    };
    let res = tokio::task::spawn_blocking(move || {
        let snap = app.snapshot()?;
        let ws = app.ws.lock().map_err(|_| anyhow!("store lock poisoned"))?;
        let query = EventQuery {
            night: Some(night),
            ..EventQuery::default()
        };
        let rows = ws.events(&query, app.now())?.rows;
        Ok::<_, anyhow::Error>(pages::night(&snap, night, &rows))
    })
    .await;
    match res {
        Ok(Ok(Some(body))) => html(body),
        Ok(Ok(None)) => (StatusCode::NOT_FOUND, html(pages::not_found())).into_response(),
        Ok(Err(e)) => fail(e),
        Err(e) => fail(e.into()),
    }
}
async fn oncall(State(app): State<Arc<App>>) -> Response {
    page(app, |s, _| Some(pages::oncall(s))).await
}
async fn checkin_form(State(app): State<Arc<App>>) -> Response {
    page(app, |s, t| Some(pages::checkin(s, t))).await
}
async fn plan_page(State(app): State<Arc<App>>) -> Response {
    page(app, |s, t| Some(pages::plan(s, t))).await
}
async fn sources(State(app): State<Arc<App>>) -> Response {
    page(app, |s, _| Some(pages::sources(s))).await
}
pub(crate) async fn style() -> impl IntoResponse {
    let mut h = HeaderMap::new();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/css"));
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("max-age=3600"),
    );
    (h, pages::STYLE)
}

/// Run a write on the store after checking the form's token; then see `to`.
async fn write(
    app: Arc<App>,
    form: HashMap<String, String>,
    to: &'static str,
    f: impl FnOnce(&Workspace, Timestamp, &HashMap<String, String>) -> Result<()> + Send + 'static,
) -> Response {
    if form.get("token") != Some(&app.token) {
        return (
            StatusCode::FORBIDDEN,
            "forbidden: missing or wrong form token\n",
        )
            .into_response();
    }
    let res = tokio::task::spawn_blocking(move || {
        let ws = app.ws.lock().map_err(|_| anyhow!("store lock poisoned"))?;
        let r = f(&ws, app.now(), &form);
        app.writes.fetch_add(1, Ordering::SeqCst);
        r
    })
    .await;
    match res {
        Ok(Ok(())) => Redirect::to(to).into_response(),
        Ok(Err(e)) => (StatusCode::BAD_REQUEST, format!("{e:#}\n")).into_response(),
        Err(e) => fail(e.into()),
    }
}

async fn checkin_post(
    State(app): State<Arc<App>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    write(app, form, "/?checkin=saved", |ws, now, f| {
        let scale = |k: &str| -> Result<Option<u8>> {
            match f.get(k).map(|s| s.trim()).filter(|s| !s.is_empty()) {
                None => Ok(None),
                Some(v) => match v.parse::<u8>() {
                    Ok(n @ 1..=5) => Ok(Some(n)),
                    _ => Err(anyhow!("{k}: choose 1 to 5")),
                },
            }
        };
        let yn = |k: &str| match f.get(k).map(String::as_str) {
            Some("yes") => Some(true),
            Some("no") => Some(false),
            _ => None,
        };
        let c = Checkin {
            taken_at: Some(now),
            stress: scale("stress")?,
            sleep: scale("sleep")?,
            exercise: yn("exercise"),
            social: yn("social"),
            hobby: yn("hobby"),
            note: f
                .get("note")
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty()),
        };
        ws.store.save_checkin(&c)?;
        Ok(())
    })
    .await
}

/// A questionnaire from the Check-in page: scored and kept by the same function as
/// `canary assess`, then a redirect to its result page (so reloading the result does not send
/// the answers again).
async fn assess_post(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    if form.get("token") != Some(&app.token) {
        return (
            StatusCode::FORBIDDEN,
            "forbidden: missing or wrong form token\n",
        )
            .into_response();
    }
    let Some(instrument) = Instrument::parse(&id) else {
        return (StatusCode::NOT_FOUND, html(pages::not_found())).into_response();
    };
    let res = tokio::task::spawn_blocking(move || {
        let answers = parse_answers(
            instrument,
            form.iter()
                .filter(|(k, v)| k.as_str() != "token" && !v.trim().is_empty())
                .map(|(k, v)| (k.as_str(), v.as_str())),
        )
        .map_err(|e| anyhow!(e))?;
        let ws = app.ws.lock().map_err(|_| anyhow!("store lock poisoned"))?;
        let r = ws.record_answers(instrument, answers, app.now());
        // The report (and the overview's scores) must be rebuilt after this write.
        app.writes.fetch_add(1, Ordering::SeqCst);
        r.map(|_| ()).map_err(anyhow::Error::from)
    })
    .await;
    match res {
        Ok(Ok(())) => Redirect::to(&format!("/assess/{}", instrument.id())).into_response(),
        Ok(Err(e)) => (StatusCode::BAD_REQUEST, format!("{e:#}\n")).into_response(),
        Err(e) => fail(e.into()),
    }
}

/// The latest answers to a questionnaire: what they mean, and the crisis message when the
/// answers point to one (the same summary `canary assess` prints).
async fn assess_result(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let Some(instrument) = Instrument::parse(&id) else {
        return (StatusCode::NOT_FOUND, html(pages::not_found())).into_response();
    };
    let res = tokio::task::spawn_blocking(move || {
        let ws = app.ws.lock().map_err(|_| anyhow!("store lock poisoned"))?;
        let latest = ws.store.latest_answers(instrument)?;
        Ok::<_, anyhow::Error>(latest.map(|stored| {
            let (_, crisis) = canary::assessment::summarise(&[&stored.set]);
            pages::assess_result(
                instrument,
                &render::instruments::meaning(&stored.set),
                crisis.as_deref(),
            )
        }))
    })
    .await;
    match res {
        Ok(Ok(Some(body))) => html(body),
        Ok(Ok(None)) => html(pages::assess_none(instrument)),
        Ok(Err(e)) => fail(e),
        Err(e) => fail(e.into()),
    }
}

fn action_id(f: &HashMap<String, String>) -> String {
    f.get("id").cloned().unwrap_or_default()
}

async fn plan_done(
    State(app): State<Arc<App>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    write(app, form, "/plan", |ws, now, f| {
        ws.mark_done(&action_id(f), now, None)?;
        Ok(())
    })
    .await
}

async fn plan_undo(
    State(app): State<Arc<App>>,
    Form(form): Form<HashMap<String, String>>,
) -> Response {
    write(app, form, "/plan", |ws, _, f| {
        ws.mark_undone(&action_id(f))?;
        Ok(())
    })
    .await
}
