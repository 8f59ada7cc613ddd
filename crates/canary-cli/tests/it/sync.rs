//! `canary sync`, `canary status` and `canary schedule`: a scratch home with a git
//! repository, a zsh history and a Maildir imported; new commits, lines and mails added;
//! sync imports exactly those; the schedule installs and removes exactly its files.

use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::common::{self, Home, git, json_of};

const EMAIL: &str = "pat@example.org";

fn commit(repo: &Path, n: u32) {
    std::fs::write(repo.join(format!("f{n}")), "x").unwrap();
    git(repo, &["add", "."], None, EMAIL);
    git(
        repo,
        &["commit", "-q", "-m", &format!("change {n}")],
        Some(&format!("2026-11-{:02}T10:00:00+01:00", 10 + n)),
        EMAIL,
    );
}

fn mail(dir: &Path, n: u32) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join(format!("{n}.host:2,S")),
        format!(
            "From: colleague@example.org\nTo: {EMAIL}\nMessage-ID: <m{n}@example.org>\n\
             Date: Tue, {} Nov 2026 10:00:00 +0100\nSubject: s\n\nbody\n",
            10 + n
        ),
    )
    .unwrap();
}

fn history_lines(path: &Path, from: u32, to: u32) {
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .unwrap();
    for n in from..to {
        writeln!(f, ": {}:0;make", 1_794_000_000 + n * 3_600).unwrap();
    }
}

/// Events per source, from `canary events --json`.
fn counts(home: &Home) -> BTreeMap<String, u64> {
    let out = home
        .canary()
        .args(["events", "--json", "--all"])
        .output()
        .unwrap();
    let mut by = BTreeMap::new();
    for row in json_of(&out).as_array().unwrap() {
        *by.entry(row["source"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    by
}

/// New events per source in a `canary sync --json`.
fn synced(home: &Home) -> BTreeMap<String, (u64, String)> {
    let out = home.canary().args(["sync", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    json_of(&out)["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["source"].as_str().unwrap().to_string(),
                (
                    l["new"].as_u64().unwrap(),
                    l["status"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect()
}

struct Sources {
    repo: PathBuf,
    zsh: PathBuf,
    maildir: PathBuf,
}

fn imported(home: &Home) -> Sources {
    home.init(&["--email", EMAIL]);
    let repo = home.dir.path().join("repo");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q", "-b", "main"], None, EMAIL);
    commit(&repo, 1);
    commit(&repo, 2);
    let zsh = home.dir.path().join("zsh_history");
    history_lines(&zsh, 0, 3);
    let maildir = home.dir.path().join("Maildir");
    mail(&maildir.join("cur"), 1);
    mail(&maildir.join("cur"), 2);
    for (kind, path) in [("git", &repo), ("zsh", &zsh), ("maildir", &maildir)] {
        home.canary()
            .args(["import", kind])
            .arg(path)
            .assert()
            .success();
    }
    Sources { repo, zsh, maildir }
}

#[test]
fn sync_imports_exactly_what_was_added() {
    let home = Home::new();
    let s = imported(&home);
    let before = counts(&home);
    assert_eq!(before.values().sum::<u64>(), 7, "{before:?}");
    let unchanged = synced(&home);
    assert!(
        unchanged
            .values()
            .all(|(n, st)| *n == 0 && st == "unchanged"),
        "{unchanged:?}"
    );

    commit(&s.repo, 3);
    history_lines(&s.zsh, 3, 5);
    mail(&s.maildir.join("new"), 3);
    let got = synced(&home);
    assert_eq!(got["git"], (1, "read".to_string()));
    assert_eq!(got["zsh"], (2, "read".to_string()));
    assert_eq!(got["maildir"], (1, "read".to_string()));
    let after = counts(&home);
    let total = |m: &BTreeMap<String, u64>| m.values().sum::<u64>();
    assert_eq!(total(&after), total(&before) + 4, "{before:?} → {after:?}");

    // The second sync finds nothing, and says so on one line per source.
    let out = home.canary().arg("sync").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert_eq!(
        text.lines().filter(|l| l.contains(": unchanged, ")).count(),
        3,
        "{text}"
    );
    assert!(text.contains("3 sources, 0 new events"), "{text}");
    assert_eq!(total(&counts(&home)), total(&after));

    // Status: every source with its path, the last sync, the store.
    let out = home.canary().arg("status").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        text.contains(&s.zsh.canonicalize().unwrap().display().to_string()),
        "{text}"
    );
    assert!(
        text.contains("Last sync: 2026-11-27 18:00 UTC, ok, 0 new events"),
        "{text}"
    );
    assert!(text.contains("Schedule: none"), "{text}");

    // A history that is gone is reported on its line; the others are still read.
    std::fs::remove_file(&s.zsh).unwrap();
    commit(&s.repo, 4);
    let out = home.canary().args(["sync", "--json"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let j = json_of(&out);
    let lines = j["lines"].as_array().unwrap();
    let zsh = lines.iter().find(|l| l["source"] == "zsh").unwrap();
    assert!(zsh["error"].as_str().unwrap().starts_with("gone"), "{zsh}");
    let git_line = lines.iter().find(|l| l["source"] == "git").unwrap();
    assert_eq!(git_line["new"], 1);
    let status = home.canary().arg("status").output().unwrap();
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(text.contains("warning: gone"), "{text}");
    assert!(text.contains("FAILED"), "{text}");

    // Forgetting a source takes it out of what sync reads.
    home.canary()
        .args(["sources", "forget", "zsh", "--yes"])
        .assert()
        .success();
    let got = synced(&home);
    assert!(!got.contains_key("zsh"), "{got:?}");
}

#[test]
fn import_auto_records_what_it_imports_for_sync() {
    let home = Home::new();
    home.init(&[]);
    let fake_home = home.dir.path().join("home");
    std::fs::create_dir(&fake_home).unwrap();
    let zsh = fake_home.join(".zsh_history");
    history_lines(&zsh, 0, 2);
    home.canary()
        .env("HOME", &fake_home)
        .args(["import", "auto", "--yes"])
        .assert()
        .success();
    history_lines(&zsh, 2, 3);
    let got = synced(&home);
    assert_eq!(got["zsh"], (1, "read".to_string()), "{got:?}");
}

/// A path refused before anything was read is not kept for sync (it would fail every hour);
/// once it can be read, importing it again records it.
#[test]
fn a_refused_import_is_not_kept_for_sync() {
    let home = Home::new();
    home.init(&[]);
    let export = home.dir.path().join("slack");
    std::fs::create_dir_all(export.join("general")).unwrap();
    std::fs::write(
        export.join("channels.json"),
        r#"[{"id":"C1","name":"general"}]"#,
    )
    .unwrap();
    std::fs::write(
        export.join("general/2026-11-10.json"),
        r#"[{"type":"message","user":"U1","ts":"1794300000.000100","text":"hi"}]"#,
    )
    .unwrap();
    let missing = home.dir.path().join("no-such-history");
    let refused = home
        .canary()
        .arg("import")
        .arg("slack")
        .arg(&export)
        .output()
        .unwrap();
    assert!(!refused.status.success());
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("no chat user ids"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    let gone = home
        .canary()
        .arg("import")
        .arg("zsh")
        .arg(&missing)
        .output()
        .unwrap();
    assert!(!gone.status.success());
    let got = synced(&home);
    assert!(got.is_empty(), "{got:?}");

    home.canary()
        .args(["config", "set", "identities.chat_ids", "U1"])
        .assert()
        .success();
    home.canary()
        .arg("import")
        .arg("slack")
        .arg(&export)
        .assert()
        .success();
    let got = synced(&home);
    assert_eq!(got["slack"], (0, "unchanged".to_string()), "{got:?}");
}

/// Every file and folder under `root`, relative.
fn tree(root: &Path) -> Vec<String> {
    walkdir(root)
}

fn walkdir(root: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            out.push(p.strip_prefix(root).unwrap().display().to_string());
            if p.is_dir() {
                stack.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A fake `systemctl` (or `crontab`) on PATH that logs its arguments.
fn fake_tool(bin: &Path, name: &str, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(bin).unwrap();
    let p = bin.join(name);
    std::fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
}

fn schedule_home() -> (Home, PathBuf, PathBuf) {
    let home = Home::new();
    home.init(&[]);
    let user_home = home.dir.path().join("home");
    let xdg = user_home.join(".config");
    std::fs::create_dir_all(&xdg).unwrap();
    (home, user_home, xdg)
}

#[test]
fn systemd_install_status_remove_leaves_the_tree_as_before() {
    let (home, user_home, xdg) = schedule_home();
    let bin = home.dir.path().join("bin");
    let log = home.dir.path().join("systemctl.log");
    fake_tool(
        &bin,
        "systemctl",
        &format!("echo \"$@\" >> '{}'", log.display()),
    );
    let runtime = home.dir.path().join("run");
    std::fs::create_dir(&runtime).unwrap();
    std::fs::write(runtime.join("bus"), "").unwrap();
    let run = |args: &[&str]| {
        let out = home
            .canary()
            .env("HOME", &user_home)
            .env("XDG_CONFIG_HOME", &xdg)
            .env("XDG_RUNTIME_DIR", &runtime)
            .env("PATH", &bin)
            .env_remove("CANARY_SCHEDULER")
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let before = (tree(&user_home), tree(home.dir.path()));
    let text = run(&["schedule", "install", "--every", "2h"]);
    assert!(text.contains("systemd user timer"), "{text}");
    let service = std::fs::read_to_string(xdg.join("systemd/user/canary-sync.service")).unwrap();
    let timer = std::fs::read_to_string(xdg.join("systemd/user/canary-sync.timer")).unwrap();
    let exe = assert_cmd::cargo::cargo_bin("canary");
    assert!(
        service.contains(&format!(
            "ExecStart=\"{}\" \"--db\" \"{}\"",
            exe.display(),
            home.db().display()
        )),
        "{service}"
    );
    assert!(service.contains("\"sync\""), "{service}");
    assert!(timer.contains("OnUnitActiveSec=120min"), "{timer}");
    let calls = std::fs::read_to_string(&log).unwrap();
    assert!(
        calls.contains("--user daemon-reload")
            && calls.contains("--user enable --now canary-sync.timer"),
        "{calls}"
    );
    let status = run(&["schedule", "status"]);
    assert!(
        status.contains("Scheduled: a systemd user timer, `canary sync` every 2h"),
        "{status}"
    );
    assert!(status.contains("Last sync: never"), "{status}");
    // Installing twice is refused rather than doubled.
    home.canary()
        .env("HOME", &user_home)
        .env("XDG_CONFIG_HOME", &xdg)
        .env("PATH", &bin)
        .args(["schedule", "install"])
        .assert()
        .failure();
    run(&["schedule", "remove"]);
    assert!(
        std::fs::read_to_string(&log)
            .unwrap()
            .contains("--user disable --now canary-sync.timer")
    );
    std::fs::remove_file(&log).unwrap();
    assert_eq!((tree(&user_home), tree(home.dir.path())), before);
    assert!(run(&["schedule", "status"]).contains("Not scheduled"));
}

#[test]
fn cron_install_and_remove_touch_only_canary_s_line() {
    let (home, user_home, xdg) = schedule_home();
    let bin = home.dir.path().join("bin");
    let table = home.dir.path().join("crontab.txt");
    std::fs::write(&table, "0 3 * * * backup\n").unwrap();
    let t = table.display();
    fake_tool(
        &bin,
        "crontab",
        &format!(
            "case \"$1\" in -l) [ -f '{t}' ] && cat '{t}' || exit 1;; -) cat > '{t}';; -r) rm '{t}';; esac"
        ),
    );
    let run = |args: &[&str]| {
        home.canary()
            .env("HOME", &user_home)
            .env("XDG_CONFIG_HOME", &xdg)
            .env("PATH", format!("{}:/bin:/usr/bin", bin.display()))
            .env("CANARY_SCHEDULER", "cron")
            .args(args)
            .assert()
            .success();
    };
    let before = tree(home.dir.path());
    run(&["schedule", "install", "--every", "30m"]);
    let text = std::fs::read_to_string(&table).unwrap();
    assert!(
        text.starts_with("0 3 * * * backup\n*/30 * * * * '"),
        "{text}"
    );
    assert!(text.contains("# canary-sync"), "{text}");
    run(&["schedule", "remove"]);
    assert_eq!(
        std::fs::read_to_string(&table).unwrap(),
        "0 3 * * * backup\n"
    );
    assert_eq!(tree(home.dir.path()), before);
}

/// The generated units pass `systemd-analyze verify` (Debian's `systemd` package).
#[test]
#[ignore = "needs systemd-analyze"]
fn generated_units_pass_systemd_analyze_verify() {
    let (home, user_home, xdg) = schedule_home();
    home.canary()
        .env("HOME", &user_home)
        .env("XDG_CONFIG_HOME", &xdg)
        .env("CANARY_SCHEDULER", "systemd")
        .env("PATH", "/nonexistent")
        .args(["schedule", "install"])
        .assert()
        .success();
    let dir = xdg.join("systemd/user");
    let runtime = home.dir.path().join("run");
    std::fs::create_dir(&runtime).unwrap();
    let out = std::process::Command::new("systemd-analyze")
        .args(["verify", "--user", "--man=no"])
        .arg(dir.join("canary-sync.service"))
        .arg(dir.join("canary-sync.timer"))
        .env("XDG_CONFIG_HOME", &xdg)
        .env("XDG_RUNTIME_DIR", &runtime)
        .env("HOME", &user_home)
        .output()
        .expect("systemd-analyze (Debian package systemd)");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && !err.contains("canary-sync"),
        "{err}"
    );
}

/// Sync over the real zsh history and Enron Maildir: a copy imported, a line and a mail
/// added, exactly those read.
#[test]
#[ignore = "needs ../shared/data"]
fn sync_on_real_data_reads_only_the_additions() {
    let home = Home::new();
    home.init(&["--email", EMAIL]);
    let data = common::shared_data();
    let zsh = home.dir.path().join("zsh_history");
    std::fs::copy(data.join("shell/zsh_history-extended-2019"), &zsh).unwrap();
    home.canary()
        .args(["import", "zsh"])
        .arg(&zsh)
        .assert()
        .success();
    let maildir = home.dir.path().join("maildir");
    let status = std::process::Command::new("cp")
        .args(["-r"])
        .arg(data.join("mail/enron-maildir"))
        .arg(&maildir)
        .status()
        .unwrap();
    assert!(status.success());
    home.canary()
        .args(["import", "maildir"])
        .arg(&maildir)
        .assert()
        .success();
    let first = synced(&home);
    assert!(first.values().all(|(n, _)| *n == 0), "{first:?}");
    history_lines(&zsh, 100_000, 100_001);
    mail(&maildir.join("added/cur"), 9);
    let got = synced(&home);
    assert_eq!(got["zsh"].0, 1, "{got:?}");
    assert_eq!(got["maildir"].0, 1, "{got:?}");
}

/// Add to the ActivityWatch database at `path` (made, as aw-server-rust makes it, when new) a
/// window event and a not-afk period over each `(start, end)`, in seconds after
/// 2026-11-20T08:00Z.
fn aw_events(path: &Path, spans: &[(i64, i64)]) {
    let new = !path.exists();
    let conn = rusqlite::Connection::open(path).unwrap();
    if new {
        conn.execute_batch(
            "PRAGMA journal_mode = WAL;
             CREATE TABLE buckets (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE NOT NULL,
                 type TEXT NOT NULL, client TEXT NOT NULL, hostname TEXT NOT NULL,
                 created TEXT NOT NULL, data TEXT);
             CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, bucketrow INTEGER NOT NULL,
                 starttime INTEGER NOT NULL, endtime INTEGER NOT NULL, data TEXT NOT NULL);
             INSERT INTO buckets (name, type, client, hostname, created)
                 VALUES ('aw-watcher-window_h', 'currentwindow', 'aw-watcher-window', 'h', ''),
                        ('aw-watcher-afk_h', 'afkstatus', 'aw-watcher-afk', 'h', '');",
        )
        .unwrap();
    }
    let ns = |s: i64| (1_795_161_600 + s) * 1_000_000_000;
    for &(s, e) in spans {
        for (bucket, data) in [
            (1, r#"{"app":"term","title":"t"}"#),
            (2, r#"{"status":"not-afk"}"#),
        ] {
            conn.execute(
                "INSERT INTO events (bucketrow, starttime, endtime, data) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![bucket, ns(s), ns(e), data],
            )
            .unwrap();
        }
    }
}

#[test]
fn sync_reads_an_activitywatch_database_from_its_last_events() {
    let home = Home::new();
    home.init(&["--email", EMAIL]);
    let db = home.dir.path().join("sqlite.db");
    // A day of windows, each ten minutes, two hours apart.
    let day: Vec<(i64, i64)> = (0..6).map(|n| (n * 7200, n * 7200 + 600)).collect();
    aw_events(&db, &day);
    home.canary()
        .args(["import", "activitywatch"])
        .arg(&db)
        .assert()
        .success();
    assert_eq!(counts(&home)["activitywatch"], 6);
    assert_eq!(synced(&home)["activitywatch"], (0, "unchanged".to_string()));

    // The next morning: two windows. Only the last of the day before is read again.
    aw_events(&db, &[(86_400, 87_000), (87_000, 87_600)]);
    let out = home.canary().args(["sync", "--json"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let line = &json_of(&out)["lines"][0];
    assert_eq!(
        (&line["new"], &line["duplicates"]),
        (&2.into(), &1.into()),
        "{line}"
    );
    assert!(
        line["how"]
            .as_str()
            .unwrap()
            .starts_with("events ending from"),
        "{line}"
    );
    assert_eq!(counts(&home)["activitywatch"], 8);
}
