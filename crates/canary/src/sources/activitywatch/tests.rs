//! Unit tests of the ActivityWatch importer: AFK intersection, overlaps, bad events, refusals,
//! and aw-server-rust's database read the same as an export.

use super::*;
use crate::sources::VecSink;

/// Seconds after 2023-11-19T10:00:00Z as an RFC 3339 timestamp.
fn at(secs: f64) -> String {
    let t = Timestamp::from_second(1_700_388_000).unwrap();
    let t = t + jiff::SignedDuration::from_secs_f64(secs);
    t.to_string()
}

/// An event `(start, duration)` in seconds from 10:00 with data.
fn event((start, duration): (f64, f64), data: &str) -> String {
    format!(
        r#"{{"timestamp":"{}","duration":{duration},"data":{data}}}"#,
        at(start)
    )
}

fn bucket(id: &str, kind: &str, host: &str, events: &[String]) -> String {
    format!(
        r#""{id}":{{"id":"{id}","type":"{kind}","hostname":"{host}","events":[{}]}}"#,
        events.join(",")
    )
}

fn window(id: &str, host: &str, spans: &[(f64, f64)]) -> String {
    let data = r#"{"app":"term","title":"secret"}"#;
    let events: Vec<String> = spans.iter().map(|&s| event(s, data)).collect();
    bucket(id, "currentwindow", host, &events)
}

fn afk(id: &str, host: &str, spans: &[(f64, f64, &str)]) -> String {
    let events: Vec<String> = spans
        .iter()
        .map(|&(s, d, status)| event((s, d), &format!(r#"{{"status":"{status}"}}"#)))
        .collect();
    bucket(id, "afkstatus", host, &events)
}

fn export(buckets: &[String]) -> String {
    format!(r#"{{"buckets":{{{}}}}}"#, buckets.join(","))
}

fn read(json: &str) -> (Vec<BucketSummary>, VecSink) {
    let mut sink = VecSink::default();
    let summaries = read_bytes(json.as_bytes(), Path::new("aw.json"), &mut sink).unwrap();
    (summaries, sink)
}

/// The spans as (seconds from 10:00, duration).
fn spans(sink: &VecSink) -> Vec<(i64, i64)> {
    let base = 1_700_388_000;
    let f = |e: &Event| (e.utc.as_second() - base, e.duration.unwrap());
    sink.events.iter().map(f).collect()
}

/// ```text
/// seconds    0    10   20   30   40   50   60   70   80   90   100
/// window     |--a--|    |--------b---------|     |-c-|      |--d--|
/// not-afk  |-------------|       |--------------------|   (afk)   |-|
/// afk                    |-------|
/// spans      |--a--|    ||       |----b----|     |-c-|      (d: <1 s, then nothing)
/// ```
#[test]
fn window_events_are_cut_to_not_afk_periods() {
    let json = export(&[
        window(
            "w_h",
            "h",
            &[(5.0, 10.0), (20.0, 40.0), (70.0, 8.0), (90.0, 12.0)],
        ),
        afk(
            "afk_h",
            "h",
            &[
                (0.0, 22.0, "not-afk"),
                (22.0, 8.0, "afk"),
                (30.0, 52.0, "not-afk"),
                (82.0, 19.5, "afk"),
                (101.5, 0.6, "not-afk"),
            ],
        ),
    ]);
    let (summaries, sink) = read(&json);
    assert_eq!(spans(&sink), [(5, 10), (20, 2), (30, 30), (70, 8)]);
    assert_eq!(
        summaries,
        [BucketSummary {
            bucket: "w_h".into(),
            hostname: "h".into(),
            afk_filtered: true,
            spans: 4,
            active_micros: 50_500_000,
            short: 1,
        }]
    );
    let keys: Vec<&str> = sink.events.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys[0], format!("w_h/{}", (1_700_388_005i64 * 1_000_000)));
    assert!(
        sink.events
            .iter()
            .all(|e| e.kind == EventKind::ActiveSpan && e.actor.is_none())
    );
    assert!(sink.skipped.is_empty());
}

/// ```text
/// seconds    0    10   20   30
/// window     |-------a-------|
///                 |----b----------|   (b overlaps a: only its tail counts)
/// other host |---c---|                (another machine: kept, and no AFK bucket there)
/// ```
#[test]
fn overlaps_on_one_host_count_once_and_hosts_are_separate() {
    let json = export(&[
        window("w_h", "h", &[(10.0, 20.0), (0.0, 20.0)]),
        window("w_h_old", "h", &[(15.0, 20.0)]),
        window("w_other", "other", &[(0.0, 10.0)]),
        afk("afk_h", "h", &[(0.0, 100.0, "not-afk")]),
        bucket(
            "web",
            "web.tab.current",
            "unknown",
            &[event((0.0, 99.0), "{}")],
        ),
    ]);
    let (summaries, sink) = read(&json);
    assert_eq!(spans(&sink), [(0, 20), (20, 10), (30, 5), (0, 10)]);
    let by_bucket: Vec<(&str, bool, i64)> = summaries
        .iter()
        .map(|s| {
            (
                s.bucket.as_str(),
                s.afk_filtered,
                s.active_micros / 1_000_000,
            )
        })
        .collect();
    assert_eq!(
        by_bucket,
        [
            ("w_h", true, 30),
            ("w_h_old", true, 5),
            ("w_other", false, 10)
        ]
    );
}

/// ```text
/// seconds    0    10   20
/// window     |----a----|
/// afk        |---------|   (AFK all along: nothing is active)
/// ```
#[test]
fn afk_all_along_leaves_nothing_and_an_empty_afk_bucket_is_no_data() {
    let json = export(&[
        window("w", "h", &[(0.0, 20.0)]),
        afk("afk", "h", &[(0.0, 20.0, "afk")]),
    ]);
    let (summaries, sink) = read(&json);
    assert!(sink.events.is_empty());
    assert!(summaries[0].afk_filtered);

    let json = export(&[window("w", "h", &[(0.0, 20.0)]), afk("afk", "h", &[])]);
    let (summaries, sink) = read(&json);
    assert_eq!(spans(&sink), [(0, 20)]);
    assert!(!summaries[0].afk_filtered);
}

#[test]
fn durations_are_rounded_to_whole_seconds() {
    let json = export(&[window(
        "w",
        "h",
        &[(0.0, 1.0), (2.0, 1.4999), (4.0, 1.5), (6.0, 0.999)],
    )]);
    let (summaries, sink) = read(&json);
    assert_eq!(spans(&sink), [(0, 1), (2, 1), (4, 2)]);
    assert_eq!(summaries[0].short, 1);
}

#[test]
fn bad_events_are_skipped_with_bucket_and_position() {
    let good = event((0.0, 5.0), "{}");
    let events = [
        good.clone(),
        r#"{"duration":1}"#.to_string(),
        r#"{"timestamp":"yesterday","duration":1}"#.to_string(),
        r#"{"timestamp":"2023-11-19T10:00:00Z","duration":-1}"#.to_string(),
        r#"{"timestamp":"2023-11-19T10:00:00Z","duration":"1"}"#.to_string(),
        r#"{"timestamp":"9999-12-30T00:00:00Z","duration":1e9}"#.to_string(),
        "7".to_string(),
        r#"{"timestamp":"2023-11-19T10:01:00+01:00","data":null}"#.to_string(),
    ];
    let json = export(&[bucket("w", "currentwindow", "h", &events)]);
    let (_, sink) = read(&json);
    assert_eq!(spans(&sink), [(0, 5)]);
    // A bucket id names the host: a reason names the bucket by place and watcher only.
    let hosted = export(&[bucket(
        "aw-watcher-window_laptop-of-alice",
        "currentwindow",
        "laptop-of-alice",
        &events[..2],
    )]);
    let (_, named) = read(&hosted);
    assert_eq!(
        named.skipped[0].1,
        "bucket #1 (aw-watcher-window) event #2: no `timestamp`"
    );
    let skipped: Vec<String> = sink
        .skipped
        .iter()
        .map(|(l, r)| format!("{l}: {r}"))
        .collect();
    assert_eq!(
        skipped,
        [
            "aw.json: bucket #1 event #2: no `timestamp`",
            "aw.json: bucket #1 event #3: timestamp `yesterday` is not RFC 3339",
            "aw.json: bucket #1 event #4: duration -1 is negative or out of range",
            "aw.json: bucket #1 event #5: `duration` is not a number",
            "aw.json: bucket #1 event #6: ends out of range",
            "aw.json: bucket #1 event #7: no `timestamp`",
        ]
    );
}

#[test]
fn titles_are_not_kept_and_odd_buckets_are_ignored() {
    let json = r#"{"buckets":{"a":{"type":5},"b":{},"c":{"type":"currentwindow","events":[]},
        "d":{"type":"currentwindow","events":null}},"x":1}"#;
    let (summaries, sink) = read(json);
    assert_eq!(summaries.len(), 2);
    assert!(sink.events.is_empty() && sink.skipped.is_empty());
    let json = export(&[window("w", "h", &[(0.0, 5.0)])]);
    let (_, sink) = read(&json);
    assert!(!format!("{:?}", sink.events).contains("secret"));
}

#[test]
fn refusals_point_to_the_export() {
    let refuse = |bytes: &[u8]| {
        let err = read_bytes(bytes, Path::new("f"), &mut VecSink::default()).unwrap_err();
        let ImportError::Refused { reason, hint, .. } = err else {
            panic!("{err:?}")
        };
        assert_eq!(hint.as_deref(), Some(EXPORT_HINT));
        reason
    };
    assert_eq!(
        refuse(b"SQLite format 3\0rest"),
        "an ActivityWatch database given as bytes; import the database file itself"
    );
    assert_eq!(
        refuse(b"{}"),
        "not an ActivityWatch export: no `buckets` object"
    );
    assert!(refuse(b"[1]").starts_with("not an ActivityWatch export: invalid type"));
    assert!(refuse(br#"{"buckets":{"w":{"events":{}}}}"#).contains("a list of events"));
    let dir = tempfile::tempdir().unwrap();
    let ctx = crate::sources::test_context();
    let err = import(dir.path(), &ctx, &mut VecSink::default()).unwrap_err();
    assert!(
        err.to_string()
            .ends_with("a folder, not an ActivityWatch export file")
    );
}

#[test]
fn covered_time_is_taken_once() {
    let mut c = Covered::default();
    assert_eq!(c.take(10, 20), [(10, 20)]);
    assert_eq!(c.take(30, 40), [(30, 40)]);
    assert_eq!(c.take(5, 45), [(5, 10), (20, 30), (40, 45)]);
    assert_eq!(c.take(0, 50), [(0, 5), (45, 50)]);
    assert_eq!(c.take(10, 20), []);
    assert_eq!(c.0.len(), 1);
    assert_eq!(c.take(50, 60), [(50, 60)]);
    assert_eq!(c.0.len(), 1, "touching periods merge");
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_bytes(input in prop::collection::vec(any::<u8>(), 0..500)) {
            let _ = read_bytes(&input, Path::new("f"), &mut VecSink::default());
        }

        /// Random windows and AFK periods: spans never overlap on a host, lie inside window
        /// events and not-afk periods, and add up to the summary.
        #[test]
        fn spans_are_disjoint_and_inside_both(
            windows in prop::collection::vec((0u32..500, 0u32..60), 0..30),
            afks in prop::collection::vec((0u32..500, 0u32..80, any::<bool>()), 0..15),
        ) {
            let w: Vec<(f64, f64)> = windows.iter().map(|&(s, d)| (s.into(), d.into())).collect();
            let a: Vec<(f64, f64, &str)> = afks
                .iter()
                .map(|&(s, d, on)| (s.into(), d.into(), if on { "not-afk" } else { "afk" }))
                .collect();
            let (summaries, sink) = read(&export(&[window("w", "h", &w), afk("a", "h", &a)]));
            let mut got = spans(&sink);
            got.sort();
            for pair in got.windows(2) {
                prop_assert!(pair[0].0 + pair[0].1 <= pair[1].0);
            }
            let inside = |s: i64, e: i64, list: &[(i64, i64)]| list.iter().any(|&(ls, le)| ls <= s && e <= le);
            let ws: Vec<(i64, i64)> = windows.iter().map(|&(s, d)| (s.into(), i64::from(s + d))).collect();
            let on = merge(afks.iter().filter(|a| a.2).map(|&(s, d, _)| (s.into(), i64::from(s + d))).collect());
            for &(s, d) in &got {
                prop_assert!(inside(s, s + d, &ws));
                if !afks.is_empty() {
                    prop_assert!(inside(s, s + d, &on));
                }
            }
            let total: i64 = got.iter().map(|g| g.1).sum();
            prop_assert_eq!(total * 1_000_000, summaries[0].active_micros);
        }
    }
}

/// aw-server-rust's schema, as its datastore creates it.
const AW_SCHEMA: &str = "
    CREATE TABLE buckets (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT UNIQUE NOT NULL,
        type TEXT NOT NULL, client TEXT NOT NULL, hostname TEXT NOT NULL, created TEXT NOT NULL,
        data TEXT);
    CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, bucketrow INTEGER NOT NULL,
        starttime INTEGER NOT NULL, endtime INTEGER NOT NULL, data TEXT NOT NULL);";

/// Rows of one bucket: (start, duration, data), seconds from 10:00.
type Rows = Vec<(f64, f64, String)>;

/// A database at `dir/sqlite.db` holding `buckets`: (name, type, host, [(start, duration,
/// data)]) with seconds from 10:00.
fn database(dir: &Path, buckets: &[(&str, &str, &str, Rows)]) -> std::path::PathBuf {
    let path = dir.join("sqlite.db");
    let conn = Connection::open(&path).unwrap();
    conn.pragma_update(None, "journal_mode", "wal").unwrap();
    conn.execute_batch(AW_SCHEMA).unwrap();
    let ns = |secs: f64| (1_700_388_000.0 * 1e9 + (secs * 1e9).round()) as i64;
    for (name, kind, host, events) in buckets {
        conn.execute(
            "INSERT INTO buckets (name, type, client, hostname, created, data) \
             VALUES (?1, ?2, 'test', ?3, '2023-11-19T09:00:00Z', '{}')",
            rusqlite::params![name, kind, host],
        )
        .unwrap();
        let row = conn.last_insert_rowid();
        for (start, duration, data) in events {
            conn.execute(
                "INSERT INTO events (bucketrow, starttime, endtime, data) VALUES (?1, ?2, ?3, ?4)",
                rusqlite::params![row, ns(*start), ns(start + duration), data],
            )
            .unwrap();
        }
    }
    path
}

/// The same data as an export and as a database.
fn same_data(dir: &Path) -> (String, std::path::PathBuf) {
    let title = r#"{"app":"term","title":"secret"}"#;
    let window_events = [
        (5.0, 10.0),
        (20.0, 40.0),
        (70.0, 8.4),
        (90.0, 12.6),
        (200.0, 0.0),
    ];
    let afk_events = [
        (0.0, 22.0, "not-afk"),
        (22.0, 8.0, "afk"),
        (30.0, 52.0, "not-afk"),
        (82.0, 18.0, "afk"),
        (100.0, 200.0, "not-afk"),
    ];
    let other_window = [(50.0, 30.0)];
    let json = export(&[
        window("aw-watcher-window_h", "h", &window_events),
        window("aw-watcher-window_g", "g", &other_window),
        afk("aw-watcher-afk_h", "h", &afk_events),
        bucket(
            "aw-watcher-web_h",
            "web.tab.current",
            "h",
            &[event((0.0, 500.0), r#"{"url":"https://x"}"#)],
        ),
    ]);
    let win = |spans: &[(f64, f64)]| -> Rows {
        spans
            .iter()
            .map(|&(s, d)| (s, d, title.to_string()))
            .collect()
    };
    let afk_rows = afk_events
        .iter()
        .map(|&(s, d, st)| (s, d, format!(r#"{{"status":"{st}"}}"#)))
        .collect();
    let web = vec![(0.0, 500.0, r#"{"url":"https://x"}"#.to_string())];
    let db = database(
        dir,
        &[
            (
                "aw-watcher-window_h",
                "currentwindow",
                "h",
                win(&window_events),
            ),
            ("aw-watcher-afk_h", "afkstatus", "h", afk_rows),
            ("aw-watcher-web_h", "web.tab.current", "h", web),
            (
                "aw-watcher-window_g",
                "currentwindow",
                "g",
                win(&other_window),
            ),
        ],
    );
    (json, db)
}

#[test]
fn the_database_gives_the_same_events_as_the_export() {
    let dir = tempfile::tempdir().unwrap();
    let (json, db) = same_data(dir.path());
    let (from_json, json_sink) = read(&json);
    let mut db_sink = VecSink::default();
    let from_db = read_database(&db, &mut db_sink).unwrap();
    assert_eq!(from_db, from_json);
    assert_eq!(db_sink.events, json_sink.events);
    assert!(db_sink.skipped.is_empty() && json_sink.skipped.is_empty());
    assert_eq!(
        spans(&db_sink),
        [(50, 30), (5, 10), (20, 2), (30, 30), (70, 8), (100, 3)]
    );
    assert!(!format!("{:?}", db_sink.events).contains("secret"));

    // `import` tells the two apart by content, whatever the file's name.
    let ctx = crate::sources::test_context();
    let renamed = dir.path().join("aw-buckets-export.json");
    std::fs::copy(&db, &renamed).unwrap();
    let mut sink = VecSink::default();
    import(&renamed, &ctx, &mut sink).unwrap();
    assert_eq!(sink.events, json_sink.events);
}

#[test]
fn the_database_and_the_export_of_the_same_data_de_duplicate() {
    use crate::store::{Store, StoreSink};
    let dir = tempfile::tempdir().unwrap();
    let (json, db) = same_data(dir.path());
    let json_path = dir.path().join("aw-buckets-export.json");
    std::fs::write(&json_path, json).unwrap();
    let ctx = crate::sources::test_context();
    let now: Timestamp = "2026-11-29T12:00:00Z".parse().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    let mut counts = Vec::new();
    for path in [&db, &json_path, &db] {
        let run = store
            .start_run(SourceKind::Activitywatch, "aw", now)
            .unwrap();
        let mut sink = StoreSink::new(&mut store, run);
        import(path, &ctx, &mut sink).unwrap();
        sink.flush().unwrap();
        counts.push((sink.new, sink.duplicates));
    }
    assert_eq!(counts, [(6, 0), (0, 6), (0, 6)]);
    assert_eq!(store.event_count().unwrap(), 6);
}

#[test]
fn bad_database_rows_are_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(
        dir.path(),
        &[(
            "w",
            "currentwindow",
            "h",
            vec![(0.0, 5.0, "{}".to_string()), (10.0, -3.0, "{}".to_string())],
        )],
    );
    let mut sink = VecSink::default();
    read_database(&db, &mut sink).unwrap();
    assert_eq!(spans(&sink), [(0, 5)]);
    assert_eq!(sink.skipped.len(), 1);
    assert_eq!(
        sink.skipped[0].1,
        "bucket #1 event #2: ends before it starts"
    );
}

#[test]
fn databases_without_activitywatch_tables_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = crate::sources::test_context();
    let refuse = |name: &str, sql: &str| {
        let path = dir.path().join(name);
        Connection::open(&path).unwrap().execute_batch(sql).unwrap();
        let err = import(&path, &ctx, &mut VecSink::default()).unwrap_err();
        let ImportError::Refused { reason, hint, .. } = err else {
            panic!("{err:?}")
        };
        assert_eq!(hint.as_deref(), Some(EXPORT_HINT));
        reason
    };
    assert_eq!(
        refuse(
            "other.db",
            "CREATE TABLE history (id TEXT, timestamp INTEGER);"
        ),
        "not an ActivityWatch database: it has no `buckets` and `events` tables"
    );
    assert_eq!(
        refuse(
            "half.db",
            "CREATE TABLE buckets (id INTEGER PRIMARY KEY, name TEXT, type TEXT, hostname TEXT);"
        ),
        "not an ActivityWatch database: it has no `buckets` and `events` tables"
    );
    assert_eq!(
        refuse(
            "peewee.db",
            "CREATE TABLE bucketmodel (key INTEGER PRIMARY KEY, id TEXT);
             CREATE TABLE eventmodel (id INTEGER PRIMARY KEY, bucket_id INTEGER);"
        ),
        "a database of the older Python aw-server, which Canary does not read"
    );
    assert_eq!(
        refuse(
            "old.db",
            "CREATE TABLE buckets (id INTEGER PRIMARY KEY, name TEXT, type TEXT);
             CREATE TABLE events (id INTEGER PRIMARY KEY, bucketrow INTEGER, starttime INTEGER,
                 endtime INTEGER, data TEXT);"
        ),
        "not an ActivityWatch database: its `buckets` table has no `hostname` column"
    );
}

#[test]
fn a_computers_windows_matching_the_personal_rules_are_personal() {
    let events = [
        event((0.0, 600.0), r#"{"app":"Code","title":"main.rs"}"#),
        event(
            (600.0, 300.0),
            r#"{"app":"firefox","title":"Cats - YouTube"}"#,
        ),
        event((900.0, 300.0), r#"{"app":"Spotify","title":"x"}"#),
    ];
    let json = export(&[bucket("aw-watcher-window_h", "currentwindow", "h", &events)]);
    let personal = PersonalRules {
        apps: vec!["spotify".into()],
        titles: vec!["*youtube*".into()],
        ..PersonalRules::default()
    };
    let rules = Rules {
        phones: Phones::LeftOut,
        personal: &personal,
    };
    let mut sink = VecSink::default();
    read_bytes_with(json.as_bytes(), Path::new("aw.json"), &rules, &mut sink).unwrap();
    let flags: Vec<(i64, bool)> = sink
        .events
        .iter()
        .map(|e| (e.duration.unwrap(), e.personal))
        .collect();
    assert_eq!(flags, [(600, false), (300, true), (300, true)]);
    // Without rules every window is work.
    let (_, sink) = read(&json);
    assert!(sink.events.iter().all(|e| !e.personal));
}

/// A sink that keeps the events and the work announced (rows of the database to read).
#[derive(Default)]
struct Counting {
    inner: VecSink,
    total: u64,
}

impl Sink for Counting {
    fn event(&mut self, event: Event) -> Result<(), crate::sources::SinkError> {
        self.inner.event(event)
    }
    fn skip(&mut self, at: Location, reason: String) {
        self.inner.skip(at, reason);
    }
    fn total(&mut self, total: u64) {
        self.total = total;
    }
}

/// ```text
/// seconds    0    10   20   30   40   50   60   70   80   90   100  110  120  130  140  150
/// window h   |--a--|    |---b---|         |-c-|  |--------d--------|               |-f-|
/// window h2                  |------e------|
/// not-afk  |-----------------------|  afk  |----------------------------------|  (no data)
/// ```
#[test]
fn a_resumed_read_gives_the_pieces_of_a_whole_read_ending_from_the_bound() {
    let dir = tempfile::tempdir().unwrap();
    let title = r#"{"app":"term","title":"secret"}"#.to_string();
    let win = |spans: &[(f64, f64)]| -> Rows {
        spans.iter().map(|&(s, d)| (s, d, title.clone())).collect()
    };
    let afk_rows: Rows = [
        (0.0, 45.0, "not-afk"),
        (45.0, 15.0, "afk"),
        (60.0, 70.0, "not-afk"),
    ]
    .iter()
    .map(|&(s, d, st)| (s, d, format!(r#"{{"status":"{st}"}}"#)))
    .collect();
    let db = database(
        dir.path(),
        &[
            (
                "w_h",
                "currentwindow",
                "h",
                win(&[
                    (5.0, 10.0),
                    (20.0, 15.0),
                    (60.0, 8.0),
                    (75.0, 35.0),
                    (140.0, 10.0),
                ]),
            ),
            ("w_h2", "currentwindow", "h", win(&[(30.0, 30.0)])),
            ("afk_h", "afkstatus", "h", afk_rows),
        ],
    );
    let mut whole = Counting::default();
    read_database_since(&db, &Rules::none(), None, &mut whole).unwrap();
    assert_eq!(whole.total, 9);
    assert_eq!(
        spans(&whole.inner),
        [(5, 10), (20, 15), (60, 8), (75, 35), (35, 10)]
    );

    let base = 1_700_388_000 * MICROS;
    for since in (0..=130).step_by(5) {
        let mut resumed = Counting::default();
        let since_micros = base + since * MICROS;
        read_database_since(&db, &Rules::none(), Some(since_micros), &mut resumed).unwrap();
        // Every piece read is the whole read's, with the same key and length…
        for e in &resumed.inner.events {
            assert!(whole.inner.events.contains(e), "since {since}: {e:?}");
        }
        // …and every piece ending at or after the bound is read.
        for e in &whole.inner.events {
            let end = e.utc.as_second() - 1_700_388_000 + e.duration.unwrap();
            if end >= since {
                assert!(resumed.inner.events.contains(e), "since {since}: {e:?}");
            }
        }
        assert!(resumed.total <= whole.total);
        if since > 60 {
            // `e` (ending at 60) overlaps nothing read: it is left out, and so is `a`.
            assert!(resumed.inner.events.len() < whole.inner.events.len());
            assert!(resumed.total < whole.total, "since {since}");
        }
    }
    // From 40 s: `b` ends before, but `e` (30–60) is read, which `b` overlaps (20–35): `b` is
    // read too, so `e` keeps only 35–45, as in the whole read.
    let mut resumed = Counting::default();
    read_database_since(&db, &Rules::none(), Some(base + 40 * MICROS), &mut resumed).unwrap();
    assert_eq!(
        spans(&resumed.inner),
        [(20, 15), (60, 8), (75, 35), (35, 10)]
    );

    // From 145 s: only `f` is read. No AFK event ends that late, but the host still has AFK
    // data, so `f`, after its last not-afk period, stays out as in the whole read.
    let mut resumed = Counting::default();
    read_database_since(&db, &Rules::none(), Some(base + 145 * MICROS), &mut resumed).unwrap();
    assert_eq!(resumed.total, 1);
    assert!(
        resumed.inner.events.is_empty(),
        "{:?}",
        spans(&resumed.inner)
    );
}
