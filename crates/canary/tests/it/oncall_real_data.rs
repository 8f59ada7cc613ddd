//! The on-call importers on the vendors' own example responses (`../shared/data/oncall`), and
//! through the store.
//!
//! Expected counts are established here by reading each file as plain `serde_json::Value` and
//! counting the entries that carry a person and a time (assignments, acknowledgements, notify
//! and assign log entries, analytics rows), independently of the importers' code, and are also
//! written out as the figures found by reading the files.

use crate::common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use canary::privacy::IdentityHasher;
use canary::settings::Identities;
use canary::sources::{ImportContext, ImportError, ImportFn, VecSink, opsgenie, pagerduty};
use canary::store::{Store, StoreSink};
use canary::{EventKind, SourceKind};
use jiff::Timestamp;
use jiff::civil::DateTime;
use serde_json::Value;

fn context(ids: &[&str]) -> ImportContext {
    let identities = Identities {
        oncall_ids: ids.iter().map(std::string::ToString::to_string).collect(),
        ..Identities::default()
    };
    ImportContext::new(identities, IdentityHasher::new([7; 32]))
}

fn import(f: ImportFn, path: &Path, ids: &[&str]) -> Result<VecSink, ImportError> {
    let mut sink = VecSink::default();
    f(path, &context(ids), &mut sink).map(|()| sink)
}

/// (pages, acks, engaged spans) among `sink`'s events.
fn kinds(sink: &VecSink) -> (usize, usize, usize) {
    let n = |k| sink.events.iter().filter(|e| e.kind == k).count();
    (
        n(EventKind::Page),
        n(EventKind::Ack),
        n(EventKind::Incident),
    )
}

fn read(path: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn list<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    v.get(key)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn instant(s: &str) -> Timestamp {
    s.parse::<Timestamp>()
        .or_else(|_| {
            s.parse::<DateTime>()
                .map(|dt| dt.to_zoned(jiff::tz::TimeZone::UTC).unwrap().timestamp())
        })
        .unwrap()
}

/// What a PagerDuty response should yield when every interruption is the person's, counted
/// from the JSON directly: `None` when it holds no incidents at all (it must be refused).
fn expected_pagerduty(doc: &Value) -> Option<(usize, usize, usize, usize)> {
    let mut incidents: Vec<&Value> = list(doc, "incidents").iter().collect();
    incidents.extend(doc.get("incident"));
    if !incidents.is_empty() {
        let (mut pages, mut acks, mut engaged) = (0, 0, 0);
        for inc in incidents {
            let at = |key: &str| -> BTreeSet<&str> {
                list(inc, key)
                    .iter()
                    .filter_map(|a| a["at"].as_str())
                    .collect()
            };
            let (assigned, acked) = (at("assignments"), at("acknowledgements"));
            // An incident that names no one paged the person when it was created.
            pages += assigned.len().max(usize::from(acked.is_empty()));
            acks += acked.len();
            let resolved = inc["resolved_at"].as_str().or((inc["status"] == "resolved")
                .then(|| inc["last_status_change_at"].as_str())
                .flatten());
            engaged += usize::from(resolved.is_some());
        }
        return Some((pages, acks, engaged, 0));
    }
    let entries = list(doc, "log_entries");
    if doc.get("log_entries").is_some() {
        let incident_ids: BTreeSet<&str> = entries
            .iter()
            .filter_map(|e| e["incident"]["id"].as_str())
            .collect();
        let paging = entries
            .iter()
            .filter(|e| {
                matches!(
                    e["type"].as_str(),
                    Some("notify_log_entry" | "assign_log_entry")
                )
            })
            .count();
        // Only triggers here: each incident is taken to have paged the person once.
        return Some((paging.max(incident_ids.len()), 0, 0, 0));
    }
    let rows = list(doc, "data");
    if rows
        .first()
        .is_some_and(|r| r.get("incident_created_at").is_some())
    {
        let count = |key: &str| {
            rows.iter()
                .filter(|r| r[key].as_f64().is_some_and(|n| n > 0.0))
                .count()
        };
        return Some((
            count("total_interruptions"),
            count("total_acknowledgements"),
            count("total_engaged_seconds"),
            0,
        ));
    }
    if rows.first().is_some_and(|r| r.get("created_at").is_some()) {
        let (mut pages, mut acks, mut engaged, mut skipped) = (0, 0, 0, 0);
        for r in rows {
            pages += usize::from(!list(r, "assigned_user_ids").is_empty());
            let ack = instant(r["created_at"].as_str().unwrap())
                .checked_add(jiff::SignedDuration::from_secs(
                    r["seconds_to_first_ack"].as_i64().unwrap(),
                ))
                .unwrap();
            acks += usize::from(!list(r, "acknowledged_user_ids").is_empty());
            // Engaged from the acknowledgement to the resolution, if that comes after.
            match r["resolved_at"].as_str().map(instant) {
                Some(end) if end >= ack => engaged += 1,
                Some(_) => skipped += 1,
                None => {}
            }
        }
        return Some((pages, acks, engaged, skipped));
    }
    None
}

fn pagerduty_dir(data: &Path) -> PathBuf {
    data.join("oncall/pagerduty-api-examples")
}

fn opsgenie_dir(data: &Path) -> PathBuf {
    data.join("oncall/opsgenie-api-examples")
}

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    files
}

#[test]
#[ignore = "needs ../shared/data"]
fn every_pagerduty_example_is_read_or_refused() {
    let data = common::shared_data();
    let (mut read_files, mut refused, mut total) = (0, 0, (0, 0, 0, 0));
    for path in files(&pagerduty_dir(&data)) {
        let expected = expected_pagerduty(&read(&path));
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        match (import(pagerduty::import, &path, &[]), expected) {
            (Ok(sink), Some((p, a, e, s))) => {
                let (gp, ga, ge) = kinds(&sink);
                assert_eq!(
                    (gp, ga, ge, sink.skipped.len()),
                    (p, a, e, s),
                    "{name}: {:?}",
                    sink.skipped
                );
                total = (total.0 + p, total.1 + a, total.2 + e, total.3 + s);
                read_files += 1;
            }
            (Err(ImportError::Refused { reason, hint, .. }), None) => {
                assert!(hint.is_some(), "{name}");
                assert!(
                    reason.contains("not incidents") || reason.contains("without individual"),
                    "{name}: {reason}"
                );
                refused += 1;
            }
            (got, want) => panic!("{name}: got {got:?}, expected {want:?}"),
        }
    }
    // The same figures, found by reading the files: 7 incident responses (3 incident records,
    // 2 log-entry lists holding one trigger each, 2 analytics lists of 2 rows), 13 others.
    assert_eq!((read_files, refused), (7, 13));
    // Pages: 1 inferred + 1 + 1 + 1 + 1 + 2 + 2; acks: 1 + 2 + 2; engaged: 1 + 1 + 2; the second
    // raw analytics row resolves (2023-05-30) before it was created and acknowledged.
    assert_eq!(total, (9, 5, 4, 1));
}

#[test]
#[ignore = "needs ../shared/data"]
fn pagerduty_examples_in_detail() {
    let data = common::shared_data();
    let dir = pagerduty_dir(&data);
    let doc = read(&dir.join("get_incidents__response.json"));
    let inc = &doc["incidents"][0];
    let sink = import(
        pagerduty::import,
        &dir.join("get_incidents__response.json"),
        &[],
    )
    .unwrap();
    let engaged = sink
        .events
        .iter()
        .find(|e| e.kind == EventKind::Incident)
        .unwrap();
    let created = instant(inc["created_at"].as_str().unwrap());
    let resolved = instant(inc["resolved_at"].as_str().unwrap());
    assert_eq!(engaged.utc, created);
    assert_eq!(
        engaged.duration,
        Some(resolved.as_second() - created.as_second())
    );
    assert_eq!(
        engaged.key,
        format!("{}/engaged", inc["id"].as_str().unwrap())
    );
    assert_eq!(
        engaged.context.as_deref(),
        inc["service"]["summary"].as_str()
    );
    assert_eq!(engaged.priority, Some(2));
    assert_eq!(engaged.urgency, Some(canary::Urgency::High));
    // With ids declared, a resolved incident from `GET /incidents` names no one.
    let sink = import(
        pagerduty::import,
        &dir.join("get_incidents__response.json"),
        &["PXPGF42"],
    )
    .unwrap();
    assert!(sink.events.is_empty());
    assert!(
        sink.skipped[0]
            .1
            .starts_with("incidents[0] (PT4KHLK): the export names no one")
    );
    // The assignee of the acknowledged incident is paged and acknowledges.
    let sink = import(
        pagerduty::import,
        &dir.join("get_incidents_id__response.json"),
        &["PXPGF42"],
    )
    .unwrap();
    assert_eq!(kinds(&sink), (1, 1, 0));
    let sink = import(
        pagerduty::import,
        &dir.join("get_incidents_id__response.json"),
        &["PL7A2O4"],
    )
    .unwrap();
    assert_eq!(kinds(&sink), (0, 0, 0));
    // The responder analytics belong to PDUSER1; the engaged span is total_engaged_seconds.
    let path =
        dir.join("post_analytics_raw_responders_responder_id_incidents__Example_Response.json");
    let doc = read(&path);
    let sink = import(pagerduty::import, &path, &["PDUSER1"]).unwrap();
    let spans: Vec<i64> = sink.events.iter().filter_map(|e| e.duration).collect();
    let want: Vec<i64> = list(&doc, "data")
        .iter()
        .map(|r| r["total_engaged_seconds"].as_i64().unwrap())
        .collect();
    assert_eq!(spans, want);
    assert!(
        import(pagerduty::import, &path, &["PSOMEONE"])
            .unwrap()
            .events
            .is_empty()
    );
}

#[test]
#[ignore = "needs ../shared/data"]
fn the_pagerduty_folder_combines_one_incident_across_files() {
    let data = common::shared_data();
    let dir = pagerduty_dir(&data);
    let sink = import(pagerduty::import, &dir, &[]).unwrap();
    // PT4KHLK appears in 5 files: one assignment page (2015-11-10T00:31:52Z, in two files) and
    // one acknowledgement; the listing says it was resolved on 2015-10-06, before both, so it
    // has no engaged span (skipped). Analytics: 5 events + 1 skip, responder rows: 6.
    let (p, a, e) = kinds(&sink);
    assert_eq!((p, a, e), (1 + 2 + 2, 1 + 2 + 2, 1 + 2));
    let unrecognised = sink
        .skipped
        .iter()
        .filter(|(_, why)| !why.contains("PT4KHLK") && !why.contains("PCOOHCY"))
        .count();
    assert_eq!(
        (sink.skipped.len(), unrecognised),
        (15, 13),
        "{:?}",
        sink.skipped
    );
    let keys: BTreeSet<&str> = sink.events.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys.len(), sink.events.len(), "keys are unique");
    assert!(keys.contains("PT4KHLK/page/1447115512") && keys.contains("PT4KHLK/ack/1447115572"));
    let with_ids = import(pagerduty::import, &dir, &["PXPGF42"]).unwrap();
    assert_eq!(kinds(&with_ids), (1, 1, 0));
}

/// Opsgenie: (pages, acks, engaged) counted from the JSON, every alert the person's.
fn expected_opsgenie(doc: &Value) -> Option<(usize, usize, usize)> {
    let alerts: Vec<&Value> = match &doc["data"] {
        Value::Array(a) => a.iter().collect(),
        one @ Value::Object(_) => vec![one],
        _ => return None,
    };
    if !alerts.iter().any(|a| a.get("alias").is_some()) {
        return None;
    }
    let pages: BTreeSet<(&str, &str)> = alerts
        .iter()
        .map(|a| (a["id"].as_str().unwrap(), a["createdAt"].as_str().unwrap()))
        .collect();
    let acks: BTreeSet<(&str, i64)> = alerts
        .iter()
        .filter_map(|a| Some((a["id"].as_str()?, a["report"]["ackTime"].as_i64()?)))
        .collect();
    let spans: BTreeSet<&str> = alerts
        .iter()
        .filter(|a| a["report"]["ackTime"].is_number() && a["report"]["closeTime"].is_number())
        .filter_map(|a| a["id"].as_str())
        .collect();
    Some((pages.len(), acks.len(), spans.len()))
}

#[test]
#[ignore = "needs ../shared/data"]
fn every_opsgenie_example_is_read_or_refused() {
    let data = common::shared_data();
    let mut outcome = Vec::new();
    for path in files(&opsgenie_dir(&data)) {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let expected = serde_json::from_slice::<Value>(&std::fs::read(&path).unwrap())
            .ok()
            .and_then(|doc| expected_opsgenie(&doc));
        match (import(opsgenie::import, &path, &[]), expected) {
            (Ok(sink), Some(want)) => {
                assert_eq!(kinds(&sink), want, "{name}");
                assert!(sink.skipped.is_empty(), "{name}: {:?}", sink.skipped);
                outcome.push((name, want));
            }
            (Err(ImportError::Refused { hint: Some(_), .. }), None) => {}
            (got, want) => panic!("{name}: got {got:?}, expected {want:?}"),
        }
    }
    // Both alert files hold the same closed, acknowledged alert (list_alerts.json twice, with
    // one createdAt): one page, one ack, one span each. The other 5 files are refused.
    assert_eq!(
        outcome,
        [
            ("get_alert.json".to_string(), (1, 1, 1)),
            ("list_alerts.json".to_string(), (1, 1, 1))
        ]
    );
}

#[test]
#[ignore = "needs ../shared/data"]
fn opsgenie_report_times_are_milliseconds_after_creation() {
    let data = common::shared_data();
    let path = opsgenie_dir(&data).join("get_alert.json");
    let doc = read(&path);
    let alert = &doc["data"];
    let created = instant(alert["createdAt"].as_str().unwrap());
    let ms = |key: &str| jiff::SignedDuration::from_millis(alert["report"][key].as_i64().unwrap());
    let sink = import(opsgenie::import, &path, &[]).unwrap();
    let ack = sink
        .events
        .iter()
        .find(|e| e.kind == EventKind::Ack)
        .unwrap();
    assert_eq!(ack.utc, created.checked_add(ms("ackTime")).unwrap());
    let span = sink
        .events
        .iter()
        .find(|e| e.kind == EventKind::Incident)
        .unwrap();
    let closed = created.checked_add(ms("closeTime")).unwrap();
    assert_eq!(
        span.duration,
        Some(closed.as_second() - ack.utc.as_second())
    );
    assert_eq!(
        (span.priority, span.urgency),
        (Some(5), Some(canary::Urgency::Low))
    );
    // Who: the owner is paged only; the acknowledger is paged, acknowledges and is engaged.
    assert_eq!(
        kinds(&import(opsgenie::import, &path, &["morpheus@opsgenie.com"]).unwrap()),
        (1, 0, 0)
    );
    assert_eq!(
        kinds(&import(opsgenie::import, &path, &["agent_smith@opsgenie.com"]).unwrap()),
        (1, 1, 1)
    );
    // The folder: both files' alert is one; the five others are reported.
    let sink = import(opsgenie::import, &opsgenie_dir(&data), &[]).unwrap();
    assert_eq!((kinds(&sink), sink.skipped.len()), ((1, 1, 1), 5));
}

/// Import `path` into `store` as one run; returns (new, duplicates, skipped).
fn import_into(
    store: &mut Store,
    source: SourceKind,
    f: ImportFn,
    path: &Path,
    ids: &[&str],
) -> (u64, u64, u64) {
    let run = store
        .start_run(
            source,
            &path.display().to_string(),
            Timestamp::from_second(1_795_000_000).unwrap(),
        )
        .unwrap();
    let mut sink = StoreSink::new(store, run);
    f(path, &context(ids), &mut sink).unwrap();
    sink.flush().unwrap();
    (sink.new, sink.duplicates, sink.skipped)
}

#[test]
#[ignore = "needs ../shared/data"]
fn importing_again_adds_nothing() {
    let data = common::shared_data();
    let mut store = Store::open_in_memory().unwrap();
    for (source, f, dir) in [
        (
            SourceKind::Pagerduty,
            pagerduty::import as ImportFn,
            pagerduty_dir(&data),
        ),
        (
            SourceKind::Opsgenie,
            opsgenie::import as ImportFn,
            opsgenie_dir(&data),
        ),
    ] {
        let (new, dup, skipped) = import_into(&mut store, source, f, &dir, &[]);
        assert!(new > 0 && dup == 0, "{source}: {new} {dup}");
        assert_eq!(
            import_into(&mut store, source, f, &dir, &[]),
            (0, new, skipped),
            "{source}"
        );
    }
    assert_eq!(store.event_count().unwrap(), 13 + 3);
    // File by file, each into its own store, twice.
    for (source, f, dir) in [
        (
            SourceKind::Pagerduty,
            pagerduty::import as ImportFn,
            pagerduty_dir(&data),
        ),
        (
            SourceKind::Opsgenie,
            opsgenie::import as ImportFn,
            opsgenie_dir(&data),
        ),
    ] {
        for path in files(&dir) {
            if f(&path, &context(&[]), &mut VecSink::default()).is_err() {
                continue;
            }
            let mut store = Store::open_in_memory().unwrap();
            let (new, _, skipped) = import_into(&mut store, source, f, &path, &[]);
            let again = import_into(&mut store, source, f, &path, &[]);
            assert_eq!(again, (0, new, skipped), "{}", path.display());
        }
    }
}

/// A small folder as a user would keep it: the web UI's CSV and a log-entries response.
#[test]
fn a_folder_with_csv_and_log_entries_written_here() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("incidents.csv"),
        "Incident ID,#,Service Name,Urgency,Priority,Created On,Resolved On,Assigned To,Acknowledged By,seconds_to_first_ack\n\
         Q7K2,881,Payments,high,P1,2026-02-14T03:10:00+01:00,2026-02-14T04:00:00+01:00,Ana Lima,Ana Lima,240\n\
         Q7K3,882,Payments,low,P4,2026-02-14T09:00:00+01:00,2026-02-14T09:20:00+01:00,Bo Chen,,\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("log_entries.json"),
        r#"{"log_entries": [
          {"type": "notify_log_entry", "created_at": "2026-02-14T02:10:03Z",
           "incident": {"id": "Q7K2"}, "user": {"id": "PANA", "summary": "Ana Lima"}},
          {"type": "notify_log_entry", "created_at": "2026-02-14T02:10:40Z",
           "incident": {"id": "Q7K2"}, "user": {"id": "PANA", "summary": "Ana Lima"}},
          {"type": "acknowledge_log_entry", "created_at": "2026-02-14T02:13:55Z",
           "incident": {"id": "Q7K2"}, "agent": {"id": "PANA", "type": "user_reference"}},
          {"type": "resolve_log_entry", "created_at": "2026-02-14T03:00:00Z", "incident": {"id": "Q7K2"}}
        ]}"#,
    )
    .unwrap();
    std::fs::write(dir.path().join(".DS_Store"), b"\0\0\0\x01Bud1").unwrap();
    let sink = import(pagerduty::import, dir.path(), &["PANA", "Ana Lima"]).unwrap();
    // Exact times from the log entries win over the CSV's estimates; the CSV gives the
    // incident's service, urgency and priority.
    let keys: Vec<&str> = sink.events.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "Q7K2/page/1771035003",
            "Q7K2/ack/1771035235",
            "Q7K2/engaged"
        ]
    );
    let span = &sink.events[2];
    assert_eq!(span.duration, Some(1771038000 - 1771035235));
    assert_eq!(
        (span.context.as_deref(), span.priority),
        (Some("Payments"), Some(1))
    );
    assert!(sink.skipped.is_empty(), "{:?}", sink.skipped);
    let mut store = Store::open_in_memory().unwrap();
    let ids = ["PANA", "Ana Lima"];
    assert_eq!(
        import_into(
            &mut store,
            SourceKind::Pagerduty,
            pagerduty::import,
            dir.path(),
            &ids
        ),
        (3, 0, 0)
    );
    assert_eq!(
        import_into(
            &mut store,
            SourceKind::Pagerduty,
            pagerduty::import,
            dir.path(),
            &ids
        ),
        (0, 3, 0)
    );
}
