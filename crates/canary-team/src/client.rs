//! The blocking client for a team server, used by the `canary team` client commands and the
//! tests: `ureq` over rustls (ring provider), with timeouts and no redirects.
//!
//! The rule for URLs ([`ServerUrl::parse`]): `https://HOST[:PORT]` to any host; `http://` only
//! to a loopback address (`127.0.0.0/8`, `::1`, `localhost`), since a token must never cross a
//! network in clear. Server certificates are checked against Mozilla's roots and, when given,
//! the certificates of a PEM file (a private CA or a self-signed server certificate).

use std::fmt;
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use tokio_rustls::rustls;

use ureq::tls::{Certificate, PemItem, RootCerts, TlsConfig, TlsProvider};

/// How long connecting may take.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a whole request may take, connecting included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);
/// The largest response body read.
const RESPONSE_LIMIT: u64 = 8 * 1024 * 1024;

/// Errors of the client: a refused URL, an unusable CA file, or a failed exchange.
#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    #[error("{0}")]
    BadUrl(String),
    #[error(
        "{0} is not a loopback address: plain http:// would send tokens across the network in \
         clear; use https://{0} (the server needs --tls-cert/--tls-key or a TLS proxy), or \
         http://127.0.0.1:PORT through a tunnel (ssh -L)"
    )]
    Cleartext(String),
    #[error("cannot read the CA certificate file {}", path.display())]
    CaFile {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{} holds no PEM certificate (-----BEGIN CERTIFICATE-----)", .0.display())]
    CaEmpty(PathBuf),
    /// The server's certificate was refused; the text says why and what to do.
    #[error("the server's TLS certificate was refused: {0}")]
    Certificate(String),
    #[error("TLS failed: {0}")]
    Tls(String),
    #[error("the team server did not answer in time ({0})")]
    Timeout(String),
    #[error("cannot connect to the team server: {0}")]
    Connect(String),
    #[error("{0}")]
    Http(String),
}

/// `http` (loopback only) or `https`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    Http,
    Https,
}

/// A checked server URL: scheme, host and port, nothing else.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerUrl {
    pub scheme: Scheme,
    /// The host as written (an IPv6 literal keeps its brackets).
    pub host: String,
    pub port: u16,
}

impl fmt::Display for ServerUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self.scheme {
            Scheme::Http => "http",
            Scheme::Https => "https",
        };
        write!(f, "{s}://{}:{}", self.host, self.port)
    }
}

impl ServerUrl {
    /// Check `url` against the rules above; no name is resolved and nothing is connected.
    pub fn parse(url: &str) -> Result<ServerUrl, ClientError> {
        let bad = |why: &str| ClientError::BadUrl(format!("server URL {url:?}: {why}"));
        let (scheme, rest) = if let Some(r) = strip_prefix_ci(url, "https://") {
            (Scheme::Https, r)
        } else if let Some(r) = strip_prefix_ci(url, "http://") {
            (Scheme::Http, r)
        } else {
            return Err(bad("give it as https://HOST[:PORT]"));
        };
        let hostport = rest.strip_suffix('/').unwrap_or(rest);
        if hostport.is_empty() {
            return Err(bad("no host"));
        }
        if hostport.contains(['/', '?', '#', '@', ' ']) {
            return Err(bad(
                "give only the scheme, host and port, without a path or user",
            ));
        }
        let default_port = if scheme == Scheme::Https { 443 } else { 80 };
        let (host, port) = if let Some(v6) = hostport.strip_prefix('[') {
            let (addr, after) = v6.split_once(']').ok_or_else(|| bad("unclosed ["))?;
            if addr.parse::<std::net::Ipv6Addr>().is_err() {
                return Err(bad("not an IPv6 address between [ and ]"));
            }
            let port = match after {
                "" => default_port,
                p => p
                    .strip_prefix(':')
                    .and_then(|p| p.parse().ok())
                    .ok_or_else(|| bad("bad port"))?,
            };
            (format!("[{addr}]"), port)
        } else {
            let (h, p) = match hostport.rsplit_once(':') {
                Some((h, p)) => (h, Some(p)),
                None => (hostport, None),
            };
            if h.contains(':') {
                return Err(bad("write an IPv6 address between [ and ]"));
            }
            if h.is_empty()
                || !h
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
            {
                return Err(bad("bad host name"));
            }
            let port = match p {
                None => default_port,
                Some(p) => p.parse().map_err(|_| bad("bad port"))?,
            };
            (h.to_ascii_lowercase(), port)
        };
        if port == 0 {
            return Err(bad("port 0"));
        }
        let url = ServerUrl { scheme, host, port };
        if scheme == Scheme::Http && !url.is_loopback() {
            return Err(ClientError::Cleartext(url.host_port()));
        }
        Ok(url)
    }

    /// `localhost` or a loopback IP literal (decided without resolving anything).
    pub fn is_loopback(&self) -> bool {
        let h = self.host.trim_start_matches('[').trim_end_matches(']');
        h == "localhost" || h.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
    }

    fn host_port(&self) -> String {
        format!("{}:{}", self.host, self.port)
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// A response: status code and body. A non-2xx status is a response, not an error.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub body: Vec<u8>,
}

impl Response {
    /// The body as JSON (`Null` when it is not JSON).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or(serde_json::Value::Null)
    }

    /// True for 2xx.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The server's `error` field, or a generic phrase.
    pub fn error_message(&self) -> String {
        self.json()["error"]
            .as_str()
            .unwrap_or("no reason given")
            .to_string()
    }
}

/// A client for one server.
#[derive(Debug, Clone)]
pub struct Client {
    url: ServerUrl,
    agent: ureq::Agent,
}

/// The certificates of a PEM file (one or more `CERTIFICATE` blocks; anything else ignored).
pub fn load_ca(path: &Path) -> Result<Vec<Certificate<'static>>, ClientError> {
    let pem = std::fs::read(path).map_err(|source| ClientError::CaFile {
        path: path.to_path_buf(),
        source,
    })?;
    let certs: Vec<Certificate<'static>> = ureq::tls::parse_pem(&pem)
        .filter_map(|item| match item {
            Ok(PemItem::Certificate(c)) => Some(c.to_owned()),
            _ => None,
        })
        .collect();
    if certs.is_empty() {
        return Err(ClientError::CaEmpty(path.to_path_buf()));
    }
    Ok(certs)
}

impl Client {
    /// A client for `url` (checked by [`ServerUrl::parse`]), trusting Mozilla's roots and,
    /// when `ca` is given, the certificates in that PEM file too.
    pub fn new(url: &str, ca: Option<&Path>) -> Result<Client, ClientError> {
        let url = ServerUrl::parse(url)?;
        let roots = match ca {
            None => RootCerts::WebPki,
            Some(path) => {
                let mut certs: Vec<Certificate<'static>> = webpki_root_certs::TLS_SERVER_ROOT_CERTS
                    .iter()
                    .map(|c| Certificate::from_der(c.as_ref()).to_owned())
                    .collect();
                certs.extend(load_ca(path)?);
                RootCerts::from(certs)
            }
        };
        let tls = TlsConfig::builder()
            .provider(TlsProvider::Rustls)
            .root_certs(roots)
            .build();
        // A proxy from the environment is fine for https (CONNECT carries TLS end to end) but
        // not for http, whose requests would leave this machine in clear; nor for loopback.
        let proxy = match url.scheme {
            Scheme::Https if !url.is_loopback() => ureq::Proxy::try_from_env(),
            _ => None,
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .tls_config(tls)
            .proxy(proxy)
            .http_status_as_error(false)
            .max_redirects(0)
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_global(Some(REQUEST_TIMEOUT))
            .user_agent(concat!("canary/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Ok(Client { url, agent })
    }

    /// The server this client talks to.
    pub fn url(&self) -> &ServerUrl {
        &self.url
    }

    /// Send one request (`path` starts with `/`; `token` goes in `Authorization: Bearer`).
    pub fn request(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<&[u8]>,
    ) -> Result<Response, ClientError> {
        if !path.starts_with('/') {
            return Err(ClientError::BadUrl(format!(
                "path {path:?} must start with /"
            )));
        }
        let mut req = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.url));
        if let Some(t) = token {
            req = req.header("Authorization", format!("Bearer {t}"));
        }
        let result = match body {
            Some(b) => {
                let req = req
                    .header("Content-Type", "application/json")
                    .body(b)
                    .map_err(|e| ClientError::Http(e.to_string()))?;
                self.agent.run(req)
            }
            // A POST or PUT without a body goes with `Content-Length: 0`: left to itself ureq
            // sends such a request chunked, a handler that reads no body leaves the final
            // chunk unread, the server then closes the connection, and the next request on
            // that pooled connection fails with "Peer disconnected".
            None if matches!(method, "POST" | "PUT" | "PATCH") => {
                let req = req
                    .header("Content-Length", "0")
                    .body(&[][..])
                    .map_err(|e| ClientError::Http(e.to_string()))?;
                self.agent.run(req)
            }
            None => {
                let req = req
                    .body(ureq::SendBody::none())
                    .map_err(|e| ClientError::Http(e.to_string()))?;
                self.agent.run(req)
            }
        };
        let mut resp = result.map_err(classify)?;
        let status = resp.status().as_u16();
        let body = resp
            .body_mut()
            .with_config()
            .limit(RESPONSE_LIMIT)
            .read_to_vec()
            .map_err(classify)?;
        Ok(Response { status, body })
    }
}

/// Turn ureq's error into one a person can act on.
fn classify(e: ureq::Error) -> ClientError {
    match e {
        ureq::Error::Rustls(r) => tls_error(&r),
        ureq::Error::Io(io) => {
            // rustls reports a refused certificate through the stream, as an I/O error.
            match io.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
                Some(r) => tls_error(r),
                None => ClientError::Connect(io.to_string()),
            }
        }
        ureq::Error::Timeout(t) => ClientError::Timeout(t.to_string()),
        ureq::Error::HostNotFound => ClientError::Connect("host not found".into()),
        ureq::Error::ConnectionFailed => ClientError::Connect("connection failed".into()),
        ureq::Error::Tls(m) => ClientError::Tls(m.to_string()),
        other => ClientError::Http(other.to_string()),
    }
}

fn tls_error(e: &rustls::Error) -> ClientError {
    use rustls::CertificateError as C;
    let untrusted = "it is signed by no authority this client trusts; if the server uses a \
                     private CA or a self-signed certificate, pass that certificate with \
                     --ca-cert FILE (or CANARY_TEAM_CA)";
    let why = match e {
        rustls::Error::InvalidCertificate(c) => match c {
            C::UnknownIssuer => untrusted.to_string(),
            C::NotValidForName | C::NotValidForNameContext { .. } => {
                "it does not name this host; use the name or address the certificate was \
                 made for"
                    .to_string()
            }
            C::Expired | C::ExpiredContext { .. } => "it has expired".to_string(),
            C::NotValidYet | C::NotValidYetContext { .. } => {
                "it is not valid yet (check both clocks)".to_string()
            }
            other if format!("{other:?}").contains("CaUsedAsEndEntity") => {
                "it is a CA certificate (CA:TRUE) used as the server's own; make the server's \
                 certificate with CA:FALSE, or sign it with a CA and pass the CA with --ca-cert"
                    .to_string()
            }
            other => format!("{other:?}; {untrusted}"),
        },
        other => return ClientError::Tls(other.to_string()),
    };
    ClientError::Certificate(why)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(url: &str) -> ServerUrl {
        ServerUrl::parse(url).unwrap_or_else(|e| panic!("{url}: {e}"))
    }

    #[test]
    fn https_goes_to_any_host_with_443_by_default() {
        assert_eq!(
            ok("https://team.example.org").to_string(),
            "https://team.example.org:443"
        );
        assert_eq!(ok("https://TEAM.example.org:8443/").port, 8443);
        assert_eq!(ok("HTTPS://192.0.2.1:7878").host, "192.0.2.1");
        assert_eq!(ok("https://[2001:db8::1]:7878").host, "[2001:db8::1]");
    }

    #[test]
    fn http_goes_to_loopback_only() {
        assert_eq!(ok("http://127.0.0.1:7878").port, 7878);
        assert_eq!(ok("http://127.1.2.3:7878").scheme, Scheme::Http);
        assert_eq!(
            ok("http://localhost:7878").to_string(),
            "http://localhost:7878"
        );
        assert_eq!(ok("http://[::1]:7878").host, "[::1]");
        assert_eq!(ok("http://127.0.0.1").port, 80);
        for url in [
            "http://192.0.2.1:7878",
            "http://10.0.0.1",
            "http://team.example.org:7878",
            "http://localhost.example.org",
            "http://[2001:db8::1]:7878",
            "http://0.0.0.0:7878",
        ] {
            let e = ServerUrl::parse(url).unwrap_err();
            assert!(matches!(e, ClientError::Cleartext(_)), "{url}: {e}");
            assert!(e.to_string().contains("not a loopback address"), "{e}");
        }
    }

    #[test]
    fn anything_but_scheme_host_and_port_is_refused() {
        for url in [
            "",
            "127.0.0.1:7878",
            "ftp://127.0.0.1",
            "https://",
            "https://host/v1/groups",
            "https://user@host",
            "https://host:notaport",
            "https://host:70000",
            "https://host:0",
            "https://host?x=1",
            "https://2001:db8::1",
            "https://[2001:db8::1",
            "https://[nothost]:1",
            "https://ho st",
        ] {
            assert!(
                matches!(ServerUrl::parse(url), Err(ClientError::BadUrl(_))),
                "{url}"
            );
        }
    }

    #[test]
    fn a_missing_or_empty_ca_file_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("none.pem");
        assert!(matches!(
            Client::new("https://h", Some(&missing)),
            Err(ClientError::CaFile { .. })
        ));
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "not a certificate").unwrap();
        assert!(matches!(
            Client::new("https://h", Some(&empty)),
            Err(ClientError::CaEmpty(_))
        ));
    }
}
