//! What both dashboards refuse, and the headers they send with every answer.
//!
//! - **Host.** A request whose `Host` is not `127.0.0.1:PORT` or `localhost:PORT` gets 403: a
//!   page elsewhere cannot reach the dashboard through a name it controls (DNS rebinding).
//! - **Origin.** A POST whose `Origin` is present and not the dashboard's own gets 403 before
//!   its form is read.
//! - **Form token.** Every form carries a per-process random token in a hidden field; a POST
//!   without it, or with another, gets 403 ([`refuse_bad_token`]). Both checks must pass.
//! - **Owner.** Each dashboard admits only the person who started it ([`owner_gate`]): the
//!   personal one (`canary serve`) shows their health, the team one (`canary team dashboard`)
//!   names colleagues and their pager load. The command prints a URL with a secret per launch (`/?key=…`); the
//!   first visit exchanges it for an `HttpOnly`, `SameSite=Strict` cookie and is redirected to
//!   the same page without the key; every request with neither the cookie nor the key gets
//!   403 and a short page saying to open the printed URL. Another account on the machine can
//!   reach 127.0.0.1 but cannot read the key (it went to the owner's terminal) or the cookie.
//!   The form token stays, against cross-site forms in the owner's own browser.
//! - **Headers.** A Content-Security-Policy that allows nothing from elsewhere (styles and
//!   images from the server itself, forms only to it, no frames), `X-Content-Type-Options:
//!   nosniff` and `Referrer-Policy: same-origin` (with `no-referrer` browsers send
//!   `Origin: null`, which the Origin check refuses).

use std::collections::HashMap;

use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// A per-process random token: 128 bits of the OS's randomness (`getrandom`, as every secret),
/// as 32 hex digits.
pub(crate) fn random_token() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// A secret for the owner's URL: 256 bits from the one source of randomness for secrets
/// (`getrandom`), as 64 hex digits.
pub(crate) fn owner_secret() -> Result<String, getrandom::Error> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)?;
    Ok(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// Compare two secrets in time that does not depend on where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// The cookie that admits the owner after the first visit.
pub(crate) const OWNER_COOKIE: &str = "canary_owner";

/// Admit the owner only: a request carrying the launch's `key` in its query (a GET is
/// redirected to the same URL without it, setting the cookie), or the cookie `session`.
/// Everything else gets 403 with a page saying to open the URL `serve` printed.
pub(crate) async fn owner_gate(key: &str, session: &str, req: Request, next: Next) -> Response {
    let query = req.uri().query().unwrap_or("");
    let (with_key, rest): (Vec<&str>, Vec<&str>) = query
        .split('&')
        .filter(|p| !p.is_empty())
        .partition(|p| p.starts_with("key="));
    let key_ok = with_key
        .iter()
        .any(|p| same_secret(p.trim_start_matches("key="), key));
    if key_ok && req.method() == axum::http::Method::GET {
        let mut to = req.uri().path().to_string();
        if !rest.is_empty() {
            to.push('?');
            to.push_str(&rest.join("&"));
        }
        let cookie = format!("{OWNER_COOKIE}={session}; HttpOnly; SameSite=Strict; Path=/");
        let mut res = (StatusCode::SEE_OTHER, "").into_response();
        let h = res.headers_mut();
        if let (Ok(loc), Ok(c)) = (HeaderValue::from_str(&to), HeaderValue::from_str(&cookie)) {
            h.insert(header::LOCATION, loc);
            h.insert(header::SET_COOKIE, c);
        }
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        return res;
    }
    let cookie_ok = req
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .any(|(name, value)| name == OWNER_COOKIE && same_secret(value, session));
    if key_ok || cookie_ok {
        return next.run(req).await;
    }
    if req.method() == axum::http::Method::POST {
        // Read the (small) body first so the client gets the answer, not a reset.
        let _ = axum::body::to_bytes(req.into_body(), 64 * 1024).await;
    }
    let page = "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Canary: not \
                yours</title><h1>This dashboard is not open to you</h1><p>It shows \
                people's data and admits only whoever started it. If that is you, open the \
                URL it printed in your terminal (it ends in <code>/?key=…</code>), or start \
                it again.</p></html>\n";
    (
        StatusCode::FORBIDDEN,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

/// The form's token against the server's: the 403 to send when it is missing or wrong.
pub(crate) fn refuse_bad_token(form: &HashMap<String, String>, token: &str) -> Option<Response> {
    (form.get("token").map(String::as_str) != Some(token)).then(|| {
        (
            StatusCode::FORBIDDEN,
            "forbidden: missing or wrong form token\n",
        )
            .into_response()
    })
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_form_token_is_128_bits_from_getrandom() {
        let a = super::random_token().unwrap();
        let b = super::random_token().unwrap();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()), "{a}");
        assert_ne!(a, b);
    }

    /// The CLI draws no secret from anything but `getrandom` (not `RandomState`, not
    /// `fastrand`).
    #[test]
    fn no_other_source_of_randomness_in_the_cli() {
        fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    walk(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(p);
                }
            }
        }
        let mut files = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut files,
        );
        for f in files {
            let text = std::fs::read_to_string(&f).unwrap();
            for n in [concat!("fast", "rand::"), concat!("Random", "State::")] {
                assert!(!text.contains(n), "{} uses {n}", f.display());
            }
        }
    }
}
