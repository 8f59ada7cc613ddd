//! The journal tables the plan uses: support network, plan progress, agreements, profile and
//! saved monthly reviews. Written by the person through `canary support`,
//! `canary plan done|agree|set` and `canary review --done`; read whole.

use std::collections::BTreeMap;

use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::{OptionalExtension, params};

use super::{Store, StoreError};
use crate::journal::{Agreement, Done, Journal, SavedReview, SupportEntry, SupportKind};

fn ts(secs: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_second(secs).map_err(|e| StoreError::Corrupt(format!("timestamp {secs}: {e}")))
}

impl Store {
    /// Add a support entry; an existing entry with the same name (any case) is updated.
    /// Returns whether a new entry was created.
    pub fn support_add(
        &self,
        name: &str,
        kind: SupportKind,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        let updated = self.conn().execute(
            "UPDATE support SET kind = ?2 WHERE name = ?1 COLLATE NOCASE",
            params![name, kind.as_str()],
        )?;
        if updated > 0 {
            return Ok(false);
        }
        self.conn().execute(
            "INSERT INTO support (name, kind, added_at) VALUES (?1, ?2, ?3)",
            params![name, kind.as_str(), now.as_second()],
        )?;
        Ok(true)
    }

    /// Record a contact; returns false when no entry has that name.
    pub fn support_touch(&self, name: &str, on: Timestamp) -> Result<bool, StoreError> {
        Ok(self.conn().execute(
            "UPDATE support SET last_contact = ?2 WHERE name = ?1 COLLATE NOCASE",
            params![name, on.as_second()],
        )? > 0)
    }

    /// Remove an entry; returns false when none had that name.
    pub fn support_remove(&self, name: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .execute("DELETE FROM support WHERE name = ?1 COLLATE NOCASE", [name])?
            > 0)
    }

    pub fn support_list(&self) -> Result<Vec<SupportEntry>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT name, kind, added_at, last_contact, id FROM support ORDER BY name COLLATE NOCASE",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<i64>>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (name, kind, added, last, id) = row?;
            let read = || -> Result<SupportEntry, StoreError> {
                let kind = SupportKind::parse(&kind).ok_or_else(|| {
                    StoreError::Corrupt(format!("support kind `{}`", kind.escape_debug()))
                })?;
                Ok(SupportEntry {
                    name,
                    kind,
                    added_at: ts(added)?,
                    last_contact: last.map(ts).transpose()?,
                })
            };
            match read() {
                Ok(e) => out.push(e),
                Err(e) => self.note_unreadable("support", id, e.to_string()),
            }
        }
        Ok(out)
    }

    /// Mark an action done (again: the first date is kept).
    pub fn plan_done(&self, id: &str, at: Timestamp, note: Option<&str>) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT OR IGNORE INTO plan_progress (action_id, done_at, note) VALUES (?1, ?2, ?3)",
            params![id, at.as_second(), note],
        )?;
        Ok(())
    }

    /// Mark an action not done; returns whether it was done.
    pub fn plan_undo(&self, id: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .execute("DELETE FROM plan_progress WHERE action_id = ?1", [id])?
            > 0)
    }

    pub fn plan_progress(&self) -> Result<Vec<Done>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT action_id, done_at, note, rowid FROM plan_progress ORDER BY done_at, action_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get(2)?,
                r.get::<_, i64>(3)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (action_id, at, note, id) = row?;
            match ts(at) {
                Ok(done_at) => out.push(Done {
                    action_id,
                    done_at,
                    note,
                }),
                Err(e) => self.note_unreadable("plan_progress", id, e.to_string()),
            }
        }
        Ok(out)
    }

    pub fn agreement_add(&self, text: &str, at: Timestamp) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO agreements (agreed_at, text) VALUES (?1, ?2)",
            params![at.as_second(), text],
        )?;
        Ok(())
    }

    pub fn agreements(&self) -> Result<Vec<Agreement>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT agreed_at, text, id FROM agreements ORDER BY agreed_at, id")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (at, text, id) = row?;
            match ts(at) {
                Ok(agreed_at) => out.push(Agreement { agreed_at, text }),
                Err(e) => self.note_unreadable("agreements", id, e.to_string()),
            }
        }
        Ok(out)
    }

    pub fn profile_get(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn()
            .query_row("SELECT value FROM profile WHERE key = ?1", [key], |r| {
                r.get(0)
            })
            .optional()?)
    }

    pub fn profile_set(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO profile (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [key, value],
        )?;
        Ok(())
    }

    /// Remove a profile value; returns whether there was one.
    pub fn profile_remove(&self, key: &str) -> Result<bool, StoreError> {
        let n = self
            .conn()
            .execute("DELETE FROM profile WHERE key = ?1", [key])?;
        Ok(n > 0)
    }

    pub fn profile(&self) -> Result<BTreeMap<String, String>, StoreError> {
        let mut stmt = self.conn().prepare("SELECT key, value FROM profile")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Record a monthly review done at `at`, covering `since..=until`.
    pub fn review_add(
        &self,
        at: Timestamp,
        since: Date,
        until: Date,
        note: Option<&str>,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "INSERT INTO reviews (reviewed_at, since, until, note) VALUES (?1, ?2, ?3, ?4)",
            params![at.as_second(), since.to_string(), until.to_string(), note],
        )?;
        Ok(())
    }

    /// Every saved review, oldest first.
    pub fn reviews(&self) -> Result<Vec<SavedReview>, StoreError> {
        let mut stmt = self.conn().prepare(
            "SELECT reviewed_at, since, until, note, id FROM reviews ORDER BY reviewed_at, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        let date = |s: &str| {
            s.parse::<Date>().map_err(|e| {
                StoreError::Corrupt(format!("review date `{}`: {e}", s.escape_debug()))
            })
        };
        let mut out = Vec::new();
        for row in rows {
            let (at, since, until, note, id) = row?;
            let read = || -> Result<SavedReview, StoreError> {
                Ok(SavedReview {
                    reviewed_at: ts(at)?,
                    since: date(&since)?,
                    until: date(&until)?,
                    note,
                })
            };
            match read() {
                Ok(r) => out.push(r),
                Err(e) => self.note_unreadable("reviews", id, e.to_string()),
            }
        }
        Ok(out)
    }

    /// Everything the plan reads from the journal.
    pub fn journal(&self) -> Result<Journal, StoreError> {
        Ok(Journal {
            support: self.support_list()?,
            done: self.plan_progress()?,
            agreements: self.agreements()?,
            profile: self.profile()?,
            reviews: self.reviews()?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn journal_round_trips_through_the_store() {
        let store = Store::open_in_memory().unwrap();
        let t = |s: i64| Timestamp::from_second(s).unwrap();
        assert!(
            store
                .support_add("Sam", SupportKind::Friend, t(1000))
                .unwrap()
        );
        assert!(
            !store
                .support_add("sam", SupportKind::Hobby, t(2000))
                .unwrap()
        );
        assert!(store.support_touch("SAM", t(3000)).unwrap());
        assert!(!store.support_touch("nobody", t(3000)).unwrap());
        store
            .plan_done("w-mail-cutoff", t(4000), Some("done"))
            .unwrap();
        store.plan_done("w-mail-cutoff", t(5000), None).unwrap();
        store
            .agreement_add("No pages for P3 at night", t(6000))
            .unwrap();
        store.profile_set("fund_months", "4").unwrap();
        store.profile_set("fund_months", "5").unwrap();
        let j = store.journal().unwrap();
        assert_eq!(j.support.len(), 1);
        assert_eq!(j.support[0].kind, SupportKind::Hobby);
        assert_eq!(j.support[0].last_contact, Some(t(3000)));
        assert_eq!(j.done.len(), 1);
        assert_eq!(j.done[0].done_at, t(4000));
        assert_eq!(j.agreements[0].text, "No pages for P3 at night");
        assert_eq!(j.profile["fund_months"], "5");
        assert!(store.plan_undo("w-mail-cutoff").unwrap());
        assert!(!store.plan_undo("w-mail-cutoff").unwrap());
    }
}
