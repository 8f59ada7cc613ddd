//! Reading events: [`Store::events`], and the rules a stored row must meet to be an event
//! ([`decode_event`]), shared with `restore`.
//!
//! **Speed.** A row is decoded from values borrowed from SQLite ([`Cell`]): a string is
//! allocated only for the fields an [`Event`] keeps as strings, and the source, kind and
//! urgency are matched as `&str`. A read that covers much of the store walks the table in the
//! order its rows lie and sorts them in memory by `(utc, id)`, which gives the same list as
//! `ORDER BY utc, id` over the `events_utc` index without a B-tree search per row; a narrow
//! window (a night, the default 26 weeks of a long history) uses the index. A walk in row
//! order of at least [`SPLIT_FROM`] rows is shared between threads by ranges of row ids, each
//! on its own connection to the same snapshot of the store ([`parts`]).

use jiff::{SignedDuration, Timestamp};
use rusqlite::params_from_iter;
use rusqlite::types::{Value as SqlValue, ValueRef};

use super::{Store, StoreError};
use crate::event::{Event, EventKind, SourceKind, Urgency};

mod parts;

pub(super) use parts::SPLIT_FROM;

/// The columns an event is read from, in the order [`decode_event`] takes them.
pub(super) const EVENT_COLUMNS: [&str; 15] = [
    "source",
    "key",
    "kind",
    "utc",
    "utc_offset",
    "duration",
    "urgency",
    "actor",
    "counterpart",
    "parent",
    "context",
    "priority",
    "automated",
    "personal",
    "identity",
];

/// The largest UTC offset a time zone can have (jiff's bound: 25:59:59).
const MAX_OFFSET: i64 = 93_599;

/// A read whose window is estimated to hold at least this share of the store's events walks
/// the table in row order and sorts in memory (see the module's note); a narrower one uses
/// the `events_utc` index. Either way the list is the same.
const SCAN_SHARE: f64 = 0.2;

/// A stored value in a reason: at most 40 characters, control characters escaped.
fn shown(s: &str) -> String {
    let short: String = s.chars().take(40).collect();
    let more = if short.len() < s.len() { "…" } else { "" };
    format!("{}{more}", short.escape_debug())
}

/// One stored value as [`decode_event`] reads it, borrowed from a row or a backup's values.
#[derive(Debug, Clone, Copy)]
pub(super) enum Cell<'a> {
    Null,
    Int(i64),
    Text(&'a str),
    /// A real or a blob: never an event's value.
    Other,
}

impl<'a> From<&'a SqlValue> for Cell<'a> {
    fn from(v: &'a SqlValue) -> Cell<'a> {
        match v {
            SqlValue::Null => Cell::Null,
            SqlValue::Integer(n) => Cell::Int(*n),
            SqlValue::Text(s) => Cell::Text(s),
            SqlValue::Real(_) | SqlValue::Blob(_) => Cell::Other,
        }
    }
}

/// Column `i` of a row, borrowed. Text that is not UTF-8 fails as `row.get::<Value>` does.
fn cell<'a>(row: &'a rusqlite::Row<'_>, i: usize) -> Result<Cell<'a>, rusqlite::Error> {
    Ok(match row.get_ref(i)? {
        ValueRef::Null => Cell::Null,
        ValueRef::Integer(n) => Cell::Int(n),
        ValueRef::Text(b) => {
            Cell::Text(std::str::from_utf8(b).map_err(|e| rusqlite::Error::Utf8Error(i, e))?)
        }
        ValueRef::Real(_) | ValueRef::Blob(_) => Cell::Other,
    })
}

/// An event from its stored values (in [`EVENT_COLUMNS`] order), or why the row is not one:
/// the rules every imported event meets — a known source and kind, a time in the supported
/// range (jiff's, years -9999 to 9999), a span that ends in it, an offset a zone can have, a
/// known urgency, a priority 1 to 5, and every value of its column's type. Used when reading
/// (an unreadable row is skipped and counted) and by `restore` (it refuses the backup).
pub(super) fn decode_event(v: &[SqlValue]) -> Result<Event, String> {
    let cells: Vec<Cell<'_>> = v.iter().map(Cell::from).collect();
    decode_cells(&cells)
}

/// [`decode_event`] over borrowed values.
fn decode_cells(v: &[Cell<'_>]) -> Result<Event, String> {
    let col = |i: usize| EVENT_COLUMNS[i];
    let text = |i: usize| match v[i] {
        Cell::Text(s) => Ok(s),
        _ => Err(format!("`{}` is not text", col(i))),
    };
    let opt_text = |i: usize| match v[i] {
        Cell::Null => Ok(None),
        Cell::Text(s) => Ok(Some(s)),
        _ => Err(format!("`{}` is not text", col(i))),
    };
    let opt_string = |i: usize| opt_text(i).map(|s| s.map(str::to_string));
    let opt_int = |i: usize| match v[i] {
        Cell::Null => Ok(None),
        Cell::Int(n) => Ok(Some(n)),
        _ => Err(format!("`{}` is not an integer", col(i))),
    };
    let source = text(0)?;
    let source = SourceKind::ALL
        .into_iter()
        .find(|k| k.as_str() == source)
        .ok_or_else(|| format!("unknown source `{}`", shown(source)))?;
    let kind = text(2)?;
    let kind = EventKind::ALL
        .into_iter()
        .find(|k| k.as_str() == kind)
        .ok_or_else(|| format!("unknown event kind `{}`", shown(kind)))?;
    let secs = opt_int(3)?.ok_or("`utc` is missing")?;
    let utc = Timestamp::from_second(secs)
        .map_err(|_| format!("time {secs} is out of the supported range (years -9999 to 9999)"))?;
    let offset = match opt_int(4)? {
        None => None,
        Some(o) if (-MAX_OFFSET..=MAX_OFFSET).contains(&o) => Some(o as i32),
        Some(o) => return Err(format!("UTC offset {o} s is beyond ±25:59:59")),
    };
    let duration = opt_int(5)?;
    if let Some(d) = duration
        && utc.checked_add(SignedDuration::from_secs(d)).is_err()
    {
        return Err(format!("duration {d} s ends out of the supported range"));
    }
    let urgency = match opt_text(6)? {
        None => None,
        Some(u) => {
            Some(Urgency::parse(u).ok_or_else(|| format!("unknown urgency `{}`", shown(u)))?)
        }
    };
    let priority = match opt_int(11)? {
        None => None,
        Some(p @ 1..=5) => Some(p as u8),
        Some(p) => return Err(format!("priority {p} is not 1 to 5")),
    };
    let automated = match opt_int(12)? {
        Some(0) => false,
        Some(1) => true,
        _ => return Err("`automated` is not 0 or 1".into()),
    };
    let personal = match opt_int(13)? {
        Some(0) => false,
        Some(1) => true,
        _ => return Err("`personal` is not 0 or 1".into()),
    };
    Ok(Event {
        source,
        key: text(1)?.to_string(),
        kind,
        utc,
        offset,
        duration,
        urgency,
        actor: opt_string(7)?,
        counterpart: opt_string(8)?,
        parent: opt_string(9)?,
        context: opt_string(10)?,
        priority,
        automated,
        personal,
        identity: opt_string(14)?,
    })
}

/// Which events to read.
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    /// Events starting at or after this instant.
    pub since: Option<Timestamp>,
    /// Events starting before this instant.
    pub until: Option<Timestamp>,
    /// Only these kinds (all when empty).
    pub kinds: Vec<EventKind>,
    /// Only these sources (all when empty).
    pub sources: Vec<SourceKind>,
}

/// How [`Store::events`] walks the table (the same list either way).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Walk {
    /// `ORDER BY utc, id` over the `events_utc` index.
    ByTime,
    /// The table in row order, sorted in memory by `(utc, id)`.
    InRowOrder,
}

impl Store {
    /// Events matching a filter, ordered by start (then by row id).
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<Event>, StoreError> {
        let (share, total) = self.share_estimate(filter)?;
        let walk = if share >= SCAN_SHARE {
            Walk::InRowOrder
        } else {
            Walk::ByTime
        };
        // Room for the rows expected, so a million are not copied as the list grows.
        let expected = if filter.kinds.is_empty() && filter.sources.is_empty() {
            (share * total as f64) as usize
        } else {
            0
        };
        self.events_walking(filter, walk, expected)
    }

    /// The share of the store's events a filter's time window is expected to hold, from the
    /// per-source counts and first and last times of `source_stats` (as if each source's
    /// events were spread evenly between its first and last), and the store's event count:
    /// only to choose how to read.
    fn share_estimate(&self, filter: &EventFilter) -> Result<(f64, u64), StoreError> {
        let lo = filter.since.map_or(i64::MIN, Timestamp::as_second) as f64;
        let hi = filter.until.map_or(i64::MAX, Timestamp::as_second) as f64;
        let (mut inside, mut total) = (0.0, 0.0);
        let summaries = self.source_summaries()?;
        let count = summaries.iter().map(|s| s.events).sum();
        if filter.since.is_none() && filter.until.is_none() {
            return Ok((1.0, count));
        }
        for s in summaries {
            let n = s.events as f64;
            let (first, last) = (s.first.as_second() as f64, s.last.as_second() as f64);
            total += n;
            inside += if last <= first {
                if (lo..hi).contains(&first) { n } else { 0.0 }
            } else {
                let covered = (hi.min(last + 1.0) - lo.max(first)).max(0.0);
                n * (covered / (last + 1.0 - first)).min(1.0)
            };
        }
        Ok((if total == 0.0 { 0.0 } else { inside / total }, count))
    }

    /// [`Store::events`] walking the table one given way. A large read in row order is split
    /// between threads when it can be (see [`parts`]); the list is the same.
    pub(super) fn events_walking(
        &self,
        filter: &EventFilter,
        walk: Walk,
        expected: usize,
    ) -> Result<Vec<Event>, StoreError> {
        let walked = match walk {
            Walk::InRowOrder if expected >= SPLIT_FROM => self.events_in_parts(filter, expected)?,
            _ => None,
        };
        let walked = match walked {
            Some(walked) => walked,
            None => {
                let (sql, args) = query(filter, walk, None);
                let mut stmt = self.conn().prepare_cached(&sql)?;
                let mut rows = stmt.query(params_from_iter(args))?;
                walk_rows(&mut rows, walk, expected, |id, reason| {
                    self.note_unreadable("events", id, reason);
                })?
                .map(|walked| vec![walked])
            }
        };
        match walked {
            Ok(parts) => Ok(in_order(parts)),
            // Met out of time order, an unreadable row would be reported in another order
            // than the index's: read the index's way (rare: an edited store).
            Err(MetUnreadable) => self.events_walking(filter, Walk::ByTime, expected),
        }
    }

    /// Events dated before `earliest` or after `now`: kept out of metrics, but reported.
    pub fn implausible_events(
        &self,
        earliest: Timestamp,
        now: Timestamp,
    ) -> Result<Vec<Event>, StoreError> {
        let mut before = self.events(&EventFilter {
            until: Some(earliest),
            ..EventFilter::default()
        })?;
        let after = self.events(&EventFilter {
            since: now.checked_add(jiff::SignedDuration::from_secs(1)).ok(),
            ..EventFilter::default()
        })?;
        before.extend(after);
        Ok(before)
    }
}

/// The query for a filter walked one way, with its arguments; `ids` limits it to a range of
/// row ids (both ends included).
fn query(filter: &EventFilter, walk: Walk, ids: Option<(i64, i64)>) -> (String, Vec<SqlValue>) {
    let table = match walk {
        Walk::ByTime => "events",
        Walk::InRowOrder => "events NOT INDEXED",
    };
    let mut sql = format!(
        "SELECT id, {} FROM {table} WHERE 1=1",
        EVENT_COLUMNS.join(", ")
    );
    let mut args: Vec<SqlValue> = Vec::new();
    if let Some((first, last)) = ids {
        sql.push_str(" AND id BETWEEN ? AND ?");
        args.extend([first.into(), last.into()]);
    }
    if let Some(s) = filter.since {
        sql.push_str(" AND utc >= ?");
        args.push(s.as_second().into());
    }
    if let Some(u) = filter.until {
        sql.push_str(" AND utc < ?");
        args.push(u.as_second().into());
    }
    if !filter.kinds.is_empty() {
        sql.push_str(&format!(
            " AND kind IN ({})",
            vec!["?"; filter.kinds.len()].join(",")
        ));
        args.extend(filter.kinds.iter().map(|k| k.as_str().to_string().into()));
    }
    if !filter.sources.is_empty() {
        sql.push_str(&format!(
            " AND source IN ({})",
            vec!["?"; filter.sources.len()].join(",")
        ));
        args.extend(filter.sources.iter().map(|k| k.as_str().to_string().into()));
    }
    if walk == Walk::ByTime {
        sql.push_str(" ORDER BY utc, id");
    }
    (sql, args)
}

/// A walk in row order met a row that cannot be read: the read is made again by time, so
/// that unreadable rows are reported in the same order whichever way the store is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct MetUnreadable;

/// What a walk over rows read: the events in the order met and, walking in row order, each
/// one's `(utc, id)` (walking by time, the events are in order already).
#[derive(Debug)]
pub(super) struct Walked {
    events: Vec<Event>,
    keys: Vec<(i64, i64)>,
}

/// The events of walks over ranges of rows (in the ranges' order), ordered by `(utc, id)`.
pub(super) fn in_order(mut parts: Vec<Walked>) -> Vec<Event> {
    let sorted_keys = |p: &Walked| p.keys.is_empty() || p.keys.is_sorted();
    if parts.len() == 1 && sorted_keys(&parts[0]) {
        return parts.pop().map(|p| p.events).unwrap_or_default();
    }
    // Per event, its place in the list and where it was read (counting through the parts);
    // the sort finds the runs rows lie in (an import's rows are mostly in time order) and
    // merges them, and every event is moved once.
    let mut order: Vec<(i64, i64, usize)> =
        Vec::with_capacity(parts.iter().map(|p| p.events.len()).sum());
    for p in &parts {
        let base = order.len();
        order.extend(
            p.keys
                .iter()
                .enumerate()
                .map(|(i, &(utc, id))| (utc, id, base + i)),
        );
    }
    order.sort();
    // Each part's list becomes its slots in place (no copy); `starts` finds an event's part.
    let starts: Vec<usize> = parts
        .iter()
        .scan(0, |at, p| {
            let start = *at;
            *at += p.events.len();
            Some(start)
        })
        .collect();
    let mut slots: Vec<Vec<Option<Event>>> = parts
        .into_iter()
        .map(|p| p.events.into_iter().map(Some).collect())
        .collect();
    let events: Vec<Event> = order
        .iter()
        .filter_map(|&(_, _, i)| {
            let k = starts.partition_point(|&s| s <= i) - 1;
            slots[k][i - starts[k]].take()
        })
        .collect();
    // Every slot is empty now, but walking them and giving their memory back is 30 ms.
    let slotted = events.len();
    crate::free::drop_beside(slots, slotted);
    events
}

/// Decode every row a query gives. Walking by time, a row that cannot be read (edited by
/// hand, a foreign tool) is skipped and given to `unreadable` with its id and why; walking in
/// row order, the walk stops at it.
fn walk_rows(
    rows: &mut rusqlite::Rows<'_>,
    walk: Walk,
    expected: usize,
    mut unreadable: impl FnMut(i64, String),
) -> Result<Result<Walked, MetUnreadable>, rusqlite::Error> {
    let mut walked = Walked {
        events: Vec::with_capacity(expected),
        keys: Vec::with_capacity(match walk {
            Walk::ByTime => 0,
            Walk::InRowOrder => expected,
        }),
    };
    while let Some(r) = rows.next()? {
        let id: i64 = r.get(0)?;
        let mut cells = [Cell::Null; EVENT_COLUMNS.len()];
        for (i, c) in cells.iter_mut().enumerate() {
            *c = cell(r, i + 1)?;
        }
        match decode_cells(&cells) {
            Ok(e) => {
                if walk == Walk::InRowOrder {
                    walked.keys.push((e.utc.as_second(), id));
                }
                walked.events.push(e);
            }
            Err(_) if walk == Walk::InRowOrder => return Ok(Err(MetUnreadable)),
            Err(reason) => unreadable(id, reason),
        }
    }
    Ok(Ok(walked))
}
