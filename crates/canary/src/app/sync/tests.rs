use std::collections::BTreeMap;
use std::fs::File;
use std::io::Write;
use std::path::Path;

use proptest::prelude::{Just, ProptestConfig, prop_assert_eq, prop_oneof, proptest};
use proptest::strategy::Strategy as _;

use super::*;
use crate::app::cursor::*;
use crate::app::import::{ImportRequest, NoProgress, import};
use crate::privacy::IdentityHasher;

fn now() -> Timestamp {
    "2026-11-27T17:30:00Z".parse().unwrap()
}

/// Set a file's mtime to `secs` after the epoch, so that a change is seen whatever the
/// file system's clock granularity.
fn set_mtime(path: &Path, secs: u64) {
    let f = File::options().write(true).open(path).unwrap();
    f.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs))
        .unwrap();
}

fn cursor_of(path: &Path) -> Cursor {
    match plan(SourceKind::Zsh, path, None, &IdentityHasher::new([0; 32])).unwrap() {
        Plan::Read { cursor, .. } => cursor,
        Plan::Unchanged { .. } => panic!("a path never read is read"),
    }
}

fn decide(path: &Path, old: &Cursor) -> (Growth, Option<u64>) {
    match plan(
        SourceKind::Zsh,
        path,
        Some(old),
        &IdentityHasher::new([0; 32]),
    )
    .unwrap()
    {
        Plan::Unchanged { .. } => (Growth::Unchanged, None),
        Plan::Read { resume, how, .. } if how.starts_with("from byte") => (
            Growth::Grew {
                from: resume.offset,
            },
            Some(resume.offset),
        ),
        Plan::Read { .. } => (Growth::Replaced, None),
    }
}

#[derive(Debug, Clone)]
enum Change {
    Append(Vec<u8>),
    Truncate(usize),
    Flip(usize),
    NewFile,
    Touch,
}

fn change() -> impl proptest::strategy::Strategy<Value = Change> {
    prop_oneof![
        proptest::collection::vec(prop_oneof![Just(b'a'), Just(b'\n')], 1..40)
            .prop_map(Change::Append),
        (0usize..200).prop_map(Change::Truncate),
        (0usize..200).prop_map(Change::Flip),
        Just(Change::NewFile),
        Just(Change::Touch),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A file is resumed exactly when it only grew, from the end of the last line read, and
    /// what is read from there is everything after the bytes already read.
    #[test]
    fn resumes_only_a_file_that_only_grew(
        base in proptest::collection::vec(prop_oneof![Just(b'x'), Just(b'\n')], 0..120),
        change in change(),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history");
        std::fs::write(&path, &base).unwrap();
        set_mtime(&path, 1_000);
        let old = cursor_of(&path);
        let offset = last_line_end(&base) as u64;
        prop_assert_eq!(old.offset, Some(offset));
        let mut now_bytes = base.clone();
        let expected = match &change {
            Change::Append(more) => {
                now_bytes.extend_from_slice(more);
                Growth::Grew { from: offset }
            }
            Change::Truncate(n) if *n < base.len() => {
                now_bytes.truncate(*n);
                Growth::Replaced
            }
            Change::Truncate(_) | Change::Touch => Growth::Grew { from: offset },
            Change::Flip(i) if *i < base.len() => {
                now_bytes[*i] = b'y';
                if (*i as u64) < offset { Growth::Replaced } else { Growth::Grew { from: offset } }
            }
            Change::Flip(_) => Growth::Grew { from: offset },
            Change::NewFile => Growth::Replaced,
        };
        if matches!(change, Change::NewFile) {
            let other = dir.path().join("other");
            std::fs::write(&other, &now_bytes).unwrap();
            std::fs::rename(&other, &path).unwrap();
        } else {
            std::fs::write(&path, &now_bytes).unwrap();
        }
        set_mtime(&path, 2_000);
        let (got, from) = decide(&path, &old);
        prop_assert_eq!(got, expected);
        if let Some(from) = from {
            // Resuming loses nothing: the bytes before `from` are the ones read.
            prop_assert_eq!(&now_bytes[..from as usize], &base[..from as usize]);
        }
        // Untouched since: nothing to read.
        let again = cursor_of(&path);
        prop_assert_eq!(decide(&path, &again).0, Growth::Unchanged);
    }
}

/// The cursor `plan_whole` makes for `path` given an earlier one.
fn whole_cursor(path: &Path, earlier: &Cursor) -> Cursor {
    match plan_whole(
        SourceKind::Zsh,
        path,
        Some(earlier),
        &IdentityHasher::new([0; 32]),
    )
    .unwrap()
    {
        Plan::Read { cursor, .. } => cursor,
        Plan::Unchanged { .. } => panic!("a whole read is a read"),
    }
}

#[test]
fn a_whole_read_takes_the_hash_of_the_file_its_earlier_cursor_recorded_and_no_other() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("history");
    std::fs::write(&path, ": 1780000000:0;ls\n: 1780000060:0;make\n").unwrap();
    set_mtime(&path, 1_780_000_100);
    let first = cursor_of(&path);
    // A hash no file has and an offset this file's last line end is not: seeing them again
    // shows they were taken, not made.
    let marked = Cursor {
        prefix_hash: Some("earlier".into()),
        offset: Some(3),
        ..first.clone()
    };
    let same = whole_cursor(&path, &marked);
    assert_eq!(same.prefix_hash.as_deref(), Some("earlier"));
    assert_eq!((same.file, same.offset), (first.file, Some(3)));
    // Touched (the same bytes, another mtime): hashed again.
    set_mtime(&path, 1_780_000_200);
    let touched = whole_cursor(&path, &marked);
    assert_eq!(touched.prefix_hash, first.prefix_hash);
    // Grown: hashed again, to the new last line end.
    let mut f = File::options().append(true).open(&path).unwrap();
    f.write_all(b": 1780000120:0;git push\n").unwrap();
    drop(f);
    let grown = whole_cursor(&path, &marked);
    assert_eq!(grown, cursor_of(&path));
    assert_ne!(grown.prefix_hash, first.prefix_hash);
    // No earlier cursor: hashed.
    let Ok(Plan::Read { cursor: plain, .. }) =
        plan_whole(SourceKind::Zsh, &path, None, &IdentityHasher::new([0; 32]))
    else {
        panic!("a whole read is a read");
    };
    assert_eq!(plain, grown);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Read backwards in chunks, the last line end is the one the whole file's bytes give,
    /// wherever the last newline lies against the chunks' edges.
    #[test]
    fn the_last_line_end_read_backwards_is_the_whole_file_s(
        size in 0usize..140_000,
        // How far before the end the last newline is (none when past the start): near the
        // edges of the chunks read (4 KiB, then 64 KiB each) most of the time.
        before_end in proptest::option::of(prop_oneof![
            0usize..3,
            4_094usize..4_099,
            69_630usize..69_635,
            135_166usize..135_171,
            0usize..140_000,
        ]),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history");
        let mut bytes = vec![b'x'; size];
        if let Some(at) = before_end.and_then(|d| size.checked_sub(d + 1)) {
            bytes[at] = b'\n';
        }
        std::fs::write(&path, &bytes).unwrap();
        let cursor = cursor_of(&path);
        prop_assert_eq!(cursor.offset, Some(last_line_end(&bytes) as u64));
    }
}

#[test]
fn growth_without_a_prefix_check_when_unchanged() {
    let m = FileMark {
        inode: 1,
        size: 10,
        mtime_ns: 5,
    };
    assert_eq!(growth(&m, 8, &m, || panic!("not asked")), Growth::Unchanged);
    let grown = FileMark { size: 12, ..m };
    assert_eq!(growth(&m, 8, &grown, || true), Growth::Grew { from: 8 });
    assert_eq!(growth(&m, 8, &grown, || false), Growth::Replaced);
    let other = FileMark { inode: 2, ..grown };
    assert_eq!(growth(&m, 8, &other, || true), Growth::Replaced);
    let shorter = FileMark { size: 9, ..m };
    assert_eq!(growth(&m, 8, &shorter, || true), Growth::Replaced);
    assert_eq!(last_line_end(b"ab\ncd"), 3);
    assert_eq!(last_line_end(b"abcd"), 0);
}

fn record(kind: &str, path: &Path, options: &[(&str, &str)]) -> SourceRecord {
    SourceRecord {
        id: String::new(),
        kind: kind.into(),
        path: path.canonicalize().unwrap().display().to_string(),
        options: options
            .iter()
            .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
            .collect::<BTreeMap<_, _>>(),
    }
}

fn mail(dir: &Path, name: &str, id: &str, day: u32) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join(name),
        format!(
            "From: someone@example.org\nTo: me@example.org\nMessage-ID: <{id}@example.org>\n\
             Date: Tue, {day} Nov 2026 10:00:00 +0000\nSubject: hi\n\nbody\n"
        ),
    )
    .unwrap();
}

#[test]
fn sync_reads_only_what_is_new_and_reports_what_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let zsh = dir.path().join("zsh_history");
    std::fs::write(&zsh, ": 1790000000:0;ls\n: 1790000060:0;make\n").unwrap();
    let maildir = dir.path().join("Maildir");
    mail(&maildir.join("cur"), "1.a", "one", 3);
    mail(&maildir.join("cur"), "2.a", "two", 4);
    let csv = dir.path().join("log.csv");
    std::fs::write(&csv, "when\n2026-03-01 10:00\n").unwrap();

    let mut store = Store::open_in_memory().unwrap();
    let settings = Settings::default();
    let mut request = ImportRequest::new(SourceKind::Zsh, std::slice::from_ref(&zsh), now());
    request.jobs.push((SourceKind::Maildir, maildir.clone()));
    let summary = import(&mut store, &settings, &request, &NoProgress).unwrap();
    assert_eq!(summary.new, 4);
    let csv_request = ImportRequest {
        options: vec![("timestamp".into(), "when".into())],
        ..ImportRequest::new(SourceKind::Csv, std::slice::from_ref(&csv), now())
    };
    import(&mut store, &settings, &csv_request, &NoProgress).unwrap();
    let sources = [
        record("zsh", &zsh, &[]),
        record("maildir", &maildir, &[]),
        record("csv", &csv, &[("timestamp", "when")]),
    ];

    // Nothing changed: nothing read.
    let s = sync(&mut store, &settings, &sources, now()).unwrap();
    let statuses: Vec<&str> = s.lines.iter().map(|l| l.status).collect();
    assert_eq!(statuses, ["unchanged"; 3], "{s:?}");
    assert_eq!(s.new, 0);

    // One new line, one new mail, a changed export.
    let mut f = File::options().append(true).open(&zsh).unwrap();
    f.write_all(b": 1790000120:0;git push\n").unwrap();
    drop(f);
    mail(&maildir.join("new"), "3.a", "three", 5);
    std::fs::write(&csv, "when\n2026-03-01 10:00\n2026-03-02 11:00\n").unwrap();
    let s = sync(&mut store, &settings, &sources, now()).unwrap();
    let counts: Vec<(u64, u64, &str)> = s
        .lines
        .iter()
        .map(|l| (l.new, l.duplicates, l.status))
        .collect();
    // The history and the Maildir are resumed (nothing read twice); the export is read whole.
    assert_eq!(
        counts,
        [(1, 0, "read"), (1, 0, "read"), (1, 1, "read")],
        "{s:?}"
    );
    assert!(s.lines[0].how.as_deref().unwrap().starts_with("from byte"));
    assert_eq!(store.event_count().unwrap(), 8);

    // A second sync: nothing new.
    let s = sync(&mut store, &settings, &sources, now()).unwrap();
    assert_eq!((s.new, s.failed), (0, 0));

    // A history trimmed at its start (HISTSIZE) is read whole; dedupe keeps the counts right.
    let trimmed = ": 1790000060:0;make\n: 1790000120:0;git push\n: 1790000180:0;x\n";
    std::fs::write(&zsh, trimmed).unwrap();
    let s = sync(&mut store, &settings, &sources, now()).unwrap();
    assert_eq!((s.lines[0].new, s.lines[0].duplicates), (1, 2), "{s:?}");
    assert!(s.lines[0].how.as_deref().unwrap().starts_with("whole"));

    // Gone: reported on its line, the others still read, the sync goes on.
    std::fs::remove_file(&zsh).unwrap();
    mail(&maildir.join("new"), "4.a", "four", 6);
    let s = sync(&mut store, &settings, &sources, now()).unwrap();
    assert_eq!(s.failed, 1);
    assert!(
        s.lines[0].error.as_deref().unwrap().starts_with("gone"),
        "{s:?}"
    );
    assert_eq!(s.lines[1].new, 1);
    let state = store.sync_state(&s.lines[0].path_id).unwrap().unwrap();
    assert!(state.problem.is_some());
    // The cursor holds no path or file name.
    for st in store.sync_states().unwrap() {
        assert!(
            !st.cursor.contains("Maildir") && !st.cursor.contains(".a"),
            "{}",
            st.cursor
        );
    }
    assert!(!s.outcome(now()).ok);
}

#[test]
fn quiet_only_when_it_used_to_be_daily() {
    let t = |s: &str| s.parse::<Timestamp>().unwrap();
    let newest = t("2026-11-20T10:00:00Z");
    assert_eq!(quiet_days(newest, t("2026-11-27T10:00:00Z"), 12), Some(7));
    assert_eq!(
        quiet_days(newest, t("2026-11-27T10:00:00Z"), 3),
        None,
        "sparse source"
    );
    assert_eq!(
        quiet_days(newest, t("2026-11-22T10:00:00Z"), 14),
        None,
        "two days"
    );
}

#[test]
fn freshness_names_gone_and_quiet_paths() {
    let dir = tempfile::tempdir().unwrap();
    let zsh = dir.path().join("zsh_history");
    // Daily for two weeks, then nothing.
    let mut text = String::new();
    for d in 0..14 {
        text.push_str(&format!(": {}:0;ls\n", 1_790_000_000 + d * 86_400));
    }
    std::fs::write(&zsh, text).unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let request = ImportRequest::new(SourceKind::Zsh, std::slice::from_ref(&zsh), now());
    import(&mut store, &Settings::default(), &request, &NoProgress).unwrap();
    let later = Timestamp::from_second(1_790_000_000 + 20 * 86_400).unwrap();
    let sources = [record("zsh", &zsh, &[])];
    let f = freshness(&store, &sources, later).unwrap();
    assert_eq!(f[0].quiet_days, Some(7), "{f:?}");
    assert!(f[0].synced_at.is_some());
    assert!(f[0].warning().unwrap().contains("7 days"));
    std::fs::remove_file(&zsh).unwrap();
    let f = freshness(&store, &sources, later).unwrap();
    assert!(f[0].warning().unwrap().starts_with("gone"));
}

/// aw-server-rust's tables, as its datastore creates them.
const AW_SCHEMA: &str = "
    CREATE TABLE buckets (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE NOT NULL,
        type TEXT NOT NULL, client TEXT NOT NULL, hostname TEXT NOT NULL, created TEXT NOT NULL,
        data TEXT);
    CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, bucketrow INTEGER NOT NULL,
        starttime INTEGER NOT NULL, endtime INTEGER NOT NULL, data TEXT NOT NULL);
    INSERT INTO buckets (name, type, client, hostname, created)
        VALUES ('aw-watcher-window_h', 'currentwindow', 'aw-watcher-window', 'h', ''),
               ('aw-watcher-afk_h', 'afkstatus', 'aw-watcher-afk', 'h', '');";

/// 2026-11-27T08:00:00Z, the morning of [`now`].
const AW_BASE: i64 = 1_795_766_400;

/// Add to the ActivityWatch database at `path` (made when new) window events `(start, end)`
/// and AFK events `(start, end, status)`, in seconds after [`AW_BASE`].
fn aw_events(path: &Path, windows: &[(i64, i64)], afk: &[(i64, i64, &str)]) {
    let new = !path.exists();
    let conn = rusqlite::Connection::open(path).unwrap();
    if new {
        conn.execute_batch(AW_SCHEMA).unwrap();
    }
    let ns = |s: i64| (AW_BASE + s) * 1_000_000_000;
    let rows = windows
        .iter()
        .map(|&(s, e)| (1, s, e, r#"{"app":"term","title":"t"}"#.to_string()))
        .chain(
            afk.iter()
                .map(|&(s, e, st)| (2, s, e, format!(r#"{{"status":"{st}"}}"#))),
        );
    for (bucket, s, e, data) in rows {
        conn.execute(
            "INSERT INTO events (bucketrow, starttime, endtime, data) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![bucket, ns(s), ns(e), data],
        )
        .unwrap();
    }
}

#[test]
fn sync_resumes_an_activitywatch_database_from_the_last_event_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sqlite.db");
    // 08:00–08:20 at the computer, two windows; 10:00–10:10 a third.
    aw_events(
        &db,
        &[(0, 600), (600, 1200), (7200, 7800)],
        &[(0, 1200, "not-afk"), (7200, 7800, "not-afk")],
    );
    let mut store = Store::open_in_memory().unwrap();
    let settings = Settings::default();
    let request = ImportRequest::new(SourceKind::Activitywatch, std::slice::from_ref(&db), now());
    assert_eq!(
        import(&mut store, &settings, &request, &NoProgress)
            .unwrap()
            .new,
        3
    );
    let sources = [record("activitywatch", &db, &[])];
    let line = |store: &mut Store| {
        let s = sync(store, &settings, &sources, now()).unwrap();
        assert_eq!(s.failed, 0, "{s:?}");
        let l = s.lines[0].clone();
        (l.new, l.duplicates, l.status, l.how.unwrap_or_default())
    };

    // Nothing new: nothing read, even though the file's mtime moved.
    set_mtime(&db, 1_795_900_000);
    assert_eq!(line(&mut store).2, "unchanged");

    // 12:00–12:10: a window, away after 200 s. Read from an hour before 10:10: the window of
    // 10:00 again (a duplicate), the new one, and not the two of 08:00.
    aw_events(
        &db,
        &[(14_400, 15_000)],
        &[(14_400, 14_600, "not-afk"), (14_600, 15_000, "afk")],
    );
    assert_eq!(
        line(&mut store),
        (
            1,
            1,
            "read",
            "events ending from 2026-11-27T09:10:00Z".into()
        )
    );

    // Back at 12:10 for ten minutes: read from 11:10.
    aw_events(&db, &[(15_000, 15_600)], &[(15_000, 15_600, "not-afk")]);
    assert_eq!(
        line(&mut store),
        (
            1,
            1,
            "read",
            "events ending from 2026-11-27T11:10:00Z".into()
        )
    );
    assert_eq!(line(&mut store).2, "unchanged");

    // Replaced by a copy (another inode): read whole, everything already imported.
    let copy = dir.path().join("copy.db");
    std::fs::copy(&db, &copy).unwrap();
    std::fs::rename(&copy, &db).unwrap();
    let (new, duplicates, _, how) = line(&mut store);
    assert_eq!((new, duplicates), (0, 5));
    assert!(how.starts_with("whole"), "{how}");
    assert_eq!(store.event_count().unwrap(), 5);
}

#[test]
fn a_window_still_growing_at_the_last_sync_keeps_its_whole_length() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("sqlite.db");
    // 08:00: a window in use for 10 minutes so far, at the computer for the hour.
    aw_events(&db, &[(0, 600)], &[(0, 3600, "not-afk")]);
    let mut store = Store::open_in_memory().unwrap();
    let settings = Settings::default();
    let request = ImportRequest::new(SourceKind::Activitywatch, std::slice::from_ref(&db), now());
    import(&mut store, &settings, &request, &NoProgress).unwrap();
    let durations = |store: &Store| -> Vec<Option<i64>> {
        store
            .events(&crate::store::EventFilter::default())
            .unwrap()
            .iter()
            .map(|e| e.duration)
            .collect()
    };
    assert_eq!(durations(&store), [Some(600)]);
    // ActivityWatch extends the same event (its heartbeat): it now ends at 08:30.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE events SET endtime = ?1 WHERE bucketrow = 1",
        [(AW_BASE + 1800) * 1_000_000_000],
    )
    .unwrap();
    drop(conn);
    let s = sync(
        &mut store,
        &settings,
        &[record("activitywatch", &db, &[])],
        now(),
    )
    .unwrap();
    assert_eq!((s.lines[0].new, s.lines[0].duplicates), (0, 1), "{s:?}");
    assert_eq!(
        durations(&store),
        [Some(1800)],
        "the span grew with the window"
    );
    // A shorter copy of the same span, read again, never shortens it.
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.execute(
        "UPDATE events SET endtime = ?1 WHERE bucketrow = 1",
        [(AW_BASE + 900) * 1_000_000_000],
    )
    .unwrap();
    drop(conn);
    let s = sync(
        &mut store,
        &settings,
        &[record("activitywatch", &db, &[])],
        now(),
    )
    .unwrap();
    assert_eq!(s.lines[0].status, "read", "{s:?}");
    assert_eq!(durations(&store), [Some(1800)]);
}

/// As with `import`: a batch that fails inside the sync's stream undoes the lines before it
/// since the last commit, and those lines say so instead of counting events the store does
/// not hold.
#[test]
fn a_failed_batch_in_a_sync_reports_the_lines_it_undid() {
    use crate::app::import::tests::{store_refusing_a_sixth_event, two_line_histories};
    let dir = tempfile::tempdir().unwrap();
    let records: Vec<SourceRecord> = two_line_histories(dir.path(), 5)
        .iter()
        .map(|path| record("zsh", path, &[]))
        .collect();
    let mut store = store_refusing_a_sixth_event();
    let summary = sync(&mut store, &Settings::default(), &records, now()).unwrap();
    let undone = PathFailure::RolledBack.to_string();
    let errors: Vec<Option<&str>> = summary.lines.iter().map(|l| l.error.as_deref()).collect();
    assert_eq!(errors[0], Some(undone.as_str()), "{errors:?}");
    assert_eq!(errors[1], Some(undone.as_str()), "{errors:?}");
    assert!(errors[2].is_some_and(|e| e.contains("full")), "{errors:?}");
    assert_eq!((errors[3], errors[4]), (None, None), "{errors:?}");
    let claimed: u64 = summary.lines.iter().map(|l| l.new).sum();
    assert_eq!(claimed, store.event_count().unwrap());
    assert_eq!(claimed, 4);
}

#[test]
fn a_maildir_s_cursor_from_its_read_is_the_one_its_walk_makes() {
    let dir = tempfile::tempdir().unwrap();
    let maildir = dir.path().join("Maildir");
    for (i, sub) in ["cur", "new", ".Sent/cur", "cur"].iter().enumerate() {
        mail(
            &maildir.join(sub),
            &format!("{i}.a"),
            &format!("m{i}"),
            3 + i as u32,
        );
    }
    // Not a message: left out of both.
    std::fs::write(maildir.join("dovecot-uidlist"), "3 V1 N5\n").unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let request = ImportRequest::new(SourceKind::Maildir, std::slice::from_ref(&maildir), now());
    let summary = import(&mut store, &Settings::default(), &request, &NoProgress).unwrap();
    assert_eq!(summary.new, 4);
    let read = stored_cursor(&store, &summary.paths[0].path_id)
        .unwrap()
        .unwrap();
    let hasher = store.hasher().unwrap();
    let Plan::Read { cursor: walked, .. } =
        plan(SourceKind::Maildir, &maildir, None, &hasher).unwrap()
    else {
        panic!("a first plan reads")
    };
    assert_eq!(read.files.len(), 4);
    assert_eq!(read.files, walked.files);
    // And the next plan finds nothing new.
    assert!(matches!(
        plan(SourceKind::Maildir, &maildir, Some(&read), &hasher).unwrap(),
        Plan::Unchanged { .. }
    ));
}
