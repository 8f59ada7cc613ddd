//! Opsgenie alert exports: Alert API v2 responses saved to disk, `{"data": [...]}` from
//! `GET /v2/alerts` and `{"data": {...}}` from `GET /v2/alerts/{id}` (or a top-level list of
//! alerts), as a file or a folder of them. The format is decided by content.
//!
//! Each alert becomes, for the person (`parent` the alert id; `priority` from `P1`…`P5`;
//! `urgency` high for P1/P2, normal for P3, low for P4/P5; `context` the alert's `entity`):
//!
//! - a [`Page`](crate::EventKind::Page) at `createdAt`, keyed `<alert id>/page/<utc secs>`,
//!   when the person owns it (`owner`), is a `user` responder, or acknowledged it;
//! - an [`Ack`](crate::EventKind::Ack) at `createdAt + report.ackTime` when the person is
//!   `report.acknowledgedBy` (`acknowledged` itself turns false again on close or un-ack, so
//!   the report decides), keyed `<alert id>/ack/<utc secs>`;
//! - an [`Incident`](crate::EventKind::Incident) span from that acknowledgement to
//!   `createdAt + report.closeTime`, keyed `<alert id>/engaged`. Alerts nobody acknowledged
//!   get no span: many close by themselves when the monitor recovers.
//!
//! Who the person is: `owner`, `acknowledgedBy` and user responders are matched against
//! `identities.oncall_ids` and `identities.emails` (Opsgenie user names are addresses). **With
//! no on-call id declared, every alert in the export is taken as the person's** (the CLI
//! warns); with ids declared, an alert naming no user is reported as skipped.
//!
//! # The unit of `ackTime` and `closeTime`
//!
//! The API does not document it. **Milliseconds** is the default, and how each file is read is
//! decided per file, in this order: `--option time_unit=ms|s` if given; milliseconds if any
//! alert's times read as seconds would put its acknowledgement or close after its own
//! `updatedAt` (a close is an update, so that reading is impossible); seconds if every time in
//! the file is under 1000 (read as milliseconds, every response would have been faster than a
//! second, which people do not do); otherwise milliseconds. The vendor's own example (shared
//! `get_alert.json`: `ackTime` 15702, `closeTime` 60503) cannot decide it by its timeline: it
//! was updated 13 days after creation, so both readings fit. Milliseconds was chosen because
//! every instant Opsgenie writes carries milliseconds (`2017-03-21T20:32:52.353Z`) and the
//! durations are differences of such instants; read so, the example is acknowledged after 15.7
//! s and closed after 60.5 s.
//!
//! Bad records (no `createdAt`, an unparseable or negative time) are skipped with
//! `file: data[3] (id): reason`. Opsgenie's web CSV export is not read.

use std::path::Path;

use jiff::SignedDuration;
use serde_json::{Map, Value};

use super::options::{Key, OptionValue};
use super::pagerduty::facts::{Collector, PersonRef, Rules, fill, location};
use super::pagerduty::files::{self, Shape, Vendor};
use super::pagerduty::values::{Instant, parse_instant, parse_priority, shown};
use super::{ImportContext, ImportError, Sink};
use crate::event::{SourceKind, Urgency};

/// Option: the unit of `report.ackTime` and `report.closeTime`, when detection should not decide.
pub const TIME_UNIT: Key<TimeUnit> = Key::new("time_unit");

/// The unit of `report.ackTime` and `report.closeTime`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeUnit {
    Millis,
    Seconds,
}

impl OptionValue for TimeUnit {
    const PLACEHOLDER: &'static str = "ms|s";
    fn expected() -> String {
        "ms or s".into()
    }
    fn parse(text: &str) -> Option<TimeUnit> {
        match text.to_ascii_lowercase().as_str() {
            "ms" | "millis" | "milliseconds" => Some(TimeUnit::Millis),
            "s" | "sec" | "secs" | "seconds" => Some(TimeUnit::Seconds),
            _ => None,
        }
    }
}

impl TimeUnit {
    fn duration(self, value: i64) -> SignedDuration {
        match self {
            TimeUnit::Millis => SignedDuration::from_millis(value),
            TimeUnit::Seconds => SignedDuration::from_secs(value),
        }
    }
}

const HINT: &str = "export alerts with Opsgenie's Alert API: `GET /v2/alerts` (a list, \
`{\"data\": [...]}`) or `GET /v2/alerts/{id}` (one alert)";

const RULES: Rules = Rules {
    source: SourceKind::Opsgenie,
    engage_without_ack: false,
    infer_page_at_creation: false,
};

const VENDOR: Vendor = Vendor {
    rules: RULES,
    what: "Opsgenie alert export",
    collect,
    hint: HINT,
};

/// Import an Opsgenie alert export: a JSON file or a folder of them.
pub fn import(path: &Path, ctx: &ImportContext, sink: &mut dyn Sink) -> Result<(), ImportError> {
    files::import(path, ctx, sink, &VENDOR)
}

/// Everyone an Opsgenie export (file or folder) names as owner, acknowledger or user
/// responder, and the records skipped reading it; refused exactly when [`import`] would be.
pub fn responders(path: &Path) -> Result<super::pagerduty::people::Named, ImportError> {
    super::pagerduty::people::named(path, &VENDOR)
}

/// Read an Opsgenie JSON response from `bytes`; `path` names it in skips and errors.
pub fn read_json(
    bytes: &[u8],
    path: &Path,
    ctx: &ImportContext,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    files::read(bytes, path, ctx, sink, &VENDOR)
}

/// One alert's fields that matter, read before the file's time unit is known.
struct Alert<'v> {
    label: String,
    id: &'v str,
    v: &'v Value,
    created: Instant,
    updated: Option<Instant>,
    ack: Option<i64>,
    close: Option<i64>,
}

fn collect(
    bytes: &[u8],
    file: &Path,
    ctx: &ImportContext,
    c: &mut Collector<'_>,
) -> Result<(), ImportError> {
    let refuse = |reason: String| ImportError::refused(file, reason, Some(HINT));
    match files::sniff(bytes) {
        Shape::Json => {}
        Shape::Empty => return Err(refuse("the file is empty".into())),
        Shape::Text | Shape::Binary => {
            return Err(refuse(
                "not JSON: Opsgenie exports are read as Alert API JSON".into(),
            ));
        }
    }
    let doc: Value =
        serde_json::from_slice(bytes).map_err(|e| refuse(format!("not valid JSON: {e}")))?;
    let forced = ctx.options.get(TIME_UNIT);
    let (items, single): (Vec<(String, &Value)>, bool) = match &doc {
        Value::Object(m) => match m.get("data") {
            Some(Value::Array(list)) => (indexed("data", list), false),
            Some(one @ Value::Object(_)) => (vec![("data".into(), one)], true),
            _ => return Err(refuse(not_alerts(m))),
        },
        Value::Array(list) => (indexed("", list), false),
        _ => {
            return Err(refuse(
                "not an Opsgenie response (neither an object nor a list)".into(),
            ));
        }
    };
    if !items.is_empty() && !items.iter().any(|(_, v)| is_alert(v)) {
        let what = match items[0].1 {
            v if v.get("username").is_some() => "users",
            v if v.get("onCallParticipants").is_some() || v.get("_parent").is_some() => {
                "who is on call"
            }
            v if v.get("count").is_some() && single => "an alert count",
            v if v.get("name").is_some() => "teams or schedules",
            v if v.get("created_at").is_some() || v.get("incident_number").is_some() => {
                return Err(refuse(
                    "this looks like a PagerDuty export (`created_at`): import it with `canary \
                     import pagerduty`"
                        .into(),
                ));
            }
            _ => "records that are not alerts",
        };
        return Err(refuse(format!(
            "an Opsgenie response with {what}, not alerts"
        )));
    }
    let mut alerts = Vec::new();
    for (label, v) in items {
        if let Some(a) = read_alert(label, v, file, c) {
            alerts.push(a);
        }
    }
    let unit = forced.unwrap_or_else(|| detect_unit(&alerts));
    for a in alerts {
        add(a, unit, file, c);
    }
    Ok(())
}

fn indexed<'v>(name: &str, list: &'v [Value]) -> Vec<(String, &'v Value)> {
    list.iter()
        .enumerate()
        .map(|(i, v)| (format!("{name}[{i}]"), v))
        .collect()
}

fn not_alerts(m: &Map<String, Value>) -> String {
    if m.contains_key("incidents") || m.contains_key("log_entries") || m.contains_key("incident") {
        return "this looks like a PagerDuty export: import it with `canary import pagerduty`"
            .into();
    }
    let keys: Vec<&str> = m.keys().take(8).map(String::as_str).collect();
    format!(
        "not an Opsgenie alert export: no `data` (top-level keys: {})",
        if keys.is_empty() {
            "none".into()
        } else {
            keys.join(", ")
        }
    )
}

fn is_alert(v: &Value) -> bool {
    v.get("createdAt").is_some()
        && ["alias", "tinyId", "message", "report", "priority"]
            .iter()
            .any(|k| v.get(*k).is_some())
}

fn text<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key)?
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The fields of one alert, or `None` after a skip.
fn read_alert<'v>(
    label: String,
    v: &'v Value,
    file: &Path,
    c: &mut Collector<'_>,
) -> Option<Alert<'v>> {
    let mut skip = |reason: String| c.skip(file, None, reason);
    if !v.is_object() {
        skip(format!("{label}: not an object"));
        return None;
    }
    let Some(id) = text(v, "id").or_else(|| text(v, "tinyId")) else {
        skip(format!("{label}: no alert `id`"));
        return None;
    };
    let full = format!("{label} ({id})");
    let time = |key: &str| -> Result<Option<Instant>, String> {
        match v.get(key).filter(|x| !x.is_null()) {
            None => Ok(None),
            Some(raw) => raw
                .as_str()
                .and_then(|s| parse_instant(s, None).ok())
                .map(Some)
                .ok_or_else(|| {
                    let text = raw.as_str().map_or_else(|| raw.to_string(), str::to_string);
                    format!("`{key}` {} is not a date and time", shown(&text))
                }),
        }
    };
    let created = match time("createdAt") {
        Ok(Some(t)) => t,
        Ok(None) => {
            skip(format!("{full}: no `createdAt`"));
            return None;
        }
        Err(why) => {
            skip(format!("{full}: {why}"));
            return None;
        }
    };
    let report = v.get("report").unwrap_or(&Value::Null);
    let mut number = |key: &str| -> Result<Option<i64>, ()> {
        match report.get(key).filter(|x| !x.is_null()) {
            None => Ok(None),
            Some(n) => match n.as_i64().filter(|n| *n >= 0) {
                Some(n) => Ok(Some(n)),
                None => {
                    skip(format!(
                        "{full}: `report.{key}` {} is not a duration",
                        shown(&n.to_string())
                    ));
                    Err(())
                }
            },
        }
    };
    let ack = number("ackTime").ok()?;
    let close = number("closeTime").ok()?;
    Some(Alert {
        label,
        id,
        v,
        created,
        updated: time("updatedAt").ok().flatten(),
        ack,
        close,
    })
}

/// The unit of the file's times (see the module doc).
fn detect_unit(alerts: &[Alert<'_>]) -> TimeUnit {
    let secs_impossible = alerts.iter().any(|a| {
        let Some(updated) = a.updated.filter(|_| a.ack.is_some() || a.close.is_some()) else {
            return false;
        };
        let latest = a.ack.into_iter().chain(a.close).max().unwrap_or(0);
        a.created
            .plus(SignedDuration::from_secs(latest))
            .is_none_or(|end| end.utc.as_second() > updated.utc.as_second() + 1)
    });
    if secs_impossible {
        return TimeUnit::Millis;
    }
    let mut values = alerts
        .iter()
        .flat_map(|a| a.ack.into_iter().chain(a.close))
        .peekable();
    if values.peek().is_some() && values.all(|v| v < 1000) {
        return TimeUnit::Seconds;
    }
    TimeUnit::Millis
}

fn add(a: Alert<'_>, unit: TimeUnit, file: &Path, c: &mut Collector<'_>) {
    let who = c.who;
    let v = a.v;
    let report = v.get("report").unwrap_or(&Value::Null);
    let owner = text(v, "owner");
    let acked_by = text(report, "acknowledgedBy");
    let responders = v.get("responders").and_then(Value::as_array);
    let users: Vec<&str> = responders
        .into_iter()
        .flatten()
        .filter(|r| text(r, "type") == Some("user"))
        .flat_map(|r| ["id", "username", "name"].map(|k| text(r, k)))
        .flatten()
        .collect();
    let named = owner.is_some() || acked_by.is_some() || !users.is_empty();
    let page_mine = who.mine(
        owner
            .into_iter()
            .chain(acked_by)
            .chain(users.iter().copied()),
    );
    let ack_mine = who.mine(acked_by);
    let at = |n: Option<i64>| n.and_then(|n| a.created.plus(unit.duration(n)));
    let full = format!("{} ({})", a.label, a.id);
    if a.ack.is_some() && at(a.ack).is_none() || a.close.is_some() && at(a.close).is_none() {
        c.skip(file, None, format!("{full}: `report` times out of range"));
        return;
    }
    c.saw(owner.and_then(PersonRef::value));
    c.saw(acked_by.and_then(PersonRef::value));
    for r in responders.into_iter().flatten() {
        if text(r, "type") == Some("user") {
            let (username, name) = (text(r, "username"), text(r, "name"));
            let email = username.or(name).filter(|u| u.contains('@'));
            let name = name
                .filter(|n| !n.contains('@'))
                .or(username.filter(|u| !u.contains('@')));
            c.saw(PersonRef::new(text(r, "id"), email, name));
        }
    }
    let priority = text(v, "priority").and_then(parse_priority);
    let case = c.case(a.id, &location(file, None), &a.label);
    case.named_anyone |= named;
    fill(&mut case.priority, priority);
    fill(
        &mut case.urgency,
        priority.map(|p| match p {
            1 | 2 => Urgency::High,
            3 => Urgency::Normal,
            _ => Urgency::Low,
        }),
    );
    fill(&mut case.context, text(v, "entity").map(String::from));
    case.created_at(a.created);
    fill(&mut case.resolved, at(a.close));
    if page_mine {
        case.exact.pages.push(a.created);
    }
    if ack_mine {
        case.exact.acks.extend(at(a.ack));
    }
}

#[cfg(test)]
mod tests;
