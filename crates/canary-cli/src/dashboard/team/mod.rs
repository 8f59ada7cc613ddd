//! The team dashboard (`canary team dashboard`, `canary demo --team --serve`): the team
//! commands' figures (on-call fairness, single points of failure, the rotation proposal, the
//! cost of burnout, and in the demo the team server as it was exercised) as pages on
//! 127.0.0.1, one module per page. Read-only: the [`TeamView`] is computed once, before the
//! server starts, and the pages only render it.
//!
//! It shares the personal dashboard's guard ([`crate::dashboard::guard`]: foreign `Host`
//! headers refused, a Content-Security-Policy that allows nothing from elsewhere, nosniff,
//! and the owner's gate: the pages name colleagues and their pager load, so only whoever
//! started the server, holding the printed `/?key=…` URL or the cookie it buys, reads them),
//! layout and stylesheet; it has no forms and no scripts.

mod cost;
mod health;
mod oncall;
mod rotation;
mod spof;

#[cfg(test)]
mod tests;

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
use maud::{Markup, html};

use super::guard::{guard_port, owner_gate, owner_secret};
use super::layout::{self, style};
use super::server::{announce_url, bind_loopback, runtime};
use crate::cmd::team::{ServerDemo, SpofReport};

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

/// A team dashboard page: `body` under `title` (and the team's name), with the view's
/// navigation and what was read in the footer.
fn layout(view: &TeamView, title: &str, current: &str, body: Markup) -> Markup {
    let mut footer = String::from("Team dashboard, served to this machine only.");
    for p in &view.provenance {
        footer.push(' ');
        footer.push_str(p);
    }
    let title = if view.name.is_empty() {
        title.to_string()
    } else {
        format!("{title} — {}", view.name)
    };
    layout::page(&view.nav(), "", &footer, &title, current, body)
}

fn not_found_page(view: &TeamView) -> Markup {
    layout(
        view,
        "Not found",
        "",
        html! { p { "Nothing here. " a href="/" { "Back to on-call fairness" } "." } },
    )
}

/// A share as a percentage without decimals.
fn pct(x: f64) -> String {
    format!("{:.0}%", x * 100.0)
}

struct TeamApp {
    view: TeamView,
    port: u16,
    /// The secret in the printed URL ([`owner_gate`]).
    key: String,
    /// The owner's cookie once the key was shown.
    session: String,
}

/// Serve `view` on 127.0.0.1:`port` until interrupted; the URL is printed on stdout.
pub fn serve(view: TeamView, port: u16) -> Result<ExitCode> {
    runtime()?.block_on(async move {
        let (listener, port) = bind_loopback(port).await?;
        let app = Arc::new(TeamApp {
            view,
            port,
            key: owner_secret().context("no randomness for the owner's key")?,
            session: owner_secret().context("no randomness for the owner's session")?,
        });
        announce_url(
            "Canary team dashboard",
            &format!("http://127.0.0.1:{port}/?key={}", app.key),
        );
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
        .layer(middleware::from_fn_with_state(app.clone(), owner))
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            guard_port(port, req, next)
        }))
        .with_state(app)
}

/// Only the owner: the printed URL's key, or the cookie it was exchanged for.
async fn owner(State(app): State<Arc<TeamApp>>, req: Request, next: Next) -> Response {
    owner_gate(&app.key, &app.session, req, next).await
}

/// The page when the view has it, else the 404 page.
fn found(view: &TeamView, body: Option<Markup>) -> Response {
    match body {
        Some(b) => layout::html(b),
        None => not_found_response(view),
    }
}

fn not_found_response(view: &TeamView) -> Response {
    (StatusCode::NOT_FOUND, layout::html(not_found_page(view))).into_response()
}

async fn not_found(State(app): State<Arc<TeamApp>>) -> Response {
    not_found_response(&app.view)
}

async fn oncall(State(app): State<Arc<TeamApp>>) -> Response {
    layout::html(oncall::page(&app.view))
}

async fn spof(State(app): State<Arc<TeamApp>>) -> Response {
    found(&app.view, spof::page(&app.view))
}

async fn rotation(State(app): State<Arc<TeamApp>>) -> Response {
    found(&app.view, rotation::page(&app.view))
}

async fn cost(State(app): State<Arc<TeamApp>>) -> Response {
    found(&app.view, cost::page(&app.view))
}

async fn health(State(app): State<Arc<TeamApp>>) -> Response {
    found(&app.view, health::page(&app.view))
}
