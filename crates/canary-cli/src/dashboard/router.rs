//! The personal dashboard's routes: a page for each `GET`, and the writes behind its forms
//! (a check-in, a questionnaire, a plan action done or undone), each after the guard
//! ([`super::guard`]) and the form token. Writes use the same store functions as the CLI and
//! then redirect, so reloading a page never sends a form again.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use anyhow::{Result, anyhow};
use axum::Router;
use axum::extract::{Form, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use canary::app::{EventQuery, PeriodQuery, PeriodSpec, Workspace};
use canary::assessment::instruments::{Instrument, parse_answers};
use canary::journal::Checkin;
use canary::time::Band;
use canary::{EventKind, SourceKind};
use jiff::Timestamp;
use maud::Markup;

use super::app::{App, Snapshot};
use super::guard::{guard_port, owner_gate, refuse_bad_token};
use super::layout::{html, style};
use super::pages;
use super::period::PeriodParams;
use crate::render;

pub(super) fn router(app: Arc<App>) -> Router {
    Router::new()
        .route("/", get(overview))
        .route("/time", get(time))
        .route("/night/{date}", get(night))
        .route("/events", get(events))
        .route("/oncall", get(oncall))
        .route("/checkin", get(checkin_form).post(checkin_post))
        .route("/checkin/{instrument}", get(questionnaire_form))
        .route("/assess/{instrument}", get(assess_result).post(assess_post))
        .route("/plan", get(plan_page))
        .route("/plan/done", post(plan_done))
        .route("/plan/undo", post(plan_undo))
        .route("/sources", get(sources))
        .route("/style.css", get(style))
        // The last layer runs first: Host and Origin, then the owner's key or cookie.
        .layer(middleware::from_fn_with_state(app.clone(), owner))
        .layer(middleware::from_fn_with_state(app.clone(), guard))
        .with_state(app)
}

async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    guard_port(app.port, req, next).await
}

async fn owner(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    owner_gate(&app.key, &app.session, req, next).await
}

fn fail(e: anyhow::Error) -> Response {
    (StatusCode::INTERNAL_SERVER_ERROR, format!("error: {e:#}\n")).into_response()
}

fn not_found() -> Response {
    (StatusCode::NOT_FOUND, html(pages::not_found())).into_response()
}

/// Render a page from the snapshot of the period in the URL, off the async threads.
async fn page(
    app: Arc<App>,
    params: PeriodParams,
    f: impl FnOnce(&Snapshot, &str) -> Option<Markup> + Send + 'static,
) -> Response {
    let period = match params.query() {
        Ok(q) => q,
        Err(e) => return bad_period(&e),
    };
    let res = tokio::task::spawn_blocking(move || {
        let snap = app.snapshot(&period)?;
        Ok::<_, anyhow::Error>(f(&snap, &app.token))
    })
    .await;
    match res {
        Ok(Ok(Some(body))) => html(body),
        Ok(Ok(None)) => not_found(),
        Ok(Err(e)) => match e.downcast_ref::<canary::app::AppError>() {
            Some(canary::app::AppError::Period(p)) => bad_period(&p.to_string()),
            _ => fail(e),
        },
        Err(e) => fail(e.into()),
    }
}

fn bad_period(reason: &str) -> Response {
    (StatusCode::BAD_REQUEST, html(pages::bad_period(reason))).into_response()
}

async fn overview(State(app): State<Arc<App>>, Query(p): Query<PeriodParams>) -> Response {
    page(app, p, |s, _| Some(pages::overview(s))).await
}
async fn time(State(app): State<Arc<App>>, Query(p): Query<PeriodParams>) -> Response {
    page(app, p, |s, _| Some(pages::time(s))).await
}
/// A night's page lists every event of that night from the store, classified as
/// `canary events --night DATE` classifies them (same function, same default period).
async fn night(
    State(app): State<Arc<App>>,
    Path(date): Path<String>,
    Query(p): Query<PeriodParams>,
) -> Response {
    let Ok(night) = date.parse::<jiff::civil::Date>() else {
        return not_found();
    };
    let period = match p.query() {
        Ok(q) => q,
        Err(e) => return bad_period(&e),
    };
    let res = tokio::task::spawn_blocking(move || {
        let snap = app.snapshot(&period)?;
        let ws = app.ws.lock().map_err(|_| anyhow!("store lock poisoned"))?;
        // The night and the day after it: all a night's events can belong to.
        let query = EventQuery {
            night: Some(night),
            period: PeriodSpec::between(night, night.tomorrow()?),
            ..EventQuery::default()
        };
        let rows = ws.events(&query, app.now())?.rows;
        Ok::<_, anyhow::Error>(pages::night(&snap, night, &rows))
    })
    .await;
    match res {
        Ok(Ok(Some(body))) => html(body),
        Ok(Ok(None)) => not_found(),
        Ok(Err(e)) => fail(e),
        Err(e) => fail(e.into()),
    }
}
/// The events behind a figure: the filters of `canary events` from the query string (kinds and
/// sources repeatable), in the period of the page the link was on.
async fn events(
    State(app): State<Arc<App>>,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let (period, filter) = match event_filter(&pairs) {
        Ok(x) => x,
        Err(e) => return bad_period(&e),
    };
    let res = tokio::task::spawn_blocking(move || {
        let snap = app.snapshot(&period)?;
        let ws = app.ws.lock().map_err(|_| anyhow!("store lock poisoned"))?;
        let now = app.now();
        let (mut query, asked, cli) = filter;
        query.period = ws.period(&period, now)?;
        let rows = ws.events(&query, now)?.rows;
        Ok::<_, anyhow::Error>(pages::events(&snap, &query, &asked, &cli, &rows))
    })
    .await;
    match res {
        Ok(Ok(body)) => html(body),
        Ok(Err(e)) => match e.downcast_ref::<canary::app::AppError>() {
            Some(canary::app::AppError::Period(p)) => bad_period(&p.to_string()),
            _ => fail(e),
        },
        Err(e) => fail(e.into()),
    }
}

/// The events page's query: the period, and the filter with what it asks in words and as the
/// options of `canary events`.
type EventFilter = (EventQuery, Vec<String>, String);

fn event_filter(pairs: &[(String, String)]) -> Result<(PeriodQuery, EventFilter), String> {
    let mut period = Vec::new();
    let mut q = EventQuery::default();
    let mut asked = Vec::new();
    let mut cli = Vec::new();
    for (k, v) in pairs {
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        let bad = |what: &str| format!("{k}: `{v}` is not {what}");
        match k.as_str() {
            "since" | "until" | "weeks" | "all" => period.push((k.as_str(), v)),
            "kind" => {
                let kind: EventKind = v.parse().map_err(|_| bad("a kind of event"))?;
                asked.push(format!("kind {}", pages::kind_words(kind)));
                q.kinds.push(kind);
            }
            "source" => {
                let src: SourceKind = v.parse().map_err(|_| bad("a source"))?;
                asked.push(format!("source {}", src.as_str()));
                q.sources.push(src);
            }
            "band" => {
                let b = Band::parse(v).ok_or_else(|| bad("a band"))?;
                asked.push(format!("in the {}", pages::band_words(b)));
                q.band = Some(b);
            }
            "night" => {
                let d: jiff::civil::Date = v.parse().map_err(|_| bad("a date"))?;
                asked.push(format!("the night that started on {d}"));
                q.night = Some(d);
            }
            "day" => {
                let d: jiff::civil::Date = v.parse().map_err(|_| bad("a date"))?;
                asked.push(format!("counted toward {}", d.strftime("%a %Y-%m-%d")));
                q.day = Some(d);
            }
            "week" => {
                if !crate::cmd::events::is_iso_week(v) {
                    return Err(bad("an ISO week (YYYY-Www)"));
                }
                asked.push(format!("week {v}"));
                q.week = Some(v.to_string());
            }
            "weekday" => {
                let d = crate::cmd::events::weekday(v).map_err(|e| e.to_string())?;
                asked.push(format!("on {}s", pages::DAY_NAMES[d as usize]));
                q.weekday = Some(d);
            }
            "hour" => {
                let h = v
                    .parse::<u8>()
                    .ok()
                    .filter(|h| *h < 24)
                    .ok_or_else(|| bad("an hour (0–23)"))?;
                asked.push(format!("starting {h:02}:00–{h:02}:59"));
                q.hour = Some(h);
            }
            "activity" if v != "0" => {
                asked.push("your own activity".to_string());
                q.activity_only = true;
            }
            _ => {}
        }
        match k.as_str() {
            "activity" if v != "0" => cli.push("--activity".to_string()),
            "all" if v != "0" => cli.push("--all".to_string()),
            "since" | "until" | "weeks" | "kind" | "source" | "band" | "night" | "day" | "week"
            | "weekday" | "hour" => cli.push(format!("--{k} {v}")),
            _ => {}
        }
    }
    let period = PeriodParams::from_pairs(&period).query()?;
    Ok((period, (q, asked, cli.join(" "))))
}

/// On-call: the snapshot's figures and the pages by service, by hour and their time to
/// acknowledge (computed for this page only).
async fn oncall(State(app): State<Arc<App>>, Query(p): Query<PeriodParams>) -> Response {
    let period = match p.query() {
        Ok(q) => q,
        Err(e) => return bad_period(&e),
    };
    let res = tokio::task::spawn_blocking(move || {
        let snap = app.snapshot(&period)?;
        let ws = app.ws.lock().map_err(|_| anyhow!("store lock poisoned"))?;
        let now = app.now();
        let detail = ws.pages_detail(&ws.period(&period, now)?, now)?;
        Ok::<_, anyhow::Error>(pages::oncall(&snap, &detail))
    })
    .await;
    match res {
        Ok(Ok(body)) => html(body),
        Ok(Err(e)) => fail(e),
        Err(e) => fail(e.into()),
    }
}
async fn checkin_form(State(app): State<Arc<App>>, Query(p): Query<PeriodParams>) -> Response {
    page(app, p, |s, t| Some(pages::checkin(s, t))).await
}
async fn questionnaire_form(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(p): Query<PeriodParams>,
) -> Response {
    let Some(instrument) = Instrument::parse(&id) else {
        return not_found();
    };
    page(app, p, move |s, t| {
        Some(pages::questionnaire_page(s, instrument, t))
    })
    .await
}
async fn plan_page(State(app): State<Arc<App>>, Query(p): Query<PeriodParams>) -> Response {
    page(app, p, |s, t| Some(pages::plan(s, t))).await
}
async fn sources(State(app): State<Arc<App>>, Query(p): Query<PeriodParams>) -> Response {
    page(app, p, |s, _| Some(pages::sources(s))).await
}

/// Run a write on the store after checking the form's token; then see `to`.
async fn write(
    app: Arc<App>,
    form: HashMap<String, String>,
    to: &'static str,
    f: impl FnOnce(&Workspace, Timestamp, &HashMap<String, String>) -> Result<()> + Send + 'static,
) -> Response {
    if let Some(refused) = refuse_bad_token(&form, &app.token) {
        return refused;
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
        // An empty check-in is refused with its message (400), never the "latest check-in".
        ws.save_checkin(&c)?;
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
    if let Some(refused) = refuse_bad_token(&form, &app.token) {
        return refused;
    }
    let Some(instrument) = Instrument::parse(&id) else {
        return not_found();
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
        return not_found();
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
