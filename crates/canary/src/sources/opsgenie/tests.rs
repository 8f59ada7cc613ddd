//! Unit tests of the Opsgenie importer on small inline alerts.

use std::path::Path;

use proptest::prelude::*;
use serde_json::{Value, json};

use super::*;
use crate::event::EventKind;
use crate::sources::{VecSink, test_context};

fn alert(created: &str, updated: &str, ack: Option<i64>, close: Option<i64>) -> Value {
    let mut report = json!({"acknowledgedBy": "me@example.org", "closedBy": "me@example.org"});
    if let Some(a) = ack {
        report["ackTime"] = json!(a);
    }
    if let Some(c) = close {
        report["closeTime"] = json!(c);
    }
    json!({
        "id": "a1", "tinyId": "17", "alias": "disk", "message": "Disk full",
        "status": "closed", "acknowledged": false, "createdAt": created, "updatedAt": updated,
        "owner": "me@example.org", "priority": "P2", "entity": "db-3",
        "responders": [{"id": "t1", "type": "team"}], "report": report,
    })
}

fn run(doc: &Value, ctx: &ImportContext) -> Result<VecSink, ImportError> {
    let mut sink = VecSink::default();
    read_json(
        doc.to_string().as_bytes(),
        Path::new("og.json"),
        ctx,
        &mut sink,
    )
    .map(|()| sink)
}

fn me() -> ImportContext {
    let mut ctx = test_context();
    ctx.identities.oncall_ids = vec!["uid-me".into()];
    ctx.identities.emails = vec!["Me@Example.org".into()];
    ctx
}

#[test]
fn page_ack_and_engaged_span_in_milliseconds() {
    let doc = json!({"data": alert("2026-03-10T02:00:00.500Z", "2026-03-10T03:00:00Z", Some(90_000), Some(1_890_000))});
    let sink = run(&doc, &me()).unwrap();
    assert_eq!(
        sink.keys(),
        ["a1/page/1773108000", "a1/ack/1773108090", "a1/engaged"]
    );
    let span = &sink.events[2];
    assert_eq!(span.utc.to_string(), "2026-03-10T02:01:30.5Z");
    assert_eq!(span.duration, Some(1800));
    assert_eq!(
        (span.priority, span.urgency),
        (Some(2), Some(crate::Urgency::High))
    );
    assert_eq!(span.context.as_deref(), Some("db-3"));
    assert_eq!(sink.events[1].parent.as_deref(), Some("a1"));
}

fn unit_of(alerts: &[Value]) -> TimeUnit {
    let ctx = test_context();
    let mut c = Collector::new(&ctx);
    let read: Vec<Alert<'_>> = alerts
        .iter()
        .enumerate()
        .filter_map(|(i, v)| read_alert(format!("data[{i}]"), v, Path::new("f"), &mut c))
        .collect();
    detect_unit(&read)
}

#[test]
fn the_time_unit_is_detected_per_file() {
    // Read as seconds, 1 890 000 would close the alert 21 days after creation but it was last
    // updated an hour in: milliseconds.
    let ms = alert(
        "2026-03-10T02:00:00Z",
        "2026-03-10T03:00:00Z",
        Some(90_000),
        Some(1_890_000),
    );
    assert_eq!(unit_of(&[ms]), TimeUnit::Millis);
    // Every time under 1000: as milliseconds, every response would take under a second.
    let s = alert(
        "2026-03-10T02:00:00Z",
        "2026-03-10T03:00:00Z",
        Some(90),
        Some(900),
    );
    assert_eq!(unit_of(std::slice::from_ref(&s)), TimeUnit::Seconds);
    // The vendor's example fits both readings: the default, milliseconds.
    let example = alert(
        "2017-03-21T20:32:52.353Z",
        "2017-04-03T20:32:57.301Z",
        Some(15702),
        Some(60503),
    );
    assert_eq!(unit_of(std::slice::from_ref(&example)), TimeUnit::Millis);
    // Proof beats plausibility; no times at all: the default.
    let ms = alert(
        "2026-03-10T02:00:00Z",
        "2026-03-10T02:05:00Z",
        Some(400),
        Some(999),
    );
    assert_eq!(unit_of(&[s.clone(), ms]), TimeUnit::Millis);
    assert_eq!(
        unit_of(&[alert(
            "2026-03-10T02:00:00Z",
            "2026-03-10T02:00:00Z",
            None,
            None
        )]),
        TimeUnit::Millis
    );
    // The option overrides detection.
    let mut ctx = me();
    ctx.options = crate::sources::test_options(SourceKind::Opsgenie, &[("time_unit", "s")]);
    let sink = run(&json!({"data": [example]}), &ctx).unwrap();
    let span = sink
        .events
        .iter()
        .find(|e| e.kind == EventKind::Incident)
        .unwrap();
    assert_eq!(span.duration, Some(60503 - 15702));
    let opsgenie = crate::sources::registry::get(SourceKind::Opsgenie).unwrap();
    let err = opsgenie
        .check_options([("time_unit", "hours")])
        .unwrap_err();
    assert_eq!(err.to_string(), "option time_unit=hours: expected ms or s");
}

#[test]
fn whose_alert_it_is() {
    let mut theirs = alert(
        "2026-03-10T02:00:00Z",
        "2026-03-10T03:00:00Z",
        Some(1000),
        Some(5000),
    );
    theirs["owner"] = json!("other@example.org");
    theirs["report"]["acknowledgedBy"] = json!("other@example.org");
    assert!(
        run(&json!({"data": [theirs.clone()]}), &me())
            .unwrap()
            .events
            .is_empty()
    );
    // A user responder with my id: paged, but the other person acknowledged.
    theirs["responders"] = json!([{"id": "uid-me", "type": "user"}]);
    let sink = run(&json!({"data": [theirs.clone()]}), &me()).unwrap();
    assert_eq!(sink.keys(), ["a1/page/1773108000"]);
    // Nobody declared: everything is mine.
    assert_eq!(
        run(&json!({"data": [theirs]}), &test_context())
            .unwrap()
            .events
            .len(),
        3
    );
    // Naming no user at all, with ids declared: reported.
    let mut nobody = alert("2026-03-10T02:00:00Z", "2026-03-10T03:00:00Z", None, None);
    nobody["owner"] = json!("");
    nobody["report"] = json!({});
    let sink = run(&json!({"data": [nobody]}), &me()).unwrap();
    assert!(sink.events.is_empty());
    assert!(
        sink.skipped[0]
            .1
            .starts_with("data[0] (a1): the export names no one")
    );
}

#[test]
fn bad_alerts_are_skipped_and_others_refused() {
    let mut no_time = alert("x", "x", None, None);
    no_time.as_object_mut().unwrap().remove("createdAt");
    let negative = alert(
        "2026-03-10T02:00:00Z",
        "2026-03-10T03:00:00Z",
        Some(-5),
        None,
    );
    let bad_time = alert("21/03/2017", "x", None, None);
    let doc = json!({"data": [no_time, negative, bad_time, "x"]});
    let sink = run(&doc, &test_context()).unwrap();
    let skips: Vec<String> = sink
        .skipped
        .iter()
        .map(|(at, why)| format!("{at}: {why}"))
        .collect();
    assert_eq!(
        skips,
        [
            "og.json: data[0] (a1): no `createdAt`",
            "og.json: data[1] (a1): `report.ackTime` -5 is not a duration",
            "og.json: data[2] (a1): `createdAt` 21/03/2017 is not a date and time",
            "og.json: data[3]: not an object",
        ]
    );
    let refused = |doc: Value| run(&doc, &test_context()).unwrap_err().to_string();
    assert_eq!(
        refused(json!({"data": {"count": 7}, "took": 0.05})),
        "og.json: an Opsgenie response with an alert count, not alerts"
    );
    assert_eq!(
        refused(
            json!({"data": [{"id": "u", "username": "a@b.c", "createdAt": "2017-05-12T08:34:30Z"}]})
        ),
        "og.json: an Opsgenie response with users, not alerts"
    );
    assert!(refused(json!({"incidents": []})).contains("canary import pagerduty"));
    let mut sink = VecSink::default();
    let err = read_json(
        b"id,createdAt\n",
        Path::new("og.csv"),
        &test_context(),
        &mut sink,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "og.csv: not JSON: Opsgenie exports are read as Alert API JSON"
    );
}

proptest! {
    #[test]
    fn any_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..600)) {
        let mut sink = VecSink::default();
        let _ = read_json(&input, Path::new("f"), &test_context(), &mut sink);
    }

    #[test]
    fn any_report_numbers_never_panic(ack in any::<i64>(), close in any::<i64>(), year in 0u32..10000) {
        let created = format!("{year:04}-03-10T02:00:00Z");
        let doc = json!({"data": [alert(&created, &created, Some(ack), Some(close))]});
        let _ = run(&doc, &test_context());
    }
}
