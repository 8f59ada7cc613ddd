//! PagerDuty REST API responses as saved to disk: incidents, log entries and analytics.
//!
//! Recognised shapes, by their content:
//!
//! - `{"incidents": [...]}` (`GET /incidents`) and `{"incident": {...}}` (`GET`/`POST
//!   /incidents/{id}`): an assignment (`assignments[].at`, `assignee`) is a page, an
//!   acknowledgement (`acknowledgements[].at`, `acknowledger`) an ack; resolution is
//!   `resolved_at`, or `last_status_change_at` when `status` is `resolved`. PagerDuty empties
//!   both lists when an incident resolves, so resolved incidents name no one (see the module
//!   doc of [`super`]).
//! - `{"log_entries": [...]}` / `{"log_entry": {...}}`: `notify_log_entry` (`user`) and
//!   `assign_log_entry` / `escalate_log_entry` / `delegate_log_entry` (`assignees`) are pages,
//!   `acknowledge_log_entry` (`agent`) an ack, `resolve_log_entry` the resolution,
//!   `trigger_log_entry` the creation (and, from a service agent, the service).
//! - `{"data": [...]}` from `POST /analytics/raw/incidents`: estimated page at `created_at` for
//!   `assigned_user_ids`/`_names`, ack at `created_at + seconds_to_first_ack` for
//!   `acknowledged_user_ids`/`_names`; naive times are in the response's `time_zone`.
//! - `{"responder_id": …, "data": [...]}` from `POST /analytics/raw/responders/{id}/incidents`:
//!   estimated page at `incident_created_at`, ack after `mean_time_to_acknowledge_seconds`,
//!   engaged for `total_engaged_seconds`.
//! - A top-level array of incidents or log entries (a `jq` slice of the above).
//!
//! Anything else (schedules, on-calls, users, notes, alerts, analytics aggregates, an
//! Opsgenie export) is refused with what it looks like.

mod analytics;

use std::path::Path;

use jiff::tz::TimeZone;
use serde_json::{Map, Value};

use super::facts::{Case, Collector, PersonRef, fill, location};
use super::values::{Instant, TimeError, parse_instant, parse_priority, parse_urgency, shown};
use crate::sources::options::TIMEZONE;
use crate::sources::{ImportContext, ImportError};

/// What to export instead, given with a refusal.
pub const HINT: &str = "export incidents with the REST API (`GET /incidents` or \
`/incidents/{id}`), who was paged with `GET /log_entries` or `/incidents/{id}/log_entries`, \
analytics with `POST /analytics/raw/incidents`, or download the incidents CSV from the web UI";

/// Read one JSON document into `c`.
pub fn collect(
    bytes: &[u8],
    file: &Path,
    ctx: &ImportContext,
    c: &mut Collector<'_>,
) -> Result<(), ImportError> {
    let refuse = |reason: String| ImportError::refused(file, reason, Some(HINT));
    let doc: Value =
        serde_json::from_slice(bytes).map_err(|e| refuse(format!("not valid JSON: {e}")))?;
    let default_zone = ctx.options.get(TIMEZONE).map(|z| z.0);
    let mut r = Reader {
        c,
        file,
        zone: default_zone,
    };
    match &doc {
        Value::Object(m) => r.object(m),
        Value::Array(items) => r.array(items),
        other => Err(refuse(format!(
            "a JSON {}, not a PagerDuty response",
            kind_of(other)
        ))),
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

/// A non-empty string at `key`.
fn text<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key)?
        .as_str()
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// The strings of a list at `key`.
fn texts<'v>(v: &'v Value, key: &str) -> Vec<&'v str> {
    let list = v.get(key).and_then(Value::as_array);
    list.into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect()
}

/// A referenced object's display name (`summary`, else `name`).
fn summary<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    let r = v.get(key)?;
    text(r, "summary").or_else(|| text(r, "name"))
}

/// Whether a user reference names anyone.
fn names_someone(user: &Value) -> bool {
    ["id", "summary", "email", "name"]
        .iter()
        .any(|k| text(user, k).is_some())
}

struct Reader<'r, 'a> {
    c: &'r mut Collector<'a>,
    file: &'r Path,
    zone: Option<TimeZone>,
}

impl Reader<'_, '_> {
    fn refuse(&self, reason: impl Into<String>) -> ImportError {
        ImportError::refused(self.file, reason, Some(HINT))
    }

    fn skip(&mut self, reason: String) {
        self.c.skip(self.file, None, reason);
    }

    /// The instant at `key` of record `v`, or why not (for a skip reason).
    fn time(
        &self,
        v: &Value,
        key: &str,
        zone: Option<&TimeZone>,
    ) -> Result<Option<Instant>, String> {
        let Some(raw) = v.get(key).filter(|x| !x.is_null()) else {
            return Ok(None);
        };
        let Some(s) = raw.as_str() else {
            return Err(format!(
                "`{key}` is a {}, not a date and time",
                kind_of(raw)
            ));
        };
        match parse_instant(s, zone.or(self.zone.as_ref())) {
            Ok(t) => Ok(Some(t)),
            Err(TimeError::Naive) => Err(format!(
                "`{key}` {} has no UTC offset (give --option timezone=Area/City)",
                shown(s)
            )),
            Err(TimeError::Bad) => Err(format!("`{key}` {} is not a date and time", shown(s))),
        }
    }

    /// A required time: `None` (after a skip naming `label`) when absent or bad.
    fn required(
        &mut self,
        v: &Value,
        key: &str,
        label: &str,
        zone: Option<&TimeZone>,
    ) -> Option<Instant> {
        match self.time(v, key, zone) {
            Ok(Some(t)) => Some(t),
            Ok(None) => {
                self.skip(format!("{label}: no `{key}`"));
                None
            }
            Err(why) => {
                self.skip(format!("{label}: {why}"));
                None
            }
        }
    }

    fn object(&mut self, m: &Map<String, Value>) -> Result<(), ImportError> {
        let list = |key: &str| m.get(key).and_then(Value::as_array);
        if let Some(items) = list("incidents") {
            return self.each(items, "incidents", Self::incident);
        }
        if let Some(inc) = m.get("incident").filter(|v| v.is_object()) {
            self.incident(inc, "incident");
            return Ok(());
        }
        if let Some(items) = list("log_entries") {
            return self.each(items, "log_entries", Self::log_entry);
        }
        if let Some(entry) = m.get("log_entry").filter(|v| v.is_object()) {
            self.log_entry(entry, "log_entry");
            return Ok(());
        }
        if let Some(items) = list("data") {
            return self.analytics(m, items);
        }
        if m.get("data").is_some_and(|d| d.get("createdAt").is_some()) {
            return Err(self.refuse(OPSGENIE));
        }
        let known = [
            ("oncalls", "on-call shifts"),
            ("schedules", "schedules"),
            ("schedule", "a schedule"),
            ("users", "users"),
            ("user", "a user"),
            ("notes", "incident notes"),
            ("note", "an incident note"),
            (
                "alerts",
                "alerts (the incidents they belong to hold the pages)",
            ),
            ("escalation_policies", "escalation policies"),
            ("escalation_policy", "an escalation policy"),
            ("services", "services"),
            ("teams", "teams"),
        ];
        if let Some((_, what)) = known.iter().find(|(k, _)| m.contains_key(*k)) {
            return Err(self.refuse(format!(
                "a PagerDuty response with {what}, not incidents or log entries"
            )));
        }
        let keys: Vec<&str> = m.keys().take(8).map(String::as_str).collect();
        Err(self.refuse(format!(
            "not a PagerDuty incidents or log entries export (top-level keys: {})",
            if keys.is_empty() {
                "none".into()
            } else {
                keys.join(", ")
            }
        )))
    }

    fn each(
        &mut self,
        items: &[Value],
        name: &str,
        read: fn(&mut Self, &Value, &str),
    ) -> Result<(), ImportError> {
        for (i, item) in items.iter().enumerate() {
            let label = format!("{name}[{i}]");
            if item.is_object() {
                read(self, item, &label);
            } else {
                self.skip(format!("{label}: a {}, not an object", kind_of(item)));
            }
        }
        Ok(())
    }

    fn array(&mut self, items: &[Value]) -> Result<(), ImportError> {
        let mut recognised = items.is_empty();
        for (i, item) in items.iter().enumerate() {
            let label = format!("[{i}]");
            let kind = text(item, "type").unwrap_or("");
            if kind.ends_with("log_entry") {
                self.log_entry(item, &label);
            } else if item.get("created_at").is_some() && item.get("id").is_some() {
                self.incident(item, &label);
            } else {
                self.skip(format!("{label}: neither an incident nor a log entry"));
                continue;
            }
            recognised = true;
        }
        if recognised {
            Ok(())
        } else if items.iter().any(|v| v.get("createdAt").is_some()) {
            Err(self.refuse(OPSGENIE))
        } else {
            Err(self.refuse("a list of neither incidents nor log entries"))
        }
    }

    /// Incident metadata: service, urgency, priority.
    fn metadata(case: &mut Case, v: &Value) {
        fill(&mut case.context, summary(v, "service").map(String::from));
        fill(
            &mut case.urgency,
            text(v, "urgency").and_then(parse_urgency),
        );
        fill(
            &mut case.priority,
            summary(v, "priority").and_then(parse_priority),
        );
    }

    fn incident(&mut self, v: &Value, label: &str) {
        let Some(id) = text(v, "id") else {
            return self.skip(format!("{label}: no incident `id`"));
        };
        let full = format!("{label} ({id})");
        let Some(created) = self.required(v, "created_at", &full, None) else {
            return;
        };
        let resolved = match self.time(v, "resolved_at", None) {
            Ok(Some(t)) => Some(t),
            Ok(None) if text(v, "status") == Some("resolved") => {
                self.time(v, "last_status_change_at", None).ok().flatten()
            }
            Ok(None) => None,
            Err(why) => return self.skip(format!("{full}: {why}")),
        };
        let mut pages = Vec::new();
        let mut acks = Vec::new();
        let mut named = false;
        for (list, person, out) in [
            ("assignments", "assignee", &mut pages),
            ("acknowledgements", "acknowledger", &mut acks),
        ] {
            let items = v
                .get(list)
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            for (j, item) in items.iter().enumerate() {
                let user = item.get(person).unwrap_or(&Value::Null);
                named |= names_someone(user);
                self.c.saw(PersonRef::pagerduty(user));
                if !self.is_mine(user) {
                    continue;
                }
                match self.time(item, "at", None) {
                    Ok(Some(t)) => out.push(t),
                    Ok(None) => self.skip(format!("{full}: {list}[{j}] has no `at`")),
                    Err(why) => self.skip(format!("{full}: {list}[{j}]: {why}")),
                }
            }
        }
        let at = location(self.file, None);
        let case = self.c.case(id, &at, label);
        Self::metadata(case, v);
        case.created_at(created);
        fill(&mut case.resolved, resolved);
        case.named_anyone |= named;
        case.exact.pages.extend(pages);
        case.exact.acks.extend(acks);
    }

    /// Whether a user reference is the person (always, without declared ids).
    fn is_mine(&self, user: &Value) -> bool {
        let fields = ["id", "email", "summary", "name"].map(|k| text(user, k).unwrap_or(""));
        self.c.who.mine(fields)
    }

    fn log_entry(&mut self, v: &Value, label: &str) {
        let kind = text(v, "type").unwrap_or("");
        let incident = v.get("incident").unwrap_or(&Value::Null);
        let Some(id) = text(incident, "id") else {
            return self.skip(format!("{label}: no `incident.id`"));
        };
        let full = format!("{label} ({id})");
        let Some(at) = self.required(v, "created_at", &full, None) else {
            return;
        };
        let mut named = false;
        let mut mine = false;
        match kind {
            "notify_log_entry" => {
                let user = v.get("user").unwrap_or(&Value::Null);
                named = names_someone(user);
                mine = named && self.is_mine(user);
                self.c.saw(PersonRef::pagerduty(user));
            }
            "assign_log_entry" | "escalate_log_entry" | "delegate_log_entry" => {
                let list = v.get("assignees").and_then(Value::as_array);
                let users = list.into_iter().flatten().chain(v.get("assigned_user"));
                for user in users {
                    named |= names_someone(user);
                    mine |= names_someone(user) && self.is_mine(user);
                    self.c.saw(PersonRef::pagerduty(user));
                }
            }
            "acknowledge_log_entry" => {
                // An integration or service can acknowledge too: only a user is a person.
                let agent = v.get("agent").unwrap_or(&Value::Null);
                let user = text(agent, "type").is_none_or(|t| t.starts_with("user"));
                named = user && names_someone(agent);
                mine = named && self.is_mine(agent);
                if named {
                    self.c.saw(PersonRef::pagerduty(agent));
                }
            }
            _ => {}
        }
        let file = location(self.file, None);
        let case = self.c.case(id, &file, label);
        if incident.get("created_at").is_some() {
            Self::metadata(case, incident);
        }
        fill(&mut case.context, summary(v, "service").map(String::from));
        case.named_anyone |= named;
        match kind {
            "trigger_log_entry" => {
                case.created_at(at);
                let agent = v.get("agent").unwrap_or(&Value::Null);
                if text(agent, "type") == Some("service_reference") {
                    fill(&mut case.context, text(agent, "summary").map(String::from));
                }
            }
            "resolve_log_entry" => fill(&mut case.resolved, Some(at)),
            "acknowledge_log_entry" if mine => case.exact.acks.push(at),
            _ if mine => case.exact.pages.push(at),
            _ => {}
        }
    }
}

/// The refusal of an Opsgenie export given to the PagerDuty importer.
const OPSGENIE: &str = "this looks like an Opsgenie alert export (`createdAt`): import it with \
`canary import opsgenie`";
