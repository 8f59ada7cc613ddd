//! Persisting alerts (migration 7): each occurrence once by its id, its state, when and how
//! it was delivered, and the muted rules. The store knows rules only by name: the rules
//! themselves are [`crate::alerts`]'s, which the store does not import.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Store, StoreError};

/// Where an alert stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AlertState {
    /// Not yet delivered nor listed.
    New,
    /// Delivered (a notification, a line in the terminal) or listed by `canary alerts`.
    Seen,
    /// Its rule was muted when it fired: kept, never delivered.
    Muted,
}

impl AlertState {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertState::New => "new",
            AlertState::Seen => "seen",
            AlertState::Muted => "muted",
        }
    }

    fn parse(s: &str) -> Result<AlertState, StoreError> {
        Ok(match s {
            "new" => AlertState::New,
            "seen" => AlertState::Seen,
            "muted" => AlertState::Muted,
            other => return Err(StoreError::Corrupt(format!("alert state `{other}`"))),
        })
    }
}

/// An alert to keep.
#[derive(Debug, Clone, Copy)]
pub struct NewAlert<'a> {
    pub id: &'a str,
    pub rule: &'a str,
    pub title: &'a str,
    pub evidence: &'a [String],
    pub muted: bool,
}

/// An alert as kept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredAlert {
    pub id: String,
    pub rule: String,
    pub fired_at: Timestamp,
    pub title: String,
    pub evidence: Vec<String>,
    pub state: AlertState,
    pub delivered_at: Option<Timestamp>,
    /// How it was delivered: `desktop`, `terminal`.
    pub channel: Option<String>,
}

fn ts(secs: i64) -> Result<Timestamp, StoreError> {
    Timestamp::from_second(secs).map_err(|e| StoreError::Corrupt(format!("instant {secs}: {e}")))
}

const COLUMNS: &str = "id, rule, fired_at, title, evidence, state, delivered_at, channel";

type Row = (
    String,
    String,
    i64,
    String,
    String,
    String,
    Option<i64>,
    Option<String>,
);

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
    ))
}

fn stored(r: Row) -> Result<StoredAlert, StoreError> {
    let (id, rule, fired, title, evidence, state, delivered, channel) = r;
    Ok(StoredAlert {
        id,
        rule,
        fired_at: ts(fired)?,
        title,
        evidence: serde_json::from_str(&evidence)
            .map_err(|e| StoreError::Corrupt(format!("alert evidence: {e}")))?,
        state: AlertState::parse(&state)?,
        delivered_at: delivered.map(ts).transpose()?,
        channel,
    })
}

impl Store {
    /// Keep an alert unless one with its id is kept already; returns whether it was new.
    pub fn alert_insert(&self, a: &NewAlert<'_>, now: Timestamp) -> Result<bool, StoreError> {
        let evidence = serde_json::to_string(a.evidence)
            .map_err(|e| StoreError::Corrupt(format!("alert evidence: {e}")))?;
        let state = if a.muted {
            AlertState::Muted
        } else {
            AlertState::New
        };
        let n = self.conn().execute(
            "INSERT OR IGNORE INTO alerts (id, rule, fired_at, title, evidence, state)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                a.id,
                a.rule,
                now.as_second(),
                a.title,
                evidence,
                state.as_str()
            ],
        )?;
        Ok(n == 1)
    }

    /// Alerts fired in `[since, until)` (all when `None`), oldest first.
    pub fn alerts(
        &self,
        since: Option<Timestamp>,
        until: Option<Timestamp>,
    ) -> Result<Vec<StoredAlert>, StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM alerts
             WHERE (?1 IS NULL OR fired_at >= ?1) AND (?2 IS NULL OR fired_at < ?2)
             ORDER BY fired_at, id"
        ))?;
        let rows = stmt.query_map(
            params![
                since.map(Timestamp::as_second),
                until.map(Timestamp::as_second)
            ],
            row,
        )?;
        rows.map(|r| stored(r?)).collect()
    }

    /// The alerts waiting to be delivered (state new), oldest first.
    pub fn alerts_pending(&self) -> Result<Vec<StoredAlert>, StoreError> {
        let mut stmt = self.conn().prepare(&format!(
            "SELECT {COLUMNS} FROM alerts WHERE state = 'new' ORDER BY fired_at, id"
        ))?;
        let rows = stmt.query_map([], row)?;
        rows.map(|r| stored(r?)).collect()
    }

    /// One alert by id.
    pub fn alert(&self, id: &str) -> Result<Option<StoredAlert>, StoreError> {
        let r = self
            .conn()
            .query_row(
                &format!("SELECT {COLUMNS} FROM alerts WHERE id = ?1"),
                params![id],
                row,
            )
            .optional()?;
        r.map(stored).transpose()
    }

    /// Mark an alert delivered now through `channel` (seen).
    pub fn alert_delivered(
        &self,
        id: &str,
        at: Timestamp,
        channel: &str,
    ) -> Result<(), StoreError> {
        self.conn().execute(
            "UPDATE alerts SET state = 'seen', delivered_at = ?2, channel = ?3 WHERE id = ?1",
            params![id, at.as_second(), channel],
        )?;
        Ok(())
    }

    /// Mark every new alert seen (the person listed them); returns how many.
    pub fn alerts_mark_seen(&self) -> Result<usize, StoreError> {
        Ok(self
            .conn()
            .execute("UPDATE alerts SET state = 'seen' WHERE state = 'new'", [])?)
    }

    /// Alerts delivered in `[since, until)`.
    pub fn alerts_delivered_between(
        &self,
        since: Timestamp,
        until: Timestamp,
    ) -> Result<u32, StoreError> {
        Ok(self.conn().query_row(
            "SELECT count(*) FROM alerts WHERE delivered_at >= ?1 AND delivered_at < ?2",
            params![since.as_second(), until.as_second()],
            |r| r.get(0),
        )?)
    }

    /// Mute a rule: its new alerts become muted, later ones are kept muted. Returns how many
    /// waiting alerts it muted.
    pub fn alert_mute(&self, rule: &str, at: Timestamp) -> Result<usize, StoreError> {
        self.conn().execute(
            "INSERT OR IGNORE INTO alert_mutes (rule, muted_at) VALUES (?1, ?2)",
            params![rule, at.as_second()],
        )?;
        Ok(self.conn().execute(
            "UPDATE alerts SET state = 'muted' WHERE rule = ?1 AND state = 'new'",
            params![rule],
        )?)
    }

    /// Unmute a rule (alerts muted before stay muted); returns whether it was muted.
    pub fn alert_unmute(&self, rule: &str) -> Result<bool, StoreError> {
        Ok(self
            .conn()
            .execute("DELETE FROM alert_mutes WHERE rule = ?1", params![rule])?
            == 1)
    }

    /// The muted rules, by name.
    pub fn alert_mutes(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self
            .conn()
            .prepare("SELECT rule FROM alert_mutes ORDER BY rule")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alert_is_kept_once_and_delivered_once() {
        let store = Store::open_in_memory().unwrap();
        let now: Timestamp = "2026-12-07T09:00:00Z".parse().unwrap();
        let ev = vec!["night of 2026-12-05: 3 events".to_string()];
        let a = NewAlert {
            id: "sleep-window/2026-12-05",
            rule: "sleep-window",
            title: "t",
            evidence: &ev,
            muted: false,
        };
        assert!(store.alert_insert(&a, now).unwrap());
        assert!(!store.alert_insert(&a, now).unwrap());
        assert_eq!(store.alerts_pending().unwrap().len(), 1);
        store.alert_delivered(a.id, now, "desktop").unwrap();
        assert!(store.alerts_pending().unwrap().is_empty());
        let kept = store.alert(a.id).unwrap().unwrap();
        assert_eq!(kept.state, AlertState::Seen);
        assert_eq!(kept.evidence, ev);
        let day = (
            now - jiff::SignedDuration::from_hours(1),
            now + jiff::SignedDuration::from_hours(1),
        );
        assert_eq!(store.alerts_delivered_between(day.0, day.1).unwrap(), 1);
    }

    #[test]
    fn muting_a_rule_mutes_what_waits() {
        let store = Store::open_in_memory().unwrap();
        let now: Timestamp = "2026-12-07T09:00:00Z".parse().unwrap();
        let a = NewAlert {
            id: "no-day-off/2026-11-20",
            rule: "no-day-off",
            title: "t",
            evidence: &[],
            muted: false,
        };
        store.alert_insert(&a, now).unwrap();
        assert_eq!(store.alert_mute("no-day-off", now).unwrap(), 1);
        assert_eq!(store.alert_mutes().unwrap(), vec!["no-day-off".to_string()]);
        assert!(store.alerts_pending().unwrap().is_empty());
        assert!(store.alert_unmute("no-day-off").unwrap());
        assert!(!store.alert_unmute("no-day-off").unwrap());
    }
}
