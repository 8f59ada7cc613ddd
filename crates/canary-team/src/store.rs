//! The team server's SQLite store. It holds weekly aggregates per member, never events.
//!
//! Tokens are `ct_<id>_<64 hex>`; only a BLAKE3 hash keyed with a per-server secret (kept in
//! the database's `meta` table) is stored, and the presented token is compared with it in
//! constant time (`blake3::Hash`'s equality). The row is found by the id, not by the hash, so
//! lookup timing says nothing about the secret part.
//!
//! The schema and its migrations are in [`crate::migrate`], the audit log in [`crate::audit`],
//! and what a manager is shown of a week in [`crate::aggregate`].

use std::path::Path;

use jiff::civil::Date;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;

use crate::Error;
use crate::aggregate::aggregate;
use crate::model::{Figure, GroupWeek, InstrumentShare, WeekShare, parse_week};

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
    pub fn as_str(self) -> &'static str {
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

/// Why a presented token was not accepted, for the audit log only: the client is told
/// "missing or invalid token" whatever the reason, so an answer says nothing about which ids
/// exist.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// Not `ct_<id>_<64 hex>`.
    Malformed,
    /// No token has that id.
    Unknown,
    /// The id exists, the secret is wrong.
    WrongSecret,
    Expired,
    /// A one-time enrolment token already spent.
    Spent,
}

impl Denied {
    pub fn as_str(self) -> &'static str {
        match self {
            Denied::Malformed => "malformed token",
            Denied::Unknown => "unknown token",
            Denied::WrongSecret => "wrong secret for a token id",
            Denied::Expired => "expired token",
            Denied::Spent => "spent enrolment token",
        }
    }
}

pub struct Store {
    conn: Connection,
    key: [u8; 32],
}

/// The figures' JSON keys, as the `weeks.shared` column lists them.
const SHARED_KEYS: [&str; 6] = [
    "hours",
    "after_hours_share",
    "sleep_nights",
    "interruptions",
    "risk",
    "instruments",
];

#[allow(clippy::disallowed_methods)] // the server stamps what it stores with the real time
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
    /// Open (creating or migrating if needed) the store at `path`.
    pub fn open(path: &Path) -> Result<Store, Error> {
        Store::with(Connection::open(path)?)
    }

    /// A store in memory, gone with the process (`canary demo --team`, tests).
    pub fn open_in_memory() -> Result<Store, Error> {
        Store::with(Connection::open_in_memory()?)
    }

    fn with(mut conn: Connection) -> Result<Store, Error> {
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        crate::migrate::migrate(&mut conn)?;
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

    pub(crate) fn conn(&self) -> &Connection {
        &self.conn
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
        if self.has_admin()? {
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

    /// The token's identity, or why it is refused.
    pub fn authenticate(&self, token: &str, now: i64) -> Result<Result<Auth, Denied>, Error> {
        let parsed = token
            .strip_prefix("ct_")
            .and_then(|rest| rest.split_once('_'))
            .and_then(|(id, secret)| Some((id.parse::<i64>().ok()?, unhex32(secret)?)));
        let Some((id, secret)) = parsed else {
            return Ok(Err(Denied::Malformed));
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
            return Ok(Err(Denied::Unknown));
        };
        let (Ok(stored), Some(role)) = (<[u8; 32]>::try_from(hash.as_slice()), Role::parse(&role))
        else {
            return Ok(Err(Denied::Unknown));
        };
        // Constant-time comparison.
        if blake3::Hash::from_bytes(stored) != presented {
            return Ok(Err(Denied::WrongSecret));
        }
        if expires_at.is_some_and(|e| e <= now) {
            return Ok(Err(Denied::Expired));
        }
        if used_at.is_some() {
            return Ok(Err(Denied::Spent));
        }
        Ok(Ok(Auth {
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

    /// Spend an enrolment token: create the member in its group and return the member's id
    /// and token. `None` when the token was spent meanwhile.
    pub fn enrol(&mut self, enrol: &Auth) -> Result<Option<(i64, String)>, Error> {
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
        let token = self.new_token(Role::Member, Some(member), Some(group_id), None)?;
        Ok(Some((member, token)))
    }

    /// Store (or replace) a member's weeks: a figure not shared and a figure shared as `null`
    /// are both NULL, and `shared` lists which keys were sent.
    pub fn put_weeks(&mut self, member: i64, weeks: &[WeekShare]) -> Result<usize, Error> {
        let now = now_secs();
        let tx = self.conn.transaction()?;
        {
            let mut st = tx.prepare(
                "INSERT OR REPLACE INTO weeks (member_id, week, hours, after_hours_share,
                 sleep_nights, interruptions, risk, cbi_personal, cbi_work, who5, shared_at,
                 shared)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )?;
            for w in weeks {
                let i = w.instruments.value();
                let sent = [
                    w.hours.is_shared(),
                    w.after_hours_share.is_shared(),
                    w.sleep_nights.is_shared(),
                    w.interruptions.is_shared(),
                    w.risk.is_shared(),
                    w.instruments.is_shared(),
                ];
                let shared: Vec<&str> = SHARED_KEYS
                    .iter()
                    .zip(sent)
                    .filter_map(|(k, s)| s.then_some(*k))
                    .collect();
                st.execute(params![
                    member,
                    w.week,
                    w.hours.get(),
                    w.after_hours_share.get(),
                    w.sleep_nights.get(),
                    w.interruptions.get(),
                    w.risk.value(),
                    i.and_then(|i| i.cbi_personal),
                    i.and_then(|i| i.cbi_work),
                    i.and_then(|i| i.who5),
                    now,
                    shared.join(",")
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
             cbi_personal, cbi_work, who5, shared FROM weeks WHERE member_id = ?1 ORDER BY week",
        )?;
        let rows = st.query_map(params![member], week_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Delete a member's week, or all their weeks; the weeks deleted, oldest first.
    pub fn delete_weeks(&self, member: i64, week: Option<&str>) -> Result<Vec<String>, Error> {
        let mut st = self.conn.prepare(
            "DELETE FROM weeks WHERE member_id = ?1 AND (?2 IS NULL OR week = ?2) RETURNING week",
        )?;
        let rows = st.query_map(params![member, week], |r| r.get(0))?;
        let mut deleted: Vec<String> = rows.collect::<Result<_, _>>()?;
        deleted.sort();
        Ok(deleted)
    }

    /// A group's weeks from `from` to `to` (inclusive ISO weeks) as a manager may see them.
    ///
    /// A week is shown only once it has settled ([`SETTLE_DAYS`] after its Sunday) and only
    /// when at least `k` members of the group reported it (measured at least one figure);
    /// each figure additionally needs `k` members who measured it, and carries noise (see
    /// [`crate::aggregate`] and [`crate::noise`]). The first time a week is shown its figures,
    /// noise included, are frozen in `releases`: later shares, deletions or reads never change
    /// what a manager sees, so two reads can be neither subtracted nor averaged.
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
                    match aggregate(&rows, k, &mut crate::noise::draw)? {
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
             w.cbi_personal, w.cbi_work, w.who5, w.shared FROM weeks w
             JOIN members m ON m.id = w.member_id WHERE m.group_id = ?1 AND w.week = ?2",
        )?;
        let rows = st.query_map(params![group_id, week], week_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}

/// A `weeks` row. `shared` lists the figures sent (a value or null); a row from schema version
/// 1 has none, and then its non-null figures are what was shared.
fn week_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<WeekShare> {
    let hours: Option<f64> = r.get(1)?;
    let after: Option<f64> = r.get(2)?;
    let sleep: Option<u32> = r.get(3)?;
    let interruptions: Option<u32> = r.get(4)?;
    let risk: Option<String> = r.get(5)?;
    let instruments = InstrumentShare {
        cbi_personal: r.get(6)?,
        cbi_work: r.get(7)?,
        who5: r.get(8)?,
    };
    let shared: Option<String> = r.get(9)?;
    let sent = |key: &str, present: bool| match &shared {
        Some(s) => s.split(',').any(|k| k == key),
        None => present,
    };
    Ok(WeekShare {
        week: r.get(0)?,
        hours: Figure::chosen(sent("hours", hours.is_some()), hours),
        after_hours_share: Figure::chosen(sent("after_hours_share", after.is_some()), after),
        sleep_nights: Figure::chosen(sent("sleep_nights", sleep.is_some()), sleep),
        interruptions: Figure::chosen(
            sent("interruptions", interruptions.is_some()),
            interruptions,
        ),
        risk: Figure::chosen(sent("risk", risk.is_some()), risk),
        instruments: Figure::chosen(
            sent("instruments", instruments.any()),
            instruments.any().then_some(instruments),
        ),
    })
}

/// The Monday of an ISO week string, for range checks.
pub fn week_monday(s: &str) -> Option<Date> {
    parse_week(s)
}
