//! PagerDuty analytics: `POST /analytics/raw/incidents` rows and
//! `POST /analytics/raw/responders/{id}/incidents` rows. Both name people and durations but
//! no assignment or acknowledgement instants, so what they yield is *estimated*: a page at the
//! incident's creation, an acknowledgement after `seconds_to_first_ack` (or the responder's
//! `mean_time_to_acknowledge_seconds`), and for responder rows the engaged span of
//! `total_engaged_seconds`. Their times have no offset: they are in the response's
//! `time_zone` (PagerDuty's default is `Etc/UTC`).

use jiff::tz::TimeZone;
use serde_json::{Map, Value};

use super::super::facts::{fill, location};
use super::super::people::{PersonRef, paired};
use super::super::values::{parse_priority, parse_urgency, shown, zone};
use super::{OPSGENIE, Reader, kind_of, text, texts};
use crate::sources::ImportError;

impl Reader<'_, '_> {
    pub(super) fn analytics(
        &mut self,
        m: &Map<String, Value>,
        items: &[Value],
    ) -> Result<(), ImportError> {
        let has = |key: &str| items.iter().any(|v| v.get(key).is_some());
        let responder = m.contains_key("responder_id") || has("incident_created_at");
        if !responder && !items.is_empty() && !has("created_at") {
            if has("createdAt") {
                return Err(self.refuse(OPSGENIE));
            }
            return Err(self.refuse(
                "PagerDuty analytics without individual incidents (aggregates or other \
                 records): use `POST /analytics/raw/incidents`",
            ));
        }
        let tz = match m.get("time_zone").and_then(Value::as_str) {
            Some(name) => Some(zone(name).ok_or_else(|| {
                self.refuse(format!(
                    "unknown time zone `{}` in `time_zone`",
                    shown(name)
                ))
            })?),
            None => Some(self.zone.clone().unwrap_or(TimeZone::UTC)),
        };
        let top_responder = m.get("responder_id").and_then(Value::as_str);
        for (i, item) in items.iter().enumerate() {
            let label = format!("data[{i}]");
            if !item.is_object() {
                self.skip(format!("{label}: a {}, not an object", kind_of(item)));
            } else if responder {
                self.responder_row(item, &label, tz.as_ref(), top_responder);
            } else {
                self.raw_incident(item, &label, tz.as_ref());
            }
        }
        Ok(())
    }

    fn raw_incident(&mut self, v: &Value, label: &str, zone: Option<&TimeZone>) {
        let Some(id) = text(v, "id") else {
            return self.skip(format!("{label}: no incident `id`"));
        };
        let full = format!("{label} ({id})");
        let Some(created) = self.required(v, "created_at", &full, zone) else {
            return;
        };
        let resolved = match self.time(v, "resolved_at", zone) {
            Ok(t) => t,
            Err(why) => return self.skip(format!("{full}: {why}")),
        };
        let assigned = [
            texts(v, "assigned_user_ids"),
            texts(v, "assigned_user_names"),
        ]
        .concat();
        let acked = [
            texts(v, "acknowledged_user_ids"),
            texts(v, "acknowledged_user_names"),
        ]
        .concat();
        for (ids, names) in [
            ("assigned_user_ids", "assigned_user_names"),
            ("acknowledged_user_ids", "acknowledged_user_names"),
        ] {
            for p in paired(&texts(v, ids), &texts(v, names)) {
                self.c.saw(Some(p));
            }
        }
        let who = self.c.who;
        let first_ack = v.get("seconds_to_first_ack").and_then(Value::as_f64);
        let file = location(self.file, None);
        let case = self.c.case(id, &file, label);
        case.named_anyone |= !assigned.is_empty() || !acked.is_empty();
        if !assigned.is_empty() && who.mine(assigned.iter().copied()) {
            case.estimated.pages.push(created);
        }
        if !acked.is_empty() && who.mine(acked.iter().copied()) {
            case.estimated.acks.extend(
                first_ack
                    .filter(|s| *s >= 0.0)
                    .and_then(|s| created.plus_secs(s)),
            );
        }
        fill(&mut case.context, text(v, "service_name").map(String::from));
        fill(
            &mut case.urgency,
            text(v, "urgency").and_then(parse_urgency),
        );
        fill(
            &mut case.priority,
            text(v, "priority_name").and_then(parse_priority),
        );
        case.created_at(created);
        fill(&mut case.resolved, resolved);
    }

    fn responder_row(
        &mut self,
        v: &Value,
        label: &str,
        zone: Option<&TimeZone>,
        top: Option<&str>,
    ) {
        let Some(id) = text(v, "incident_id") else {
            return self.skip(format!("{label}: no `incident_id`"));
        };
        let full = format!("{label} ({id})");
        let Some(created) = self.required(v, "incident_created_at", &full, zone) else {
            return;
        };
        let people = [text(v, "responder_id").or(top), text(v, "responder_name")];
        let named = people.iter().any(Option::is_some);
        self.c.saw(PersonRef::new(people[0], None, people[1]));
        let mine = self.c.who.mine(people.into_iter().flatten());
        let number = |key: &str| v.get(key).and_then(Value::as_f64);
        let file = location(self.file, None);
        let case = self.c.case(id, &file, label);
        case.named_anyone |= named;
        if mine {
            if number("total_interruptions").is_none_or(|n| n > 0.0) {
                case.estimated.pages.push(created);
            }
            if number("total_acknowledgements").is_none_or(|n| n > 0.0) {
                let after = number("mean_time_to_acknowledge_seconds").filter(|s| *s >= 0.0);
                case.estimated
                    .acks
                    .extend(after.and_then(|s| created.plus_secs(s)));
            }
            let engaged = number("total_engaged_seconds").filter(|s| *s > 0.0 && *s < 1e12);
            fill(&mut case.engaged_secs, engaged.map(|s| s.round() as i64));
        }
        fill(&mut case.context, text(v, "service_name").map(String::from));
        fill(
            &mut case.urgency,
            text(v, "incident_urgency").and_then(parse_urgency),
        );
        fill(
            &mut case.priority,
            text(v, "incident_priority_name").and_then(parse_priority),
        );
        case.created_at(created);
    }
}
