//! Tests of `app::import`: runs, counts, cursors, the commit stream and its failures.

use std::cell::RefCell;

use super::*;
use crate::app::cursor::Cursor;

fn zsh_file(dir: &Path, lines: &str) -> PathBuf {
    let path = dir.join("zsh_history");
    std::fs::write(&path, lines).unwrap();
    path
}

/// Records the calls it gets, one letter each.
#[derive(Default)]
struct Calls(RefCell<String>);

impl ProgressSink for Calls {
    fn start(&self, source: SourceKind, _label: &str) {
        self.0.borrow_mut().push_str(&format!("[{source}"));
    }
    fn total(&self, _total: u64) {
        self.0.borrow_mut().push('t');
    }
    fn finish(&self) {
        self.0.borrow_mut().push(']');
    }
}

fn now() -> Timestamp {
    "2026-11-27T17:30:00Z".parse().unwrap()
}

#[test]
fn imports_each_path_in_its_own_run_and_counts() {
    let dir = tempfile::tempdir().unwrap();
    let good = zsh_file(
        dir.path(),
        ": 1780000000:0;ls\n: 1780000060:0;make\nnot a line\n",
    );
    let missing = dir.path().join("missing");
    let mut store = Store::open_in_memory().unwrap();
    let request = ImportRequest {
        // The same file twice: read whole both times.
        again: true,
        ..ImportRequest::new(SourceKind::Zsh, &[good.clone(), missing, good], now())
    };
    let calls = Calls::default();
    let summary = import(&mut store, &Settings::default(), &request, &calls).unwrap();
    assert_eq!(calls.0.into_inner(), "[zsht][zsh][zsht]");
    assert_eq!(
        (
            summary.new,
            summary.duplicates,
            summary.skipped,
            summary.failed
        ),
        (2, 2, 2, 1)
    );
    assert_eq!(summary.paths[0].first_skipped.len(), 1);
    assert!(matches!(
        summary.paths[1].failure,
        Some(PathFailure::Import(ImportError::Open { .. }))
    ));
    let runs = store.runs().unwrap();
    let statuses: Vec<RunStatus> = runs.iter().rev().map(|r| r.status).collect();
    assert_eq!(
        statuses,
        [RunStatus::Done, RunStatus::Failed, RunStatus::Done]
    );
    let json = serde_json::to_value(&summary).unwrap();
    assert_eq!(json["source"], "zsh");
    assert!(
        json["paths"][1]["error"]
            .as_str()
            .unwrap()
            .starts_with("cannot read")
    );
    assert!(json["paths"][0]["error"].is_null());
}

#[test]
fn a_path_read_before_is_read_only_as_far_as_it_changed() {
    let dir = tempfile::tempdir().unwrap();
    let history = zsh_file(dir.path(), ": 1780000000:0;ls\n: 1780000060:0;make\n");
    let mut store = Store::open_in_memory().unwrap();
    let settings = Settings::default();
    let once = |store: &mut Store, again: bool| {
        let request = ImportRequest {
            again,
            ..ImportRequest::new(SourceKind::Zsh, std::slice::from_ref(&history), now())
        };
        let calls = Calls::default();
        let summary = import(store, &settings, &request, &calls).unwrap();
        let p = &summary.paths[0];
        (p.read.clone(), p.new, p.duplicates, calls.0.into_inner())
    };
    assert_eq!(
        once(&mut store, false),
        ("whole".into(), 2, 0, "[zsht]".into())
    );
    // Unchanged (inode, size, mtime): not opened, no run.
    assert_eq!(
        once(&mut store, false),
        ("unchanged".into(), 0, 0, String::new())
    );
    assert_eq!(store.runs().unwrap().len(), 1);
    // Asked to: read whole, every line already stored.
    assert_eq!(
        once(&mut store, true),
        ("whole".into(), 0, 2, "[zsht]".into())
    );
    // Grown: only the new part is read.
    let before = std::fs::metadata(&history).unwrap().len();
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&history)
        .unwrap();
    std::io::Write::write_all(&mut f, b": 1780000120:0;git push\n").unwrap();
    drop(f);
    assert_eq!(
        once(&mut store, false),
        (format!("from byte {before}"), 1, 0, "[zsht]".into())
    );
    assert_eq!(store.event_count().unwrap(), 3);
    // Rewritten (not only grown): read whole.
    std::fs::write(&history, ": 1780000000:0;ls\n: 1780009999:0;vim\n").unwrap();
    let (read, new, duplicates, _) = once(&mut store, false);
    assert!(read.starts_with("whole"), "{read}");
    assert_eq!((new, duplicates), (1, 1));
}

#[test]
fn a_cursor_written_by_another_version_or_with_other_options_means_a_whole_read() {
    let dir = tempfile::tempdir().unwrap();
    let history = zsh_file(dir.path(), ": 1780000000:0;ls\n");
    let mut store = Store::open_in_memory().unwrap();
    let settings = Settings::default();
    let request = ImportRequest::new(SourceKind::Zsh, std::slice::from_ref(&history), now());
    let first = import(&mut store, &settings, &request, &NoProgress).unwrap();
    let path_id = &first.paths[0].path_id;
    let mut cursor = super::super::cursor::stored_cursor(&store, path_id)
        .unwrap()
        .unwrap();
    let reader = cursor.reader.clone().unwrap();
    assert!(reader.starts_with(concat!("canary ", env!("CARGO_PKG_VERSION"), " ")));
    cursor.reader = Some(reader.replace(env!("CARGO_PKG_VERSION"), "0.0.1"));
    save_cursor_as_written(&store, path_id, &cursor);
    let again = import(&mut store, &settings, &request, &NoProgress).unwrap();
    assert_eq!(
        (again.paths[0].read.as_str(), again.paths[0].duplicates),
        ("whole", 1)
    );
    let unchanged = import(&mut store, &settings, &request, &NoProgress).unwrap();
    assert_eq!(unchanged.paths[0].read, "unchanged");
    // Another option (or identity, or personal rule): read whole again.
    let with_option = ImportRequest {
        options: vec![("personal".into(), "true".into())],
        ..request.clone()
    };
    let other = import(&mut store, &settings, &with_option, &NoProgress).unwrap();
    assert_eq!(other.paths[0].read, "whole");
    let mut other_settings = settings.clone();
    other_settings
        .identities
        .emails
        .push("me@example.org".into());
    let other = import(&mut store, &other_settings, &with_option, &NoProgress).unwrap();
    assert_eq!(other.paths[0].read, "whole");
    let same = import(&mut store, &other_settings, &with_option, &NoProgress).unwrap();
    assert_eq!(same.paths[0].read, "unchanged");
}

/// Store `cursor` exactly as given (`save_cursor` stamps this version).
fn save_cursor_as_written(store: &Store, path_id: &str, cursor: &Cursor) {
    let json = serde_json::to_string(cursor).unwrap();
    store
        .save_sync_state(path_id, SourceKind::Zsh, &json, 0, now())
        .unwrap();
}

/// Commits in a store's WAL since it was last reset (the store must not checkpoint):
/// frames whose header names the database size after a commit, with the WAL's salts.
fn wal_commits(db: &Path) -> usize {
    let mut wal = db.as_os_str().to_owned();
    wal.push("-wal");
    let bytes = std::fs::read(wal).unwrap_or_default();
    if bytes.len() < 32 {
        return 0;
    }
    let be = |at: usize| u32::from_be_bytes(bytes[at..at + 4].try_into().unwrap());
    let page = be(8) as usize;
    let salts = &bytes[16..24];
    let mut at = 32;
    let mut commits = 0;
    while at + 24 + page <= bytes.len() {
        if &bytes[at + 8..at + 16] == salts && be(at + 4) != 0 {
            commits += 1;
        }
        at += 24 + page;
    }
    commits
}

#[test]
fn many_paths_are_one_commit_stream_with_each_path_s_own_counts() {
    let dir = tempfile::tempdir().unwrap();
    // 300 histories, each overlapping the one before (a duplicate), some with a bad line.
    let paths: Vec<PathBuf> = (0..300)
        .map(|i| {
            let path = dir.path().join(format!("h{i}"));
            let t = 1_780_000_000 + i * 60;
            let bad = if i % 7 == 0 { "not a line\n" } else { "" };
            let text = format!(": {t}:0;ls\n{bad}: {}:0;make {i}\n", t + 60);
            std::fs::write(&path, text).unwrap();
            path
        })
        .collect();
    let db = dir.path().join("one.db");
    let mut store = Store::open(&db).unwrap();
    store
        .conn()
        .pragma_update(None, "wal_autocheckpoint", 0)
        .unwrap();
    store.hasher().unwrap();
    let before = wal_commits(&db);
    let started = Instant::now();
    let request = ImportRequest::new(SourceKind::Zsh, &paths, now());
    let one = import(&mut store, &Settings::default(), &request, &NoProgress).unwrap();
    let commits = wal_commits(&db) - before;
    // By size (50k rows) or time (a second): this import is small, so one commit, plus
    // one a second if the machine is slow.
    let bound = 1 + started.elapsed().as_secs() as usize;
    assert!(
        (1..=bound).contains(&commits),
        "{commits} commits for 300 paths (at most {bound})"
    );
    assert_eq!(
        one.commits as usize, commits,
        "the stream counts what SQLite saw"
    );
    assert_eq!((one.new, one.duplicates, one.skipped), (301, 299, 43));

    // The same paths one import each: the same counts path by path.
    let mut apart = Store::open_in_memory().unwrap();
    for (path, outcome) in paths.iter().zip(&one.paths) {
        let request = ImportRequest::new(SourceKind::Zsh, std::slice::from_ref(path), now());
        let alone = import(&mut apart, &Settings::default(), &request, &NoProgress).unwrap();
        let p = &alone.paths[0];
        assert_eq!(
            (p.new, p.duplicates, p.skipped, &p.first_skipped, &p.path),
            (
                outcome.new,
                outcome.duplicates,
                outcome.skipped,
                &outcome.first_skipped,
                &outcome.path
            )
        );
    }
    // The runs' own counters agree, and the summary of sources is the events grouped.
    let runs = store.runs().unwrap();
    assert_eq!(runs.len(), 300);
    assert!(runs.iter().all(|r| r.status == RunStatus::Done));
    let counted: u64 = runs.iter().map(|r| r.new).sum();
    assert_eq!(counted, store.event_count().unwrap());
    let stats = store.source_summaries().unwrap();
    assert_eq!(stats[0].events, 301);
    assert_eq!(stats[0].first.as_second(), 1_780_000_000);
}

#[test]
fn only_a_mail_path_read_again_whole_reads_the_stored_keys() {
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    let message = |i: u32| {
        format!(
            "From a@example.org Mon Apr 18 14:24:49 2022\nMessage-ID: <{i}@x>\n\
             Date: Mon, 18 Apr 2022 14:2{i}:00 +0000\nFrom: a@example.org\n\n\
             body\n\n"
        )
    };
    std::fs::write(&inbox, (0..3).map(message).collect::<String>()).unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let mut run = |again: bool| {
        let mut request = ImportRequest::new(SourceKind::Mbox, std::slice::from_ref(&inbox), now());
        request.again = again;
        let summary = import(&mut store, &Settings::default(), &request, &NoProgress).unwrap();
        let p = &summary.paths[0];
        (p.read.clone(), p.new, p.duplicates, store.key_sets_read())
    };
    // First read: nothing stored to ask about. Unchanged: not read, no keys read.
    assert_eq!(run(false), ("whole".into(), 3, 0, 0));
    assert_eq!(run(false), ("unchanged".into(), 0, 0, 0));
    // Read again whole: the keys are read once, and every message is a repeat.
    assert_eq!(run(true), ("whole".into(), 0, 3, 1));
    // Grown: only the new part is read, without the keys.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&inbox)
        .unwrap();
    std::io::Write::write_all(&mut f, message(3).as_bytes()).unwrap();
    drop(f);
    let (read, new, duplicates, reads) = run(false);
    assert!(read.starts_with("from byte"), "{read}");
    assert_eq!((new, duplicates, reads), (1, 0, 1));
}

/// A batch that fails inside the stream undoes every write since the last commit: the
/// paths that ended since then are reported as not stored, never with counts the store
/// does not hold; the paths after it are imported again in a new transaction.
#[test]
fn paths_read_again_share_the_stored_keys_and_none_is_lost_to_a_rollback() {
    let dir = tempfile::tempdir().unwrap();
    let message = |id: &str, minute: u32| {
        format!(
            "From a@example.org Mon Apr 18 14:24:49 2022\nMessage-ID: <{id}@x>\n\
             Date: Mon, 18 Apr 2022 14:{minute:02}:00 +0000\nFrom: a@example.org\n\
             Subject: {id}\n\nbody\n\n"
        )
    };
    let (x, y, z) = (
        dir.path().join("x"),
        dir.path().join("y"),
        dir.path().join("z"),
    );
    std::fs::write(&y, message("a", 1)).unwrap();
    std::fs::write(&z, message("b", 2)).unwrap();
    let mut store = Store::open(&dir.path().join("s.db")).unwrap();
    let import_all = |store: &mut Store, paths: &[PathBuf]| {
        let mut request = ImportRequest::new(SourceKind::Mbox, paths, now());
        request.again = true;
        import(store, &Settings::default(), &request, &NoProgress).unwrap()
    };
    let first = import_all(&mut store, &[y.clone(), z.clone()]);
    assert_eq!(first.new, 2);
    // Read again, the keys are loaded once for both paths.
    let reads = store.key_sets_read();
    let again = import_all(&mut store, &[y.clone(), z.clone()]);
    assert_eq!((again.new, again.duplicates), (0, 2));
    assert_eq!(store.key_sets_read(), reads + 1, "one load for both paths");

    // x is new and holds m; y gains n, which the store refuses (a rollback that undoes x's
    // m); z gains m too. z may be read against keys loaded before the rollback, which
    // name m: then it must fail rather than count m as stored.
    std::fs::write(&x, message("m", 3)).unwrap();
    std::fs::write(&y, message("a", 1) + &message("n", 4)).unwrap();
    std::fs::write(&z, message("b", 2) + &message("m", 3)).unwrap();
    store
        .conn()
        .execute_batch(&format!(
            "CREATE TEMP TRIGGER full BEFORE INSERT ON events WHEN NEW.utc = {}
             BEGIN SELECT RAISE(ABORT, 'full'); END;",
            "2022-04-18T14:04:00Z"
                .parse::<Timestamp>()
                .unwrap()
                .as_second()
        ))
        .unwrap();
    let summary = import_all(&mut store, &[x.clone(), y.clone(), z.clone()]);
    let failure = |i: usize| summary.paths[i].failure.as_ref().map(|f| message_of(f));
    assert_eq!(failure(0), Some(PathFailure::RolledBack.to_string()));
    assert!(
        failure(1).is_some_and(|f| f.contains("full")),
        "{:?}",
        failure(1)
    );
    let stored_m: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM events WHERE utc = ?1",
            ["2022-04-18T14:03:00Z"
                .parse::<Timestamp>()
                .unwrap()
                .as_second()],
            |r| r.get(0),
        )
        .unwrap();
    match failure(2) {
        None => assert_eq!(stored_m, 1, "z succeeded, so m is stored"),
        Some(f) => assert_eq!(f, PathFailure::StaleKeys.to_string()),
    }
}

#[test]
fn a_failed_batch_reports_the_paths_it_undid_as_not_stored() {
    let dir = tempfile::tempdir().unwrap();
    let paths = two_line_histories(dir.path(), 8);
    let store = &mut store_refusing_a_sixth_event();
    let request = ImportRequest::new(SourceKind::Zsh, &paths, now());
    let summary = import(store, &Settings::default(), &request, &NoProgress).unwrap();
    let failures: Vec<String> = summary
        .paths
        .iter()
        .map(|p| {
            p.failure
                .as_ref()
                .map_or("stored".into(), |f| message_of(f))
        })
        .collect();
    // Paths 0 and 1 (4 events) were undone when path 2's batch failed; paths 3 and 4 were
    // undone when path 5's did; 6 and 7 are stored.
    let undone = PathFailure::RolledBack.to_string();
    for i in [0, 1, 3, 4] {
        assert_eq!(failures[i], undone, "path {i}: {failures:?}");
    }
    for i in [2, 5] {
        assert!(failures[i].contains("full"), "path {i}: {failures:?}");
    }
    for i in [6, 7] {
        assert_eq!(failures[i], "stored", "path {i}: {failures:?}");
    }
    let claimed: u64 = summary.paths.iter().map(|p| p.new).sum();
    assert_eq!(claimed, store.event_count().unwrap(), "{summary:?}");
    assert_eq!(claimed, 4);
}

/// `n` zsh histories of two distinct lines each, in `dir`.
pub(crate) fn two_line_histories(dir: &Path, n: i64) -> Vec<PathBuf> {
    (0..n)
        .map(|i| {
            let path = dir.join(format!("h{i}"));
            let t = 1_780_000_000 + i * 600;
            std::fs::write(&path, format!(": {t}:0;ls\n: {}:0;make\n", t + 60)).unwrap();
            path
        })
        .collect()
}

/// A store that refuses a sixth event, as a full disk would a write in the middle.
pub(crate) fn store_refusing_a_sixth_event() -> Store {
    let store = Store::open_in_memory().unwrap();
    store
        .conn()
        .execute_batch(
            "CREATE TEMP TRIGGER full BEFORE INSERT ON events
             WHEN (SELECT count(*) FROM events) >= 5 BEGIN SELECT RAISE(ABORT, 'full'); END;",
        )
        .unwrap();
    store
}

#[test]
fn bad_options_stop_before_any_run() {
    let dir = tempfile::tempdir().unwrap();
    let history = zsh_file(dir.path(), ": 1780000000:0;ls\n");
    let mut store = Store::open_in_memory().unwrap();
    let mut request = ImportRequest::new(SourceKind::Zsh, &[history], now());
    request.options = vec![("since".into(), "2024-01-01".into())];
    let err = import(&mut store, &Settings::default(), &request, &NoProgress).unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown option `since` for zsh; zsh accepts: personal"
    );
    assert!(store.runs().unwrap().is_empty());
    request.jobs[0].0 = SourceKind::Demo;
    request.options.clear();
    let err = import(&mut store, &Settings::default(), &request, &NoProgress).unwrap_err();
    assert_eq!(err.to_string(), "no importer reads demo");
}

#[test]
fn the_person_s_zone_is_the_default_for_local_times() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("log.csv");
    std::fs::write(&csv, "when\n2026-03-01 10:00\n").unwrap();
    let settings = Settings {
        timezone: "Europe/Berlin".into(),
        ..Settings::default()
    };
    let utc_of = |options: Vec<(String, String)>| {
        let mut store = Store::open_in_memory().unwrap();
        let mut request = ImportRequest::new(SourceKind::Csv, std::slice::from_ref(&csv), now());
        request.options = options;
        let summary = import(&mut store, &settings, &request, &NoProgress).unwrap();
        assert_eq!(summary.new, 1, "{summary:?}");
        let events = store.events(&Default::default()).unwrap();
        events[0].utc.to_string()
    };
    let ts = ("timestamp".to_string(), "when".to_string());
    assert_eq!(utc_of(vec![ts.clone()]), "2026-03-01T09:00:00Z");
    let tz = ("timezone".to_string(), "UTC".to_string());
    assert_eq!(utc_of(vec![ts, tz]), "2026-03-01T10:00:00Z");
}
