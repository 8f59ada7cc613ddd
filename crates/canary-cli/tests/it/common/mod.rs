//! Helpers shared by the CLI's integration tests: the shared test data (the library's own
//! helper), a scratch home, the demo store, an on-call roster and a running team server.

use std::path::{Path, PathBuf};

#[path = "../../../../canary/tests/it/common/mod.rs"]
mod data;
#[allow(unused_imports)]
pub use data::shared_data;

/// A scratch home for one test: its own settings file and store, never the user's.
#[allow(dead_code)]
pub struct Home {
    pub dir: tempfile::TempDir,
}

#[allow(dead_code)]
impl Home {
    pub fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("temporary folder"),
        }
    }

    pub fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("canary.db")
    }

    /// `canary` with this home's settings and store, a fixed "now", and no colour.
    pub fn canary(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::cargo_bin("canary").expect("the canary binary");
        cmd.env("CANARY_CONFIG", self.config())
            .env("CANARY_DB", self.db())
            .env("CANARY_NOW", "2026-11-27T18:00:00Z")
            .env("NO_COLOR", "1")
            // Digests and other data files stay in the scratch home.
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            // The width rule's default (not a terminal): 80 columns unless a test says more.
            .env_remove("COLUMNS");
        cmd
    }

    /// `canary init --yes` in a fixed zone, with the given extra flags.
    pub fn init(&self, extra: &[&str]) {
        self.canary()
            .args(["init", "--yes", "--timezone", "Europe/Berlin"])
            .args(extra)
            .assert()
            .success();
    }

    /// Run `canary ARGS` (paths as they are given), require success, and parse its stdout as
    /// JSON: the common shape of a test that reads a command's `--json` output.
    pub fn json<I, S>(&self, args: I) -> serde_json::Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        self.json_at("2026-11-27T18:00:00Z", args)
    }

    /// Run `canary ARGS`, require success, and return its stdout as text.
    pub fn text<I, S>(&self, args: I) -> String
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let out = self.canary().args(args).output().expect("canary runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("UTF-8 output")
    }

    /// [`Home::json`] with "now" at `now` (RFC 3339).
    pub fn json_at<I, S>(&self, now: &str, args: I) -> serde_json::Value
    where
        I: IntoIterator<Item = S>,
        S: AsRef<std::ffi::OsStr>,
    {
        let args: Vec<std::ffi::OsString> =
            args.into_iter().map(|a| a.as_ref().to_owned()).collect();
        let out = self
            .canary()
            .env("CANARY_NOW", now)
            .args(&args)
            .output()
            .expect("run canary");
        assert!(
            out.status.success(),
            "canary {args:?} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
        json_of(&out)
    }
}

/// Parse a command's stdout as JSON.
#[allow(dead_code)]
pub fn json_of(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr:\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// A roster naming three of the people in the real on-call examples
/// (`oncall/pagerduty-api-examples`, `oncall/opsgenie-api-examples`) in three zones; the other
/// responders there are not in it.
#[allow(dead_code)]
pub const ONCALL_ROSTER: &str = r#"
[[member]]
name = "Earline"
oncall_ids = ["PXPGF42"]
timezone = "America/Los_Angeles"

[[member]]
name = "Smith"
emails = ["agent_smith@opsgenie.com"]
timezone = "Europe/London"
unavailable = [{ start = "2026-12-07", end = "2026-12-13" }]

[[member]]
name = "Morpheus"
emails = ["morpheus@opsgenie.com"]
"#;

/// A home with the demo store kept in it; commands run against that store and its settings.
#[allow(dead_code)]
pub struct Demo {
    pub home: Home,
    pub db: PathBuf,
    pub config: PathBuf,
}

#[allow(dead_code)]
impl Demo {
    pub fn new() -> Demo {
        let home = Home::new();
        let db = home.dir.path().join("demo.db");
        home.canary()
            .args(["demo", "--keep"])
            .arg(&db)
            .assert()
            .success();
        let config = db.with_extension("toml");
        Demo { home, db, config }
    }

    pub fn run(&self, args: &[&str]) -> std::process::Output {
        let out = self
            .home
            .canary()
            .env("CANARY_DB", &self.db)
            .env("CANARY_CONFIG", &self.config)
            .args(args)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    pub fn text(&self, args: &[&str]) -> String {
        String::from_utf8(self.run(args).stdout).unwrap()
    }
}

/// `canary team serve --init` on a free loopback port with its store at `db` (and `extra`
/// arguments), killed when dropped: the admin token and the URL it printed.
#[allow(dead_code)]
pub struct TeamServer {
    pub admin: String,
    pub url: String,
    child: std::process::Child,
}

impl Drop for TeamServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[allow(dead_code)]
pub fn team_serve(db: &Path, extra: &[&std::ffi::OsStr]) -> TeamServer {
    use std::io::BufRead as _;
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("canary"))
        .args(["team", "serve", "--init", "--port", "0", "--db"])
        .arg(db)
        .args(extra)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start canary team serve");
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let admin_line = lines.next().unwrap().unwrap();
    let admin = admin_line.rsplit(' ').next().unwrap().to_string();
    let listen = lines.next().unwrap().unwrap();
    let url = listen
        .split_whitespace()
        .find(|w| w.starts_with("http://") || w.starts_with("https://"))
        .unwrap_or_else(|| panic!("a URL in {listen:?}"))
        .to_string();
    TeamServer { admin, url, child }
}

/// `git ARGS` in `repo` as author and committer Pat <`email`>, at `date` (RFC 3339) when
/// given, with no system or user configuration read.
#[allow(dead_code)]
pub fn git(repo: &Path, args: &[&str], date: Option<&str>, email: &str) {
    let mut cmd = std::process::Command::new("git");
    cmd.current_dir(repo)
        .args(args)
        .env("HOME", repo)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Pat")
        .env("GIT_AUTHOR_EMAIL", email)
        .env("GIT_COMMITTER_NAME", "Pat")
        .env("GIT_COMMITTER_EMAIL", email);
    if let Some(d) = date {
        cmd.env("GIT_AUTHOR_DATE", d).env("GIT_COMMITTER_DATE", d);
    }
    let status = cmd
        .status()
        .expect("the git command line is needed for this test (CI installs it)");
    assert!(status.success(), "git {args:?}");
}
