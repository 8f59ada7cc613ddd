//! Every request passes through [`gate`]: the bearer token is authenticated, the request is
//! rate-limited (per token, or per peer address when there is no valid token), the route's
//! handler runs, and the outcome is written to the audit log before the answer leaves. If that
//! write fails the answer is a 500 instead: nothing is answered unaudited.
//!
//! Handlers say what an entry concerns by putting a [`Note`] on a successful response; an
//! [`ApiError`] puts its [`Refusal`] (status, rule, reason) on the response it becomes. Answers
//! made by axum itself (405, a body over the limit, an unknown path) are named by their status.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use axum::Json;
use axum::extract::{ConnectInfo, FromRequestParts, MatchedPath, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::audit::{Record, Refusal};
use crate::server::{Config, Peer};
use crate::store::{Auth, Role, Store, now_secs};

struct Bucket {
    tokens: f64,
    at: Instant,
    /// Whether the last request from this bucket was refused (only the first refusal of a run
    /// is audited).
    refusing: bool,
}

/// What [`AppState::allow`] decided.
enum Admit {
    Yes,
    No { first: bool },
}

pub struct AppState {
    store: Mutex<Store>,
    pub(crate) config: Config,
    buckets: Mutex<HashMap<String, Bucket>>,
}

pub type Shared = Arc<AppState>;

impl AppState {
    pub fn new(store: Store, config: Config) -> AppState {
        AppState {
            store: Mutex::new(store),
            config,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    pub fn store(&self) -> MutexGuard<'_, Store> {
        self.store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Take one request from `key`'s bucket.
    fn allow(&self, key: String) -> Admit {
        let mut b = self
            .buckets
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        let (burst, rate) = (self.config.burst, self.config.per_second);
        let e = b.entry(key).or_insert(Bucket {
            tokens: burst,
            at: now,
            refusing: false,
        });
        e.tokens = (e.tokens + now.duration_since(e.at).as_secs_f64() * rate).min(burst);
        e.at = now;
        if e.tokens >= 1.0 {
            e.tokens -= 1.0;
            e.refusing = false;
            Admit::Yes
        } else {
            let first = !e.refusing;
            e.refusing = true;
            Admit::No { first }
        }
    }
}

/// A refused or failed request. The client gets the status and a short `error`; the audit
/// log gets the rule and the reason.
#[derive(Debug)]
pub enum ApiError {
    /// 401; the reason (why the token was not accepted) goes to the audit log only.
    Unauthorized(&'static str),
    /// 403: the route needs this role.
    Forbidden(Role),
    /// 400: rule, reason.
    BadRequest(&'static str, String),
    /// 404: rule.
    NotFound(&'static str),
    /// 409: rule, reason.
    Conflict(&'static str, String),
    TooMany,
    Internal,
}

impl From<crate::Error> for ApiError {
    fn from(e: crate::Error) -> ApiError {
        let mut line = e.to_string();
        let mut cause = std::error::Error::source(&e);
        while let Some(c) = cause {
            line = format!("{line}: {c}");
            cause = c.source();
        }
        eprintln!("canary team serve: {line}");
        ApiError::Internal
    }
}

impl ApiError {
    fn parts(self) -> (StatusCode, &'static str, String, String) {
        let generic = |s: &str| s.to_string();
        match self {
            ApiError::Unauthorized(why) => (
                StatusCode::UNAUTHORIZED,
                "token",
                why.to_string(),
                generic("missing or invalid token"),
            ),
            ApiError::Forbidden(role) => (
                StatusCode::FORBIDDEN,
                "role",
                format!("needs the {} role", role.as_str()),
                generic("not allowed for this role"),
            ),
            ApiError::BadRequest(rule, m) => (StatusCode::BAD_REQUEST, rule, m.clone(), m),
            ApiError::NotFound(rule) => (
                StatusCode::NOT_FOUND,
                rule,
                rule.replace('-', " "),
                generic("not found"),
            ),
            ApiError::Conflict(rule, m) => (StatusCode::CONFLICT, rule, m.clone(), m),
            ApiError::TooMany => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limit",
                "token bucket empty".into(),
                generic("slow down"),
            ),
            ApiError::Internal => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "internal error".into(),
                generic("internal error"),
            ),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (code, rule, reason, public) = self.parts();
        let mut r = (code, Json(json!({ "error": public }))).into_response();
        r.extensions_mut().insert(Refusal {
            status: code.as_u16(),
            rule,
            reason,
        });
        r
    }
}

/// What a successful request concerned, for its audit entry.
#[derive(Debug, Clone, Default)]
pub struct Note {
    pub group_id: Option<i64>,
    pub member_id: Option<i64>,
    pub weeks: Vec<String>,
}

/// Why the gate let a request through without an identity.
#[derive(Debug, Clone, Copy)]
struct Unauthenticated(&'static str);

impl FromRequestParts<Shared> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &Shared) -> Result<Auth, ApiError> {
        match parts.extensions.get::<Auth>() {
            Some(a) => Ok(*a),
            None => Err(ApiError::Unauthorized(
                parts
                    .extensions
                    .get::<Unauthenticated>()
                    .map_or("no token", |u| u.0),
            )),
        }
    }
}

/// A route's action: the audit log's `route`. The same names whether it went through or not.
pub fn action_of(method: &Method, path: Option<&str>) -> &'static str {
    match (method.as_str(), path.unwrap_or("")) {
        ("POST", "/v1/admin/groups") => "create_group",
        ("POST", "/v1/admin/enrolments") => "create_enrolment",
        ("POST", "/v1/admin/managers") => "create_manager",
        ("GET", "/v1/admin/audit") => "audit",
        ("POST", "/v1/enrol") => "enrol",
        ("PUT", "/v1/me/weeks") => "share",
        ("GET", "/v1/me/weeks") => "my_weeks",
        ("DELETE", "/v1/me/weeks") => "delete_weeks",
        ("DELETE", "/v1/me/weeks/{week}") => "delete_week",
        ("GET", "/v1/groups") => "groups",
        ("GET", "/v1/groups/{name}/weeks") => "group_weeks",
        _ => "unknown_route",
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

/// The refusal on a response that no [`ApiError`] made: axum's own answers.
fn refusal_of(status: StatusCode) -> Refusal {
    let (rule, reason) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => ("body-limit", "body over the size limit"),
        StatusCode::METHOD_NOT_ALLOWED => ("method", "method not allowed on this route"),
        StatusCode::NOT_FOUND => ("no-such-route", "no such route"),
        s if s.is_server_error() => ("internal", "internal error"),
        _ => ("request", "malformed request"),
    };
    Refusal {
        status: status.as_u16(),
        rule,
        reason: reason.to_string(),
    }
}

/// Write `record`; `false` (and a line on stderr) when it could not be written.
fn write(st: &AppState, record: &Record) -> bool {
    match st.store().audit(record) {
        Ok(()) => true,
        Err(e) => {
            eprintln!("canary team serve: cannot write the audit log: {e}");
            false
        }
    }
}

/// The middleware every route and the fallback go through (see the module's documentation).
pub async fn gate(State(st): State<Shared>, mut req: Request, next: Next) -> Response {
    let route = action_of(
        req.method(),
        req.extensions()
            .get::<MatchedPath>()
            .map(MatchedPath::as_str),
    );
    let checked = match bearer(req.headers()) {
        Some(t) => st
            .store()
            .authenticate(t, now_secs())
            .map(|r| r.map_err(super::store::Denied::as_str)),
        None => Ok(Err("no token")),
    };
    let auth = match checked {
        Ok(Ok(a)) => Ok(a),
        Ok(Err(why)) => Err(why),
        Err(e) => return ApiError::from(e).into_response(),
    };
    // Failed authentication is bucketed per peer address.
    let key = match &auth {
        Ok(a) => format!("t{}", a.token_id),
        Err(_) => {
            let ip = req
                .extensions()
                .get::<ConnectInfo<Peer>>()
                .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.0.ip());
            format!("ip{ip}")
        }
    };
    let who = auth.as_ref().ok().copied();
    if let Admit::No { first } = st.allow(key) {
        if first {
            let refusal = ApiError::TooMany.parts();
            let record = Record::refused(route, refusal.0.as_u16(), refusal.1, &refusal.2);
            write(&st, &identify(record, who.as_ref()));
        }
        return ApiError::TooMany.into_response();
    }
    match auth {
        Ok(a) => {
            req.extensions_mut().insert(a);
        }
        Err(why) => {
            req.extensions_mut().insert(Unauthenticated(why));
        }
    }
    let resp = next.run(req).await;
    let status = resp.status();
    let record = if status.is_success() {
        let note = resp.extensions().get::<Note>().cloned().unwrap_or_default();
        let mut r = identify(Record::ok(route), who.as_ref());
        r.group_id = note.group_id.or(r.group_id);
        r.member_id = note.member_id.or(r.member_id);
        r.weeks = note.weeks;
        r
    } else {
        let refusal = resp
            .extensions()
            .get::<Refusal>()
            .cloned()
            .unwrap_or_else(|| refusal_of(status));
        let mut r = identify(Record::ok(route), who.as_ref());
        r.refusal = Some(refusal);
        r
    };
    if write(&st, &record) {
        resp
    } else {
        ApiError::Internal.into_response()
    }
}

/// Who made the request: the token's id and role and, for a member or an enrolment code, the
/// member and group it stands for.
fn identify(record: Record, auth: Option<&Auth>) -> Record {
    let mut r = record.by(auth);
    if let Some(a) = auth {
        r.member_id = a.member_id;
        r.group_id = a.group_id;
    }
    r
}
