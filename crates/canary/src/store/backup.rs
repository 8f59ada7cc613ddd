//! The full backup: every table of the store — events, import runs and skips, the journal
//! (answers, check-ins, support, plan progress, agreements, profile, reviews) and the identity key —
//! as one JSON document, written and read a row at a time.
//!
//! ```text
//! {"format":"canary-backup","version":1,"schema_version":3,"tables":{
//!  "meta":{"columns":["key","value"],"rows":[["identity_key",{"blob":"9f…"}]]},
//!  "events":{"columns":["id","source",…],"rows":[[1,"git",…],…]}, …}}
//! ```
//!
//! Values keep their SQLite type: integers and reals as JSON numbers, text as strings, NULL as
//! null, blobs as `{"blob": "<hex>"}`. Rows are in rowid order, so export → restore → export
//! gives the same bytes. Tables are listed from the schema, so tables added by later
//! migrations are included without changes here, except the [`DERIVED`] ones, which are left
//! out and recomputed on restore; a backup from an older schema restores into the current one
//! (columns added since take their defaults). The backup holds the identity
//! key and is as private as the store itself.

use std::fmt;
use std::io::{Read, Write};

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::{Transaction, params_from_iter};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::events::refresh_source_stats;
use super::read::{EVENT_COLUMNS, decode_event};
use super::{Store, StoreError, migrations};
use crate::journal::SupportKind;

/// The `format` field of every backup.
pub const BACKUP_FORMAT: &str = "canary-backup";
/// The layout version of the backup document (not the store schema).
pub const BACKUP_VERSION: u64 = 1;

/// Tables written first, in this order (parents before the rows that point at them);
/// any other table follows in name order.
const ORDER: &[&str] = &[
    "meta",
    "import_runs",
    "import_skips",
    "events",
    "answers",
    "checkins",
    "support",
    "plan_progress",
    "agreements",
    "profile",
    "reviews",
];

/// Tables computed from others (`source_stats` from `events`): not written to backups,
/// ignored if a backup holds them, and recomputed by [`Store::restore`].
pub const DERIVED: &[&str] = &["source_stats"];

/// A backup could not be written or read.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write the backup")]
    Write(#[source] std::io::Error),
    #[error("not a readable Canary backup: {0}")]
    Invalid(String),
    #[error(
        "the backup has store schema {found}, newer than this Canary knows ({known}): upgrade Canary"
    )]
    TooNew { found: i64, known: i64 },
    #[error(
        "the store already holds data ({0}); restore into an empty store, or replace what it holds"
    )]
    NotEmpty(String),
}

impl From<rusqlite::Error> for BackupError {
    fn from(e: rusqlite::Error) -> Self {
        BackupError::Store(StoreError::Sql(e))
    }
}

/// How many rows each table held, in backup order.
pub type TableCounts = Vec<(String, u64)>;

/// Where restored rows go.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreMode {
    /// Only into a store without events, runs or journal rows.
    IntoEmpty,
    /// Delete everything the store holds first (in the same transaction).
    Replace,
}

impl Store {
    /// The tables a backup covers, in backup order.
    pub fn backup_tables(&self) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )?;
        let mut names = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<Result<Vec<_>, _>>()?;
        names.retain(|n| !DERIVED.contains(&n.as_str()));
        let rank = |n: &str| ORDER.iter().position(|o| *o == n).unwrap_or(ORDER.len());
        names.sort_by(|a, b| rank(a).cmp(&rank(b)).then_with(|| a.cmp(b)));
        Ok(names)
    }

    /// Tables other than `meta` that hold rows, with their counts.
    pub fn nonempty_tables(&self) -> Result<TableCounts, StoreError> {
        let mut out = Vec::new();
        for t in self.backup_tables()? {
            if t == "meta" {
                continue;
            }
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT count(*) FROM {}", quote(&t)), [], |r| {
                        r.get(0)
                    })?;
            let n = n as u64;
            if n > 0 {
                out.push((t, n));
            }
        }
        Ok(out)
    }

    /// Write the whole store as one JSON backup, a row at a time, from one consistent
    /// snapshot. Returns the rows written per table.
    pub fn export(&self, out: &mut impl Write) -> Result<TableCounts, BackupError> {
        let tx = self.conn.unchecked_transaction()?;
        let w = |out: &mut dyn Write, s: &str| out.write_all(s.as_bytes());
        let schema = self.schema_version()?;
        let mut counts = Vec::new();
        write!(
            out,
            "{{\"format\":\"{BACKUP_FORMAT}\",\"version\":{BACKUP_VERSION},\"schema_version\":{schema},\"tables\":{{"
        )
        .map_err(BackupError::Write)?;
        for (ti, table) in self.backup_tables()?.iter().enumerate() {
            let mut stmt = tx.prepare(&format!("SELECT * FROM {} ORDER BY rowid", quote(table)))?;
            let columns: Vec<String> = stmt
                .column_names()
                .map(std::string::ToString::to_string)
                .collect();
            let head = serde_json::json!({ "columns": columns }).to_string();
            let sep = if ti == 0 { "\n" } else { ",\n" };
            write!(
                out,
                "{sep}{}:{},\"rows\":[",
                Value::from(table.as_str()),
                &head[..head.len() - 1]
            )
            .map_err(BackupError::Write)?;
            let mut rows = stmt.query([])?;
            let mut n = 0u64;
            while let Some(row) = rows.next()? {
                let values = (0..columns.len())
                    .map(|i| row.get_ref(i).map(to_json))
                    .collect::<Result<Vec<_>, _>>()?;
                w(out, if n == 0 { "\n" } else { ",\n" }).map_err(BackupError::Write)?;
                serde_json::to_writer(&mut *out, &values)
                    .map_err(|e| BackupError::Write(e.into()))?;
                n += 1;
            }
            w(out, "]}").map_err(BackupError::Write)?;
            counts.push((table.clone(), n));
        }
        w(out, "\n}}\n").map_err(BackupError::Write)?;
        out.flush().map_err(BackupError::Write)?;
        tx.finish()?;
        Ok(counts)
    }

    /// Read a backup written by [`Store::export`] into this store, in one transaction: all of
    /// it or nothing. Returns the rows restored per table.
    pub fn restore(
        &mut self,
        reader: impl Read,
        mode: RestoreMode,
    ) -> Result<TableCounts, BackupError> {
        let busy = self.nonempty_tables()?;
        if mode == RestoreMode::IntoEmpty && !busy.is_empty() {
            let list: Vec<String> = busy.iter().map(|(t, n)| format!("{t}: {n}")).collect();
            return Err(BackupError::NotEmpty(list.join(", ")));
        }
        let tables = self.backup_tables()?;
        let tx = self.conn.transaction()?;
        // Children first, so foreign keys never see a dangling row.
        for t in tables.iter().rev() {
            tx.execute(&format!("DELETE FROM {}", quote(t)), [])?;
        }
        let mut de = serde_json::Deserializer::from_reader(std::io::BufReader::new(reader));
        let schema = std::cell::Cell::new(migrations::CURRENT);
        let counts = DocumentSeed {
            tx: &tx,
            known: &tables,
            schema: &schema,
        }
        .deserialize(&mut de)
        .map_err(|e| BackupError::Invalid(e.to_string()))?;
        de.end().map_err(|e| BackupError::Invalid(e.to_string()))?;
        let violations: i64 =
            tx.query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })?;
        if violations > 0 {
            return Err(BackupError::Invalid(format!(
                "{violations} rows point at rows the backup does not hold"
            )));
        }
        if schema.get() < migrations::REHASHED {
            // A backup from before keys were hashed: store its rows as a migrated store would.
            migrations::rehash(&tx)?;
        }
        refresh_source_stats(&tx)?;
        tx.commit()?;
        Ok(counts)
    }
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

pub(super) fn to_json(v: ValueRef<'_>) -> Value {
    match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::from(i),
        ValueRef::Real(f) => Value::from(f),
        ValueRef::Text(t) => Value::from(String::from_utf8_lossy(t).into_owned()),
        ValueRef::Blob(b) => {
            let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
            serde_json::json!({ "blob": hex })
        }
    }
}

fn from_json(v: Value) -> Result<SqlValue, String> {
    Ok(match v {
        Value::Null => SqlValue::Null,
        Value::Bool(b) => SqlValue::Integer(b.into()),
        Value::Number(n) => match n.as_i64() {
            Some(i) => SqlValue::Integer(i),
            None => SqlValue::Real(n.as_f64().ok_or("a number out of range")?),
        },
        Value::String(s) => SqlValue::Text(s),
        Value::Object(o) => {
            let hex = o
                .get("blob")
                .and_then(Value::as_str)
                .ok_or("an object that is not {\"blob\": \"<hex>\"}")?;
            if hex.len() % 2 != 0 {
                return Err("a blob with an odd number of hex digits".into());
            }
            let bytes = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|_| "a blob that is not hex")?;
            SqlValue::Blob(bytes)
        }
        Value::Array(_) => return Err("an array where a value belongs".into()),
    })
}

/// Check one row of a backup before it is restored, by the rules its readers rely on: an
/// event as an importer would have made it ([`decode_event`]), every instant in the supported
/// range, a known support kind, well-formed review dates, questionnaire answers that are JSON. A table this
/// build does not know the shape of is left to the schema's own checks.
fn check_row(table: &str, columns: &[String], values: &[SqlValue]) -> Result<(), String> {
    let get = |name: &str| columns.iter().position(|c| c == name).map(|i| &values[i]);
    if table == "events" {
        // Columns the backup lacks (an older schema) take their defaults.
        let row: Vec<SqlValue> = EVENT_COLUMNS
            .iter()
            .map(|c| match get(c) {
                Some(v) => v.clone(),
                None if *c == "automated" || *c == "personal" => SqlValue::Integer(0),
                None => SqlValue::Null,
            })
            .collect();
        return decode_event(&row).map(|_| ());
    }
    let instants: &[&str] = match table {
        "import_runs" => &["started_at", "finished_at"],
        "answers" => &["taken_at"],
        "checkins" => &["taken_at"],
        "support" => &["added_at", "last_contact"],
        "plan_progress" => &["done_at"],
        "agreements" => &["agreed_at"],
        "reviews" => &["reviewed_at"],
        _ => &[],
    };
    for c in instants {
        match get(c) {
            Some(SqlValue::Integer(secs)) if jiff::Timestamp::from_second(*secs).is_err() => {
                return Err(format!(
                    "`{c}` {secs} is out of the supported range (years -9999 to 9999)"
                ));
            }
            Some(SqlValue::Integer(_) | SqlValue::Null) | None => {}
            Some(_) => return Err(format!("`{c}` is not an integer")),
        }
    }
    let text = |c: &str| match get(c) {
        Some(SqlValue::Text(s)) => Some(s.as_str()),
        _ => None,
    };
    match table {
        "support" => {
            if let Some(k) = text("kind")
                && SupportKind::parse(k).is_none()
            {
                return Err(format!("unknown support kind `{}`", k.escape_debug()));
            }
        }
        "reviews" => {
            for c in ["since", "until"] {
                if let Some(d) = text(c)
                    && d.parse::<jiff::civil::Date>().is_err()
                {
                    return Err(format!("`{c}` `{}` is not a date", d.escape_debug()));
                }
            }
        }
        "answers" => {
            for c in ["answers", "scores"] {
                if let Some(j) = text(c)
                    && serde_json::from_str::<IgnoredAny>(j).is_err()
                {
                    return Err(format!("`{c}` is not JSON"));
                }
            }
        }
        "checkins" => {
            for c in ["stress", "sleep", "exercise", "social", "hobby"] {
                let max = if matches!(c, "stress" | "sleep") {
                    255
                } else {
                    1
                };
                match get(c) {
                    Some(SqlValue::Integer(v)) if !(0..=max).contains(v) => {
                        return Err(format!("`{c}` {v} is out of range"));
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// The whole document: checks the header, then restores each table.
struct DocumentSeed<'a> {
    tx: &'a Transaction<'a>,
    known: &'a [String],
    /// The backup's store schema, once read.
    schema: &'a std::cell::Cell<i64>,
}

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_> {
    type Value = TableCounts;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<TableCounts, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_> {
    type Value = TableCounts;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a Canary backup object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TableCounts, A::Error> {
        let mut format_ok = false;
        let mut counts = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    let f: String = map.next_value()?;
                    if f != BACKUP_FORMAT {
                        return Err(de::Error::custom(format!("format is `{f}`")));
                    }
                    format_ok = true;
                }
                "version" => {
                    let v: u64 = map.next_value()?;
                    if v > BACKUP_VERSION {
                        return Err(de::Error::custom(format!(
                            "backup layout {v} is newer than this Canary reads ({BACKUP_VERSION}): upgrade Canary"
                        )));
                    }
                }
                "schema_version" => {
                    let found: i64 = map.next_value()?;
                    self.schema.set(found);
                    if found > migrations::CURRENT {
                        return Err(de::Error::custom(
                            BackupError::TooNew {
                                found,
                                known: migrations::CURRENT,
                            }
                            .to_string(),
                        ));
                    }
                }
                "tables" => {
                    if !format_ok {
                        return Err(de::Error::custom("`format` must come before `tables`"));
                    }
                    counts = Some(map.next_value_seed(TablesSeed {
                        tx: self.tx,
                        known: self.known,
                    })?);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        counts.ok_or_else(|| de::Error::custom("no `tables`"))
    }
}

struct TablesSeed<'a> {
    tx: &'a Transaction<'a>,
    known: &'a [String],
}

impl<'de> DeserializeSeed<'de> for TablesSeed<'_> {
    type Value = TableCounts;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<TableCounts, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TablesSeed<'_> {
    type Value = TableCounts;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of tables")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<TableCounts, A::Error> {
        let mut counts = Vec::new();
        while let Some(table) = map.next_key::<String>()? {
            if DERIVED.contains(&table.as_str()) {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            if !self.known.contains(&table) {
                return Err(de::Error::custom(format!(
                    "table `{table}` is unknown to this Canary (a backup from a newer version?)"
                )));
            }
            let n = map.next_value_seed(TableSeed {
                tx: self.tx,
                table: &table,
            })?;
            counts.push((table, n));
        }
        Ok(counts)
    }
}

/// One table: `columns`, then `rows` inserted one by one.
struct TableSeed<'a> {
    tx: &'a Transaction<'a>,
    table: &'a str,
}

impl<'de> DeserializeSeed<'de> for TableSeed<'_> {
    type Value = u64;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<u64, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for TableSeed<'_> {
    type Value = u64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a table with columns and rows")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<u64, A::Error> {
        let mut columns: Option<Vec<String>> = None;
        let mut n = 0;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "columns" => columns = Some(map.next_value()?),
                "rows" => {
                    let cols = columns.as_deref().ok_or_else(|| {
                        de::Error::custom(format!("{}: `columns` must come first", self.table))
                    })?;
                    n = map.next_value_seed(RowsSeed {
                        tx: self.tx,
                        table: self.table,
                        columns: cols,
                    })?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(n)
    }
}

struct RowsSeed<'a> {
    tx: &'a Transaction<'a>,
    table: &'a str,
    columns: &'a [String],
}

impl<'de> DeserializeSeed<'de> for RowsSeed<'_> {
    type Value = u64;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<u64, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for RowsSeed<'_> {
    type Value = u64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an array of rows")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<u64, A::Error> {
        let sql = format!(
            "INSERT INTO {} ({}) VALUES ({})",
            quote(self.table),
            self.columns
                .iter()
                .map(|c| quote(c))
                .collect::<Vec<_>>()
                .join(", "),
            vec!["?"; self.columns.len()].join(", ")
        );
        let fail = |e: String| de::Error::custom(format!("{}: {e}", self.table));
        let mut stmt = self
            .tx
            .prepare_cached(&sql)
            .map_err(|e| fail(e.to_string()))?;
        let mut n = 0;
        while let Some(row) = seq.next_element::<Vec<Value>>()? {
            if row.len() != self.columns.len() {
                return Err(fail(format!(
                    "row {} has {} values for {} columns",
                    n + 1,
                    row.len(),
                    self.columns.len()
                )));
            }
            let values = row
                .into_iter()
                .map(from_json)
                .collect::<Result<Vec<_>, _>>()
                .and_then(|values| check_row(self.table, self.columns, &values).map(|()| values))
                .map_err(|e| fail(format!("row {}: {e}", n + 1)))?;
            stmt.execute(params_from_iter(values))
                .map_err(|e| fail(format!("row {}: {e}", n + 1)))?;
            n += 1;
        }
        Ok(n)
    }
}
