//! `canary alerts` and `canary digest` end to end: a store with sleep-window activity, the
//! rules run by `alerts check`, delivery to a notification listener on a real session bus
//! (`dbus-daemon`), the terminal fallback, mute, and the weekly digest on the demo store.

use std::path::Path;

use crate::common;

use common::{Demo, Home, json_of};

/// "Now" for these tests: Friday 2026-12-04, 10:00 in Berlin (working hours).
const NOW: &str = "2026-12-04T09:00:00Z";

/// A zsh extended-history line at a Berlin wall-clock time.
fn zsh_line(local: &str, cmd: &str) -> String {
    let dt: jiff::civil::DateTime = local.parse().unwrap();
    let zone = jiff::tz::TimeZoneDatabase::bundled()
        .get("Europe/Berlin")
        .unwrap();
    let t = zone.to_ambiguous_timestamp(dt).earlier().unwrap();
    format!(": {}:0;{cmd}\n", t.as_second())
}

/// A history with a working day's commands from Monday 2026-11-30 to Friday morning, and
/// sleep-window commands on the nights given.
fn history(nights: &[&str]) -> String {
    let mut text = String::new();
    for day in ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"] {
        for hour in [9, 11, 14, 16] {
            text.push_str(&zsh_line(&format!("{day}T{hour:02}:00"), "make"));
        }
    }
    text.push_str(&zsh_line("2026-12-04T09:30", "make"));
    for n in nights {
        text.push_str(&zsh_line(n, "ssh prod"));
    }
    text
}

fn setup(nights: &[&str]) -> (Home, std::path::PathBuf) {
    let home = Home::new();
    home.init(&[]);
    let hist = home.dir.path().join("zsh_history");
    std::fs::write(&hist, history(nights)).unwrap();
    import(&home, &hist);
    (home, hist)
}

fn import(home: &Home, hist: &Path) {
    home.canary()
        .env("CANARY_NOW", NOW)
        .args(["import", "zsh"])
        .arg(hist)
        .assert()
        .success();
}

/// `canary ARGS` at `now` with the session bus at `bus`, its JSON output.
fn on_bus(home: &Home, now: &str, bus: &str, args: &[&str]) -> serde_json::Value {
    let out = home
        .canary()
        .env("CANARY_NOW", now)
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .args(args)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_of(&out)
}

/// `alerts check --json` at `now` with the session bus at `bus`.
fn check(home: &Home, now: &str, bus: &str) -> serde_json::Value {
    on_bus(home, now, bus, &["alerts", "check", "--json"])
}

fn fired_rules(v: &serde_json::Value) -> Vec<String> {
    v["fired"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["rule"].as_str().unwrap().to_string())
        .collect()
}

const NO_BUS: &str = "unix:path=/nonexistent/canary-test-bus";

#[test]
fn without_a_bus_the_next_command_prints_the_alert_once() {
    let (home, _) = setup(&["2026-11-30T23:10", "2026-12-01T23:20", "2026-12-02T23:30"]);
    let v = check(&home, NOW, NO_BUS);
    assert_eq!(fired_rules(&v), ["sleep-window"], "{v:#}");
    assert!(v["delivered"].as_array().unwrap().is_empty());
    assert!(v["desktop_error"].as_str().is_some(), "{v:#}");
    // `canary status` names what waits (and does not count as reading it).
    let status = |home: &Home| home.json_at(NOW, ["status", "--json"])["pending_alerts"].clone();
    let waiting = status(&home);
    assert_eq!(waiting.as_array().map(Vec::len), Some(1), "{waiting}");
    assert!(
        waiting[0]
            .as_str()
            .unwrap()
            .starts_with("Work in your sleep window")
    );
    let report = |now: &str| {
        let out = home
            .canary()
            .env("CANARY_NOW", now)
            .args(["report", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success());
        json_of(&out);
        String::from_utf8(out.stderr).unwrap()
    };
    let first = report(NOW);
    assert!(
        first.contains("canary: Work in your sleep window (22:00–08:00) on 3 of the last 7 nights"),
        "{first}"
    );
    assert!(
        first.contains("The night of 2026-12-02: 1 event — 23:30 command (zsh)"),
        "{first}"
    );
    assert!(!report(NOW).contains("sleep window"), "printed twice");
    assert_eq!(
        status(&home),
        serde_json::json!([]),
        "shown once: no longer waiting"
    );
    // A second check finds the same occurrence: nothing new.
    let again = check(&home, NOW, NO_BUS);
    assert!(fired_rules(&again).is_empty(), "{again:#}");
    let list = home.json_at(NOW, ["alerts", "--json"]);
    assert_eq!(list[0]["id"], "sleep-window/2026-12-02");
    assert_eq!(list[0]["channel"], "terminal");
}

#[test]
fn the_first_sync_of_a_week_writes_last_weeks_digest_once() {
    let (home, _) = setup(&[]);
    let digest = home.dir.path().join("data/canary/digests/2026-W48.md");
    let sync = || home.json_at(NOW, ["sync", "--json"]);
    sync();
    let text = std::fs::read_to_string(&digest).expect("last week's digest written by sync");
    assert!(text.contains("2026-W48"), "{text}");
    let pending = home.json_at(NOW, ["status", "--json"])["pending_alerts"].clone();
    assert!(
        pending
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t == "Your week 2026-W48 in one page"),
        "{pending}"
    );
    // The next sync of the same week leaves it alone: no second file write, no second note.
    std::fs::write(&digest, "kept").unwrap();
    sync();
    assert_eq!(std::fs::read_to_string(&digest).unwrap(), "kept");
    let list = home.json_at(NOW, ["alerts", "--json"]);
    let notes = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["rule"] == "digest")
        .count();
    assert_eq!(notes, 1, "{list:#}");
}

#[test]
fn in_the_sleep_window_alerts_wait_for_the_morning() {
    let (home, _) = setup(&["2026-11-30T23:10", "2026-12-01T23:20", "2026-12-02T23:30"]);
    // Friday 23:30 in Berlin: kept, not delivered, not printed by the prompt hook.
    let late = "2026-12-04T22:30:00Z";
    let v = check(&home, late, NO_BUS);
    assert_eq!(fired_rules(&v), ["sleep-window"]);
    assert_eq!(v["wait"], "sleep_window");
    let nudge = |now: &str| {
        let out = home
            .canary()
            .env("CANARY_NOW", now)
            .args(["check", "--nudge"])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(!nudge(late).contains("sleep window ("), "{}", nudge(late));
    // Saturday morning is not a working day: it still waits.
    assert!(!nudge("2026-12-05T09:00:00Z").contains("Work in your sleep window"));
    // Monday 09:00: the prompt shows it, once.
    let monday = nudge("2026-12-07T08:00:00Z");
    assert!(
        monday.contains("canary: Work in your sleep window"),
        "{monday}"
    );
    assert!(!nudge("2026-12-07T08:05:00Z").contains("Work in your sleep window"));
}

#[test]
fn a_muted_rule_is_kept_but_never_delivered() {
    let (home, _) = setup(&["2026-11-30T23:10", "2026-12-01T23:20", "2026-12-02T23:30"]);
    home.canary()
        .args(["alerts", "mute", "sleep-window"])
        .assert()
        .success();
    let v = check(&home, NOW, NO_BUS);
    assert_eq!(v["fired"][0]["state"], "muted");
    assert!(v["deliver"].as_array().unwrap().is_empty());
    let out = home
        .canary()
        .args(["alerts", "mute", "sleep"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no alert rule `sleep`") && err.contains("sleep-window"),
        "{err}"
    );
    let rules = home.canary().args(["alerts", "rules"]).output().unwrap();
    let rules = String::from_utf8(rules.stdout).unwrap();
    assert!(
        rules.contains("(muted)") && rules.contains("source-quiet"),
        "{rules}"
    );
}

#[cfg(target_os = "linux")]
mod desktop {
    use std::io::{BufRead, BufReader};

    use super::*;

    /// A session bus of the test's own, and a listener owning `org.freedesktop.Notifications` on
    /// it that passes each notification's summary and body back.
    struct Bus {
        daemon: std::process::Child,
        address: String,
        received: std::sync::mpsc::Receiver<(String, String)>,
        stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    }

    impl Drop for Bus {
        fn drop(&mut self) {
            self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
            let _ = self.daemon.kill();
            let _ = self.daemon.wait();
        }
    }

    struct Listener {
        tx: std::sync::mpsc::Sender<(String, String)>,
    }

    #[zbus::interface(name = "org.freedesktop.Notifications")]
    impl Listener {
        #[allow(clippy::too_many_arguments)]
        fn notify(
            &self,
            _app_name: String,
            _replaces_id: u32,
            _app_icon: String,
            summary: String,
            body: String,
            _actions: Vec<String>,
            _hints: std::collections::HashMap<String, zbus::zvariant::OwnedValue>,
            _expire_timeout: i32,
        ) -> u32 {
            let _ = self.tx.send((summary, body));
            1
        }
    }

    fn session_bus() -> Bus {
        let mut daemon = std::process::Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address"])
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("dbus-daemon (Debian package dbus-daemon)");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_string();
        let (tx, received) = std::sync::mpsc::channel();
        let (ready_tx, ready) = std::sync::mpsc::channel();
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (addr, halt) = (address.clone(), stop.clone());
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let _conn = zbus::connection::Builder::address(addr.as_str())
                    .unwrap()
                    .name("org.freedesktop.Notifications")
                    .unwrap()
                    .serve_at("/org/freedesktop/Notifications", Listener { tx })
                    .unwrap()
                    .build()
                    .await
                    .unwrap();
                ready_tx.send(()).unwrap();
                while !halt.load(std::sync::atomic::Ordering::SeqCst) {
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
            });
        });
        ready
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the listener is on the bus");
        Bus {
            daemon,
            address,
            received,
            stop,
        }
    }

    #[test]
    #[ignore = "needs dbus-daemon"]
    fn the_third_night_reaches_the_desktop_once() {
        let bus = session_bus();
        let (home, hist) = setup(&["2026-11-30T23:10", "2026-12-01T23:20"]);
        let v = check(&home, NOW, &bus.address);
        assert!(fired_rules(&v).is_empty(), "{v:#}");
        // The third night.
        let mut text = std::fs::read_to_string(&hist).unwrap();
        text.push_str(&zsh_line("2026-12-02T23:45", "ssh prod"));
        std::fs::write(&hist, text).unwrap();
        import(&home, &hist);
        let v = check(&home, NOW, &bus.address);
        assert_eq!(fired_rules(&v), ["sleep-window"], "{v:#}");
        assert_eq!(v["delivered"][0], "sleep-window/2026-12-02", "{v:#}");
        let (summary, body) = bus
            .received
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("a notification");
        assert_eq!(
            summary,
            "Work in your sleep window (22:00–08:00) on 3 of the last 7 nights"
        );
        assert!(
            body.contains(
                "Nights with activity in your sleep window: 2026-11-30, 2026-12-01, 2026-12-02"
            ),
            "{body}"
        );
        assert!(
            body.contains("The night of 2026-12-02: 1 event — 23:45 command (zsh)"),
            "{body}"
        );
        // A second check repeats nothing.
        let v = check(&home, NOW, &bus.address);
        assert!(fired_rules(&v).is_empty(), "{v:#}");
        assert!(
            bus.received
                .recv_timeout(std::time::Duration::from_millis(500))
                .is_err()
        );
        // `alerts test` reaches the same listener.
        home.canary()
            .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
            .args(["alerts", "test"])
            .assert()
            .success();
        let (summary, _) = bus
            .received
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap();
        assert_eq!(summary, "Canary test notification");
    }

    /// `canary sync` at `now` with the session bus at `bus`: what the schedule runs.
    fn sync(home: &Home, now: &str, bus: &str) -> serde_json::Value {
        on_bus(home, now, bus, &["sync", "--json"])
    }

    #[test]
    #[ignore = "needs dbus-daemon"]
    fn a_sync_that_brings_the_third_night_notifies_once() {
        let bus = session_bus();
        let (home, hist) = setup(&["2026-11-30T23:10", "2026-12-01T23:20"]);
        // Nothing new, two nights: no alert; the first sync of the week brings only last
        // week's digest.
        sync(&home, NOW, &bus.address);
        let (summary, _) = bus
            .received
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the digest's note");
        assert_eq!(summary, "Your week 2026-W48 in one page");
        assert!(
            bus.received
                .recv_timeout(std::time::Duration::from_millis(500))
                .is_err()
        );
        // The history grows by the third night; the sync imports it and the check that
        // follows it notifies, once.
        let mut text = std::fs::read_to_string(&hist).unwrap();
        text.push_str(&zsh_line("2026-12-02T23:45", "ssh prod"));
        std::fs::write(&hist, text).unwrap();
        let v = sync(&home, NOW, &bus.address);
        assert_eq!(v["new"], 1, "{v:#}");
        let (summary, body) = bus
            .received
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("a notification after the sync");
        assert_eq!(
            summary,
            "Work in your sleep window (22:00–08:00) on 3 of the last 7 nights"
        );
        assert!(body.contains("2026-12-02"), "{body}");
        // A second sync brings nothing and repeats nothing.
        let v = sync(&home, NOW, &bus.address);
        assert_eq!(v["new"], 0, "{v:#}");
        assert!(
            bus.received
                .recv_timeout(std::time::Duration::from_millis(500))
                .is_err()
        );
    }
}

#[test]
fn digest_of_the_demo_week() {
    let demo = Demo::new();
    let text = demo.text(&["digest", "--week", "2026-W47"]);
    insta::assert_snapshot!(text);
    let default = demo.text(&["digest"]);
    assert_eq!(default, text, "the last complete week is the default");
}

#[cfg(unix)]
#[test]
fn digest_saved_private_and_mailed_to_oneself_only() {
    use std::os::unix::fs::PermissionsExt;
    let demo = Demo::new();
    let data = demo.home.dir.path().join("data");
    demo.home
        .canary()
        .env("CANARY_DB", &demo.db)
        .env("CANARY_CONFIG", &demo.config)
        .env("XDG_DATA_HOME", &data)
        .args(["digest", "--save"])
        .assert()
        .success();
    let dir = data.join("canary/digests");
    let file = dir.join("2026-W47.md");
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("# Your week 2026-W47"), "{text}");
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!((mode(&dir), mode(&file)), (0o700, 0o600));
    let page = demo.home.dir.path().join("digest.html");
    demo.run(&[
        "digest",
        "--week",
        "2026-W47",
        "--html",
        page.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("<title>Canary digest 2026-W47</title>")
            && html.contains("<h2>Alerts this week</h2>"),
        "{html}"
    );
    // A fake sendmail that keeps its arguments and its input.
    let bin = demo.home.dir.path().join("sendmail");
    let log = demo.home.dir.path().join("mail.log");
    std::fs::write(
        &bin,
        format!(
            "#!/bin/sh\necho \"$@\" > '{0}.args'\ncat > '{0}'\n",
            log.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&bin, std::fs::Permissions::from_mode(0o755)).unwrap();
    let set = |k: &str, v: &str| {
        demo.home
            .canary()
            .env("CANARY_CONFIG", &demo.config)
            .args(["config", "set", k, v])
            .assert()
            .success();
    };
    set("alerts.sendmail", bin.to_str().unwrap());
    set("identities.emails", "me@example.org, other@example.org");
    demo.run(&["digest", "--mail", "--week", "2026-W47"]);
    let args = std::fs::read_to_string(log.with_extension("log.args")).unwrap();
    assert_eq!(args.trim(), "-i -- me@example.org");
    let mail = std::fs::read_to_string(&log).unwrap();
    assert!(
        mail.contains("To: me@example.org\r\n") && mail.contains("Subject: Canary digest 2026-W47")
    );
    assert!(!mail.contains("other@example.org"));
    assert!(mail.contains("# Your week 2026-W47"));
}
