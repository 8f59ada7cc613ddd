//! The team dashboard: the team commands' figures (on-call fairness, single points of failure,
//! the rotation proposal, the cost of burnout) as pages on 127.0.0.1, for a team lead to look
//! at and show. Read-only: the figures are computed once, before the server starts, by the same
//! functions as `canary team oncall|spof|rotate|cost`, and the pages are rendered from them.
//!
//! Security is the personal dashboard's (`cmd::serve::guard_port`): foreign `Host` headers are
//! refused (DNS rebinding), pages carry a Content-Security-Policy that allows nothing from
//! elsewhere, and there are no forms and no scripts.

use std::io::Write as _;
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context as _, Result};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use canary::team::Roster;
use canary::team::cost::CostReport;
use canary::team::oncall::TeamOncall;
use canary::team::rotate::Proposal;

use super::dashboard_pages as pages;
use super::demo_server::ServerDemo;
use super::spof::SpofReport;
use crate::cmd::serve::{guard_port, html, style};

/// What the team dashboard shows: each part is there when its inputs were given.
#[derive(Debug, Default)]
pub struct TeamView {
    /// Shown in the header of every page, e.g. "Demo team".
    pub name: String,
    pub oncall: Option<TeamOncall>,
    pub spof: Option<SpofReport>,
    pub rotation: Option<(Roster, Proposal)>,
    pub cost: Option<CostReport>,
    /// The team server as the demo exercised it (demo only).
    pub health: Option<ServerDemo>,
    /// Lines said on every page's footer (what was read, when).
    pub provenance: Vec<String>,
}

impl TeamView {
    /// The pages this view has, as (path, label), in navigation order.
    pub fn nav(&self) -> Vec<(&'static str, &'static str)> {
        let mut nav = vec![("/", "On-call fairness")];
        if self.spof.is_some() {
            nav.push(("/spof", "Single points of failure"));
        }
        if self.rotation.is_some() {
            nav.push(("/rotation", "Rotation"));
        }
        if self.cost.is_some() {
            nav.push(("/cost", "Cost"));
        }
        if self.health.is_some() {
            nav.push(("/health", "Team health"));
        }
        nav
    }
}

struct TeamApp {
    view: TeamView,
    port: u16,
}

/// Serve `view` on 127.0.0.1:`port` until interrupted; the URL is printed on stdout.
pub fn serve(view: TeamView, port: u16) -> Result<ExitCode> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .context("cannot start the dashboard's runtime")?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .with_context(|| format!("cannot listen on 127.0.0.1:{port} (try --port 0)"))?;
        let port = listener.local_addr()?.port();
        let app = Arc::new(TeamApp { view, port });
        let mut out = std::io::stdout().lock();
        let _ = writeln!(out, "Canary team dashboard: http://127.0.0.1:{port}/")
            .and_then(|()| out.flush());
        drop(out);
        let _ = writeln!(std::io::stderr(), "(127.0.0.1 only; Ctrl-C to stop)");
        axum::serve(listener, router(app)).await?;
        Ok(ExitCode::SUCCESS)
    })
}

fn router(app: Arc<TeamApp>) -> Router {
    let port = app.port;
    Router::new()
        .route("/", get(oncall))
        .route("/spof", get(spof))
        .route("/rotation", get(rotation))
        .route("/cost", get(cost))
        .route("/health", get(health))
        .route("/style.css", get(style))
        .fallback(not_found)
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            guard_port(port, req, next)
        }))
        .with_state(app)
}

fn found(view: &TeamView, body: Option<String>) -> Response {
    match body {
        Some(b) => html(b),
        None => not_found_page(view),
    }
}

fn not_found_page(view: &TeamView) -> Response {
    (StatusCode::NOT_FOUND, html(pages::not_found(view))).into_response()
}

async fn not_found(State(app): State<Arc<TeamApp>>) -> Response {
    not_found_page(&app.view)
}

async fn oncall(State(app): State<Arc<TeamApp>>) -> Response {
    html(pages::oncall(&app.view))
}

async fn spof(State(app): State<Arc<TeamApp>>) -> Response {
    found(&app.view, pages::spof(&app.view))
}

async fn rotation(State(app): State<Arc<TeamApp>>) -> Response {
    found(&app.view, pages::rotation(&app.view))
}

async fn cost(State(app): State<Arc<TeamApp>>) -> Response {
    found(&app.view, pages::cost(&app.view))
}

async fn health(State(app): State<Arc<TeamApp>>) -> Response {
    found(&app.view, pages::health(&app.view))
}
