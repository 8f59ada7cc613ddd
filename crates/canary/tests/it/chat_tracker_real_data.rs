//! The Slack, ActivityWatch and generic CSV importers on real files (`../shared/data/chat`,
//! `../shared/data/tracker`) and through the store.
//!
//! Expected figures are established here independently of the importers: Slack messages by
//! reading every day file as plain JSON and counting records by their fields; ActivityWatch
//! active time by a sweep over all window and not-afk boundaries (active while at least one of
//! each is open), not by cutting events one at a time. The figures are also pinned, so that a
//! change in the data or the rules shows up.

use crate::common;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use canary::privacy::IdentityHasher;
use canary::settings::Identities;
use canary::sources::{
    ImportContext, ImportFn, VecSink, activitywatch, generic_csv, registry, slack,
};
use canary::store::{Store, StoreSink};
use canary::{EventKind, SourceKind};
use jiff::Timestamp;
use serde_json::Value;

const SLACK: &str = "chat/slack-export-olake";
const AW: &str = "tracker/activitywatch-desktop-export.json";

/// A context with the person's chat ids and options checked for `source`.
fn context(chat_ids: &[&str], source: SourceKind, options: &[(&str, &str)]) -> ImportContext {
    let identities = Identities {
        chat_ids: chat_ids
            .iter()
            .map(std::string::ToString::to_string)
            .collect(),
        ..Identities::default()
    };
    let options = registry::get(source)
        .unwrap()
        .check_options(options.iter().copied())
        .unwrap();
    ImportContext::new(identities, IdentityHasher::new([0; 32])).with_options(options)
}

fn read_json(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// Every record of the export's day files: (channel folder, file's day, record).
fn slack_records(export: &Path) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(export)
        .min_depth(2)
        .max_depth(2)
        .sort_by_file_name()
    {
        let entry = entry.unwrap();
        let folder = entry.path().parent().unwrap().file_name().unwrap();
        let Value::Array(records) = read_json(entry.path()) else {
            panic!("{}", entry.path().display())
        };
        let day = entry
            .path()
            .file_stem()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        for r in records {
            out.push((folder.to_string_lossy().into_owned(), day.clone(), r));
        }
    }
    out
}

/// Whether a record is a message someone wrote: not a system record, not a bot's own.
fn written_by_someone(r: &Value) -> bool {
    let system = [
        "bot_add",
        "bot_remove",
        "channel_join",
        "channel_leave",
        "message_changed",
    ];
    let subtype = r["subtype"].as_str().unwrap_or("");
    r["type"] == "message" && r["user"].is_string() && !system.contains(&subtype)
}

#[test]
#[ignore = "needs ../shared/data"]
fn slack_export_messages_per_channel() {
    let data = common::shared_data();
    let export = data.join(SLACK);
    let records = slack_records(&export);
    assert_eq!(records.len(), 346);
    // Independent count per channel; subtypes seen in this export are listed in full.
    let subtypes: HashSet<&str> = records
        .iter()
        .filter_map(|(_, _, r)| r["subtype"].as_str())
        .collect();
    assert_eq!(
        subtypes,
        HashSet::from(["bot_add", "bot_remove", "thread_broadcast"])
    );
    let mut expected: BTreeMap<String, usize> = BTreeMap::new();
    for (folder, _, r) in &records {
        if written_by_someone(r) {
            *expected.entry(folder.clone()).or_default() += 1;
        }
    }
    let pinned = [
        ("announcements", 23),
        ("contributing-to-olake", 28),
        ("discussions", 3),
        ("general", 26),
        ("help", 264),
    ];
    let pinned: BTreeMap<String, usize> = pinned.iter().map(|(c, n)| (c.to_string(), *n)).collect();
    assert_eq!(expected, pinned);

    let mut sink = VecSink::default();
    let ctx = context(&[], SourceKind::Slack, &[("all_users", "true")]);
    let counts = slack::read_export(&export, &ctx, &mut sink).unwrap();
    assert!(sink.skipped.is_empty(), "{:?}", sink.skipped);
    assert_eq!(
        (counts.imported, counts.others, counts.ignored),
        (344, 0, 2)
    );
    let mut got: BTreeMap<String, usize> = BTreeMap::new();
    for e in &sink.events {
        *got.entry(e.context.clone().unwrap()).or_default() += 1;
        assert_eq!(
            (e.kind, e.source),
            (EventKind::ChatMessage, SourceKind::Slack)
        );
        assert!(e.actor.is_some());
    }
    assert_eq!(got, expected);
    let keys: HashSet<&str> = sink.events.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys.len(), 344);

    // Replies: records whose thread_ts differs from their ts.
    let replies = records
        .iter()
        .filter(|(_, _, r)| {
            written_by_someone(r) && r["thread_ts"].is_string() && r["thread_ts"] != r["ts"]
        })
        .count();
    assert_eq!(
        sink.events.iter().filter(|e| e.parent.is_some()).count(),
        replies
    );
    // Apps posting as a user (`bot_id` without a subtype) are marked automated.
    let by_apps = records
        .iter()
        .filter(|(_, _, r)| written_by_someone(r) && r["bot_id"].is_string())
        .count();
    assert_eq!(by_apps, 4);
    assert_eq!(sink.events.iter().filter(|e| e.automated).count(), by_apps);
    // Time from ts, not the file name: the day files are named in the exporter's zone, and 59
    // records fall on another UTC date than their file's.
    let channels = read_json(&export.join("channels.json"));
    let ids: BTreeMap<&str, &str> = channels
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["name"].as_str().unwrap(), c["id"].as_str().unwrap()))
        .collect();
    let utc: BTreeMap<&str, Timestamp> = sink
        .events
        .iter()
        .map(|e| (e.key.as_str(), e.utc))
        .collect();
    let mut other_day = 0;
    for (folder, day, r) in records.iter().filter(|(_, _, r)| written_by_someone(r)) {
        let ts = r["ts"].as_str().unwrap();
        let (secs, micros) = ts.split_once('.').unwrap();
        let want = secs.parse::<i64>().unwrap() * 1_000_000 + micros.parse::<i64>().unwrap();
        let got = utc[format!("{}/{ts}", ids[folder.as_str()]).as_str()];
        assert_eq!(got.as_microsecond(), want);
        other_day += usize::from(got.to_string()[..10] != *day);
    }
    assert_eq!(other_day, 59);
}

#[test]
#[ignore = "needs ../shared/data"]
fn slack_export_only_the_persons_messages() {
    let data = common::shared_data();
    let export = data.join(SLACK);
    let records = slack_records(&export);
    // The most active author, found from the raw records.
    let mut by_user: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, _, r) in records.iter().filter(|(_, _, r)| written_by_someone(r)) {
        *by_user.entry(r["user"].as_str().unwrap()).or_default() += 1;
    }
    let (&me, &mine) = by_user.iter().max_by_key(|(_, n)| **n).unwrap();
    let mut sink = VecSink::default();
    let counts =
        slack::read_export(&export, &context(&[me], SourceKind::Slack, &[]), &mut sink).unwrap();
    assert_eq!(sink.events.len(), mine);
    assert_eq!(
        (counts.imported, counts.others),
        (mine as u64, 344 - mine as u64)
    );
    assert!(sink.events.iter().all(|e| e.actor.is_none()));

    let err = slack::import(
        &export,
        &context(&[], SourceKind::Slack, &[]),
        &mut VecSink::default(),
    )
    .unwrap_err();
    assert!(
        err.to_string().contains("no chat user ids declared"),
        "{err}"
    );
}

/// Periods in µs of a bucket's events, optionally only those with `data.status == status`.
fn periods(bucket: &Value, status: Option<&str>) -> Vec<(i64, i64)> {
    let mut out = Vec::new();
    for e in bucket["events"].as_array().unwrap() {
        if status.is_some_and(|s| e["data"]["status"] != s) {
            continue;
        }
        let start: Timestamp = e["timestamp"].as_str().unwrap().parse().unwrap();
        let start = start.as_microsecond();
        out.push((
            start,
            start + (e["duration"].as_f64().unwrap() * 1e6).round() as i64,
        ));
    }
    out
}

/// Time in µs during which at least one window period and one not-afk period are open.
fn sweep(windows: &[(i64, i64)], not_afk: &[(i64, i64)]) -> i64 {
    let mut points: Vec<(i64, usize, i32)> = Vec::new();
    for (list, which) in [(windows, 0), (not_afk, 1)] {
        for &(s, e) in list {
            points.push((s, which, 1));
            points.push((e, which, -1));
        }
    }
    points.sort();
    let (mut open, mut total, mut previous) = ([0i32; 2], 0, i64::MIN);
    for (t, which, delta) in points {
        if open[0] > 0 && open[1] > 0 {
            total += t - previous;
        }
        open[which] += delta;
        previous = t;
    }
    total
}

#[test]
#[ignore = "needs ../shared/data"]
fn activitywatch_active_time_matches_a_sweep() {
    let data = common::shared_data();
    let path = data.join(AW);
    let export = read_json(&path);
    let buckets = export["buckets"].as_object().unwrap();
    let types: Vec<(&str, &str)> = buckets
        .iter()
        .map(|(id, b)| (id.as_str(), b["type"].as_str().unwrap()))
        .collect();
    assert_eq!(types.len(), 4, "{types:?}");
    let window = &buckets["aw-watcher-window_LAPTOP-MCRJASPH"];
    let afk = &buckets["aw-watcher-afk_LAPTOP-MCRJASPH"];
    let expected = sweep(&periods(window, None), &periods(afk, Some("not-afk")));
    assert_eq!(expected, 17_564_590_000, "4.88 h of 6.52 h in windows");

    let mut sink = VecSink::default();
    let summaries =
        activitywatch::read_bytes(&std::fs::read(&path).unwrap(), &path, &mut sink).unwrap();
    assert!(sink.skipped.is_empty(), "{:?}", sink.skipped);
    let [summary] = &summaries[..] else {
        panic!("{summaries:?}")
    };
    assert_eq!(summary.bucket, "aw-watcher-window_LAPTOP-MCRJASPH");
    assert!(summary.afk_filtered);
    assert_eq!(summary.active_micros, expected);
    assert_eq!(summary.spans as usize, sink.events.len());
    // Whole seconds per span, pieces under a second left out: within half a second per span
    // and a second per dropped piece.
    let seconds: i64 = sink.events.iter().map(|e| e.duration.unwrap()).sum();
    let slack = (summary.spans as i64) * 500_000 + (summary.short as i64) * 1_000_000;
    assert!(
        (seconds * 1_000_000 - expected).abs() <= slack,
        "{seconds} s vs {expected} µs"
    );
    assert!(
        sink.events
            .iter()
            .all(|e| e.duration.unwrap() >= 1 && e.kind == EventKind::ActiveSpan)
    );
    let keys: HashSet<&str> = sink.events.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys.len(), sink.events.len());
}

/// Import `path` into `store` as one run; returns (new, duplicates, skipped).
fn import_into(
    store: &mut Store,
    source: SourceKind,
    f: ImportFn,
    path: &Path,
    ctx: &ImportContext,
) -> (u64, u64, u64) {
    let run = store
        .start_run(
            source,
            &path.display().to_string(),
            Timestamp::from_second(1_795_000_000).unwrap(),
        )
        .unwrap();
    let mut sink = StoreSink::new(store, run);
    f(path, ctx, &mut sink).unwrap();
    sink.flush().unwrap();
    (sink.new, sink.duplicates, sink.skipped)
}

#[test]
fn reimporting_adds_nothing() {
    reimporting_adds_nothing_with(None);
}

#[test]
#[ignore = "needs ../shared/data"]
fn reimporting_real_exports_adds_nothing() {
    reimporting_adds_nothing_with(Some(&common::shared_data()));
}

/// A CSV made here, and with the shared data its Slack and ActivityWatch exports too.
fn reimporting_adds_nothing_with(data: Option<&Path>) {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("tickets.csv");
    std::fs::write(
        &csv,
        "opened;closed;prio\n2026-03-01 22:10;2026-03-01 23:00;high\n\
         2026-03-01 22:10;;\n1772405400;1772409000;low\nnot a time;;\n",
    )
    .unwrap();
    let csv_ctx = context(
        &[],
        SourceKind::Csv,
        &[
            ("timestamp", "opened"),
            ("end", "closed"),
            ("urgency_column", "prio"),
            ("kind", "incident"),
        ],
    );
    let mut cases: Vec<(SourceKind, ImportFn, PathBuf, ImportContext, u64, u64)> =
        vec![(SourceKind::Csv, generic_csv::import, csv, csv_ctx, 3, 1)];
    if let Some(data) = data {
        let slack_ctx = context(&[], SourceKind::Slack, &[("all_users", "true")]);
        cases.push((
            SourceKind::Slack,
            slack::import,
            data.join(SLACK),
            slack_ctx,
            344,
            0,
        ));
        let aw_ctx = context(&[], SourceKind::Activitywatch, &[]);
        let spans = {
            let mut sink = VecSink::default();
            activitywatch::import(&data.join(AW), &aw_ctx, &mut sink).unwrap();
            sink.events.len() as u64
        };
        cases.push((
            SourceKind::Activitywatch,
            activitywatch::import,
            data.join(AW),
            aw_ctx,
            spans,
            0,
        ));
    }
    let mut store = Store::open_in_memory().unwrap();
    let mut total = 0;
    for (source, f, path, ctx, count, skipped) in &cases {
        let first = import_into(&mut store, *source, *f, path, ctx);
        assert_eq!(first, (*count, 0, *skipped), "{source}");
        let again = import_into(&mut store, *source, *f, path, ctx);
        assert_eq!(again, (0, *count, *skipped), "{source}");
        total += count;
    }
    assert_eq!(store.event_count().unwrap(), total);
}
