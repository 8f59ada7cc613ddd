//! A questionnaire with items skipped is kept as partial and never hides the last complete
//! score; an empty check-in is refused with a message, in the CLI and in the dashboard.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use common::{Home, json_of};

#[test]
fn a_who5_with_an_item_skipped_keeps_the_earlier_score_of_the_day() {
    let home = Home::new();
    home.init(&[]);
    let assess = |at: &str, answers: &[&str]| {
        let mut cmd = home.canary();
        cmd.env("CANARY_NOW", at).args(["assess", "who5"]);
        for a in answers {
            cmd.args(["--answer", a]);
        }
        cmd.assert().success();
    };
    assess("2026-11-27T08:00:00Z", &["1=2", "2=1", "3=1", "4=2", "5=1"]);
    let out = home
        .canary()
        .env("CANARY_NOW", "2026-11-27T17:00:00Z")
        .args([
            "assess", "who5", "--answer", "1=5", "--answer", "2=5", "--answer", "3=5", "--answer",
            "4=5",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("kept as partial"));
    let r = json_of(&home.canary().args(["report", "--json"]).output().unwrap());
    assert_eq!(
        r["instruments"]["who5"]["score"], 28,
        "{}",
        r["instruments"]
    );
    assert_eq!(r["instruments"]["partial"][0]["instrument"], "who5");
    assert_eq!(r["instruments"]["partial"][0]["answered"], 4);
    assert_eq!(r["instruments"]["partial"][0]["scored"], false);
    assert!(r["crisis"].as_str().unwrap().contains("28 of 100"));
    let text = String::from_utf8(home.canary().arg("report").output().unwrap().stdout).unwrap();
    assert!(
        text.contains("Well-being (WHO-5, 2026-11-27): 28 of 100"),
        "{text}"
    );
    assert!(
        text.contains("Partial WHO-5 of 2026-11-27 17:00: 4 of 5 items answered, kept as partial"),
        "{text}"
    );
}

#[test]
fn an_empty_checkin_is_refused_in_the_cli() {
    let home = Home::new();
    home.init(&[]);
    for args in [&["checkin"][..], &["checkin", "--note", "tired"][..]] {
        home.canary()
            .args(args)
            .assert()
            .failure()
            .stderr(predicates::str::contains(
                "nothing to save: a check-in needs at least one answer",
            ));
    }
    home.canary()
        .args(["checkin", "--sleep", "2"])
        .assert()
        .success();
}

/// Kill a child process when dropped.
struct Proc(Child);
impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One HTTP/1.1 request with `Connection: close` and the owner's cookie: the status and
/// body, and the response's head (for `Set-Cookie`).
fn http_as(
    port: u16,
    cookie: Option<&str>,
    method: &str,
    path: &str,
    form: Option<&str>,
) -> ((u16, String), String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let body = form.unwrap_or("");
    let mut req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if form.is_some() {
        req.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
    }
    if let Some(c) = cookie {
        req.push_str(&format!("Cookie: {c}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = String::new();
    s.read_to_string(&mut raw).unwrap();
    let status = raw[9..12].parse().unwrap();
    let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
    ((status, body.to_string()), head.to_string())
}

#[test]
fn an_empty_checkin_from_the_dashboard_is_refused_with_its_message() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("demo.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_canary"))
        .args(["demo", "--serve", "--port", "0", "--keep"])
        .arg(&db)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let _server = Proc(child);
    // The printed URL, `http://127.0.0.1:PORT/?key=KEY`: the key buys the owner's cookie.
    let url = line.trim();
    let port: u16 = url
        .split("127.0.0.1:")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let key_path = &url[url.find(&format!(":{port}")).unwrap() + 1 + port.to_string().len()..];
    let (_, head) = http_as(port, None, "GET", key_path, None);
    let cookie = head
        .lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or(l.strip_prefix("Set-Cookie: "))
        })
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("no cookie in {head}"))
        .to_string();
    let http = |port: u16, method: &str, path: &str, form: Option<&str>| {
        http_as(port, Some(&cookie), method, path, form).0
    };
    let (_, page) = http(port, "GET", "/checkin", None);
    let token = page
        .split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|t| t.split('"').next())
        .unwrap()
        .to_string();
    let count = || {
        rusqlite::Connection::open(&db)
            .unwrap()
            .query_row("SELECT count(*) FROM checkins", [], |r| r.get::<_, i64>(0))
            .unwrap()
    };
    let before = count();
    // The form as a browser sends it with nothing chosen, and with only a note.
    for form in [
        format!("token={token}&stress=&sleep=&note="),
        format!("token={token}&note=tired"),
    ] {
        let (status, body) = http(port, "POST", "/checkin", Some(&form));
        assert_eq!(status, 400, "{body}");
        assert!(
            body.contains("nothing to save: a check-in needs at least one answer"),
            "{body}"
        );
    }
    assert_eq!(count(), before, "nothing stored");
    let (status, _) = http(
        port,
        "POST",
        "/checkin",
        Some(&format!("token={token}&stress=3")),
    );
    assert_eq!(status, 303);
    assert_eq!(count(), before + 1);
    // The dashboard's plan says the same as `canary plan`: the conversations first (the
    // persona's WHO-5 is 44), and the stage with its advice.
    let (status, plan) = http(port, "GET", "/plan", None);
    assert_eq!(status, 200);
    let care = plan.find("First: two conversations").expect("care section");
    assert!(care < plan.find("This week").unwrap());
    assert!(plan.contains("Where you are: stage 3 of 4, the trapped expert"));
}
