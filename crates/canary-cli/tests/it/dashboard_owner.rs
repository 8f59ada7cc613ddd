//! The dashboard admits only its owner: `canary serve` prints a URL with a secret per launch;
//! without that key or the cookie it is exchanged for, `/`, `/checkin` and a POST get 403 —
//! from this process, and (run as root) from another account, `nobody`, through `curl`.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use common::Home;

struct Server {
    child: Child,
    port: u16,
    url: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `canary serve --port 0` on a fresh home; the URL it printed.
fn serve(home: &Home) -> Server {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("canary"))
        .args(["serve", "--port", "0"])
        .env("CANARY_CONFIG", home.config())
        .env("CANARY_DB", home.db())
        .env("CANARY_NOW", "2026-11-27T18:00:00Z")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"))
        .to_string();
    let port = url["http://127.0.0.1:".len()..]
        .split('/')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    Server { child, port, url }
}

/// One request; the status, the headers and the body.
fn request(
    port: u16,
    method: &str,
    target: &str,
    extra: &[&str],
    body: &str,
) -> (u16, String, String) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let mut req = format!(
        "{method} {target} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    if method == "POST" {
        req.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
    }
    for h in extra {
        req.push_str(h);
        req.push_str("\r\n");
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).unwrap();
    let mut text = String::new();
    let _ = BufReader::new(s).read_to_string(&mut text);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.get(9..12).and_then(|c| c.parse().ok()).unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

fn token_of(page: &str) -> String {
    page.split("name=\"token\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .expect("a form token")
        .to_string()
}

#[test]
fn only_the_printed_url_or_its_cookie_opens_the_dashboard() {
    let home = Home::new();
    home.init(&[]);
    let history = home.dir.path().join("zsh_history");
    std::fs::write(&history, ": 1780000000:0;ls\n").unwrap();
    home.canary()
        .arg("import")
        .arg("zsh")
        .arg(&history)
        .assert()
        .success();
    let server = serve(&home);
    let port = server.port;
    let key = server.url.split("?key=").nth(1).expect("a key in the URL");
    assert!(key.len() >= 32, "{key}");

    // Without the key or the cookie: 403 and a page saying what to do.
    for path in ["/", "/checkin", "/plan", "/sources", "/style.css"] {
        let (status, _, body) = request(port, "GET", path, &[], "");
        assert_eq!(status, 403, "{path}");
        if path == "/" {
            assert!(body.contains("open the URL"), "{body}");
        }
    }
    let post = request(
        port,
        "POST",
        "/checkin",
        &[],
        "token=x&stress=5&note=intruder",
    );
    assert_eq!(post.0, 403);
    // A wrong key or a made-up cookie is no better.
    assert_eq!(request(port, "GET", "/?key=0000", &[], "").0, 403);
    assert_eq!(
        request(port, "GET", "/checkin", &["Cookie: canary_owner=guess"], "").0,
        403
    );

    // The printed URL: exchanged for an HttpOnly, SameSite=Strict cookie, and redirected to
    // the page without the key.
    let (status, head, _) = request(port, "GET", &format!("/?key={key}"), &[], "");
    assert_eq!(status, 303, "{head}");
    assert_eq!(header(&head, "location"), Some("/"));
    let set = header(&head, "set-cookie").expect("a cookie");
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    assert!(!set.contains(key), "the cookie is not the key");
    let cookie = format!("Cookie: {}", set.split(';').next().unwrap());

    let (status, _, page) = request(port, "GET", "/checkin", &[&cookie], "");
    assert_eq!(status, 200);
    // The form token stays: with the cookie but without the token, a POST is refused.
    assert_eq!(
        request(port, "POST", "/checkin", &[&cookie], "stress=3").0,
        403
    );
    let body = format!("token={}&stress=3", token_of(&page));
    assert_eq!(request(port, "POST", "/checkin", &[&cookie], &body).0, 303);
    // Nothing the refused requests sent was stored.
    let (_, _, page) = request(port, "GET", "/checkin", &[&cookie], "");
    assert!(!page.contains("intruder"));
    // The sources page names the imported path from sources.toml (the store has its hash).
    let (_, _, page) = request(port, "GET", "/sources", &[&cookie], "");
    let path = history.canonicalize().unwrap();
    assert!(page.contains(&path.display().to_string()), "{page}");
}

/// Another account on the same machine: `nobody` reaches 127.0.0.1 but not the dashboard.
#[test]
#[ignore = "needs root and setpriv"]
fn another_local_user_gets_403() {
    let whoami = Command::new("id").arg("-u").output().unwrap();
    if String::from_utf8_lossy(&whoami.stdout).trim() != "0" {
        eprintln!("skipping: not root");
        return;
    }
    let home = Home::new();
    home.init(&[]);
    let server = serve(&home);
    let base = format!("http://127.0.0.1:{}", server.port);
    let as_nobody = |args: &[&str]| {
        let out = Command::new("setpriv")
            .args([
                "--reuid=nobody",
                "--regid=nogroup",
                "--clear-groups",
                "curl",
                "-s",
            ])
            .args(["-o", "/dev/null", "-w", "%{http_code}"])
            .args(args)
            .output()
            .expect("setpriv and curl");
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    // The test can fail: nobody can connect at all (curl answers with a status).
    assert_eq!(as_nobody(&[&format!("{base}/?key=nope")]), "403");
    assert_eq!(as_nobody(&[&format!("{base}/")]), "403");
    assert_eq!(as_nobody(&[&format!("{base}/checkin")]), "403");
    assert_eq!(
        as_nobody(&["-d", "token=x&stress=5", &format!("{base}/checkin")]),
        "403"
    );
    // The owner, with the printed URL, gets in (following the redirect, keeping the cookie).
    let owner = Command::new("curl")
        .args([
            "-s",
            "-L",
            "-b",
            "",
            "-o",
            "/dev/null",
            "-w",
            "%{http_code}",
            &server.url,
        ])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&owner.stdout), "200");
}
