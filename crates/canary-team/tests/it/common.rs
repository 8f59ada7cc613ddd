//! Shared helpers: a server on a random loopback port with a fresh store.
#![allow(dead_code)]

use std::net::SocketAddr;

use canary_team::client::{Client, Response};
use canary_team::{Config, Store};
use serde_json::{Value, json};

pub struct Srv {
    pub addr: SocketAddr,
    pub client: Client,
    pub admin: String,
    pub dir: tempfile::TempDir,
}

pub async fn start(config: Config) -> Srv {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("team.db")).unwrap();
    let admin = store.init_admin().unwrap().expect("first admin token");
    assert!(store.init_admin().unwrap().is_none(), "shown only once");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(canary_team::serve(listener, store, config));
    let client = Client::new(&format!("http://{addr}"), None).unwrap();
    Srv {
        addr,
        client,
        admin,
        dir,
    }
}

/// The same over HTTPS, with a self-signed certificate for `localhost` made here; `client`
/// trusts it, and `new_client` makes more clients that do.
pub async fn start_tls(config: Config) -> Srv {
    let dir = tempfile::tempdir().unwrap();
    let ck =
        rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    std::fs::write(&cert, ck.cert.pem()).unwrap();
    std::fs::write(&key, ck.signing_key.serialize_pem()).unwrap();
    let tls = canary_team::tls::server_config(&cert, &key).unwrap();
    let store = Store::open(&dir.path().join("team.db")).unwrap();
    let admin = store.init_admin().unwrap().expect("first admin token");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(canary_team::serve_tls(listener, tls, store, config));
    let client = Client::new(&format!("https://localhost:{}", addr.port()), Some(&cert)).unwrap();
    Srv {
        addr,
        client,
        admin,
        dir,
    }
}

pub fn lenient() -> Config {
    Config {
        burst: 10_000.0,
        per_second: 10_000.0,
        ..Config::default()
    }
}

impl Srv {
    /// A client of its own (its own connections), as another member's machine would have.
    pub fn new_client(&self) -> Client {
        if self.ca().exists() {
            Client::new(&self.https_url(), Some(&self.ca())).unwrap()
        } else {
            Client::new(&format!("http://{}", self.addr), None).unwrap()
        }
    }

    /// The certificate a server from [`start_tls`] serves (and its clients trust).
    pub fn ca(&self) -> std::path::PathBuf {
        self.dir.path().join("cert.pem")
    }

    /// The HTTPS URL of a server from [`start_tls`], by the name its certificate carries.
    pub fn https_url(&self) -> String {
        format!("https://localhost:{}", self.addr.port())
    }

    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        self.raw(
            method,
            path,
            token,
            body.map(|b| b.to_string().into_bytes()),
        )
        .await
    }

    pub async fn raw(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Response {
        let (client, method, path, token) = (
            self.client.clone(),
            method.to_string(),
            path.to_string(),
            token.map(str::to_string),
        );
        tokio::task::spawn_blocking(move || {
            client
                .request(&method, &path, token.as_deref(), body.as_deref())
                .unwrap()
        })
        .await
        .unwrap()
    }

    pub async fn group(&self, name: &str) {
        let r = self
            .call(
                "POST",
                "/v1/admin/groups",
                Some(&self.admin),
                Some(json!({ "name": name })),
            )
            .await;
        assert_eq!(r.status, 201, "{:?}", r.json());
    }

    pub async fn member(&self, group: &str) -> String {
        let r = self
            .call(
                "POST",
                "/v1/admin/enrolments",
                Some(&self.admin),
                Some(json!({ "group": group })),
            )
            .await;
        assert_eq!(r.status, 201);
        let enrol = r.json()["token"].as_str().unwrap().to_string();
        let r = self.call("POST", "/v1/enrol", Some(&enrol), None).await;
        assert_eq!(r.status, 201, "{:?}", r.json());
        r.json()["token"].as_str().unwrap().to_string()
    }

    pub async fn manager(&self) -> String {
        let r = self
            .call(
                "POST",
                "/v1/admin/managers",
                Some(&self.admin),
                Some(json!({})),
            )
            .await;
        assert_eq!(r.status, 201);
        r.json()["token"].as_str().unwrap().to_string()
    }

    pub async fn share(&self, token: &str, weeks: Value) -> Response {
        self.call(
            "PUT",
            "/v1/me/weeks",
            Some(token),
            Some(json!({ "weeks": weeks })),
        )
        .await
    }

    pub async fn view(&self, mgr: &str, group: &str, query: &str) -> Response {
        self.call(
            "GET",
            &format!("/v1/groups/{group}/weeks?{query}"),
            Some(mgr),
            None,
        )
        .await
    }
}

/// A full week's share with every metric.
pub fn week(w: &str, hours: f64) -> Value {
    json!({
        "week": w, "hours": hours, "after_hours_share": 0.2, "sleep_nights": 1,
        "interruptions": 3, "risk": "medium",
        "instruments": { "cbi_personal": 50.0, "cbi_work": 40.0, "who5": 60 }
    })
}

/// Assert that a released mean is within the noise of `truth`: `answer` is the manager's
/// answer (its `noise` gives the scale b on the sum), `n` the members who shared the figure.
/// Laplace noise exceeds 14 b with probability e^-14 < 1e-6; rounding adds at most 0.05.
pub fn assert_near(answer: &Value, figures: &Value, key: &str, truth: f64, n: usize) {
    let b = answer["noise"][key]
        .as_f64()
        .unwrap_or_else(|| panic!("no scale for {key}"));
    let shown = figures[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} not shown: {figures}"));
    let bound = 14.0 * b / n as f64 + 0.05;
    assert!(
        (shown - truth).abs() <= bound,
        "{key}: {shown} is not within {bound:.2} of {truth}"
    );
}
