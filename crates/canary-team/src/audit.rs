//! The audit log: one entry per request the server answered, written by the gate in
//! [`crate::gate`] once the outcome is known and before the answer leaves.
//!
//! An entry says who (token id and role, when the token was valid), what (the route's action),
//! which group, member and ISO weeks it concerned, and how it ended: `ok`, or `refused` with the
//! HTTP status, the rule that refused it and the reason. It never holds a token or a figure,
//! nor the peer's address. The same refusal repeated within [`REPEAT_WINDOW`] seconds is
//! counted on one entry (`count`, `last_at`), so failed requests cannot fill the disk faster
//! than one entry a minute per kind.

use rusqlite::params;
use serde::Serialize;

use crate::Error;
use crate::store::{Auth, Role, Store, now_secs};

/// Seconds within which a repeated refusal is counted on the entry before.
pub const REPEAT_WINDOW: i64 = 60;
/// The longest reason kept, in characters.
const REASON_CHARS: usize = 200;

/// Why a request was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: u16,
    /// The refusing rule, a fixed name (see `docs/design.md`).
    pub rule: &'static str,
    pub reason: String,
}

/// One entry to write.
#[derive(Debug, Clone, Default)]
pub struct Record {
    pub token_id: Option<i64>,
    pub role: Option<Role>,
    pub route: &'static str,
    pub group_id: Option<i64>,
    pub member_id: Option<i64>,
    /// ISO weeks the act concerned (shared or deleted): never their figures.
    pub weeks: Vec<String>,
    /// `None`: it went through.
    pub refusal: Option<Refusal>,
}

impl Record {
    pub fn ok(route: &'static str) -> Record {
        Record {
            route,
            ..Record::default()
        }
    }

    pub fn refused(route: &'static str, status: u16, rule: &'static str, reason: &str) -> Record {
        Record {
            route,
            refusal: Some(Refusal {
                status,
                rule,
                reason: reason.to_string(),
            }),
            ..Record::default()
        }
    }

    /// Who made the request.
    pub fn by(mut self, auth: Option<&Auth>) -> Record {
        if let Some(a) = auth {
            self.token_id = Some(a.token_id);
            self.role = Some(a.role);
        }
        self
    }
}

/// One audit log entry, as `GET /v1/admin/audit` returns it.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    /// When it happened (the first time, for a repeated refusal).
    pub at: i64,
    /// The last repeat of a refusal; `at` otherwise.
    pub last_at: i64,
    /// How many times (more than 1 only for repeated refusals).
    pub count: i64,
    /// The token's id when it was valid (never the token).
    pub token_id: Option<i64>,
    pub role: Option<String>,
    /// The action: `create_group`, `enrol`, `share`, `group_weeks`, …
    pub route: String,
    pub group: Option<String>,
    pub member: Option<i64>,
    pub weeks: Vec<String>,
    /// `ok`, `refused`, or `null` for entries from before schema version 2.
    pub outcome: Option<String>,
    pub status: Option<u16>,
    pub rule: Option<String>,
    pub reason: Option<String>,
}

/// A reason fit to store and print: control characters escaped, at most [`REASON_CHARS`].
fn clean(reason: &str) -> String {
    let mut out = String::new();
    for (i, c) in reason.chars().enumerate() {
        if i == REASON_CHARS {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

impl Store {
    /// Write one entry (or count it on the same refusal's entry within the last minute).
    pub fn audit(&self, r: &Record) -> Result<(), Error> {
        let now = now_secs();
        let weeks = (!r.weeks.is_empty()).then(|| r.weeks.join(","));
        let role = r.role.map(Role::as_str);
        let (outcome, status, rule, reason) = match &r.refusal {
            None => ("ok", None, None, None),
            Some(f) => (
                "refused",
                Some(f.status),
                Some(f.rule),
                Some(clean(&f.reason)),
            ),
        };
        let conn = self.conn();
        if r.refusal.is_some() {
            // Look back over the last entries only: bounded work per request.
            let counted = conn.execute(
                "UPDATE audit SET count = count + 1, last_at = ?1 WHERE id = (
                     SELECT id FROM audit
                     WHERE id > (SELECT coalesce(max(id), 0) FROM audit) - 64
                       AND outcome = 'refused' AND last_at >= ?2
                       AND route = ?3 AND status = ?4 AND rule = ?5 AND reason = ?6
                       AND token_id IS ?7 AND role IS ?8 AND group_id IS ?9 AND member_id IS ?10
                     ORDER BY id DESC LIMIT 1)",
                params![
                    now,
                    now - REPEAT_WINDOW,
                    r.route,
                    status,
                    rule,
                    reason,
                    r.token_id,
                    role,
                    r.group_id,
                    r.member_id
                ],
            )?;
            if counted == 1 {
                return Ok(());
            }
        }
        conn.execute(
            "INSERT INTO audit (at, last_at, token_id, role, route, group_id, member_id, weeks,
                                outcome, status, rule, reason)
             VALUES (?1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                now,
                r.token_id,
                role,
                r.route,
                r.group_id,
                r.member_id,
                weeks,
                outcome,
                status,
                rule,
                reason
            ],
        )?;
        Ok(())
    }

    /// Every entry, oldest first.
    pub fn audit_entries(&self) -> Result<Vec<AuditEntry>, Error> {
        let mut st = self.conn().prepare(
            "SELECT a.at, a.last_at, a.count, a.token_id, a.role, a.route, g.name, a.member_id,
                    a.weeks, a.outcome, a.status, a.rule, a.reason
             FROM audit a LEFT JOIN groups g ON g.id = a.group_id ORDER BY a.id",
        )?;
        let rows = st.query_map([], |r| {
            let weeks: Option<String> = r.get(8)?;
            Ok(AuditEntry {
                at: r.get(0)?,
                last_at: r.get(1)?,
                count: r.get(2)?,
                token_id: r.get(3)?,
                role: r.get(4)?,
                route: r.get(5)?,
                group: r.get(6)?,
                member: r.get(7)?,
                weeks: weeks
                    .map(|w| w.split(',').map(str::to_string).collect())
                    .unwrap_or_default(),
                outcome: r.get(9)?,
                status: r.get(10)?,
                rule: r.get(11)?,
                reason: r.get(12)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_escaped_and_cut() {
        assert_eq!(
            clean("unknown field `\u{1b}[31mx`"),
            "unknown field `\\u{1b}[31mx`"
        );
        let long = "x".repeat(1000);
        assert_eq!(clean(&long).chars().count(), REASON_CHARS + 1);
    }

    #[test]
    fn a_repeated_refusal_is_counted_on_one_entry_and_others_are_not() {
        let store = Store::open_in_memory().unwrap();
        for _ in 0..5 {
            store
                .audit(&Record::refused("my_weeks", 401, "token", "no token"))
                .unwrap();
        }
        store
            .audit(&Record::refused("my_weeks", 401, "token", "expired"))
            .unwrap();
        store.audit(&Record::ok("groups")).unwrap();
        store.audit(&Record::ok("groups")).unwrap();
        let e = store.audit_entries().unwrap();
        assert_eq!(e.len(), 4);
        assert_eq!(e[0].count, 5);
        assert_eq!(e[0].reason.as_deref(), Some("no token"));
        assert_eq!(e[1].count, 1);
        assert_eq!(e[2].count, 1, "successful acts are never folded");
        assert_eq!(e[2].outcome.as_deref(), Some("ok"));
    }
}
