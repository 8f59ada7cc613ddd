//! `canary team dashboard`, and the team dashboard it serves: the team commands' figures (on-call fairness, single points of failure,
//! the rotation proposal, the cost of burnout) as pages on 127.0.0.1, for a team lead to look
//! at and show. Read-only: the figures are computed once, before the server starts, by the same
//! functions as `canary team oncall|spof|rotate|cost`, and the pages are rendered from them.
//!
//! Security is the personal dashboard's (`cmd::serve::guard_port`): foreign `Host` headers are
//! refused (DNS rebinding), pages carry a Content-Security-Policy that allows nothing from
//! elsewhere, and there are no forms and no scripts.

use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Result, bail};
use axum::Router;
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use canary::team::Roster;
use canary::team::cost::CostReport;
use canary::team::everyone::{Options, measure};
use canary::team::oncall::TeamOncall;
use canary::team::rotate::Proposal;
use canary::team::spof::analyse;

use super::dashboard_pages as pages;
use super::demo_server::ServerDemo;
use super::spof::SpofReport;
use super::{load_roster, oncall, rotate, spof};
use crate::cli::team::DashboardArgs;
use crate::cmd::serve::{announce, bind_loopback, guard_port, html, runtime, style};
use crate::context::Context;

/// `canary team dashboard`: compute every part from the inputs given, then serve.
pub fn run(ctx: &Context, args: &DashboardArgs) -> Result<ExitCode> {
    if args.oncall.is_empty() && args.repos.is_empty() {
        bail!("give on-call exports (--oncall EXPORT) or repositories (--repo PATH), or both");
    }
    let roster = match &args.roster {
        Some(p) => load_roster(p)?,
        None => Roster::default(),
    };
    let mut view = TeamView::default();
    // The exports are read once: fairness, services and the rotation's history all come
    // from the same measurement (it keeps everyone's events whatever `--roster-only` says).
    let measured = if args.oncall.is_empty() {
        None
    } else {
        let opts = Options {
            threshold: args.threshold,
            roster_only: args.roster_only,
        };
        let m = measure(&args.oncall, &roster, opts)?;
        for line in oncall::notes(&m, &roster, args.roster.is_some()) {
            eprintln!("{line}");
        }
        if !m.skipped.is_empty() {
            eprintln!("{} records skipped in the exports", m.skipped.len());
        }
        Some(m)
    };
    let code = spof::code_work(
        &args.repos,
        args.map.as_deref(),
        args.roster.is_some().then_some(&roster),
        100_000,
    )?;
    let services = measured
        .as_ref()
        .map(spof::service_work)
        .unwrap_or_default();
    view.spof = Some(SpofReport {
        code_areas: analyse(&code),
        services: analyse(&services),
    });
    if args.roster.is_some() && roster.members.len() >= 2 {
        let history = match &measured {
            Some(m) => rotate::burden_of(&roster, m),
            None => rotate::no_history(&roster),
        };
        let p = rotate::proposal(ctx, &roster, history, args.weeks, None, 1)?;
        view.rotation = Some((roster.clone(), p));
    }
    view.oncall = measured.map(|m| m.team);
    let mut inputs = super::cost::read_inputs(args.cost_inputs.as_deref())?;
    if inputs.team_size.is_none() && !roster.members.is_empty() {
        inputs.team_size = Some(roster.members.len() as f64);
    }
    view.cost =
        Some(canary::team::cost::compute(&inputs).map_err(|e| anyhow::anyhow!("bad inputs: {e}"))?);
    let mut read = Vec::new();
    if let Some(p) = &args.roster {
        read.push(format!("roster {}", p.display()));
    }
    if !args.oncall.is_empty() {
        read.push(format!("{} on-call export path(s)", args.oncall.len()));
    }
    if !args.repos.is_empty() {
        read.push(format!("{} repositories", args.repos.len()));
    }
    view.provenance.push(format!(
        "Read at {}: {}; restart to read them again.",
        ctx.now.strftime("%Y-%m-%d %H:%M UTC"),
        read.join(", ")
    ));
    serve(view, args.port)
}

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
    runtime()?.block_on(async move {
        let (listener, port) = bind_loopback(port).await?;
        let app = Arc::new(TeamApp { view, port });
        announce("Canary team dashboard", port);
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
