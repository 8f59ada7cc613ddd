//! The team server's SQLite store. It holds weekly aggregates per member, never events.
//!
//! Tokens are `ct_<id>_<64 hex>`; only a BLAKE3 hash keyed with a per-server secret (kept in
//! the database's `meta` table) is stored, and the presented token is compared with it in
//! constant time (`blake3::Hash`'s equality). The row is found by the id, not by the hash, so
//! lookup timing says nothing about the secret part.

use std::path::Path;

use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::Error;
use crate::model::{GroupWeek, InstrumentShare, WeekShare, parse_week};

/// Days after the end of an ISO week before a manager may see it: late shares then rarely
/// change a figure, and once released a week's figures are frozen (see [`Store::group_weeks`]).
pub const SETTLE_DAYS: i64 = 7;

/// Who a token speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    Manager,
    Member,
    /// A one-time enrolment token: good only for `POST /v1/enrol`, once, before it expires.
    Enrol,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Member => "member",
            Role::Enrol => "enrol",
        }
    }
    fn parse(s: &str) -> Option<Role> {
        Some(match s {
            "admin" => Role::Admin,
            "manager" => Role::Manager,
            "member" => Role::Member,
            "enrol" => Role::Enrol,
            _ => return None,
        })
    }
}

/// An authenticated token.
#[derive(Debug, Clone, Copy)]
pub struct Auth {
    pub token_id: i64,
    pub role: Role,
    pub member_id: Option<i64>,
    pub group_id: Option<i64>,
}

/// One audit log entry.
#[derive(Debug, Clone, Serialize)]
pub struct AuditEntry {
    pub token_id: i64,
    pub role: String,
    pub route: String,
    pub group: Option<String>,
    pub at: i64,
}

pub struct Store {
    conn: Connection,
    key: [u8; 32],
}

const SCHEMA: &str = "
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
PRAGMA foreign_keys = ON;
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS groups (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
-- A member belongs to exactly one group, for good: groups are disjoint by construction.
CREATE TABLE IF NOT EXISTS members (
    id INTEGER PRIMARY KEY,
    group_id INTEGER NOT NULL REFERENCES groups(id),
    enrolled_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
    id INTEGER PRIMARY KEY,
    hash BLOB NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'manager', 'member', 'enrol')),
    member_id INTEGER REFERENCES members(id),
    group_id INTEGER REFERENCES groups(id),
    expires_at INTEGER,
    used_at INTEGER,
    created_at INTEGER NOT NULL
);
-- Weekly aggregates only; every figure is optional (sharing is per metric).
CREATE TABLE IF NOT EXISTS weeks (
    member_id INTEGER NOT NULL REFERENCES members(id),
    week TEXT NOT NULL,
    hours REAL,
    after_hours_share REAL,
    sleep_nights INTEGER,
    interruptions INTEGER,
    risk TEXT,
    cbi_personal REAL,
    cbi_work REAL,
    who5 INTEGER,
    shared_at INTEGER NOT NULL,
    PRIMARY KEY (member_id, week)
);
-- A group's figures for a week, frozen the first time they are shown to a manager.
CREATE TABLE IF NOT EXISTS releases (
    group_id INTEGER NOT NULL REFERENCES groups(id),
    week TEXT NOT NULL,
    figures TEXT NOT NULL,
    released_at INTEGER NOT NULL,
    PRIMARY KEY (group_id, week)
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    token_id INTEGER NOT NULL,
    role TEXT NOT NULL,
    route TEXT NOT NULL,
    group_id INTEGER,
    at INTEGER NOT NULL
);
";

pub(crate) fn now_secs() -> i64 {
    jiff::Timestamp::now().as_second()
}

fn random32() -> Result<[u8; 32], Error> {
    let mut b = [0u8; 32];
    getrandom::fill(&mut b).map_err(|e| Error::Random(e.to_string()))?;
    Ok(b)
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

fn unhex32(s: &str) -> Option<[u8; 32]> {
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

impl Store {
    /// Open (creating if needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Store, Error> {
        Store::with(Connection::open(path)?)
    }

    /// A store in memory, gone with the process (`canary demo --team`, tests).
    pub fn open_in_memory() -> Result<Store, Error> {
        Store::with(Connection::open_in_memory()?)
    }

    fn with(conn: Connection) -> Result<Store, Error> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.execute_batch(SCHEMA)?;
        let key: Option<Vec<u8>> = conn
            .query_row("SELECT value FROM meta WHERE name = 'token_key'", [], |r| {
                r.get(0)
            })
            .optional()?;
        let key = match key {
            Some(k) => k
                .try_into()
                .map_err(|_| Error::Invalid("corrupt token key".into()))?,
            None => {
                let k = random32()?;
                conn.execute(
                    "INSERT INTO meta (name, value) VALUES ('token_key', ?1)",
                    params![k.to_vec()],
                )?;
                k
            }
        };
        Ok(Store { conn, key })
    }

    fn hash(&self, secret: &[u8; 32]) -> blake3::Hash {
        blake3::keyed_hash(&self.key, secret)
    }

    fn new_token(
        &self,
        role: Role,
        member_id: Option<i64>,
        group_id: Option<i64>,
        expires_at: Option<i64>,
    ) -> Result<String, Error> {
        let secret = random32()?;
        self.conn.execute(
            "INSERT INTO tokens (hash, role, member_id, group_id, expires_at, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                self.hash(&secret).as_bytes().to_vec(),
                role.as_str(),
                member_id,
                group_id,
                expires_at,
                now_secs()
            ],
        )?;
        Ok(format!(
            "ct_{}_{}",
            self.conn.last_insert_rowid(),
            hex(&secret)
        ))
    }

    /// Create the admin token if there is none yet; `None` when one already exists (it is
    /// shown once, at creation, and cannot be shown again).
    pub fn init_admin(&self) -> Result<Option<String>, Error> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM tokens WHERE role = 'admin'",
            [],
            |r| r.get(0),
        )?;
        if n > 0 {
            return Ok(None);
        }
        self.new_token(Role::Admin, None, None, None).map(Some)
    }

    /// Whether an admin token exists (the server was initialised).
    pub fn has_admin(&self) -> Result<bool, Error> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM tokens WHERE role = 'admin'",
            [],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }

    /// The token's identity, or `None` when it is malformed, unknown, expired or used.
    pub fn authenticate(&self, token: &str, now: i64) -> Result<Option<Auth>, Error> {
        let Some(rest) = token.strip_prefix("ct_") else {
            return Ok(None);
        };
        let Some((id, secret)) = rest.split_once('_') else {
            return Ok(None);
        };
        let (Ok(id), Some(secret)) = (id.parse::<i64>(), unhex32(secret)) else {
            return Ok(None);
        };
        let presented = self.hash(&secret);
        type Row = (
            Vec<u8>,
            String,
            Option<i64>,
            Option<i64>,
            Option<i64>,
            Option<i64>,
        );
        let row: Option<Row> = self
            .conn
            .query_row(
                "SELECT hash, role, member_id, group_id, expires_at, used_at FROM tokens WHERE id = ?1",
                params![id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
            )
            .optional()?;
        let Some((hash, role, member_id, group_id, expires_at, used_at)) = row else {
            return Ok(None);
        };
        let Ok(stored) = <[u8; 32]>::try_from(hash.as_slice()) else {
            return Ok(None);
        };
        // Constant-time comparison.
        if blake3::Hash::from_bytes(stored) != presented {
            return Ok(None);
        }
        if expires_at.is_some_and(|e| e <= now) || used_at.is_some() {
            return Ok(None);
        }
        let Some(role) = Role::parse(&role) else {
            return Ok(None);
        };
        Ok(Some(Auth {
            token_id: id,
            role,
            member_id,
            group_id,
        }))
    }

    /// Create a group; `false` when the name is taken.
    pub fn create_group(&self, name: &str) -> Result<bool, Error> {
        let n = self.conn.execute(
            "INSERT OR IGNORE INTO groups (name) VALUES (?1)",
            params![name],
        )?;
        Ok(n == 1)
    }

    pub fn group_id(&self, name: &str) -> Result<Option<i64>, Error> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM groups WHERE name = ?1",
                params![name],
                |r| r.get(0),
            )
            .optional()?)
    }

    pub fn group_names(&self) -> Result<Vec<String>, Error> {
        let mut st = self.conn.prepare("SELECT name FROM groups ORDER BY name")?;
        let names = st.query_map([], |r| r.get(0))?;
        Ok(names.collect::<Result<_, _>>()?)
    }

    /// A one-time enrolment token for a group, expiring at `expires_at` (Unix seconds).
    pub fn enrolment_token(&self, group_id: i64, expires_at: i64) -> Result<String, Error> {
        self.new_token(Role::Enrol, None, Some(group_id), Some(expires_at))
    }

    /// A manager token, expiring at `expires_at`.
    pub fn manager_token(&self, expires_at: i64) -> Result<String, Error> {
        self.new_token(Role::Manager, None, None, Some(expires_at))
    }

    /// Spend an enrolment token: create the member in its group and return their token.
    /// `None` when the token was spent meanwhile.
    pub fn enrol(&mut self, enrol: &Auth) -> Result<Option<String>, Error> {
        let Some(group_id) = enrol.group_id else {
            return Ok(None);
        };
        let now = now_secs();
        let tx = self.conn.transaction()?;
        let spent = tx.execute(
            "UPDATE tokens SET used_at = ?1 WHERE id = ?2 AND role = 'enrol' AND used_at IS NULL",
            params![now, enrol.token_id],
        )?;
        if spent != 1 {
            return Ok(None);
        }
        tx.execute(
            "INSERT INTO members (group_id, enrolled_at) VALUES (?1, ?2)",
            params![group_id, now],
        )?;
        let member = tx.last_insert_rowid();
        tx.commit()?;
        self.new_token(Role::Member, Some(member), Some(group_id), None)
            .map(Some)
    }

    /// Store (or replace) a member's weeks.
    pub fn put_weeks(&mut self, member: i64, weeks: &[WeekShare]) -> Result<usize, Error> {
        let now = now_secs();
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare(
                "INSERT OR REPLACE INTO weeks (member_id, week, hours, after_hours_share,
                 sleep_nights, interruptions, risk, cbi_personal, cbi_work, who5, shared_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?;
            for w in weeks {
                let i = w.instruments.as_ref();
                st.execute(params![
                    member,
                    w.week,
                    w.hours,
                    w.after_hours_share,
                    w.sleep_nights,
                    w.interruptions,
                    w.risk,
                    i.and_then(|i| i.cbi_personal),
                    i.and_then(|i| i.cbi_work),
                    i.and_then(|i| i.who5),
                    now
                ])?;
            }
        }
        tx.commit()?;
        Ok(weeks.len())
    }

    /// Everything a member shared, oldest week first.
    pub fn my_weeks(&self, member: i64) -> Result<Vec<WeekShare>, Error> {
        let mut st = self.conn.prepare(
            "SELECT week, hours, after_hours_share, sleep_nights, interruptions, risk,
             cbi_personal, cbi_work, who5 FROM weeks WHERE member_id = ?1 ORDER BY week",
        )?;
        let rows = st.query_map(params![member], week_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Delete a member's week, or all their weeks; the number of weeks deleted.
    pub fn delete_weeks(&self, member: i64, week: Option<&str>) -> Result<usize, Error> {
        Ok(match week {
            Some(w) => self.conn.execute(
                "DELETE FROM weeks WHERE member_id = ?1 AND week = ?2",
                params![member, w],
            )?,
            None => self
                .conn
                .execute("DELETE FROM weeks WHERE member_id = ?1", params![member])?,
        })
    }

    /// A group's weeks from `from` to `to` (inclusive ISO weeks) as a manager may see them.
    ///
    /// A week is shown only once it has settled ([`SETTLE_DAYS`] after its Sunday) and only
    /// when at least `k` members of the group reported it; each figure additionally needs `k`
    /// members who shared that metric. The first time a week is shown its figures are frozen
    /// in `releases`: later shares or deletions never change what a manager sees, so two reads
    /// at different times cannot be subtracted to isolate one person.
    pub fn group_weeks(
        &mut self,
        group_id: i64,
        from: Date,
        to: Date,
        k: u32,
        today: Date,
    ) -> Result<Vec<GroupWeek>, Error> {
        let k = k.max(crate::MIN_GROUP) as usize;
        let mut out = Vec::new();
        let mut monday = from;
        while monday <= to {
            let iso = monday.iso_week_date();
            let week = format!("{:04}-W{:02}", iso.year(), iso.week());
            let settled = monday
                .checked_add(jiff::Span::new().days(6 + SETTLE_DAYS))
                .is_ok_and(|d| d < today);
            let released: Option<String> = self
                .conn
                .query_row(
                    "SELECT figures FROM releases WHERE group_id = ?1 AND week = ?2",
                    params![group_id, week],
                    |r| r.get(0),
                )
                .optional()?;
            let figures = match released {
                Some(f) => serde_json::from_str(&f).ok(),
                None if settled => {
                    let rows = self.group_rows(group_id, &week)?;
                    match aggregate(&rows, k) {
                        Some(f) => {
                            self.conn.execute(
                                "INSERT INTO releases (group_id, week, figures, released_at)
                                 VALUES (?1, ?2, ?3, ?4)",
                                params![group_id, week, f.to_string(), now_secs()],
                            )?;
                            Some(f)
                        }
                        None => None,
                    }
                }
                None => None,
            };
            out.push(GroupWeek {
                week,
                suppressed: figures.is_none(),
                figures,
            });
            monday = monday
                .checked_add(jiff::Span::new().weeks(1))
                .map_err(|e| Error::Invalid(e.to_string()))?;
        }
        Ok(out)
    }

    fn group_rows(&self, group_id: i64, week: &str) -> Result<Vec<WeekShare>, Error> {
        let mut st = self.conn.prepare(
            "SELECT w.week, w.hours, w.after_hours_share, w.sleep_nights, w.interruptions, w.risk,
             w.cbi_personal, w.cbi_work, w.who5 FROM weeks w JOIN members m ON m.id = w.member_id
             WHERE m.group_id = ?1 AND w.week = ?2",
        )?;
        let rows = st.query_map(params![group_id, week], week_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    pub fn audit(
        &self,
        token_id: i64,
        role: Role,
        route: &str,
        group_id: Option<i64>,
    ) -> Result<(), Error> {
        self.conn.execute(
            "INSERT INTO audit (token_id, role, route, group_id, at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![token_id, role.as_str(), route, group_id, now_secs()],
        )?;
        Ok(())
    }

    pub fn audit_entries(&self) -> Result<Vec<AuditEntry>, Error> {
        let mut st = self.conn.prepare(
            "SELECT a.token_id, a.role, a.route, g.name, a.at FROM audit a
             LEFT JOIN groups g ON g.id = a.group_id ORDER BY a.id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(AuditEntry {
                token_id: r.get(0)?,
                role: r.get(1)?,
                route: r.get(2)?,
                group: r.get(3)?,
                at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

fn week_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<WeekShare> {
    let (p, w, who5): (Option<f64>, Option<f64>, Option<u8>) = (r.get(6)?, r.get(7)?, r.get(8)?);
    Ok(WeekShare {
        week: r.get(0)?,
        hours: r.get(1)?,
        after_hours_share: r.get(2)?,
        sleep_nights: r.get(3)?,
        interruptions: r.get(4)?,
        risk: r.get(5)?,
        instruments: (p.is_some() || w.is_some() || who5.is_some()).then_some(InstrumentShare {
            cbi_personal: p,
            cbi_work: w,
            who5,
        }),
    })
}

fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// A mean rounded to one decimal, when at least `k` members gave the figure.
fn mean(values: impl Iterator<Item = f64>, k: usize) -> Option<f64> {
    let v: Vec<f64> = values.collect();
    (v.len() >= k).then(|| round1(v.iter().sum::<f64>() / v.len() as f64))
}

/// The group's figures for a week, or `None` when fewer than `k` members reported it.
fn aggregate(rows: &[WeekShare], k: usize) -> Option<serde_json::Value> {
    if rows.len() < k {
        return None;
    }
    let mut f = serde_json::Map::new();
    f.insert("reporting".into(), rows.len().into());
    let mut put = |name: &str, v: Option<f64>| {
        if let Some(v) = v {
            f.insert(name.into(), v.into());
        }
    };
    put("hours_mean", mean(rows.iter().filter_map(|r| r.hours), k));
    put(
        "after_hours_share_mean",
        mean(rows.iter().filter_map(|r| r.after_hours_share), k).map(|_| {
            let v: Vec<f64> = rows.iter().filter_map(|r| r.after_hours_share).collect();
            (v.iter().sum::<f64>() / v.len() as f64 * 100.0).round() / 100.0
        }),
    );
    put(
        "sleep_nights_mean",
        mean(rows.iter().filter_map(|r| r.sleep_nights.map(f64::from)), k),
    );
    put(
        "interruptions_mean",
        mean(
            rows.iter().filter_map(|r| r.interruptions.map(f64::from)),
            k,
        ),
    );
    let ins = || rows.iter().filter_map(|r| r.instruments.as_ref());
    put(
        "cbi_personal_mean",
        mean(ins().filter_map(|i| i.cbi_personal), k),
    );
    put("cbi_work_mean", mean(ins().filter_map(|i| i.cbi_work), k));
    put(
        "who5_mean",
        mean(ins().filter_map(|i| i.who5.map(f64::from)), k),
    );
    let risks: Vec<&str> = rows.iter().filter_map(|r| r.risk.as_deref()).collect();
    if risks.len() >= k {
        let mut by = serde_json::Map::new();
        for level in ["low", "medium", "high", "unknown"] {
            by.insert(
                level.into(),
                risks.iter().filter(|r| **r == level).count().into(),
            );
        }
        f.insert("risk".into(), by.into());
    }
    Some(f.into())
}

/// The Monday of an ISO week string, for range checks.
pub fn week_monday(s: &str) -> Option<Date> {
    parse_week(s)
}
