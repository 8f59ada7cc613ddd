//! End-to-end tests of the dashboard in headless Chromium, driven through chromedriver's
//! WebDriver protocol (plain HTTP + JSON, spoken here over a `TcpStream` to keep the build
//! small), against `canary demo --serve --port 0` and the team dashboard of `canary demo --team --serve`.
//!
//! Chromium is Debian's `chromium` and `chromium-driver`. The browser tests are
//! `#[ignore = "needs chromium"]`: `cargo test -- --include-ignored` (CI) runs them, and there
//! a missing browser is a failure. Screenshots of every page go to
//! `screenshots/` at the workspace root (git-ignored).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|p| {
        std::env::split_paths(&p)
            .map(|d| d.join(name))
            .find(|f| f.is_file())
    })
}

/// The browser and its driver. The tests that use them are `#[ignore = "needs chromium"]`;
/// run on purpose (`--include-ignored`), their absence is a failure, never a skip.
pub(crate) fn chromium() -> (PathBuf, PathBuf) {
    let browser = which("chromium").or_else(|| which("chromium-browser"));
    let driver = which("chromedriver");
    match (browser, driver) {
        (Some(b), Some(d)) => (b, d),
        _ => panic!(
            "chromium and chromedriver are not installed: apt-get install chromium chromium-driver"
        ),
    }
}

/// Kill a child process when dropped.
pub(crate) struct Proc(Child);
impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// For each dashboard started by [`server`]: the URL it printed (with the owner's
/// key) and the cookie that URL was exchanged for.
static OWNERS: std::sync::Mutex<Vec<(u16, String, String)>> = std::sync::Mutex::new(Vec::new());

/// The URL a server on `port` printed, key included.
pub(crate) fn owner_url(port: u16) -> Option<String> {
    let owners = OWNERS.lock().unwrap();
    owners.iter().find(|o| o.0 == port).map(|o| o.1.clone())
}

/// The owner's cookie for the server on `port`, sent by [`http`] unless a test gives its own
/// `Cookie` header (an empty one sends none).
pub(crate) fn owner_cookie(port: u16) -> Option<String> {
    let owners = OWNERS.lock().unwrap();
    owners.iter().find(|o| o.0 == port).map(|o| o.2.clone())
}

/// The printed URL's first visit: the 303 and its `Set-Cookie` (`name=value`).
fn exchange_key(port: u16, path_and_query: &str) -> (u16, Option<String>, Option<String>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    write!(
        s,
        "GET {path_and_query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut text = String::new();
    let _ = BufReader::new(s).read_to_string(&mut text);
    let status = text.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
    let header = |name: &str| {
        text.lines()
            .take_while(|l| !l.trim().is_empty())
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_string())
    };
    let cookie = header("set-cookie");
    let location = header("location");
    let pair = cookie
        .as_deref()
        .map(|c| c.split(';').next().unwrap_or("").to_string());
    if let Some(c) = &cookie {
        assert!(
            c.contains("HttpOnly") && c.contains("SameSite=Strict"),
            "{c}"
        );
    }
    (status, pair, location)
}

/// One HTTP/1.1 request; returns the status and body.
pub(crate) fn http(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("cookie"))
        && let Some(c) = owner_cookie(port)
    {
        req.push_str(&format!("Cookie: {c}\r\n"));
    }
    for (k, v) in headers.iter().filter(|(_, v)| !v.is_empty()) {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut r = BufReader::new(s);
    let mut status_line = String::new();
    r.read_line(&mut status_line).unwrap();
    let status = status_line[9..12].parse().unwrap();
    let mut len = None;
    loop {
        let mut line = String::new();
        r.read_line(&mut line).unwrap();
        if line.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = line.split_once(':')
            && k.eq_ignore_ascii_case("content-length")
        {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut raw = Vec::new();
    match len {
        Some(n) => {
            raw.resize(n, 0);
            r.read_exact(&mut raw).unwrap();
        }
        None => {
            r.read_to_end(&mut raw).unwrap();
        }
    }
    let body = String::from_utf8_lossy(&raw).to_string();
    (status, body)
}

pub(crate) struct Driver {
    port: u16,
    session: String,
    _proc: Proc,
    _profile: tempfile::TempDir,
}

impl Driver {
    pub(crate) fn start(browser: &Path, driver: &Path) -> Driver {
        let port = free_port();
        let proc = Proc(
            Command::new(driver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start chromedriver"),
        );
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(100));
        }
        let profile = tempfile::tempdir().unwrap();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {
                "binary": browser,
                "args": ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--window-size=1200,1600",
                    format!("--user-data-dir={}", profile.path().display())]
            }
        }}});
        let (_, body) = http(
            port,
            "POST",
            "/session",
            &[("Content-Type", "application/json")],
            &caps.to_string(),
        );
        let v: Value = serde_json::from_str(&body).expect("session JSON");
        let session = v["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {body}"))
            .to_string();
        Driver {
            port,
            session,
            _proc: proc,
            _profile: profile,
        }
    }

    pub(crate) fn cmd(&self, method: &str, path: &str, body: Value) -> Value {
        let (status, text) = http(
            self.port,
            method,
            &format!("/session/{}{path}", self.session),
            &[("Content-Type", "application/json")],
            &if method == "GET" {
                String::new()
            } else {
                body.to_string()
            },
        );
        let v: Value = serde_json::from_str(&text).unwrap_or(Value::Null);
        assert_eq!(status, 200, "{method} {path}: {text}");
        v["value"].clone()
    }

    pub(crate) fn go(&self, url: &str) {
        eprintln!("visiting {url}");
        self.cmd("POST", "/url", json!({"url": url}));
    }

    pub(crate) fn js(&self, script: &str) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": []}),
        )
    }

    pub(crate) fn count(&self, css: &str) -> u64 {
        self.js(&format!("return document.querySelectorAll({css:?}).length"))
            .as_u64()
            .unwrap()
    }

    pub(crate) fn click(&self, css: &str) {
        let el = self.cmd(
            "POST",
            "/element",
            json!({"using": "css selector", "value": css}),
        );
        let id = el
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap()
            .to_string();
        self.cmd("POST", &format!("/element/{id}/click"), json!({}));
    }

    /// Console messages at SEVERE level since the last call.
    pub(crate) fn console_errors(&self) -> Vec<String> {
        let logs = self.cmd("POST", "/se/log", json!({"type": "browser"}));
        logs.as_array()
            .into_iter()
            .flatten()
            .filter(|l| l["level"] == "SEVERE")
            .map(|l| l["message"].to_string())
            .collect()
    }

    pub(crate) fn screenshot(&self, name: &str) {
        let b64 = self.cmd("GET", "/screenshot", Value::Null);
        let png = base64(b64.as_str().unwrap());
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = http(
            self.port,
            "DELETE",
            &format!("/session/{}", self.session),
            &[],
            "",
        );
    }
}

pub(crate) fn base64(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        _ => 63,
    };
    let clean: Vec<u8> = s
        .bytes()
        .filter(|c| !matches!(c, b'=' | b'\n' | b'\r'))
        .collect();
    let mut out = Vec::with_capacity(clean.len() * 3 / 4);
    for chunk in clean.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= u32::from(val(c)) << (18 - 6 * i);
        }
        out.extend_from_slice(&n.to_be_bytes()[1..chunk.len()]);
    }
    out
}

pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `canary demo --serve --port 0` on a kept store; returns the server and its port.
pub(crate) fn demo_server(db: &Path) -> (Proc, u16) {
    server(&[
        "demo",
        "--serve",
        "--port",
        "0",
        "--keep",
        db.to_str().unwrap(),
    ])
}

/// Start `canary ARGS` (a server printing its URL as the first line on stdout); returns the
/// process and the port.
pub(crate) fn server(args: &[&str]) -> (Proc, u16) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_canary"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start canary demo --serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    // `NAME: http://127.0.0.1:PORT/?key=…`.
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or("")
        .to_string();
    let port = url
        .trim_start_matches("http://127.0.0.1:")
        .split('/')
        .next()
        .and_then(|p| p.parse::<u16>().ok());
    let Some(port) = port else {
        // The server's own error went to this test's stderr above.
        let status = child.wait().map(|s| s.to_string()).unwrap_or_default();
        panic!(
            "no URL in {line:?}: `canary {}` ended with {status}",
            args.join(" ")
        );
    };
    if let Some((_, query)) = url.split_once("/?") {
        let (status, cookie, _) = exchange_key(port, &format!("/?{query}"));
        assert_eq!(status, 303, "the printed URL is exchanged for a cookie");
        OWNERS
            .lock()
            .unwrap()
            .push((port, url.clone(), cookie.expect("a Set-Cookie")));
    }
    (Proc(child), port)
}

#[test]
fn host_and_token_checks_refuse_foreign_requests() {
    let home = tempfile::tempdir().unwrap();
    let (_server, port) = demo_server(&home.path().join("demo.db"));
    assert_eq!(http(port, "GET", "/", &[], "").0, 200);
    assert_eq!(
        http(
            port,
            "GET",
            "/",
            &[("Host", &format!("localhost:{port}"))],
            ""
        )
        .0,
        200
    );
    assert_eq!(
        http(port, "GET", "/", &[("Host", "evil.example:80")], "").0,
        403
    );
    assert_eq!(
        http(
            port,
            "GET",
            "/",
            &[("Host", &format!("evil.example:{port}"))],
            ""
        )
        .0,
        403
    );
    let form = [("Content-Type", "application/x-www-form-urlencoded")];
    // No token: refused.
    assert_eq!(http(port, "POST", "/checkin", &form, "stress=3").0, 403);
    assert_eq!(http(port, "POST", "/assess/who5", &form, "1=5").0, 403);
    // The right token but a foreign Origin: refused.
    let (_, page) = http(port, "GET", "/checkin", &[], "");
    let token = page
        .split("name=\"token\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    let cross = [form[0], ("Origin", "http://evil.example")];
    assert_eq!(
        http(
            port,
            "POST",
            "/checkin",
            &cross,
            &format!("token={token}&stress=3")
        )
        .0,
        403
    );
    assert_eq!(http(port, "GET", "/night/not-a-date", &[], "").0, 404);
    assert_eq!(
        http(
            port,
            "POST",
            "/assess/who5",
            &cross,
            &format!("token={token}&1=0")
        )
        .0,
        403
    );
    // A WHO-5 at the bottom of the scale: its meaning and the crisis message with the advice
    // to talk to a professional.
    let (status, _) = http(
        port,
        "POST",
        "/assess/who5",
        &form,
        &format!("token={token}&1=0&2=0&3=1&4=0&5=0"),
    );
    // Stored, then sent to the result page (so a reload does not post the answers again).
    assert_eq!(status, 303);
    let (status, page) = http(port, "GET", "/assess/who5", &[], "");
    assert_eq!(status, 200, "{page}");
    assert!(page.contains("4 of 100"), "{page}");
    assert!(page.contains("role=\"alert\""), "{page}");
    assert!(
        page.contains("Please talk to a professional soon"),
        "{page}"
    );
    // An answer the scale does not have is refused, and nothing is stored.
    assert_eq!(
        http(
            port,
            "POST",
            "/assess/who5",
            &form,
            &format!("token={token}&1=9")
        )
        .0,
        400
    );
}

#[test]
#[ignore = "needs chromium"]
fn every_page_in_chromium_with_charts_and_a_checkin() {
    let (browser, driver) = chromium();
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("demo.db");
    let (mut server, port) = demo_server(&db);
    let base = format!("http://127.0.0.1:{port}");
    let d = Driver::start(&browser, &driver);
    assert!(server.0.try_wait().unwrap().is_none(), "the server stopped");
    // The owner's first visit: the URL the server printed, exchanged for the cookie and
    // redirected to the page without the key.
    d.go(&owner_url(port).expect("the printed URL with its key"));
    assert_eq!(
        d.js("return location.href").as_str(),
        Some(format!("{base}/").as_str()),
        "the key is gone from the address bar"
    );

    // The report the CLI computes for the same store: the charts must match it.
    let report: Value = {
        let out = Command::new(env!("CARGO_BIN_EXE_canary"))
            .args(["demo", "--json"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let weeks = report["weeks"].as_array().unwrap().len() as u64;
    let days = report["days"].as_array().unwrap().len() as u64;

    let pages = [
        ("overview", "/", "Overview"),
        ("time", "/time", "Time"),
        ("oncall", "/oncall", "On-call"),
        ("checkin", "/checkin", "Check-in"),
        ("plan", "/plan", "Plan"),
        ("sources", "/sources", "Sources"),
    ];
    for (name, path, heading) in pages {
        d.go(&format!("{base}{path}"));
        let h = d.js("return document.querySelector('h1').textContent");
        assert_eq!(h, heading, "{path}");
        assert_eq!(
            d.console_errors(),
            Vec::<String>::new(),
            "console errors on {path}"
        );
        d.screenshot(name);
    }

    // The warning signs over time: one stacked bar per check, with the report's counts.
    d.go(&format!("{base}/"));
    let signs = report["instruments"]["signs"].as_array().unwrap();
    assert!(signs.len() >= 2, "the persona checked the signs twice");
    assert_eq!(d.count("svg g.signs"), signs.len() as u64);
    let last = signs.last().unwrap();
    let tip = d.js("return [...document.querySelectorAll('svg g.signs title')].pop().textContent");
    assert!(
        tip.as_str().unwrap().contains(&format!(
            "{} signs often, {} sometimes",
            last["often"], last["sometimes"]
        )),
        "{tip}"
    );

    d.go(&format!("{base}/time"));
    assert_eq!(d.count("svg rect.bar"), weeks, "one bar per week");
    assert!(weeks >= 20);
    assert_eq!(d.count("svg rect.cell"), 168, "7 × 24 heatmap cells");
    assert_eq!(d.count("svg rect.day"), days, "one calendar square per day");
    // A night links down to its events.
    d.click("ul.nights a");
    let h = d.js("return document.querySelector('h1').textContent");
    assert!(h.as_str().unwrap().starts_with("Night of "), "{h}");
    assert!(d.count("tbody tr") > 0);
    // Every event of that night, the same ones `canary events --night` lists for the store.
    let night = h
        .as_str()
        .unwrap()
        .trim_start_matches("Night of ")
        .to_string();
    let listed: Value = {
        let out = Command::new(env!("CARGO_BIN_EXE_canary"))
            .arg("--db")
            .arg(&db)
            .arg("--config")
            .arg(db.with_extension("toml"))
            .args([
                "--now",
                "2026-11-27T17:30:00Z",
                "events",
                "--night",
                &night,
                "--json",
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let listed = listed.as_array().unwrap();
    assert!(!listed.is_empty());
    assert_eq!(d.count("#night-events tbody tr"), listed.len() as u64);
    let first = d.js(
        "return document.querySelector('#night-events tbody td time').getAttribute('datetime')",
    );
    assert_eq!(first, listed[0]["local"], "same events, same order");
    d.screenshot("night");
    assert_eq!(d.console_errors(), Vec::<String>::new());

    d.go(&format!("{base}/oncall"));
    assert_eq!(d.count("svg g.pweek"), weeks, "one stacked bar per week");
    assert_eq!(d.count("svg g.eweek"), weeks, "one emergency bar per week");
    // Each band's segments: as many as weeks with pages in that band, as the report counts them.
    for (band, class) in [
        ("business", "g.pweek rect.ibar:not([fill])"),
        ("off_hours", "g.pweek rect.pat-hatch"),
        ("sleep", "g.pweek rect.pat-dots"),
        ("non_working_day", "g.pweek rect.pat-stripes"),
        ("vacation", "g.pweek rect.pat-cross"),
    ] {
        let want = report["weeks"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|w| w["pages_by_band"][band].as_u64().unwrap() > 0)
            .count() as u64;
        assert_eq!(d.count(&format!("svg {class}")), want, "{band}");
    }
    let emergency_weeks = report["weeks"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["pages_emergency"].as_u64().unwrap() > 0)
        .count() as u64;
    assert_eq!(
        d.count("svg g.eweek rect.ibar:not([fill])"),
        emergency_weeks
    );
    // The legend names every band in words, not by colour alone.
    let legend = d.js("return Array.from(document.querySelectorAll('p.legend')).map(e => e.textContent).join(' ')");
    for name in [
        "Business hours",
        "Off hours",
        "Sleep window",
        "Day off",
        "Vacation",
        "Emergency",
    ] {
        assert!(legend.as_str().unwrap().contains(name), "{legend}");
    }
    assert_eq!(d.console_errors(), Vec::<String>::new());

    // A check-in through the form lands in the store and on the overview.
    d.go(&format!("{base}/checkin"));
    d.click("#stress-4");
    d.click("#sleep-2");
    d.click("#exercise-no");
    d.click("#social-yes");
    d.click("#hobby-no");
    d.js("document.getElementById('note').value = 'from the browser'");
    d.click("#save-checkin");
    let mut latest = Value::Null;
    for _ in 0..50 {
        latest = d.js("const e = document.getElementById('latest-checkin'); return e ? e.textContent : document.body.innerText");
        if latest.as_str().is_some_and(|t| t.contains("stress 4/5")) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let latest = latest.as_str().unwrap();
    assert!(
        latest.contains("stress 4/5, sleep 2/5, exercise no, people yes, hobby no"),
        "{latest}"
    );
    assert!(latest.contains("from the browser"), "{latest}");
    d.screenshot("overview-after-checkin");

    // A WHO-5 questionnaire through its form: scored, shown with its meaning, on the overview.
    let who5_rows = |db: &Path| -> i64 {
        rusqlite::Connection::open(db)
            .unwrap()
            .query_row(
                "SELECT count(*) FROM answers WHERE instrument = 'who5'",
                [],
                |r| r.get(0),
            )
            .unwrap()
    };
    let who5_before = who5_rows(&db);
    d.go(&format!("{base}/checkin/who5"));
    for (item, value) in [(1, 4), (2, 4), (3, 3), (4, 3), (5, 4)] {
        d.click(&format!("#who5-{item}-{value}"));
    }
    d.click("#save-who5");
    let mut result = Value::Null;
    for _ in 0..50 {
        result = d.js(
            "const e = document.getElementById('assess-result'); return e ? e.textContent : ''",
        );
        if result.as_str().is_some_and(|t| !t.is_empty()) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let result = result.as_str().unwrap();
    assert!(result.contains("72 of 100"), "{result}");
    assert!(result.contains("above 50"), "{result}");
    assert_eq!(d.console_errors(), Vec::<String>::new());
    d.screenshot("who5-result");
    // Reloading the result page shows it again and stores nothing more.
    d.cmd("POST", "/refresh", json!({}));
    let again = d.js("return document.getElementById('assess-result').textContent");
    assert!(again.as_str().unwrap().contains("72 of 100"), "{again}");
    assert_eq!(who5_rows(&db), who5_before + 1);
    d.go(&format!("{base}/"));
    let who5 = d.js("return document.getElementById('who5-score').textContent");
    assert!(who5.as_str().unwrap().contains("72/100"), "{who5}");

    // A plan action ticked off through its button.
    d.go(&format!("{base}/plan"));
    // The monthly review's status, as `canary plan` says it (the persona saved one a month ago).
    let due = d.js("return document.getElementById('review-due').textContent");
    assert!(
        due.as_str()
            .unwrap()
            .contains("Last review on 2026-10-28; next due 2026-11-27"),
        "{due}"
    );
    let id = d.js("return document.querySelector('ul.actions li.open').id");
    let id = id.as_str().unwrap().to_string();
    d.click(&format!("#{id} button"));
    let mut done = 0;
    for _ in 0..50 {
        done = d.count(&format!("li.done#{id}"));
        if done == 1 {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(done, 1, "{id} marked done");
    drop(d);
    drop(server);

    // The store holds the check-in exactly as `canary checkin` stores it.
    let conn = rusqlite::Connection::open(&db).unwrap();
    let row: (i64, i64, String) = conn
        .query_row("SELECT stress, sleep, note FROM checkins", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(row, (4, 2, "from the browser".to_string()));
    // …and the WHO-5 answers with their scores, as `canary assess who5` keeps them.
    let (answers, scores): (String, String) = conn
        .query_row(
            "SELECT answers, scores FROM answers WHERE instrument = 'who5' ORDER BY id DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let answers: Value = serde_json::from_str(&answers).unwrap();
    assert_eq!(answers, json!({"1": 4, "2": 4, "3": 3, "4": 3, "5": 4}));
    let scores: Value = serde_json::from_str(&scores).unwrap();
    assert_eq!(scores["score"], 72, "{scores}");
}

/// The team dashboard (`canary demo --team --serve`): every page in the browser, with the
/// figures the CLI's `canary demo --team --json` computes.
#[test]
#[ignore = "needs chromium"]
fn team_dashboard_in_chromium_matches_the_team_json() {
    let (browser, driver) = chromium();
    let (mut server, port) = server(&["demo", "--team", "--serve", "--port", "0"]);
    let base = format!("http://127.0.0.1:{port}");
    let team: Value = {
        let out = Command::new(env!("CARGO_BIN_EXE_canary"))
            .args(["demo", "--team", "--json"])
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    // Read-only and local: a foreign Host is refused here too.
    let (status, _) = http(port, "GET", "/", &[("Host", "evil.example:80")], "");
    assert_eq!(status, 403);
    let (status, _) = http(port, "GET", "/no-such-page", &[], "");
    assert_eq!(status, 404);

    // Without the printed key (or its cookie) the pages, which name colleagues, are refused.
    let (status, page) = http(port, "GET", "/", &[("Cookie", "")], "");
    assert_eq!(status, 403);
    assert!(!page.contains("presp"), "{page}");

    let d = Driver::start(&browser, &driver);
    assert!(server.0.try_wait().unwrap().is_none(), "the server stopped");
    d.go(&owner_url(port).expect("the team dashboard's URL with its key"));
    for (name, path, heading) in [
        ("team-oncall", "/", "On-call fairness"),
        ("team-spof", "/spof", "Single points of failure"),
        ("team-rotation", "/rotation", "Rotation proposal"),
        ("team-cost", "/cost", "Cost of burnout"),
        ("team-health", "/health", "Team health without exposure"),
    ] {
        d.go(&format!("{base}{path}"));
        let h = d.js("return document.querySelector('h1').textContent");
        assert!(
            h.as_str().unwrap().starts_with(heading),
            "{path}: heading {h}"
        );
        assert_eq!(
            d.console_errors(),
            Vec::<String>::new(),
            "console errors on {path}"
        );
        d.screenshot(name);
    }

    // On-call fairness: one stacked bar and one table row per responder, the overloaded
    // named in words, and the balance and Gini the JSON has.
    let oncall = &team["oncall"];
    let responders = oncall["responders"].as_array().unwrap();
    assert!(responders.len() >= 8);
    d.go(&format!("{base}/"));
    assert_eq!(d.count("svg g.presp"), responders.len() as u64);
    assert_eq!(
        d.count("table.responders tbody tr"),
        responders.len() as u64
    );
    let text = d.js("return document.body.innerText");
    let text = text.as_str().unwrap();
    for r in responders {
        let name = r["responder"].as_str().unwrap();
        let tip = d.js(&format!(
            "return [...document.querySelectorAll('svg g.presp title')].map(t => t.textContent).find(t => t.startsWith({name:?}))"
        ));
        assert!(
            tip.as_str()
                .unwrap()
                .contains(&format!("{} pages", r["interruptions"])),
            "{name}: {tip}"
        );
    }
    let overloaded = oncall["overloaded"].as_array().unwrap();
    assert!(
        !overloaded.is_empty(),
        "the demo team has an overloaded member"
    );
    for o in overloaded {
        let name = o["responder"].as_str().unwrap();
        assert!(text.contains(&format!("Overloaded: {name}")), "{text}");
    }
    assert!(text.contains(&format!(
        "Balance {:.2}",
        oncall["balance"].as_f64().unwrap()
    )));
    assert!(text.contains(&format!("Gini {:.2}", oncall["gini"].as_f64().unwrap())));

    // Single points of failure: as many marked rows as areas with a bus factor of 1.
    let spofs = ["code_areas", "services"]
        .iter()
        .flat_map(|k| team["spof"][k].as_array().unwrap())
        .filter(|a| a["bus_factor"] == 1)
        .count();
    assert!(spofs >= 1, "the demo team has a single point of failure");
    d.go(&format!("{base}/spof"));
    let marked = d.js(
        "return [...document.querySelectorAll('table.areas tbody th')].filter(t => t.textContent.includes('single point of failure')).length",
    );
    assert_eq!(marked.as_u64().unwrap(), spofs as u64);

    // Rotation: one row per proposed week.
    d.go(&format!("{base}/rotation"));
    let weeks = team["rotation"]["weeks"].as_array().unwrap().len();
    assert_eq!(
        d.js("return document.querySelectorAll('table')[0].tBodies[0].rows.length")
            .as_u64()
            .unwrap(),
        weeks as u64
    );

    // Team health: one table per group as the manager saw it, every attack listed as refused.
    d.go(&format!("{base}/health"));
    let groups = team["server"]["manager_view"].as_array().unwrap();
    assert_eq!(d.count("table.health"), groups.len() as u64);
    let refusals = team["server"]["refusals"].as_array().unwrap();
    assert_eq!(d.count("ul.refusals li"), refusals.len() as u64);
    let refused = d.js(
        "return [...document.querySelectorAll('ul.refusals li')].every(l => l.textContent.startsWith('✔ refused'))",
    );
    assert_eq!(refused, Value::Bool(true));
    drop(d);
}

/// The period in the URL: a chosen past period's weekly bars are `canary report --json --since
/// … --until …`'s weeks; the navigation, "earlier" and the picker keep or move it.
#[test]
#[ignore = "needs chromium"]
fn the_period_picker_shows_the_reports_weeks_for_a_past_period() {
    let (browser, driver) = chromium();
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("demo.db");
    let (_server, port) = demo_server(&db);
    let base = format!("http://127.0.0.1:{port}");
    let d = Driver::start(&browser, &driver);
    // The owner's visit first: the printed URL's key becomes the cookie.
    d.go(&owner_url(port).expect("the printed URL with its key"));
    let report = |since: &str, until: &str| -> Value {
        let out = Command::new(env!("CARGO_BIN_EXE_canary"))
            .arg("--db")
            .arg(&db)
            .arg("--config")
            .arg(db.with_extension("toml"))
            .args(["--now", "2026-11-27T17:30:00Z", "report", "--json"])
            .args(["--since", since, "--until", until])
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let bars = || -> Vec<String> {
        let v = d.js(
            "return [...document.querySelectorAll('svg rect.bar title')].map(t => t.textContent)",
        );
        v.as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap().to_string())
            .collect()
    };
    let expected = |r: &Value| -> Vec<(String, f64)> {
        r["weeks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| {
                (
                    w["week"].as_str().unwrap().to_string(),
                    w["hours"].as_f64().unwrap(),
                )
            })
            .collect()
    };
    let same = |titles: &[String], weeks: &[(String, f64)]| {
        assert_eq!(titles.len(), weeks.len(), "{titles:?}");
        for (t, (week, hours)) in titles.iter().zip(weeks) {
            let shown: f64 = t
                .strip_prefix(&format!("{week}: "))
                .map(|rest| rest.trim_start_matches("at least "))
                .and_then(|rest| rest.split(' ').next())
                .and_then(|h| h.parse().ok())
                .unwrap_or_else(|| panic!("{t} is not week {week}"));
            assert!((shown - hours).abs() <= 0.051, "{t}: report says {hours}");
        }
    };

    // A click loads the next page on its own time: wait until the picker shows its dates.
    let wait_for_dates = |first: &str| {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !d
            .js("return document.querySelector('form.period .period-dates')?.textContent ?? ''")
            .as_str()
            .is_some_and(|t| t.starts_with(first))
        {
            assert!(Instant::now() < deadline, "no page from {first} loaded");
            std::thread::sleep(Duration::from_millis(50));
        }
    };

    d.go(&format!("{base}/time?since=2026-07&until=2026-08"));
    let r = report("2026-07", "2026-08");
    assert_eq!(r["period"]["since"], "2026-07-01");
    same(&bars(), &expected(&r));
    assert_eq!(
        d.js("return document.querySelector('form.period .period-dates').textContent"),
        "2026-07-01 – 2026-08-31 (62 days)"
    );
    // Every navigation link keeps the period.
    let hrefs = d.js(
        "return [...document.querySelectorAll('header nav a')].map(a => a.getAttribute('href'))",
    );
    for h in hrefs.as_array().unwrap() {
        assert!(
            h.as_str()
                .unwrap()
                .ends_with("?since=2026-07&until=2026-08"),
            "{h}"
        );
    }
    d.click("header nav a[href^='/oncall']");
    let deadline = Instant::now() + Duration::from_secs(10);
    while d.js("return document.querySelector('h1').textContent") != "On-call" {
        assert!(Instant::now() < deadline, "the On-call page did not load");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        d.js("return location.search"),
        "?since=2026-07&until=2026-08"
    );
    assert_eq!(d.count("svg g.pweek"), expected(&r).len() as u64);

    // "Earlier": the 62 days before, as the report computes them.
    d.go(&format!("{base}/time?since=2026-07&until=2026-08"));
    d.click("form.period a[rel=prev]");
    wait_for_dates("2026-04-30");
    same(&bars(), &expected(&report("2026-04-30", "2026-06-30")));

    // The picker's own form, in the forms `canary report` takes.
    d.go(&format!("{base}/time"));
    d.js("document.querySelector('form.period input[name=since]').value = '2026-W30'; document.querySelector('form.period input[name=until]').value = '2026-W35'; return null");
    d.click("form.period button[type=submit]");
    wait_for_dates("2026-07-20");
    assert_eq!(
        d.js("return location.search"),
        "?since=2026-W30&until=2026-W35"
    );
    same(&bars(), &expected(&report("2026-W30", "2026-W35")));
    assert_eq!(d.console_errors(), Vec::<String>::new());

    // A period the URL cannot mean is a page that says why (status 400), not a server error.
    d.go(&format!("{base}/time?since=soon"));
    let msg = d.js("return document.querySelector('#period-error').textContent");
    assert!(msg.as_str().unwrap().contains("YYYY-Www"), "{msg}");
}
