//! Reading events fast gives what reading them the first way gave: the same events in the same
//! order, the same unreadable rows reported first, the same source activity.

use std::collections::BTreeMap;

use jiff::{SignedDuration, Timestamp};
use rusqlite::params_from_iter;
use rusqlite::types::Value as SqlValue;

use super::read::{EVENT_COLUMNS, MetUnreadable, Walk, decode_event, in_order};
use super::*;
use crate::event::{Event, EventKind, SourceKind, Urgency};

/// A reproducible sequence of numbers for the test store (a 64-bit LCG; nothing secret).
struct Seeded(u64);

impl Seeded {
    /// A number below `n`.
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }

    fn coin(&mut self) -> bool {
        self.below(2) == 0
    }
}

/// A store filled as `fill_store` fills one, one run per source (so rows lie by source, not
/// by time): a year of seeded random events per source, each source's in time order as an
/// import's mostly are, a few events sharing an instant across sources, events dated before
/// 1990 and after `now`.
fn generated() -> (Store, Timestamp) {
    generated_in(Store::open_in_memory().unwrap())
}

/// [`generated`]'s events in a given store.
fn generated_in(mut store: Store) -> (Store, Timestamp) {
    let now: Timestamp = "2026-11-27T17:30:00Z".parse().unwrap();
    let mut rng = Seeded(15);
    let mut by_source: BTreeMap<SourceKind, Vec<Event>> = BTreeMap::new();
    let kinds = [
        (SourceKind::Zsh, EventKind::Command),
        (SourceKind::Git, EventKind::Commit),
        (SourceKind::Slack, EventKind::ChatMessage),
        (SourceKind::Mbox, EventKind::MailReceived),
        (SourceKind::Ics, EventKind::Meeting),
        (SourceKind::Pagerduty, EventKind::Page),
    ];
    for (n, (source, kind)) in kinds.into_iter().enumerate() {
        let mut times: Vec<i64> = (0..2_000 + 500 * n)
            .map(|_| now.as_second() - rng.below(365 * 86_400) as i64)
            .collect();
        times.sort_unstable();
        for (i, t) in times.into_iter().enumerate() {
            let mut e = Event::mine(
                Timestamp::from_second(t).unwrap(),
                kind,
                source,
                format!("k{i}"),
            );
            e.offset = rng.coin().then(|| (rng.below(27) as i32 - 12) * 3_600);
            e.duration = (kind == EventKind::Meeting).then(|| 600 + rng.below(6_600) as i64);
            e.actor = rng.coin().then(|| format!("a{}", rng.below(4)));
            e.counterpart = rng.coin().then(|| format!("c{}", rng.below(256)));
            e.urgency = (kind == EventKind::Page).then_some(Urgency::High);
            e.priority = (kind == EventKind::Page).then(|| 1 + rng.below(5) as u8);
            e.automated = rng.below(10) == 0;
            e.personal = rng.below(10) == 0;
            by_source.entry(source).or_default().push(e);
        }
    }
    let tie = now - SignedDuration::from_hours(30 * 24);
    for (i, s) in [SourceKind::Zsh, SourceKind::Git, SourceKind::Slack]
        .into_iter()
        .enumerate()
    {
        let mut e = Event::mine(tie, EventKind::Command, s, format!("tie{i}"));
        e.counterpart = Some(format!("c{i}"));
        by_source.entry(s).or_default().push(e);
        let old: Timestamp = "1985-05-01T12:00:00Z".parse().unwrap();
        by_source.entry(s).or_default().push(Event::mine(
            old,
            EventKind::Command,
            s,
            format!("old{i}"),
        ));
        by_source.entry(s).or_default().push(Event::mine(
            now + SignedDuration::from_hours(50 + i as i64),
            EventKind::Command,
            s,
            format!("future{i}"),
        ));
    }
    // Sources in reverse order, so the rows' order is neither by time nor by source name.
    for (source, events) in by_source.into_iter().rev() {
        store.insert_events(source, "test", events, now).unwrap();
    }
    (store, now)
}

/// Events as `Store::events` read them before: `ORDER BY utc, id` over the index, each row
/// taken as a vector of owned values.
fn events_first_way(store: &Store, f: &EventFilter) -> Vec<Event> {
    let mut sql = format!(
        "SELECT id, {} FROM events WHERE 1=1",
        EVENT_COLUMNS.join(", ")
    );
    let mut args: Vec<SqlValue> = Vec::new();
    if let Some(s) = f.since {
        sql.push_str(" AND utc >= ?");
        args.push(s.as_second().into());
    }
    if let Some(u) = f.until {
        sql.push_str(" AND utc < ?");
        args.push(u.as_second().into());
    }
    for (col, names) in [
        (
            "kind",
            f.kinds.iter().map(|k| k.as_str()).collect::<Vec<_>>(),
        ),
        ("source", f.sources.iter().map(|s| s.as_str()).collect()),
    ] {
        if !names.is_empty() {
            sql.push_str(&format!(
                " AND {col} IN ({})",
                vec!["?"; names.len()].join(",")
            ));
            args.extend(names.iter().map(|n| n.to_string().into()));
        }
    }
    sql.push_str(" ORDER BY utc, id");
    let mut stmt = store.conn().prepare(&sql).unwrap();
    let mut rows = stmt.query(params_from_iter(args)).unwrap();
    let mut out = Vec::new();
    while let Some(r) = rows.next().unwrap() {
        let values = (1..=EVENT_COLUMNS.len())
            .map(|i| r.get::<_, SqlValue>(i))
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        if let Ok(e) = decode_event(&values) {
            out.push(e);
        }
    }
    out
}

fn filters(now: Timestamp) -> Vec<EventFilter> {
    let ago = |days: i64| now - SignedDuration::from_hours(24 * days);
    vec![
        EventFilter::default(),
        EventFilter {
            since: Some(ago(400)),
            until: Some(now),
            ..EventFilter::default()
        },
        EventFilter {
            since: Some(ago(190)),
            until: Some(ago(2)),
            ..EventFilter::default()
        },
        EventFilter {
            since: Some(ago(31)),
            until: Some(ago(29)),
            ..EventFilter::default()
        },
        EventFilter {
            until: Some("1990-01-01T00:00:00Z".parse().unwrap()),
            ..EventFilter::default()
        },
        EventFilter {
            since: Some(now),
            ..EventFilter::default()
        },
        EventFilter {
            kinds: vec![EventKind::Command, EventKind::Meeting],
            sources: vec![SourceKind::Zsh, SourceKind::Ics, SourceKind::Git],
            since: Some(ago(100)),
            ..EventFilter::default()
        },
    ]
}

#[test]
fn both_walks_read_what_the_first_way_read() {
    let (store, now) = generated();
    let all = store.events(&EventFilter::default()).unwrap();
    assert!(all.len() > 15_000, "a store worth comparing: {}", all.len());
    for f in filters(now) {
        let first = events_first_way(&store, &f);
        assert!(!first.is_empty(), "{f:?} selects events");
        for walk in [Walk::ByTime, Walk::InRowOrder] {
            let got = store.events_walking(&f, walk, 0).unwrap();
            assert!(
                got == first,
                "{walk:?} over {f:?}: the same events in order"
            );
        }
        assert!(store.events(&f).unwrap() == first, "{f:?}");
    }
    assert_eq!(store.unreadable_rows().count, 0);
}

/// [`generated`]'s store in a file (a read is split between connections only then).
fn generated_on_disk() -> (tempfile::TempDir, Store, Timestamp) {
    let dir = tempfile::tempdir().unwrap();
    let (store, now) = generated_in(Store::open(&dir.path().join("c.db")).unwrap());
    (dir, store, now)
}

#[test]
fn a_read_split_between_connections_is_the_list_one_reads() {
    let (_dir, store, now) = generated_on_disk();
    for f in filters(now) {
        let first = events_first_way(&store, &f);
        for parts in [2, 3, 4] {
            let walked = store.events_split(&f, 0, parts).unwrap();
            let Some(Ok(walked)) = walked else {
                panic!("{f:?} in {parts} parts: read");
            };
            assert_eq!(walked.len(), parts);
            assert!(in_order(walked) == first, "{f:?} in {parts} parts");
        }
    }
    assert_eq!(store.unreadable_rows().count, 0);
}

#[test]
fn a_read_is_not_split_where_other_connections_would_see_another_store() {
    let (_dir, store, now) = generated_on_disk();
    let f = &filters(now)[0];
    assert!(store.events_split(f, 0, 1).unwrap().is_none(), "one part");
    let (memory, _) = generated();
    assert!(memory.events_split(f, 0, 2).unwrap().is_none(), "in memory");
    // Inside a transaction of the store's own connection, what it wrote is not committed:
    // another connection would not see it.
    store.conn().execute_batch("BEGIN").unwrap();
    assert!(
        store.events_split(f, 0, 2).unwrap().is_none(),
        "in a transaction"
    );
    store.conn().execute_batch("ROLLBACK").unwrap();
    assert!(store.events_split(f, 0, 2).unwrap().is_some());
}

/// What the split read relies on: a reader keeps the snapshot it began with while another
/// connection commits, and the store's connection sees `data_version` move when one does.
#[test]
fn a_reader_keeps_its_snapshot_and_a_commit_moves_the_data_version() {
    let (_dir, store, _) = generated_on_disk();
    let count = |c: &rusqlite::Connection| -> i64 {
        c.query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap()
    };
    let before = store.data_version().unwrap();
    let reader = store.reader().unwrap();
    assert_eq!(
        store.data_version().unwrap(),
        before,
        "beginning to read commits nothing"
    );
    let held = count(&reader);
    let writer = rusqlite::Connection::open(store.path()).unwrap();
    writer
        .execute("DELETE FROM events WHERE key = 'tie1'", [])
        .unwrap();
    assert_eq!(count(&reader), held, "the reader's snapshot is kept");
    assert_eq!(count(store.conn()), held - 1);
    assert_ne!(store.data_version().unwrap(), before, "the commit is seen");
}

#[test]
fn a_split_read_meeting_an_unreadable_row_reads_by_time() {
    let (_dir, store, _) = generated_on_disk();
    store
        .conn()
        .execute_batch("UPDATE events SET kind = 'sleep' WHERE key = 'tie1';")
        .unwrap();
    let f = EventFilter::default();
    assert!(matches!(
        store.events_split(&f, 0, 2).unwrap(),
        Some(Err(MetUnreadable))
    ));
    let events = store
        .events_walking(&f, Walk::InRowOrder, super::read::SPLIT_FROM)
        .unwrap();
    assert!(events == events_first_way(&store, &f));
    let u = store.unreadable_rows();
    assert_eq!(u.count, 1);
    assert!(u.first.unwrap().ends_with("unknown event kind `sleep`"));
}

#[test]
fn the_first_unreadable_row_is_the_same_whichever_walk() {
    let reports = [Walk::ByTime, Walk::InRowOrder].map(|walk| {
        let (store, _) = generated();
        // Two rows no importer writes, the later one (in time) stored first (git's rows lie
        // after zsh's: sources are stored in reverse order of name).
        store
            .conn()
            .execute_batch(
                "UPDATE events SET kind = 'sleep' WHERE key = 'tie1';
                 UPDATE events SET priority = 9 WHERE key = 'old0';",
            )
            .unwrap();
        let events = store
            .events_walking(&EventFilter::default(), walk, 100)
            .unwrap();
        assert!(events == events_first_way(&store, &EventFilter::default()));
        store.unreadable_rows()
    });
    assert_eq!(reports[0], reports[1]);
    assert_eq!(reports[1].count, 2);
    let first = reports[1].first.clone().unwrap();
    assert!(first.ends_with("priority 9 is not 1 to 5"), "{first}");
}

/// A source's activity as it was counted before, by the `(source, key)` index.
fn activity_first_way(
    store: &Store,
    source: SourceKind,
    now: Timestamp,
    days: i64,
) -> (Option<Timestamp>, u64) {
    let newest: Option<i64> = store
        .conn()
        .query_row(
            "SELECT MAX(utc) FROM events WHERE source = ?1 AND utc <= ?2",
            rusqlite::params![source.as_str(), now.as_second()],
            |r| r.get(0),
        )
        .unwrap();
    let Some(newest) = newest else {
        return (None, 0);
    };
    let day = newest.div_euclid(86_400);
    let active: i64 = store
        .conn()
        .query_row(
            "SELECT COUNT(DISTINCT utc / 86400) FROM events
             WHERE source = ?1 AND utc >= ?2 AND utc < ?3",
            rusqlite::params![source.as_str(), (day - days) * 86_400, day * 86_400],
            |r| r.get(0),
        )
        .unwrap();
    (Timestamp::from_second(newest).ok(), active as u64)
}

#[test]
fn source_activity_is_what_it_was() {
    let (store, now) = generated();
    let mut seen = 0;
    for source in SourceKind::ALL {
        for at in [
            now,
            now + SignedDuration::from_hours(51),
            now - SignedDuration::from_hours(24 * 90),
            "1985-05-02T00:00:00Z".parse().unwrap(),
        ] {
            let got = store.source_activity(source, at, 14).unwrap();
            assert_eq!(
                got,
                activity_first_way(&store, source, at, 14),
                "{source:?} at {at}"
            );
            seen += usize::from(got.0.is_some());
        }
    }
    assert!(seen > 10, "most sources have events: {seen}");
}
