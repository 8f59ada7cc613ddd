//! The HTTP API. Every route names the one role it accepts; the rest get 403, a missing,
//! unknown, expired or spent token gets 401. Bodies are capped at [`BODY_LIMIT`] (413) and
//! parsed strictly (unknown fields, bad JSON: 400). Each token has a token bucket (429).
//! Authentication, rate limits and the audit entry of every request are in [`crate::gate`].
//!
//! | route | role | audit `route` |
//! |---|---|---|
//! | `POST /v1/admin/groups` `{name}` | admin | `create_group` |
//! | `POST /v1/admin/enrolments` `{group, ttl_hours?}` | admin | `create_enrolment` |
//! | `POST /v1/admin/managers` `{ttl_days?}` | admin | `create_manager` |
//! | `GET /v1/admin/audit` | admin | `audit` |
//! | `POST /v1/enrol` | enrolment token (one time) | `enrol` |
//! | `PUT /v1/me/weeks` `{weeks: [...]}` / `GET` / `DELETE` | member | `share`, `my_weeks`, `delete_weeks` |
//! | `DELETE /v1/me/weeks/{week}` | member | `delete_week` |
//! | `GET /v1/groups` | manager | `groups` |
//! | `GET /v1/groups/{name}/weeks?from=YYYY-Www&to=YYYY-Www` | manager | `group_weeks` |

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::connect_info::Connected;
use axum::extract::{DefaultBodyLimit, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::serve::IncomingStream;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use tokio_rustls::rustls::ServerConfig;

use crate::aggregate::scales_json;
use crate::gate::{ApiError, AppState, Note, Shared, gate};
use crate::model::{MAX_WEEKS_PER_SHARE, ShareBody, parse_week};
use crate::store::{Auth, Role, now_secs};
use crate::tls::TlsListener;

/// The largest request body accepted.
pub const BODY_LIMIT: usize = 16 * 1024;
/// The most weeks one manager query may span.
pub const MAX_RANGE_WEEKS: i64 = 104;

/// Server settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// k: the smallest group shown; raised to [`crate::MIN_GROUP`] when lower.
    pub min_group: u32,
    /// Token bucket size per token (requests).
    pub burst: f64,
    /// Token bucket refill per second.
    pub per_second: f64,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            min_group: crate::MIN_GROUP,
            burst: 60.0,
            per_second: 10.0,
        }
    }
}

type ApiResult = Result<Response, ApiError>;

fn require(a: &Auth, role: Role) -> Result<(), ApiError> {
    if a.role == role {
        Ok(())
    } else {
        Err(ApiError::Forbidden(role))
    }
}

/// Strict JSON: any syntax error, wrong type or unknown field is a 400.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| ApiError::BadRequest("strict-json", format!("malformed JSON: {e}")))
}

/// A successful answer, with what it concerned for the audit log.
fn ok(code: StatusCode, v: Value, note: Note) -> ApiResult {
    let mut r = (code, Json(v)).into_response();
    r.extensions_mut().insert(note);
    Ok(r)
}

fn about_group(group_id: i64) -> Note {
    Note {
        group_id: Some(group_id),
        ..Note::default()
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewGroup {
    name: String,
}

async fn create_group(State(st): State<Shared>, auth: Auth, body: Bytes) -> ApiResult {
    require(&auth, Role::Admin)?;
    let g: NewGroup = parse(&body)?;
    let name = g.name.trim();
    if name.is_empty()
        || name.len() > 64
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err(ApiError::BadRequest(
            "group-name",
            "group name: 1–64 of A–Z, a–z, 0–9, - and _".into(),
        ));
    }
    let s = st.store();
    if !s.create_group(name)? {
        return Err(ApiError::Conflict("group-exists", "group exists".into()));
    }
    let id = s.group_id(name)?.ok_or(ApiError::Internal)?;
    ok(
        StatusCode::CREATED,
        json!({ "group": name }),
        about_group(id),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewEnrolment {
    group: String,
    ttl_hours: Option<u32>,
}

async fn create_enrolment(State(st): State<Shared>, auth: Auth, body: Bytes) -> ApiResult {
    require(&auth, Role::Admin)?;
    let e: NewEnrolment = parse(&body)?;
    let ttl = i64::from(e.ttl_hours.unwrap_or(72));
    if !(1..=720).contains(&ttl) {
        return Err(ApiError::BadRequest(
            "ttl",
            "ttl_hours must be 1–720".into(),
        ));
    }
    let s = st.store();
    let g = s
        .group_id(&e.group)?
        .ok_or(ApiError::NotFound("unknown-group"))?;
    let expires_at = now_secs() + ttl * 3600;
    let token = s.enrolment_token(g, expires_at)?;
    ok(
        StatusCode::CREATED,
        json!({ "token": token, "group": e.group, "expires_at": expires_at }),
        about_group(g),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewManager {
    ttl_days: Option<u32>,
}

async fn create_manager(State(st): State<Shared>, auth: Auth, body: Bytes) -> ApiResult {
    require(&auth, Role::Admin)?;
    let m: NewManager = if body.is_empty() {
        NewManager { ttl_days: None }
    } else {
        parse(&body)?
    };
    let ttl = i64::from(m.ttl_days.unwrap_or(365));
    if !(1..=730).contains(&ttl) {
        return Err(ApiError::BadRequest("ttl", "ttl_days must be 1–730".into()));
    }
    let expires_at = now_secs() + ttl * 86_400;
    let token = st.store().manager_token(expires_at)?;
    ok(
        StatusCode::CREATED,
        json!({ "token": token, "expires_at": expires_at }),
        Note::default(),
    )
}

async fn audit_log(State(st): State<Shared>, auth: Auth) -> ApiResult {
    require(&auth, Role::Admin)?;
    let entries = st.store().audit_entries()?;
    ok(
        StatusCode::OK,
        json!({ "entries": entries }),
        Note::default(),
    )
}

async fn enrol(State(st): State<Shared>, auth: Auth) -> ApiResult {
    require(&auth, Role::Enrol)?;
    let mut s = st.store();
    let (member, token) = s
        .enrol(&auth)?
        .ok_or(ApiError::Unauthorized("spent enrolment token"))?;
    ok(
        StatusCode::CREATED,
        json!({ "token": token }),
        Note {
            group_id: auth.group_id,
            member_id: Some(member),
            weeks: Vec::new(),
        },
    )
}

/// The member's weeks named in an audit entry.
fn weeks_note(weeks: Vec<String>) -> Note {
    Note {
        weeks,
        ..Note::default()
    }
}

async fn put_weeks(State(st): State<Shared>, auth: Auth, body: Bytes) -> ApiResult {
    require(&auth, Role::Member)?;
    let member = auth.member_id.ok_or(ApiError::Forbidden(Role::Member))?;
    let b: ShareBody = parse(&body)?;
    if b.weeks.len() > MAX_WEEKS_PER_SHARE {
        return Err(ApiError::BadRequest(
            "weeks-per-share",
            format!("at most {MAX_WEEKS_PER_SHARE} weeks per share"),
        ));
    }
    for w in &b.weeks {
        w.validate()
            .map_err(|m| ApiError::BadRequest("validation", m))?;
    }
    let n = st.store().put_weeks(member, &b.weeks)?;
    let mut weeks: Vec<String> = b.weeks.into_iter().map(|w| w.week).collect();
    weeks.sort();
    weeks.dedup();
    ok(StatusCode::OK, json!({ "stored": n }), weeks_note(weeks))
}

async fn my_weeks(State(st): State<Shared>, auth: Auth) -> ApiResult {
    require(&auth, Role::Member)?;
    let member = auth.member_id.ok_or(ApiError::Forbidden(Role::Member))?;
    let weeks = st.store().my_weeks(member)?;
    ok(StatusCode::OK, json!({ "weeks": weeks }), Note::default())
}

async fn delete_all(State(st): State<Shared>, auth: Auth) -> ApiResult {
    require(&auth, Role::Member)?;
    let member = auth.member_id.ok_or(ApiError::Forbidden(Role::Member))?;
    let deleted = st.store().delete_weeks(member, None)?;
    ok(
        StatusCode::OK,
        json!({ "deleted": deleted.len() }),
        weeks_note(deleted),
    )
}

async fn delete_week(State(st): State<Shared>, auth: Auth, Path(week): Path<String>) -> ApiResult {
    require(&auth, Role::Member)?;
    let member = auth.member_id.ok_or(ApiError::Forbidden(Role::Member))?;
    if parse_week(&week).is_none() {
        return Err(ApiError::BadRequest(
            "week-format",
            "week must be YYYY-Www".into(),
        ));
    }
    let deleted = st.store().delete_weeks(member, Some(&week))?;
    ok(
        StatusCode::OK,
        json!({ "deleted": deleted.len() }),
        weeks_note(deleted),
    )
}

async fn groups(State(st): State<Shared>, auth: Auth) -> ApiResult {
    require(&auth, Role::Manager)?;
    let names = st.store().group_names()?;
    ok(StatusCode::OK, json!({ "groups": names }), Note::default())
}

/// The only query a manager can make: one whole group, a week range. Nothing else is
/// accepted (any other parameter is a 400), so no two allowed queries select overlapping
/// but different sets of members.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Range {
    from: String,
    to: String,
}

#[allow(clippy::disallowed_methods)] // the server releases weeks by the real date
async fn group_weeks(
    State(st): State<Shared>,
    auth: Auth,
    Path(name): Path<String>,
    RawQuery(q): RawQuery,
) -> ApiResult {
    require(&auth, Role::Manager)?;
    let q = q.unwrap_or_default();
    let r: Range = serde_urlencoded_strict(&q)?;
    let (Some(from), Some(to)) = (parse_week(&r.from), parse_week(&r.to)) else {
        return Err(ApiError::BadRequest(
            "week-format",
            "from and to must be YYYY-Www".into(),
        ));
    };
    if to < from || i64::from((to - from).get_days()) > 7 * MAX_RANGE_WEEKS {
        return Err(ApiError::BadRequest(
            "query-range",
            format!("from ≤ to, at most {MAX_RANGE_WEEKS} weeks"),
        ));
    }
    let k = st.config.min_group.max(crate::MIN_GROUP);
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let mut s = st.store();
    let g = s
        .group_id(&name)?
        .ok_or(ApiError::NotFound("unknown-group"))?;
    let weeks = s.group_weeks(g, from, to, k, today)?;
    ok(
        StatusCode::OK,
        json!({ "group": name, "k": k, "noise": scales_json(), "weeks": weeks }),
        about_group(g),
    )
}

/// Parse `from=…&to=…` exactly: each key once, no other key, no percent-encoding needed.
fn serde_urlencoded_strict(q: &str) -> Result<Range, ApiError> {
    let bad = || {
        ApiError::BadRequest(
            "strict-query",
            "only from=YYYY-Www&to=YYYY-Www is accepted".into(),
        )
    };
    let mut map = serde_json::Map::new();
    for pair in q.split('&').filter(|p| !p.is_empty()) {
        let (k, v) = pair.split_once('=').ok_or_else(bad)?;
        if map
            .insert(k.to_string(), Value::String(v.to_string()))
            .is_some()
        {
            return Err(bad());
        }
    }
    serde_json::from_value(Value::Object(map)).map_err(|_| bad())
}

async fn no_such_route() -> ApiError {
    ApiError::NotFound("no-such-route")
}

/// The router over a store.
pub fn router(store: crate::Store, config: Config) -> Router {
    let state: Shared = Arc::new(AppState::new(store, config));
    Router::new()
        .route("/v1/admin/groups", post(create_group))
        .route("/v1/admin/enrolments", post(create_enrolment))
        .route("/v1/admin/managers", post(create_manager))
        .route("/v1/admin/audit", get(audit_log))
        .route("/v1/enrol", post(enrol))
        .route(
            "/v1/me/weeks",
            put(put_weeks).get(my_weeks).delete(delete_all),
        )
        .route("/v1/me/weeks/{week}", axum::routing::delete(delete_week))
        .route("/v1/groups", get(groups))
        .route("/v1/groups/{name}/weeks", get(group_weeks))
        .fallback(no_such_route)
        .layer(axum::middleware::from_fn_with_state(state.clone(), gate))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .with_state(state)
}

/// The peer of a connection, plain or TLS: the address failed authentication is limited by.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

impl Connected<IncomingStream<'_, TcpListener>> for Peer {
    fn connect_info(stream: IncomingStream<'_, TcpListener>) -> Peer {
        Peer(*stream.remote_addr())
    }
}

/// Serve plain HTTP on a bound listener until the process ends.
pub async fn serve(
    listener: TcpListener,
    store: crate::Store,
    config: Config,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(store, config).into_make_service_with_connect_info::<Peer>(),
    )
    .await
}

/// Serve HTTPS on a bound listener until the process ends. A failed handshake closes that
/// connection only.
pub async fn serve_tls(
    listener: TcpListener,
    tls: Arc<ServerConfig>,
    store: crate::Store,
    config: Config,
) -> std::io::Result<()> {
    axum::serve(
        TlsListener::new(listener, tls),
        router(store, config).into_make_service_with_connect_info::<Peer>(),
    )
    .await
}

/// Bind `addr` and serve on a multi-threaded runtime until the process ends, for callers
/// without a runtime of their own (the command line): HTTPS when `tls` is given, else plain
/// HTTP. `on_bound` gets the bound address.
pub fn serve_blocking(
    addr: SocketAddr,
    tls: Option<Arc<ServerConfig>>,
    store: crate::Store,
    config: Config,
    on_bound: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = TcpListener::bind(addr).await?;
        on_bound(listener.local_addr()?);
        match tls {
            Some(tls) => serve_tls(listener, tls, store, config).await,
            None => serve(listener, store, config).await,
        }
    })
}
