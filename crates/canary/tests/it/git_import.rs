//! The git importer against real repositories built here with the `git` CLI: author times in
//! several offsets and on both sides of the US and EU DST changes, a second branch, a commit
//! only a remote-tracking ref reaches, another author, a `.mailmap`; then band placement in two
//! zones, and re-import / clone de-duplication through the store.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use canary::privacy::IdentityHasher;
use canary::settings::Identities;
use canary::sources::{ImportContext, ImportError, Location, Sink, SinkError, VecSink, git};
use canary::store::{Store, StoreSink};
use canary::time::{Band, Classifier};
use canary::{Event, EventKind, Settings, SourceKind};
use jiff::Timestamp;

const ME: (&str, &str) = ("Pat Person", "me@example.org");
const OLD_ME: (&str, &str) = ("Pat Person", "pat@oldjob.example");
const BOB: (&str, &str) = ("Bob Other", "bob@example.org");

/// Runs `git` isolated from the machine's configuration, failing clearly when it is missing.
struct Git {
    home: PathBuf,
}

impl Git {
    fn run(&self, dir: &Path, args: &[&str], author: Option<((&str, &str), &str)>) -> String {
        let mut cmd = Command::new("git");
        cmd.current_dir(dir)
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", &self.home)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env_remove("GIT_DIR")
            .env_remove("GIT_WORK_TREE")
            .env_remove("GIT_INDEX_FILE")
            .args([
                "-c",
                "user.name=Canary Test",
                "-c",
                "user.email=test@canary.invalid",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "init.defaultBranch=main",
            ])
            .args(args);
        if let Some(((name, email), date)) = author {
            cmd.env("GIT_AUTHOR_NAME", name)
                .env("GIT_AUTHOR_EMAIL", email)
                .env("GIT_AUTHOR_DATE", date)
                .env("GIT_COMMITTER_DATE", date);
        }
        let out = cmd.output().unwrap_or_else(|e| {
            panic!("this test needs the `git` command line tool (CI installs it): {e}")
        });
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    }

    /// An empty commit by `who` at an RFC 3339 instant; returns its id.
    fn commit(&self, dir: &Path, who: (&str, &str), at: &str) -> String {
        let ts: Timestamp = at.parse().unwrap();
        let offset = at[at.len() - 6..].replace(':', "");
        let date = format!("{} {offset}", ts.as_second());
        self.run(
            dir,
            &["commit", "-q", "--allow-empty", "-m", "work"],
            Some((who, &date)),
        );
        self.run(dir, &["rev-parse", "HEAD"], None)
    }
}

/// One commit of the fixture and where it should land for a person in New York and in Berlin:
/// (band, local time, night) each.
struct Expect {
    label: &'static str,
    at: &'static str,
    offset: i32,
    new_york: (Band, &'static str, Option<&'static str>),
    berlin: (Band, &'static str, Option<&'static str>),
}

use Band::{Business, NonWorkingDay, OffHours, Sleep};

#[rustfmt::skip]
const EXPECT: &[Expect] = &[
    // Friday, New York still on EST.
    Expect { label: "A", at: "2024-03-08T10:00:00-05:00", offset: -18000,
        new_york: (Business, "2024-03-08T10:00:00", None),
        berlin: (Business, "2024-03-08T16:00:00", None) },
    // Saturday night, the night before the US switch to EDT (2024-03-10 02:00).
    Expect { label: "B", at: "2024-03-09T23:30:00-05:00", offset: -18000,
        new_york: (Sleep, "2024-03-09T23:30:00", Some("2024-03-09")),
        berlin: (Sleep, "2024-03-10T05:30:00", Some("2024-03-09")) },
    // Just before the switch (EST) and just after it (EDT): one real hour apart.
    Expect { label: "C", at: "2024-03-10T01:30:00-05:00", offset: -18000,
        new_york: (Sleep, "2024-03-10T01:30:00", Some("2024-03-09")),
        berlin: (Sleep, "2024-03-10T07:30:00", Some("2024-03-09")) },
    Expect { label: "D", at: "2024-03-10T03:30:00-04:00", offset: -14400,
        new_york: (Sleep, "2024-03-10T03:30:00", Some("2024-03-09")),
        berlin: (NonWorkingDay, "2024-03-10T08:30:00", None) },
    // Monday 08:30 EDT is business; with the old EST offset it would be 07:30, sleep.
    Expect { label: "E", at: "2024-03-11T08:30:00-04:00", offset: -14400,
        new_york: (Business, "2024-03-11T08:30:00", None),
        berlin: (Business, "2024-03-11T13:30:00", None) },
    // Bob, another author, from a -05:00 zone.
    Expect { label: "F", at: "2024-03-12T11:00:00-05:00", offset: -18000,
        new_york: (Business, "2024-03-12T12:00:00", None),
        berlin: (Business, "2024-03-12T17:00:00", None) },
    // Pat under the old address the .mailmap maps to me@example.org.
    Expect { label: "G", at: "2024-03-13T22:30:00+01:00", offset: 3600,
        new_york: (Business, "2024-03-13T17:30:00", None),
        berlin: (Sleep, "2024-03-13T22:30:00", Some("2024-03-13")) },
    // Berlin's last CET Friday and Saturday before the switch to CEST (2024-03-31 02:00).
    Expect { label: "H", at: "2024-03-29T17:30:00+01:00", offset: 3600,
        new_york: (Business, "2024-03-29T12:30:00", None),
        berlin: (Business, "2024-03-29T17:30:00", None) },
    Expect { label: "I", at: "2024-03-30T12:00:00+01:00", offset: 3600,
        new_york: (Sleep, "2024-03-30T07:00:00", Some("2024-03-29")),
        berlin: (NonWorkingDay, "2024-03-30T12:00:00", None) },
    // Tuesday 18:30 CEST is off-hours; with the old CET offset it would be 17:30, business.
    Expect { label: "J", at: "2024-04-02T18:30:00+02:00", offset: 7200,
        new_york: (Business, "2024-04-02T12:30:00", None),
        berlin: (OffHours, "2024-04-02T18:30:00", None) },
    // A trip to +10:00: Monday morning there is Sunday evening in New York.
    Expect { label: "K", at: "2024-05-06T09:00:00+10:00", offset: 36000,
        new_york: (NonWorkingDay, "2024-05-05T19:00:00", None),
        berlin: (Sleep, "2024-05-06T01:00:00", Some("2024-05-05")) },
    // On the second branch `topic`.
    Expect { label: "L", at: "2024-06-04T20:00:00-04:00", offset: -14400,
        new_york: (OffHours, "2024-06-04T20:00:00", None),
        berlin: (Sleep, "2024-06-05T02:00:00", Some("2024-06-04")) },
    // Reachable only from refs/remotes/origin/feature.
    Expect { label: "M", at: "2024-07-01T13:00:00+02:00", offset: 7200,
        new_york: (Sleep, "2024-07-01T07:00:00", Some("2024-06-30")),
        berlin: (Business, "2024-07-01T13:00:00", None) },
];

/// The fixture: a temp dir with `home/` and the repository `repo/`; commit ids by label.
struct Fixture {
    dir: tempfile::TempDir,
    git: Git,
    ids: HashMap<&'static str, String>,
}

impl Fixture {
    fn repo(&self) -> PathBuf {
        self.dir.path().join("repo")
    }
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let git = Git { home };
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git.run(&repo, &["init", "-q"], None);
    std::fs::write(
        repo.join(".mailmap"),
        format!("{} <{}> <{}>\n", ME.0, ME.1, OLD_ME.1),
    )
    .unwrap();
    git.run(&repo, &["add", ".mailmap"], None);

    let mut ids: HashMap<&'static str, String> = HashMap::new();
    for e in EXPECT {
        let who = match e.label {
            "F" => BOB,
            "G" => OLD_ME,
            _ => ME,
        };
        match e.label {
            "L" => git.run(
                &repo,
                &["checkout", "-q", "-b", "topic", ids["K"].as_str()],
                None,
            ),
            "M" => git.run(
                &repo,
                &["checkout", "-q", "-b", "tmp", ids["K"].as_str()],
                None,
            ),
            _ => String::new(),
        };
        let id = git.commit(&repo, who, e.at);
        ids.insert(e.label, id);
    }
    // M stays reachable only through a remote-tracking ref.
    git.run(
        &repo,
        &[
            "update-ref",
            "refs/remotes/origin/feature",
            ids["M"].as_str(),
        ],
        None,
    );
    git.run(&repo, &["checkout", "-q", "main"], None);
    git.run(&repo, &["branch", "-q", "-D", "tmp"], None);
    Fixture { dir, git, ids }
}

fn context() -> ImportContext {
    let identities = Identities {
        emails: vec![ME.1.to_string()],
        ..Identities::default()
    };
    ImportContext::new(identities, IdentityHasher::new([9; 32]))
}

fn import(path: &Path) -> VecSink {
    let mut sink = VecSink::default();
    git::import(path, &context(), &mut sink).unwrap();
    sink
}

fn classifier(zone: &str) -> Classifier {
    let mut settings = Settings::default();
    settings.set("timezone", zone).unwrap();
    Classifier::new(&settings).unwrap()
}

#[test]
fn commits_land_in_the_expected_bands_in_two_zones() {
    let fx = fixture();
    let sink = import(&fx.repo());
    assert!(sink.skipped.is_empty(), "{:?}", sink.skipped);
    assert_eq!(sink.events.len(), EXPECT.len(), "each commit exactly once");
    let by_key: HashMap<&str, &Event> = sink.events.iter().map(|e| (e.key.as_str(), e)).collect();
    assert_eq!(by_key.len(), EXPECT.len());

    let zones = [
        ("America/New_York", classifier("America/New_York")),
        ("Europe/Berlin", classifier("Europe/Berlin")),
    ];
    for x in EXPECT {
        let id = &fx.ids[x.label];
        let e = by_key
            .get(id.as_str())
            .unwrap_or_else(|| panic!("commit {} ({id}) not imported", x.label));
        assert_eq!(id.len(), 40);
        assert_eq!((e.kind, e.source), (EventKind::Commit, SourceKind::Git));
        assert_eq!(e.utc, x.at.parse::<Timestamp>().unwrap(), "{}", x.label);
        assert_eq!(e.offset, Some(x.offset), "{}: offset kept", x.label);
        assert_eq!((e.duration, e.counterpart.as_ref()), (None, None));
        for ((zone, c), want) in zones.iter().zip([x.new_york, x.berlin]) {
            let placed = c.place(e.utc, e.offset);
            let got = (
                placed.band,
                placed.local.to_string(),
                placed.night.map(|d| d.to_string()),
            );
            let want = (want.0, want.1.to_string(), want.2.map(str::to_string));
            assert_eq!(got, want, "commit {} at {} in {zone}", x.label, x.at);
        }
    }

    // For a traveller, the commit's own offset decides: Monday 09:00 at +10:00 is business.
    let mut settings = Settings::default();
    settings.set("timezone", "America/New_York").unwrap();
    settings.set("use_event_offset", "true").unwrap();
    let k = by_key[fx.ids["K"].as_str()];
    let placed = Classifier::new(&settings).unwrap().place(k.utc, k.offset);
    assert_eq!(
        (placed.band, placed.local.to_string()),
        (Business, "2024-05-06T09:00:00".to_string())
    );

    let hasher = IdentityHasher::new([9; 32]);
    for x in EXPECT {
        let actor = &by_key[fx.ids[x.label].as_str()].actor;
        match x.label {
            "F" => assert_eq!(actor, &Some(hasher.hash(BOB.1)), "Bob is hashed"),
            _ => assert_eq!(actor, &None, "commit {} is mine (G via .mailmap)", x.label),
        }
    }
}

#[test]
fn without_the_mailmap_the_old_address_is_someone_else() {
    let fx = fixture();
    std::fs::remove_file(fx.repo().join(".mailmap")).unwrap();
    let sink = import(&fx.repo());
    let g = sink.events.iter().find(|e| e.key == fx.ids["G"]).unwrap();
    assert_eq!(g.actor, Some(IdentityHasher::new([9; 32]).hash(OLD_ME.1)));
}

#[test]
fn reimport_and_clones_add_nothing_to_the_store() {
    let fx = fixture();
    let root = fx.dir.path();
    fx.git.run(root, &["clone", "-q", "repo", "clone"], None);
    fx.git
        .run(root, &["clone", "-q", "--bare", "repo", "bare.git"], None);

    let mut store = Store::open_in_memory().unwrap();
    let now = Timestamp::from_second(1_795_000_000).unwrap();
    let mut run = |path: PathBuf| {
        let id = store
            .start_run(SourceKind::Git, &path.display().to_string(), now)
            .unwrap();
        let mut sink = StoreSink::new(&mut store, id);
        git::import(&path, &context(), &mut sink).unwrap();
        sink.flush().unwrap();
        (sink.new, sink.duplicates, sink.skipped)
    };
    let n = EXPECT.len() as u64;
    assert_eq!(run(fx.repo()), (n, 0, 0), "first import");
    assert_eq!(run(fx.repo()), (0, n, 0), "same work tree again");
    assert_eq!(run(fx.repo().join(".git")), (0, n, 0), "its .git folder");
    // Clones fetch branches, not the remote-tracking-only commit M.
    assert_eq!(run(root.join("clone")), (0, n - 1, 0), "a clone");
    assert_eq!(run(root.join("bare.git")), (0, n - 1, 0), "a bare clone");
    // A shallow clone: the missing parents past its boundary are not reported as skips.
    let url = format!("file://{}", fx.repo().display());
    fx.git.run(
        root,
        &["clone", "-q", "--depth", "2", &url, "shallow"],
        None,
    );
    assert_eq!(run(root.join("shallow")), (0, 2, 0), "a shallow clone");
    assert_eq!(store.event_count().unwrap(), n);

    // The bare clone has no work tree: its mailmap comes from HEAD:.mailmap.
    let bare = import(&root.join("bare.git"));
    let g = bare.events.iter().find(|e| e.key == fx.ids["G"]).unwrap();
    assert_eq!(g.actor, None);
}

/// Collects only what the importer reports about itself.
#[derive(Default)]
struct Recorder {
    events: u64,
    skipped: Vec<String>,
    progress: Vec<u64>,
}

impl Sink for Recorder {
    fn event(&mut self, _: Event) -> Result<(), SinkError> {
        self.events += 1;
        Ok(())
    }
    fn skip(&mut self, at: Location, reason: String) {
        self.skipped.push(format!("{at}: {reason}"));
    }
    fn progress(&mut self, done: u64) {
        self.progress.push(done);
    }
}

#[test]
fn an_undecodable_commit_is_skipped_with_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let git = Git { home };
    let repo = dir.path().join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    git.run(&repo, &["init", "-q"], None);
    git.commit(&repo, ME, "2024-03-08T10:00:00-05:00");
    let garbage = repo.join("garbage");
    std::fs::write(&garbage, "tree not-a-hash\n\nno author here\n").unwrap();
    let bad = git.run(
        &repo,
        &[
            "hash-object",
            "-t",
            "commit",
            "--literally",
            "-w",
            garbage.to_str().unwrap(),
        ],
        None,
    );
    // `git update-ref` refuses to point a branch at a bogus commit: write the loose ref.
    std::fs::write(repo.join(".git/refs/heads/broken"), format!("{bad}\n")).unwrap();

    let mut sink = Recorder::default();
    git::import(&repo, &context(), &mut sink).unwrap();
    assert_eq!(sink.events, 1);
    assert_eq!(sink.skipped.len(), 1, "{:?}", sink.skipped);
    let want = format!("{}: commit {bad}: cannot be decoded", repo.display());
    assert!(sink.skipped[0].starts_with(&want), "{:?}", sink.skipped);
    assert_eq!(
        sink.progress.last(),
        Some(&2),
        "every commit visited counts"
    );
}

#[test]
fn a_plain_folder_is_refused_with_a_hint() {
    let dir = tempfile::tempdir().unwrap();
    let err = git::import(dir.path(), &context(), &mut VecSink::default()).unwrap_err();
    match err {
        ImportError::Refused { reason, hint, .. } => {
            assert!(reason.starts_with("not a git repository"), "{reason}");
            assert!(hint.is_some());
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}
