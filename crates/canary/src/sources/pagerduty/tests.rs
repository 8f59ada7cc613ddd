//! Unit tests of the PagerDuty importer on small inline exports.

use std::path::Path;

use proptest::prelude::*;
use serde_json::json;

use super::*;
use crate::event::{Event, EventKind, Urgency};
use crate::sources::{VecSink, test_context};

fn ctx_with(ids: &[&str], emails: &[&str]) -> ImportContext {
    let mut ctx = test_context();
    ctx.identities.oncall_ids = ids.iter().map(std::string::ToString::to_string).collect();
    ctx.identities.emails = emails
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    ctx
}

fn run_json(doc: &serde_json::Value, ctx: &ImportContext) -> VecSink {
    let mut sink = VecSink::default();
    read_json(
        doc.to_string().as_bytes(),
        Path::new("pd.json"),
        ctx,
        &mut sink,
    )
    .unwrap();
    sink
}

fn run_csv(text: &str, ctx: &ImportContext) -> Result<VecSink, ImportError> {
    let mut sink = VecSink::default();
    read_csv(text.as_bytes(), Path::new("pd.csv"), ctx, &mut sink).map(|()| sink)
}

fn find(sink: &VecSink, kind: EventKind) -> Vec<&Event> {
    sink.events.iter().filter(|e| e.kind == kind).collect()
}

fn user(id: &str) -> serde_json::Value {
    json!({"id": id, "type": "user_reference", "summary": format!("User {id}")})
}

fn entry(kind: &str, at: &str, extra: serde_json::Value) -> serde_json::Value {
    let mut e = json!({
        "type": kind,
        "created_at": at,
        "incident": {"id": "PINC1", "type": "incident_reference"},
        "service": {"id": "PSVC", "summary": "Mail"},
    });
    for (k, v) in extra.as_object().unwrap() {
        e[k] = v.clone();
    }
    e
}

#[test]
fn notifications_within_sixty_seconds_are_one_page() {
    let me = user("PME");
    let doc = json!({"log_entries": [
        entry("notify_log_entry", "2026-03-10T02:00:00Z", json!({"user": me})),
        entry("notify_log_entry", "2026-03-10T02:00:01Z", json!({"user": me})),
        entry("notify_log_entry", "2026-03-10T02:01:00Z", json!({"user": me})),
        entry("assign_log_entry", "2026-03-10T02:01:01Z", json!({"assignees": [me]})),
        entry("notify_log_entry", "2026-03-10T02:01:30Z", json!({"user": user("POTHER")})),
        entry("notify_log_entry", "2026-03-10T02:05:00Z", json!({"user": me})),
    ]});
    let sink = run_json(&doc, &ctx_with(&["PME"], &[]));
    assert_eq!(
        sink.keys(),
        [
            "PINC1/page/1773108000",
            "PINC1/page/1773108061",
            "PINC1/page/1773108300"
        ]
    );
    let page = &sink.events[0];
    assert_eq!(page.parent.as_deref(), Some("PINC1"));
    assert_eq!(page.context.as_deref(), Some("Mail"));
    assert!(page.actor.is_none() && sink.skipped.is_empty());
}

#[test]
fn engaged_time_runs_from_the_first_ack_to_the_resolution() {
    let me = user("PME");
    let doc = json!({"log_entries": [
        entry("trigger_log_entry", "2026-03-10T01:59:58Z", json!({})),
        entry("notify_log_entry", "2026-03-10T02:00:00Z", json!({"user": me})),
        entry("acknowledge_log_entry", "2026-03-10T02:03:00Z", json!({"agent": me})),
        entry("acknowledge_log_entry", "2026-03-10T02:33:00Z", json!({"agent": me})),
        entry("resolve_log_entry", "2026-03-10T03:03:00Z", json!({})),
    ]});
    let sink = run_json(&doc, &ctx_with(&["PME"], &[]));
    let acks = find(&sink, EventKind::Ack);
    assert_eq!(acks.len(), 2);
    let engaged = find(&sink, EventKind::Incident);
    assert_eq!(engaged.len(), 1);
    assert_eq!(engaged[0].key, "PINC1/engaged");
    assert_eq!(engaged[0].utc.to_string(), "2026-03-10T02:03:00Z");
    assert_eq!(engaged[0].duration, Some(3600));
    assert!(engaged[0].parent.is_none());
}

fn incident(status: &str) -> serde_json::Value {
    json!({
        "id": "PT4KHLK", "type": "incident", "created_at": "2026-03-10T02:00:00Z",
        "status": status, "urgency": "high",
        "priority": {"summary": "P2"}, "service": {"summary": "My Mail Service"},
        "assignments": [{"at": "2026-03-10T02:00:05Z", "assignee": user("PME")},
                        {"at": "2026-03-10T02:00:05Z", "assignee": user("POTHER")}],
        "acknowledgements": [],
        "last_status_change_at": "2026-03-10T02:45:05Z",
        "resolved_at": null,
    })
}

#[test]
fn without_an_ack_engaged_time_starts_at_the_assignment() {
    let sink = run_json(
        &json!({"incidents": [incident("resolved")]}),
        &ctx_with(&["PME"], &[]),
    );
    assert_eq!(sink.keys(), ["PT4KHLK/page/1773108005", "PT4KHLK/engaged"]);
    let e = &sink.events[1];
    assert_eq!(
        (e.duration, e.urgency, e.priority),
        (Some(2700), Some(Urgency::High), Some(2))
    );
    assert_eq!(e.context.as_deref(), Some("My Mail Service"));
    // Still open: no span.
    let sink = run_json(
        &json!({"incident": incident("acknowledged")}),
        &ctx_with(&["PME"], &[]),
    );
    assert_eq!(sink.keys(), ["PT4KHLK/page/1773108005"]);
}

#[test]
fn who_is_the_person() {
    let doc = json!({"incidents": [incident("triggered")]});
    assert!(
        run_json(&doc, &ctx_with(&["PNOBODY"], &[]))
            .events
            .is_empty()
    );
    // Ids match case-insensitively; addresses in `identities.emails` too.
    assert_eq!(run_json(&doc, &ctx_with(&["pme"], &[])).events.len(), 1);
    let mut by_mail = incident("triggered");
    by_mail["assignments"][0]["assignee"]["email"] = json!("Me@Example.org");
    let sink = run_json(
        &json!({"incident": by_mail}),
        &ctx_with(&["PX"], &["me@example.org"]),
    );
    assert_eq!(sink.events.len(), 1);
    // Without declared ids every assignment is the person's: the two at one second are one.
    assert_eq!(run_json(&doc, &test_context()).events.len(), 1);
}

#[test]
fn an_incident_naming_no_one_is_inferred_or_skipped() {
    let mut resolved = incident("resolved");
    resolved["assignments"] = json!([]);
    resolved["resolved_at"] = json!("2026-03-10T02:10:00Z");
    let doc = json!({"incidents": [resolved]});
    let sink = run_json(&doc, &test_context());
    assert_eq!(sink.keys(), ["PT4KHLK/page/1773108000", "PT4KHLK/engaged"]);
    assert_eq!(sink.events[1].duration, Some(600));
    let sink = run_json(&doc, &ctx_with(&["PME"], &[]));
    assert!(sink.events.is_empty());
    assert_eq!(sink.skip_lines().len(), 1);
    assert!(
        sink.skip_lines()[0]
            .starts_with("pd.json: incidents[0] (PT4KHLK): the export names no one"),
        "{:?}",
        sink.skip_lines()
    );
}

#[test]
fn bad_records_are_skipped_with_their_index_path() {
    let mut bad_ack = incident("acknowledged");
    bad_ack["acknowledgements"] = json!([{"at": "soon", "acknowledger": user("PME")}]);
    let doc = json!({"incidents": [
        {"id": "P1", "status": "triggered"},
        {"id": "P2", "created_at": "2026-13-01T00:00:00Z"},
        {"created_at": "2026-03-01T00:00:00Z"},
        17,
        bad_ack,
    ]});
    let sink = run_json(&doc, &ctx_with(&["PME"], &[]));
    assert_eq!(
        sink.skip_lines(),
        [
            "pd.json: incidents[0] (P1): no `created_at`",
            "pd.json: incidents[1] (P2): `created_at` 2026-13-01T00:00:00Z is not a date and time",
            "pd.json: incidents[2]: no incident `id`",
            "pd.json: incidents[3]: a number, not an object",
            "pd.json: incidents[4] (PT4KHLK): acknowledgements[0]: `at` soon is not a date and time",
        ]
    );
    assert_eq!(sink.keys(), ["PT4KHLK/page/1773108005"]);
}

#[test]
fn analytics_rows_are_estimates_in_their_time_zone() {
    let doc = json!({"time_zone": "Europe/Berlin", "data": [{
        "id": "PYC0H08", "created_at": "2026-03-10T03:00:00", "resolved_at": "2026-03-10T03:30:00",
        "assigned_user_ids": ["PME"], "acknowledged_user_ids": ["PME"], "seconds_to_first_ack": 90,
        "urgency": "low", "priority_name": "SEV-2", "service_name": "Engineering",
    }]});
    let sink = run_json(&doc, &ctx_with(&["PME"], &[]));
    assert_eq!(
        sink.keys(),
        [
            "PYC0H08/page/1773108000",
            "PYC0H08/ack/1773108090",
            "PYC0H08/engaged"
        ]
    );
    let e = &sink.events[2];
    assert_eq!(
        (e.duration, e.offset, e.priority),
        (Some(1710), Some(3600), Some(2))
    );
}

#[test]
fn unrecognised_shapes_are_refused_with_what_they_are() {
    let refusal = |doc: &str| {
        let mut sink = VecSink::default();
        match read_json(
            doc.as_bytes(),
            Path::new("x.json"),
            &test_context(),
            &mut sink,
        ) {
            Err(ImportError::Refused { reason, hint, .. }) => {
                assert_eq!(hint.as_deref(), Some(json::HINT));
                reason
            }
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(
        refusal(r#"{"oncalls": [], "limit": 25}"#),
        "a PagerDuty response with on-call shifts, not incidents or log entries"
    );
    assert_eq!(
        refusal(r#"{"took": 1, "requestId": "x"}"#),
        "not a PagerDuty incidents or log entries export (top-level keys: requestId, took)"
    );
    assert!(refusal(r#"{"data": [{"createdAt": "2017-03-21T20:32:52Z"}]}"#).contains("Opsgenie"));
    assert!(
        refusal(r#"{"data": [{"range_start": "2024-01-01"}]}"#)
            .starts_with("PagerDuty analytics without")
    );
    assert!(refusal(r#"{"incidents": [}"#).starts_with("not valid JSON: "));
    assert_eq!(
        refusal("[1, 2]"),
        "a list of neither incidents nor log entries"
    );
    assert_eq!(refusal("\"hi\""), "a JSON string, not a PagerDuty response");
}

/// An advanced-report CSV as the web UI writes it (columns as documented by PagerDuty).
const ADVANCED_CSV: &str = "\
id,incident_number,description,service_id,service_name,escalation_policy_id,escalation_policy_name,created_on,resolved_on,seconds_to_first_ack,seconds_to_resolve,auto_resolved,escalation_count,auto_escalation_count,acknowledge_count,assignment_count,acknowledged_by_user_ids,acknowledged_by_user_names,assigned_to_user_ids,assigned_to_user_names,resolved_by_user_id,resolved_by_user_name,urgency
Q1ABC,101,Disk full on db-3,PSVC1,Database,PEP1,Primary,2026-03-10T03:12:09+01:00,2026-03-10T03:52:09+01:00,120,2400,0,0,0,1,1,PME,Me Myself,PME,Me Myself,PME,Me Myself,high
Q1ABD,102,\"Latency, checkout\",PSVC2,Checkout,PEP1,Primary,2026-03-11T14:00:00+01:00,2026-03-11T14:05:00+01:00,,300,1,0,0,0,1,,,POTHER,Someone Else,,,low
Q1ABE,103,Cert expiry,PSVC1,Database,PEP1,Primary,2026-03-12T23:59:59+01:00,,45,,0,1,1,1,2,\"POTHER,PME\",\"Someone Else,Me Myself\",\"POTHER,PME\",\"Someone Else,Me Myself\",,,high
Q1ABF,104,Broken row,PSVC1,Database,PEP1,Primary,last tuesday,,,,0,0,0,0,1,,,PME,Me Myself,,,high
";

#[test]
fn csv_headers_are_matched_by_alias() {
    assert_eq!(web_csv::field("Created On"), Some(web_csv::Field::Created));
    assert_eq!(
        web_csv::field(" created_at "),
        Some(web_csv::Field::Created)
    );
    assert_eq!(web_csv::field("Opened On"), Some(web_csv::Field::Created));
    assert_eq!(
        web_csv::field("Resolved On"),
        Some(web_csv::Field::Resolved)
    );
    assert_eq!(
        web_csv::field("Service Name"),
        Some(web_csv::Field::Service)
    );
    assert_eq!(
        web_csv::field("Assigned To"),
        Some(web_csv::Field::Assigned)
    );
    assert_eq!(
        web_csv::field("Acknowledged By"),
        Some(web_csv::Field::Acknowledged)
    );
    assert_eq!(web_csv::field("Incident ID"), Some(web_csv::Field::Id));
    assert_eq!(web_csv::field("#"), Some(web_csv::Field::Number));
    assert_eq!(web_csv::field("#Escalations"), None);
    assert_eq!(
        web_csv::field("\u{feff}URGENCY"),
        Some(web_csv::Field::Urgency)
    );
}

#[test]
fn advanced_csv_rows_become_estimated_events() {
    let sink = run_csv(ADVANCED_CSV, &ctx_with(&["PME"], &[])).unwrap();
    assert_eq!(
        sink.keys(),
        [
            "Q1ABC/page/1773108729",
            "Q1ABC/ack/1773108849",
            "Q1ABC/engaged",
            "Q1ABE/page/1773356399",
            "Q1ABE/ack/1773356444",
        ]
    );
    let engaged = &sink.events[2];
    assert_eq!(engaged.duration, Some(2280));
    assert_eq!(
        (engaged.offset, engaged.context.as_deref()),
        (Some(3600), Some("Database"))
    );
    assert_eq!(
        sink.skip_lines(),
        ["pd.csv:5: creation time last tuesday is not a date and time"]
    );
    // Everyone's: the other person's incident too, engaged from its assignment.
    let sink = run_csv(ADVANCED_CSV, &test_context()).unwrap();
    assert_eq!(sink.events.len(), 7);
}

#[test]
fn basic_csv_with_semicolons_and_names() {
    let text = "#;Service;Opened On;Resolved On;Resolve By;Duration;#Escalations\n\
                1234;Mail;2026-03-10 02:00:00 UTC;2026-03-10 02:30:00 UTC;Me Myself;0:30:00;0\n";
    let sink = run_csv(text, &test_context()).unwrap();
    assert_eq!(sink.keys(), ["#1234/page/1773108000", "#1234/engaged"]);
    assert_eq!(sink.events[1].duration, Some(1800));
    let sink = run_csv(text, &ctx_with(&["PME"], &[])).unwrap();
    assert!(sink.events.is_empty() && sink.skipped.len() == 1);
}

#[test]
fn csv_refusals() {
    let reason = |r: Result<VecSink, ImportError>| match r {
        Err(ImportError::Refused { reason, hint, .. }) => (reason, hint.unwrap_or_default()),
        other => panic!("{other:?}"),
    };
    let (why, _) = reason(run_csv("name,when\nx,y\n", &test_context()));
    assert!(
        why.starts_with("not a PagerDuty incidents CSV: it needs a creation time"),
        "{why}"
    );
    assert!(why.ends_with("its header has `name`, `when`"), "{why}");
    let naive = "id,created_on\nQ1,2026-03-10 02:00:00\n";
    let (why, hint) = reason(run_csv(naive, &test_context()));
    assert_eq!(
        why,
        "line 2: the time 2026-03-10 02:00:00 has no UTC offset, so it cannot be placed"
    );
    assert!(hint.contains("--option timezone="));
    let mut ctx = test_context();
    ctx.options =
        crate::sources::test_options(SourceKind::Pagerduty, &[("timezone", "America/New_York")]);
    let sink = run_csv(naive, &ctx).unwrap();
    assert_eq!(sink.events[0].utc.to_string(), "2026-03-10T06:00:00Z");
}

#[test]
fn takes_every_interruption_without_ids() {
    let mut ids = Identities::default();
    assert!(takes_every_interruption(&ids));
    ids.oncall_ids.push("PME".into());
    assert!(!takes_every_interruption(&ids));
}

proptest! {
    #[test]
    fn any_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..600)) {
        let mut sink = VecSink::default();
        let _ = read_json(&input, Path::new("f"), &test_context(), &mut sink);
        let _ = read_csv(&input, Path::new("f"), &test_context(), &mut sink);
    }

    #[test]
    fn export_like_json_never_panics(
        parts in prop::collection::vec(prop::sample::select(vec![
            "{", "}", "[", "]", ",", ":", "\"incidents\"", "\"log_entries\"", "\"data\"",
            "\"created_at\"", "\"at\"", "\"id\"", "\"2026-03-10T02:00:00Z\"", "\"+999999-01-01T00:00:00Z\"",
            "\"assignments\"", "\"assignee\"", "\"type\"", "\"notify_log_entry\"", "\"incident\"",
            "\"user\"", "1e308", "-1", "null", "\"time_zone\"", "\"seconds_to_first_ack\"",
        ]), 0..80)
    ) {
        let mut sink = VecSink::default();
        let _ = read_json(parts.concat().as_bytes(), Path::new("f"), &test_context(), &mut sink);
    }
}
