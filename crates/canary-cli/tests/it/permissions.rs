//! Files only their owner can read, under a default umask (022): the store and its WAL/SHM,
//! config.toml, sources.toml, the team server's database, and the HTML and backups the CLI
//! writes are 0600, the folders Canary makes 0700; existing ones readable by others are
//! tightened on open with a one-line notice.
#![cfg(unix)]

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Paths {
    _dir: tempfile::TempDir,
    root: PathBuf,
    config: PathBuf,
    db: PathBuf,
}

fn paths() -> Paths {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().to_path_buf();
    // tempfile makes its folder 0700; the folders below it are Canary's to make.
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755)).unwrap();
    Paths {
        config: root.join("config/canary/config.toml"),
        db: root.join("data/canary/canary.db"),
        root,
        _dir: dir,
    }
}

/// `canary ARGS` run by `sh` after `umask 022`.
fn canary_022(p: &Paths, args: &[&str]) -> Output {
    let out = Command::new("sh")
        .arg("-c")
        .arg("umask 022; exec \"$0\" \"$@\"")
        .arg(assert_cmd::cargo::cargo_bin("canary"))
        .args(args)
        .env("CANARY_CONFIG", &p.config)
        .env("CANARY_DB", &p.db)
        .env("CANARY_NOW", "2026-11-27T18:00:00Z")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p)
        .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        .permissions()
        .mode()
        & 0o777
}

fn with_suffix(p: &Path, s: &str) -> PathBuf {
    let mut o = p.as_os_str().to_owned();
    o.push(s);
    PathBuf::from(o)
}

#[test]
fn everything_canary_creates_is_owner_only_under_umask_022() {
    let p = paths();
    // The umask really is 022 in the child: a file made by sh is 0644.
    Command::new("sh")
        .arg("-c")
        .arg("umask 022; : > \"$0\"")
        .arg(p.root.join("probe"))
        .status()
        .unwrap();
    assert_eq!(mode(&p.root.join("probe")), 0o644, "the test can fail");

    canary_022(&p, &["init", "--yes", "--timezone", "Europe/Berlin"]);
    let history = p.root.join("zsh_history");
    std::fs::write(&history, ": 1780000000:0;ls\n").unwrap();
    canary_022(&p, &["import", "zsh", history.to_str().unwrap()]);
    let html = p.root.join("plan.html");
    canary_022(&p, &["plan", "--html", html.to_str().unwrap()]);
    let backup = p.root.join("backup.json");
    canary_022(&p, &["export", backup.to_str().unwrap()]);

    for f in [
        &p.config,
        &p.db,
        &p.config.with_file_name("sources.toml"),
        &html,
        &backup,
    ] {
        assert_eq!(mode(f), 0o600, "{}", f.display());
    }
    for d in [p.config.parent().unwrap(), p.db.parent().unwrap()] {
        assert_eq!(mode(d), 0o700, "{}", d.display());
    }
    // The WAL and SHM SQLite makes beside the store take the store's mode.
    let conn = rusqlite::Connection::open(&p.db).unwrap();
    conn.pragma_update(None, "journal_mode", "WAL").unwrap();
    conn.execute("INSERT INTO profile (key, value) VALUES ('x', 'y')", [])
        .unwrap();
    for s in ["-wal", "-shm"] {
        assert_eq!(mode(&with_suffix(&p.db, s)), 0o600, "{s}");
    }
    drop(conn);

    // The team server's database.
    let team_db = p.root.join("team/server.db");
    let mut child = Command::new("sh")
        .arg("-c")
        .arg("umask 022; exec \"$0\" team serve --init --port 0 --db \"$1\"")
        .arg(assert_cmd::cargo::cargo_bin("canary"))
        .arg(&team_db)
        .env("CANARY_CONFIG", &p.config)
        .env("CANARY_DB", &p.db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    {
        use std::io::BufRead as _;
        let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
        let _admin = lines.next().unwrap().unwrap(); // serving once this is printed
    }
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(mode(&team_db), 0o600);
    assert_eq!(mode(team_db.parent().unwrap()), 0o700);
    for s in ["-wal", "-shm", "-journal"] {
        let f = with_suffix(&team_db, s);
        if f.exists() {
            assert_eq!(mode(&f), 0o600, "{s}");
        }
    }
}

#[test]
fn loose_files_are_tightened_on_open_with_a_notice() {
    let p = paths();
    canary_022(&p, &["init", "--yes", "--timezone", "Europe/Berlin"]);
    canary_022(&p, &["sources"]);
    let loose = |f: &Path, m: u32| std::fs::set_permissions(f, std::fs::Permissions::from_mode(m));
    loose(&p.db, 0o644).unwrap();
    loose(&p.config, 0o644).unwrap();
    loose(p.config.parent().unwrap(), 0o755).unwrap();
    loose(p.db.parent().unwrap(), 0o755).unwrap();

    let out = canary_022(&p, &["sources"]);
    let said = String::from_utf8_lossy(&out.stderr);
    for f in [&p.db, &p.config] {
        assert_eq!(mode(f), 0o600, "{}", f.display());
        assert!(
            said.contains(&format!(
                "note: {} was readable by other users",
                f.display()
            )),
            "{said}"
        );
    }
    for d in [p.config.parent().unwrap(), p.db.parent().unwrap()] {
        assert_eq!(mode(d), 0o700, "{}", d.display());
    }
    assert_eq!(
        said.lines()
            .filter(|l| l.contains("readable by other users"))
            .count(),
        4,
        "one line each: {said}"
    );
    // Once tight, nothing more is said.
    let again = canary_022(&p, &["sources"]);
    assert!(!String::from_utf8_lossy(&again.stderr).contains("readable by other users"));
}
