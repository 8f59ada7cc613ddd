//! Everyone an on-call export names as assigned, notified, acknowledging or owning.
//!
//! The PagerDuty and Opsgenie readers record each user reference at the very place where they
//! match it against the person's identities to decide whose an interruption is, so this list
//! comes from the same parsing as the events and names exactly the people an import could
//! attribute pages to: PagerDuty assignees, acknowledgers, notified users and analytics or CSV
//! assigned / acknowledging users; Opsgenie owners, acknowledgers and `user` responders.
//! Records the readers skip name no one here. Team mode uses the list to find responders the
//! roster does not list (`crate::team::discover`).

use std::collections::BTreeSet;
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use super::files::{self, Vendor};
use crate::privacy::IdentityHasher;
use crate::settings::Identities;
use crate::sources::{ImportContext, ImportError, Location, VecSink};

/// One reference to a person: whatever of an id, a mail address and a display name it carried
/// (trimmed, never empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct PersonRef {
    pub id: Option<String>,
    pub email: Option<String>,
    pub name: Option<String>,
}

fn clean(s: Option<&str>) -> Option<String> {
    s.map(str::trim).filter(|s| !s.is_empty()).map(String::from)
}

impl PersonRef {
    /// From an id, an address and a display name; `None` when all are empty.
    pub fn new(id: Option<&str>, email: Option<&str>, name: Option<&str>) -> Option<PersonRef> {
        let p = PersonRef {
            id: clean(id),
            email: clean(email),
            name: clean(name),
        };
        (p != PersonRef::default()).then_some(p)
    }

    /// A bare value that is a mail address when it has an `@`, else a display name (Opsgenie
    /// user names are addresses).
    pub fn value(v: &str) -> Option<PersonRef> {
        if v.contains('@') {
            PersonRef::new(None, Some(v), None)
        } else {
            PersonRef::new(None, None, Some(v))
        }
    }

    /// A PagerDuty user reference: `id`, `email`, and `summary` (else `name`).
    pub fn pagerduty(user: &Value) -> Option<PersonRef> {
        let s = |k: &str| user.get(k).and_then(Value::as_str);
        PersonRef::new(s("id"), s("email"), s("summary").or_else(|| s("name")))
    }

    /// Every value of the reference: id, address, name.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        [&self.id, &self.email, &self.name]
            .into_iter()
            .flatten()
            .map(String::as_str)
    }
}

/// People named by parallel lists of ids and names (analytics rows, CSV columns): paired by
/// position when the lists are the same length, else each value on its own.
pub fn paired(ids: &[&str], names: &[&str]) -> Vec<PersonRef> {
    if ids.len() == names.len() {
        return ids
            .iter()
            .zip(names)
            .filter_map(|(i, n)| {
                let (email, name) = if n.contains('@') {
                    (Some(*n), None)
                } else {
                    (None, Some(*n))
                };
                PersonRef::new(Some(i), email, name)
            })
            .collect();
    }
    let ids = ids
        .iter()
        .filter_map(|i| PersonRef::new(Some(i), None, None));
    ids.chain(names.iter().filter_map(|n| PersonRef::value(n)))
        .collect()
}

/// The people an export names, and the records skipped reading it.
#[derive(Debug, Clone, Default)]
pub struct Named {
    /// Distinct references, in their sort order.
    pub people: Vec<PersonRef>,
    pub skipped: Vec<(Location, String)>,
}

/// Read `path` (a file or folder) with `vendor`'s reader and list everyone it names. Refused
/// exactly when the import would be.
pub(crate) fn named(path: &Path, vendor: &Vendor) -> Result<Named, ImportError> {
    let ctx = ImportContext::new(Identities::default(), IdentityHasher::new([0; 32]));
    let c = files::gather(path, &ctx, &mut VecSink::default(), vendor)?;
    let people: BTreeSet<PersonRef> = c.people;
    Ok(Named {
        people: people.into_iter().collect(),
        skipped: c.skips,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_keep_what_they_carry() {
        let v: Value =
            serde_json::json!({"id": " P1 ", "summary": "Ana", "type": "user_reference"});
        let p = PersonRef::pagerduty(&v).unwrap();
        assert_eq!(p.keys().collect::<Vec<_>>(), ["P1", "Ana"]);
        assert_eq!(PersonRef::pagerduty(&serde_json::json!({"id": ""})), None);
        assert_eq!(
            PersonRef::value("a@x").unwrap().email.as_deref(),
            Some("a@x")
        );
        assert_eq!(PersonRef::value("  "), None);
        // Same length: paired; otherwise each alone.
        assert_eq!(paired(&["P1", "P2"], &["Ana", "Bo"]).len(), 2);
        assert_eq!(paired(&["P1", "P2"], &["Ana"]).len(), 3);
    }

    #[test]
    fn csv_columns_and_log_entries_name_people_and_bad_records_name_no_one() {
        let dir = tempfile::tempdir().unwrap();
        let csv = dir.path().join("incidents.csv");
        std::fs::write(
            &csv,
            "id,created_on,assigned_to_user_ids,assigned_to_user_names,acknowledged_by\n\
             Q1,2026-03-10T10:00:00+00:00,P1;P2,Ana;Bo,cy@x\n\
             Q2,,P9,Ghost,\n",
        )
        .unwrap();
        let n = super::super::responders(&csv).unwrap();
        let want = [
            PersonRef::new(None, Some("cy@x"), None).unwrap(),
            PersonRef::new(Some("P1"), None, Some("Ana")).unwrap(),
            PersonRef::new(Some("P2"), None, Some("Bo")).unwrap(),
        ];
        assert_eq!(n.people, want);
        assert_eq!(n.skipped.len(), 1, "{:?}", n.skipped);
        let log = dir.path().join("log.json");
        let entries = serde_json::json!({"log_entries": [
            {"type": "notify_log_entry", "created_at": "2026-03-10T10:00:00Z",
             "incident": {"id": "Q1"}, "user": {"id": "P1", "summary": "Ana", "email": "a@x"}},
            {"type": "acknowledge_log_entry", "created_at": "2026-03-10T10:01:00Z",
             "incident": {"id": "Q1"}, "agent": {"id": "S1", "type": "service_reference"}},
            {"type": "assign_log_entry", "incident": {"id": "Q1"},
             "assignees": [{"id": "P7"}]},
        ]});
        std::fs::write(&log, entries.to_string()).unwrap();
        let n = super::super::responders(&log).unwrap();
        // A service acknowledging is no person; the entry without `created_at` is skipped.
        assert_eq!(
            n.people,
            [PersonRef::new(Some("P1"), Some("a@x"), Some("Ana")).unwrap()]
        );
        assert_eq!(n.skipped.len(), 1);
        assert!(super::super::responders(&dir.path().join("missing.json")).is_err());
    }
}
