//! `canary team dashboard` on the real on-call examples: every page answers, and the
//! on-call fairness page shows each responder with the pages `canary team oncall --json`
//! counts for the same inputs. (The pages in a real browser: `tests/dashboard.rs`.)

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use common::{Home, ONCALL_ROSTER};

/// Kill the server when the test ends, however it ends.
struct Proc(Child);
impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// GET `path` with `cookie` (may be empty): the status, the head and the body.
fn get_with(port: u16, path: &str, host: &str, cookie: &str) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let status = raw
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    (status, head.to_string(), body.to_string())
}

#[test]
#[ignore = "needs ../shared/data"]
fn team_dashboard_pages_show_what_team_oncall_counts() {
    let data = common::shared_data();
    let home = Home::new();
    let roster = home.dir.path().join("team.toml");
    std::fs::write(&roster, ONCALL_ROSTER).unwrap();
    let pd = data.join("oncall/pagerduty-api-examples");
    let og = data.join("oncall/opsgenie-api-examples");

    let oncall = {
        let out = home
            .canary()
            .args(["team", "oncall", "--json", "--roster"])
            .arg(&roster)
            .arg(&pd)
            .arg(&og)
            .assert()
            .success();
        common::json_of(out.get_output())
    };
    let responders = oncall["responders"].as_array().unwrap();
    assert!(responders.len() > 3, "unlisted responders are found too");

    let mut child = Command::new(env!("CARGO_BIN_EXE_canary"))
        .env("CANARY_CONFIG", home.config())
        .env("CANARY_DB", home.db())
        .env("CANARY_NOW", "2026-11-27T18:00:00Z")
        .args(["team", "dashboard", "--port", "0", "--roster"])
        .arg(&roster)
        .arg("--oncall")
        .arg(&pd)
        .arg("--oncall")
        .arg(&og)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start canary team dashboard");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _server = Proc(child);
    // `Canary team dashboard: http://127.0.0.1:PORT/?key=KEY`
    let url = line.trim().rsplit(' ').next().unwrap_or("");
    let (base, key) = url
        .split_once("/?key=")
        .unwrap_or_else(|| panic!("no URL with a key in {line:?}"));
    let port: u16 = base
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {line:?}"));
    let host = format!("127.0.0.1:{port}");

    // The pages name colleagues: without the printed key, or its cookie, nothing is shown.
    let (status, _, refused) = get_with(port, "/", &host, "");
    assert_eq!(status, 403);
    assert!(!refused.contains("presp"), "{refused}");
    assert_eq!(get_with(port, "/?key=0000", &host, "").0, 403);
    let (status, head, _) = get_with(port, &format!("/?key={key}"), &host, "");
    assert_eq!(status, 303, "{head}");
    let cookie = head
        .lines()
        .find(|l| l.to_ascii_lowercase().starts_with("set-cookie:"))
        .and_then(|l| l["set-cookie:".len()..].split(';').next())
        .map(str::trim)
        .unwrap_or_else(|| panic!("no cookie in {head}"))
        .to_string();
    let get = |path: &str, host: &str| {
        let (status, _, body) = get_with(port, path, host, &cookie);
        (status, body)
    };

    let (status, page) = get("/", &host);
    assert_eq!(status, 200, "{page}");
    // One stacked bar per responder, its title naming them and their pages.
    assert_eq!(
        page.matches("<g class=\"presp\">").count(),
        responders.len()
    );
    for r in responders {
        let name = r["responder"].as_str().unwrap();
        let tip = format!(
            "<title>{}{}: {} pages",
            name,
            if oncall["overloaded"]
                .as_array()
                .unwrap()
                .iter()
                .any(|o| o["responder"] == r["responder"])
            {
                " (overloaded)"
            } else {
                ""
            },
            r["interruptions"]
        );
        assert!(page.contains(&tip), "{tip} not in the page");
    }
    assert!(page.contains(&format!(
        "Balance <strong>{:.2}</strong>",
        oncall["balance"].as_f64().unwrap()
    )));
    // Responders outside the roster are marked and explained.
    assert!(page.contains("not in the roster"));

    for path in ["/spof", "/rotation", "/cost"] {
        let (status, body) = get(path, &host);
        assert_eq!(status, 200, "{path}: {body}");
    }
    // Services from the incidents: the same as `canary team spof --incidents`.
    let (_, spof) = get("/spof", &host);
    assert!(spof.contains("Services (incidents)"));
    // No team server in real use: that page is the demo's only.
    assert_eq!(get("/health", &host).0, 404);
    // Bound to loopback and refusing foreign Host headers.
    assert_eq!(get("/", "evil.example").0, 403);
}

#[test]
fn team_dashboard_needs_something_to_show() {
    let home = Home::new();
    home.canary()
        .args(["team", "dashboard", "--port", "0"])
        .assert()
        .failure()
        .stderr(predicates::str::contains("--oncall"));
}
