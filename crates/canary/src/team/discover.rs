//! Responders the exports name, and which of them the roster does not list.
//!
//! The PagerDuty and Opsgenie readers list every user reference they match when deciding whose
//! an interruption is ([`crate::sources::pagerduty::people`]); here those references become
//! people. References sharing an id or a mail address (case-insensitive) are one person; a
//! reference carrying only a display name joins the one person already known by that name, or
//! stands alone when no one is. A name that two or more people share (two ids, one display
//! name) is never used to tell whose a page is, and a reference carrying only such a name
//! cannot be placed: it is reported as ambiguous, not counted.
//!
//! A person is a roster member's when any of their values is one of the member's `oncall_ids`
//! or `emails` — exactly when the importers, run with the member's identity, take the person's
//! pages as the member's. Everyone else is *unlisted*: measured as a member built from the
//! roster's `[defaults]`, named by their display name, else address, else id.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Serialize;

use super::oncall::Skipped;
use super::roster::{Member, Roster};
use crate::sources::pagerduty::people::{Named, PersonRef};
use crate::sources::{self, ImportError};

/// One person the exports name: every id, address and display name their references carried.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Responder {
    pub ids: Vec<String>,
    pub emails: Vec<String>,
    pub names: Vec<String>,
}

impl Responder {
    /// How to call them: the display name, else the address, else the id.
    pub fn label(&self) -> &str {
        self.names
            .first()
            .or(self.emails.first())
            .or(self.ids.first())
            .map_or("(unnamed)", String::as_str)
    }

    fn values(&self) -> impl Iterator<Item = &String> {
        self.ids.iter().chain(&self.emails).chain(&self.names)
    }

    fn add(&mut self, p: &PersonRef) {
        push(&mut self.ids, p.id.iter());
        push(&mut self.emails, p.email.iter());
        push(&mut self.names, p.name.iter());
    }

    fn absorb(&mut self, other: Responder) {
        push(&mut self.ids, other.ids.iter());
        push(&mut self.emails, other.emails.iter());
        push(&mut self.names, other.names.iter());
    }
}

/// Add the values not in `list` yet (case-insensitive).
fn push<'v>(list: &mut Vec<String>, values: impl Iterator<Item = &'v String>) {
    for v in values {
        if !list.iter().any(|x| x.eq_ignore_ascii_case(v)) {
            list.push(v.clone());
        }
    }
}

/// Everyone the exports name.
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub responders: Vec<Responder>,
    /// Display names carried alone by references that several people share: not counted.
    pub ambiguous: Vec<String>,
    /// Records the readers skipped.
    pub skipped: Vec<Skipped>,
}

/// Read every export (PagerDuty first, Opsgenie when PagerDuty refuses it, as the import does)
/// and list the people they name.
pub fn responders(paths: &[impl AsRef<Path>]) -> Result<Found, ImportError> {
    let mut refs = Vec::new();
    let mut skipped = Vec::new();
    for path in paths {
        let path = path.as_ref();
        let named: Named = match sources::pagerduty::responders(path) {
            Err(ImportError::Refused { .. }) => sources::opsgenie::responders(path)?,
            other => other?,
        };
        refs.extend(named.people);
        skipped.extend(named.skipped);
    }
    let (responders, ambiguous) = group(&refs);
    Ok(Found {
        responders,
        ambiguous,
        skipped,
    })
}

/// References → people (see the module doc), and the ambiguous name-only references.
pub fn group(refs: &[PersonRef]) -> (Vec<Responder>, Vec<String>) {
    let mut people: Vec<Responder> = Vec::new();
    let mut by_key: BTreeMap<String, usize> = BTreeMap::new();
    let mut name_only = Vec::new();
    for r in refs {
        let keys: Vec<String> = [("i", &r.id), ("e", &r.email)]
            .into_iter()
            .filter_map(|(k, v)| v.as_ref().map(|v| format!("{k}:{}", v.to_lowercase())))
            .collect();
        if keys.is_empty() {
            name_only.extend(r.name.clone());
            continue;
        }
        let mut hits: Vec<usize> = keys.iter().filter_map(|k| by_key.get(k)).copied().collect();
        hits.sort_unstable();
        hits.dedup();
        let into = match hits.first() {
            Some(&first) => {
                // The reference joins two people known apart so far: one person now.
                for &other in &hits[1..] {
                    let gone = std::mem::take(&mut people[other]);
                    people[first].absorb(gone);
                    by_key
                        .values_mut()
                        .filter(|i| **i == other)
                        .for_each(|i| *i = first);
                }
                first
            }
            None => {
                people.push(Responder::default());
                people.len() - 1
            }
        };
        people[into].add(r);
        for k in keys {
            by_key.insert(k, into);
        }
    }
    people.retain(|p| *p != Responder::default());
    let mut ambiguous = Vec::new();
    for name in name_only {
        let owners: Vec<usize> = (0..people.len())
            .filter(|&i| {
                people[i]
                    .names
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(&name))
            })
            .collect();
        match owners.as_slice() {
            [] => people.push(Responder {
                names: vec![name],
                ..Responder::default()
            }),
            [_] => {}
            _ => {
                if !ambiguous
                    .iter()
                    .any(|a: &String| a.eq_ignore_ascii_case(&name))
                {
                    ambiguous.push(name);
                }
            }
        }
    }
    people.sort_by_key(|a| a.label().to_lowercase());
    (people, ambiguous)
}

/// Whether the importers, run with `member`'s identity, take `r`'s pages as the member's.
pub fn claims(member: &Member, r: &Responder) -> bool {
    let own: Vec<&str> = member
        .oncall_ids
        .iter()
        .chain(&member.emails)
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    r.values()
        .any(|v| own.iter().any(|o| o.eq_ignore_ascii_case(v.trim())))
}

/// A responder the roster does not list, as the member they are measured as.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unlisted {
    pub responder: Responder,
    /// Named by [`Responder::label`] (with an id or address added when the label is already a
    /// member's or another responder's), the roster's `[defaults]` boundaries, and as identity
    /// every id and address, plus display names no one else carries.
    pub member: Member,
    /// A roster member with the same name but none of this responder's ids or addresses: most
    /// likely the same person with an id missing from the roster.
    pub namesake: Option<String>,
}

/// The responders no roster member claims, in [`group`]'s order.
pub fn unlisted(roster: &Roster, found: &[Responder]) -> Vec<Unlisted> {
    let defaults = roster.defaults();
    let shared = |name: &str| {
        found
            .iter()
            .filter(|r| r.names.iter().any(|n| n.eq_ignore_ascii_case(name)))
            .count()
            > 1
    };
    let mut taken: Vec<String> = roster
        .members
        .iter()
        .map(|m| m.name.to_lowercase())
        .collect();
    let mut out = Vec::new();
    for r in found {
        if roster.members.iter().any(|m| claims(m, r)) {
            continue;
        }
        let mut name = r.label().to_string();
        if taken.contains(&name.to_lowercase()) {
            let tag = r.ids.first().or(r.emails.first());
            name = format!("{name} ({})", tag.map_or("?", String::as_str));
        }
        taken.push(name.to_lowercase());
        let mut ids = r.ids.clone();
        ids.extend(r.names.iter().filter(|n| !shared(n)).cloned());
        let namesake = roster
            .members
            .iter()
            .find(|m| r.names.iter().any(|n| n.eq_ignore_ascii_case(&m.name)))
            .map(|m| m.name.clone());
        out.push(Unlisted {
            member: defaults.member(&name, ids, r.emails.clone()),
            responder: r.clone(),
            namesake,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(id: Option<&str>, email: Option<&str>, name: Option<&str>) -> PersonRef {
        PersonRef::new(id, email, name).unwrap()
    }

    #[test]
    fn references_become_people_by_id_and_address_and_unique_names() {
        let refs = [
            r(Some("P1"), None, Some("Ana")),
            r(None, None, Some("ana")), // the one person named Ana
            r(Some("P2"), Some("bo@x"), None),
            r(Some("P3"), Some("BO@x"), Some("Bo")), // shares Bo's address: Bo
            r(Some("P4"), None, Some("Sam")),
            r(Some("P5"), None, Some("Sam")), // another Sam
            r(None, None, Some("Sam")),       // which Sam? ambiguous
            r(None, None, Some("Dee")),       // known by name only
            // Two references known apart until a third joins them.
            r(Some("P6"), None, None),
            r(None, Some("eve@x"), None),
            r(Some("P6"), Some("eve@x"), Some("Eve")),
        ];
        let (people, ambiguous) = group(&refs);
        let labels: Vec<&str> = people.iter().map(Responder::label).collect();
        assert_eq!(labels, ["Ana", "Bo", "Dee", "Eve", "Sam", "Sam"]);
        assert_eq!(people[1].ids, ["P2", "P3"]);
        assert_eq!(people[3].ids, ["P6"]);
        assert_eq!(people[3].emails, ["eve@x"]);
        assert_eq!(ambiguous, ["Sam"]);

        // A member claims by on-call id or address only; a shared name is no one's identity.
        let roster =
            Roster::parse("[[member]]\nname = \"Bo\"\nemails = [\"bo@X\"]\n", "r").unwrap();
        let u = unlisted(&roster, &people);
        let names: Vec<&str> = u.iter().map(|u| u.member.name.as_str()).collect();
        assert_eq!(names, ["Ana", "Dee", "Eve", "Sam", "Sam (P5)"]);
        assert_eq!(u[0].member.oncall_ids, ["P1", "Ana"]);
        assert_eq!(u[3].member.oncall_ids, ["P4"]);
        assert_eq!(u[1].member.oncall_ids, ["Dee"]);
        assert!(u.iter().all(|u| u.namesake.is_none()));
    }
}
