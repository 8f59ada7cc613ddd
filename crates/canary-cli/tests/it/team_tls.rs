//! The team server over HTTPS, end to end through the real binary: a self-signed certificate
//! made at test time, `canary team serve --tls-cert --tls-key`, then every role through its own
//! command (admin, enrol, share, health) and the refusals (untrusted certificate, cleartext
//! beyond loopback, plain HTTP to the TLS port).

use crate::common;

use std::io::{Read, Write};
use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::{Home, TeamServer, json_of, team_serve};
use serde_json::Value;

struct Setup {
    home: Home,
    /// The demo's store: its settings are beside it, `demo.toml`.
    demo: PathBuf,
    cert: PathBuf,
    url: String,
    admin: String,
    _server: TeamServer,
}

fn setup() -> Setup {
    let home = Home::new();
    let demo = home.dir.path().join("demo.db");
    home.canary()
        .args(["demo", "--keep"])
        .arg(&demo)
        .assert()
        .success();
    let ck =
        rcgen::generate_simple_self_signed(vec!["localhost".into(), "127.0.0.1".into()]).unwrap();
    let cert = home.dir.path().join("cert.pem");
    let key = home.dir.path().join("key.pem");
    std::fs::write(&cert, ck.cert.pem()).unwrap();
    std::fs::write(&key, ck.signing_key.serialize_pem()).unwrap();
    let server = team_serve(
        &home.dir.path().join("team.db"),
        &[
            "--tls-cert".as_ref(),
            cert.as_os_str(),
            "--tls-key".as_ref(),
            key.as_os_str(),
        ],
    );
    let (admin, url) = (server.admin.clone(), server.url.clone());
    assert!(url.starts_with("https://"), "an https:// URL: {url}");
    Setup {
        home,
        demo,
        cert,
        url,
        admin,
        _server: server,
    }
}

impl Setup {
    /// `canary team ARGS --server URL --ca-cert CERT [--token TOKEN]`, with the demo's store.
    fn team(&self, token: Option<&str>, args: &[&str]) -> assert_cmd::Command {
        let mut c = self.bare(args);
        c.arg("--ca-cert").arg(&self.cert);
        if let Some(t) = token {
            c.args(["--token", t]);
        }
        c
    }

    /// `canary team ARGS --server URL`, nothing else.
    fn bare(&self, args: &[&str]) -> assert_cmd::Command {
        let mut c = self.home.canary();
        c.env("CANARY_DB", &self.demo)
            .env("CANARY_CONFIG", self.demo.with_extension("toml"));
        for v in ["CANARY_TEAM_TOKEN", "CANARY_TEAM_CA", "CANARY_TEAM_SERVER"] {
            c.env_remove(v);
        }
        c.arg("team").args(args).args(["--server", &self.url]);
        c
    }

    /// Run and return stdout, failing with stderr when the command fails.
    fn ok(&self, token: Option<&str>, args: &[&str]) -> String {
        let out = self.team(token, args).output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    /// A new member of `group`: admin enrolment code, then `team enrol`.
    fn member(&self, group: &str) -> String {
        let code = self.ok(Some(&self.admin), &["admin", "enrolment", "--group", group]);
        let token = self.ok(None, &["enrol", "--code", code.trim()]);
        assert!(token.trim().starts_with("ct_"), "{token}");
        token.trim().to_string()
    }

    fn share(&self, member: &str) {
        let out = self.ok(
            Some(member),
            &[
                "share",
                "--metrics",
                "hours,after_hours,sleep,risk",
                "--weeks",
                "4",
            ],
        );
        assert!(out.contains("shared 4 week(s)"), "{out}");
    }
}

/// The Monday after which the server shows `week` (7 days after its Sunday), by the real clock
/// the server uses.
#[allow(clippy::disallowed_methods)] // the server releases weeks by the real date
fn settled_by_real_clock(week: &str) -> bool {
    let monday = canary_team::model::parse_week(week).unwrap();
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    monday.checked_add(jiff::Span::new().days(13)).unwrap() < today
}

fn health(s: &Setup, mgr: &str, group: &str) -> Value {
    let out = s
        .team(
            Some(mgr),
            &[
                "health", "--group", group, "--from", "2026-W44", "--to", "2026-W47", "--json",
            ],
        )
        .output()
        .unwrap();
    json_of(&out)
}

#[test]
fn every_role_over_https_with_a_private_certificate() {
    let s = setup();
    assert!(
        s.ok(Some(&s.admin), &["admin", "group", "ops"])
            .contains("created group ops")
    );
    s.ok(Some(&s.admin), &["admin", "group", "tiny"]);
    // A group of one and a group of five, all sharing the demo's last four complete weeks
    // (CANARY_NOW is Friday of 2026-W48: W44 to W47).
    let lone = s.member("tiny");
    s.share(&lone);
    let members: Vec<String> = (0..5).map(|_| s.member("ops")).collect();
    for m in &members {
        s.share(m);
    }
    let mgr = s.ok(Some(&s.admin), &["admin", "manager", "--days", "30"]);
    let mgr = mgr.trim();
    assert_eq!(s.ok(Some(mgr), &["health"]), "ops\ntiny\n");

    // Fewer than five: no figures at all, and the table says why.
    let tiny = health(&s, mgr, "tiny");
    assert_eq!(tiny["k"], 5);
    for w in tiny["weeks"].as_array().unwrap() {
        assert_eq!(w["suppressed"], true, "{w}");
        assert!(w.get("figures").is_none(), "{w}");
    }
    let table = s.ok(
        Some(mgr),
        &[
            "health", "--group", "tiny", "--from", "2026-W44", "--to", "2026-W46",
        ],
    );
    // At 80 columns a hidden week says "hidden", with the reason under the table.
    assert_eq!(table.matches("┆ hidden").count(), 3, "{table}");
    assert!(table.contains("hidden: fewer than 5 members"), "{table}");

    // Five members: every settled week has figures, each from all five.
    let ops = health(&s, mgr, "ops");
    let weeks = ops["weeks"].as_array().unwrap();
    assert_eq!(weeks.len(), 4);
    let mut shown = 0;
    for w in weeks {
        let week = w["week"].as_str().unwrap();
        if settled_by_real_clock(week) {
            assert_eq!(w["suppressed"], false, "{w}");
            assert_eq!(w["figures"]["reporting"], 5, "{w}");
            assert!(w["figures"]["hours_mean"].as_f64().unwrap() > 0.0, "{w}");
            assert!(
                w["figures"].get("interruptions_mean").is_none(),
                "not shared: {w}"
            );
            shown += 1;
        }
    }
    assert!(
        shown >= 1,
        "the demo's weeks settle by 2026-11-23 on the real clock"
    );
    let table = s.ok(
        Some(mgr),
        &[
            "health", "--group", "ops", "--from", "2026-W44", "--to", "2026-W44",
        ],
    );
    assert!(
        table.contains("2026-W44") && !table.contains("hidden"),
        "{table}"
    );

    // The member sees and deletes their own rows; released figures stay as they were.
    let mine: Value = serde_json::from_str(&s.ok(Some(&members[0]), &["share", "--show"])).unwrap();
    assert_eq!(mine["weeks"].as_array().unwrap().len(), 4);
    let out = s.ok(Some(&members[0]), &["share", "--delete", "all"]);
    assert!(out.contains("deleted 4 week(s)"), "{out}");
    let mine: Value = serde_json::from_str(&s.ok(Some(&members[0]), &["share", "--show"])).unwrap();
    assert_eq!(mine["weeks"], serde_json::json!([]));
    let after = health(&s, mgr, "ops");
    assert_eq!(after["weeks"][0], ops["weeks"][0], "frozen once released");

    // A manager cannot administer; the audit log records the manager's reads.
    let out = s.team(Some(mgr), &["admin", "audit"]).output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("403"));
    let audit = s.ok(Some(&s.admin), &["admin", "audit"]);
    assert!(
        audit.contains("group_weeks") && audit.contains("manager"),
        "{audit}"
    );
    // And the enrolments, the shares with their weeks, the deletion and the refusal.
    for what in [
        "enrol",
        "ok: 2026-W44, 2026-W45, 2026-W46, 2026-W47",
        "delete_weeks",
        "refused 403 (role): needs the admin role",
    ] {
        assert!(audit.contains(what), "{what}: {audit}");
    }
}

#[test]
fn refusals_without_the_certificate_in_clear_and_from_plain_http() {
    let s = setup();
    // Without --ca-cert the self-signed certificate is not trusted: a clear error.
    let out = s
        .bare(&["admin", "audit", "--token", &s.admin])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("certificate") && err.contains("--ca-cert"),
        "{err}"
    );

    // http:// beyond loopback is refused before any connection (192.0.2.1 would time out).
    let t0 = Instant::now();
    let out = s
        .home
        .canary()
        .args(["team", "health", "--server", "http://192.0.2.1:7878"])
        .args(["--token", "ct_1_00", "--group", "ops"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("not a loopback address"), "{err}");
    assert!(
        t0.elapsed() < Duration::from_secs(5),
        "refused before connecting"
    );

    // Plain HTTP to the TLS port gets no HTTP answer, and the server goes on.
    let addr = s.url.trim_start_matches("https://").to_string();
    let mut tcp = std::net::TcpStream::connect(&addr).unwrap();
    tcp.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    let _ = tcp.write_all(b"GET /v1/admin/audit HTTP/1.1\r\nHost: x\r\n\r\n");
    let mut buf = Vec::new();
    let _ = tcp.read_to_end(&mut buf);
    assert!(
        !buf.starts_with(b"HTTP/"),
        "{}",
        String::from_utf8_lossy(&buf)
    );
    // None of those reached HTTP, so nothing was logged; the server still answers.
    assert!(
        s.ok(Some(&s.admin), &["admin", "audit"])
            .contains("0 entries")
    );
}
