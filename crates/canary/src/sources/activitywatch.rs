//! ActivityWatch export (`aw-buckets-export.json`, from the web UI's *Raw Data → Export all
//! buckets as JSON*): `{"buckets": {id: {type, hostname, events: [{timestamp, duration,
//! data}]}}}`, or aw-server-rust's own SQLite database
//! (`~/.local/share/activitywatch/aw-server-rust/sqlite.db`), told apart by content.
//!
//! Active time is what ActivityWatch's own "active" view counts: the `currentwindow` events
//! intersected with the `not-afk` periods of the `afkstatus` buckets of the same host.
//!
//! ```text
//! window   |--a--|  |-----b-----|   |--c--|
//! not-afk      |-------|     |----------|
//! spans        |a|  |-|      |b-|   |c|
//! ```
//!
//! Each piece of a window event that survives becomes one [`EventKind::ActiveSpan`] starting at
//! the piece's start, `duration` its length in whole seconds (rounded; pieces under a second
//! are dropped), key `<bucket id>/<start in µs>`, so importing again adds nothing. Time is
//! never counted twice on one host: where window events overlap (in one bucket, or in several
//! window buckets of the same host), the earlier-starting event keeps the overlap and later
//! ones keep only the rest. Window buckets of different hosts are all kept (two machines in use
//! at once are one stretch of work once metrics merge spans).
//!
//! A host with no `afkstatus` bucket, or only empty ones, has no AFK information: its window
//! events are taken as they are. Work versus personal follows the person's `[personal]` rules
//! (see [`crate::settings::personal`]): a computer's window whose app or title matches
//! `apps`/`titles` is personal. A phone's window bucket (aw-android: client `aw-android`, or a
//! bucket id with `android`) has no AFK data and its foreground apps are mostly social, chat
//! and video: while `phone_work_apps` is empty it is left out with one skip naming the setting,
//! its events counted as skipped; once it lists the work apps (matched against the event's
//! `app`, `package` and `classname`), those are work and every other app is personal.
//! `-o phone_is_work=true` still counts the whole phone as work. All other bucket types (web,
//! editor, stopwatch, input) are ignored: they describe what was done inside a window, not
//! more time. App names, window titles and URLs are read only to apply those rules and never
//! kept; timestamps are stored in UTC (the export's offsets are ActivityWatch's storage
//! offsets, not the user's). An event with an unreadable timestamp or a negative or
//! non-numeric duration is skipped as `bucket <id> event #n: reason`.
//!
//! The database is opened read-only (`mode=ro`, which works while aw-server has it open in WAL
//! mode). From its `buckets` table only `id`, `name` (the bucket id), `type` and `hostname` of
//! `currentwindow` and `afkstatus` buckets are read; from `events` only `starttime` and
//! `endtime` (nanoseconds since the epoch) and, from `data`, the `status` of AFK events and the
//! `app`, `title`, `package` and `classname` of window events (for the rules, not kept). Both inputs go through the same code, so an export and the database of the same
//! data give the same events and keys, and de-duplicate. A SQLite file without those tables is
//! refused; the older Python aw-server's database (`bucketmodel`/`eventmodel`) is refused with
//! a hint to export.
//!
//! `canary sync` resumes a database ([`Resume::since_micros`](super::Resume::since_micros)):
//! only events ending at or after that instant are read, window and AFK alike, plus any
//! earlier window event overlapping one of them (see [`read_database_since`]), so every piece
//! read comes out with the start, hence the key, a whole read gives it; pieces read again
//! de-duplicate in the store. An export is always read whole.

use std::collections::BTreeMap;
use std::path::Path;

use jiff::Timestamp;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, ErrorCode, OpenFlags};
use serde::Deserialize;
use serde::de::{Deserializer, SeqAccess, Visitor};
use serde_json::Value;

use super::options::Key;
use super::{ImportContext, ImportError, Location, Sink};
use crate::event::{Event, EventKind, SourceKind};
use crate::settings::PersonalRules;

/// The hint given when the input is not an export.
pub const EXPORT_HINT: &str = "export from ActivityWatch's web UI (http://localhost:5600 → Raw \
Data → Export all buckets as JSON) and import the aw-buckets-export.json file";

const MICROS: i64 = 1_000_000;

/// The start of every SQLite database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// Periods `[start, end)` in µs since the Unix epoch.
type Periods = Vec<(i64, i64)>;

/// What was found in one window bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BucketSummary {
    pub bucket: String,
    pub hostname: String,
    /// Whether the host had AFK data to intersect with.
    pub afk_filtered: bool,
    /// Spans imported as events.
    pub spans: u64,
    /// Active time of all pieces, including those under a second, in µs.
    pub active_micros: i64,
    /// Pieces under a second, left out.
    pub short: u64,
}

/// Import the ActivityWatch export or aw-server-rust database at `path`.
pub fn import(path: &Path, ctx: &ImportContext, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let phones = if ctx.options.get(PHONE_IS_WORK).unwrap_or(false) {
        Phones::Work
    } else if ctx.personal.phone_work_apps.is_empty() {
        Phones::LeftOut
    } else {
        Phones::WorkAppsOnly
    };
    let rules = Rules {
        phones,
        personal: &ctx.personal,
    };
    if path.is_dir() {
        return Err(ImportError::refused(
            path,
            "a folder, not an ActivityWatch export file",
            Some(EXPORT_HINT),
        ));
    }
    let file = std::fs::File::open(path).map_err(|e| ImportError::open(path, e))?;
    let mut head = Vec::with_capacity(SQLITE_MAGIC.len());
    std::io::Read::read_to_end(&mut std::io::Read::take(file, 16), &mut head)
        .map_err(|e| ImportError::open(path, e))?;
    if head == SQLITE_MAGIC {
        return read_database_since(path, &rules, ctx.resume.since_micros, sink).map(|_| ());
    }
    // Parsed whole: refused above a size (see [`super::bounded`]).
    let bytes = super::bounded::read_whole(
        path,
        super::bounded::JSON_MAX,
        "an ActivityWatch export",
        super::bounded::JSON_SPLIT_HINT,
    )?;
    read_bytes_with(&bytes, path, &rules, sink).map(|_| ())
}

/// The option that counts a phone's app time as work (`-o phone_is_work=true`).
pub const PHONE_IS_WORK: Key<bool> = Key::new("phone_is_work");

/// What to do with a phone's window bucket (aw-android: apps in the foreground, no AFK data).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phones {
    /// Left out, with one skip naming the bucket and the option (the default): a phone's
    /// foreground apps are mostly social, chat and video, not work.
    LeftOut,
    /// Counted like a computer's windows: the person declared the phone's apps are work.
    Work,
    /// The apps listed in `[personal] phone_work_apps` are work, the rest personal.
    WorkAppsOnly,
}

/// How window time is told apart: what to do with phones, and the person's rules.
#[derive(Debug, Clone, Copy)]
pub struct Rules<'a> {
    pub phones: Phones,
    pub personal: &'a PersonalRules,
}

/// No rules: phones left out, every computer window work.
static NO_RULES: PersonalRules = PersonalRules {
    apps: Vec::new(),
    titles: Vec::new(),
    phone_work_apps: Vec::new(),
    dirs: Vec::new(),
    hosts: Vec::new(),
    repos: Vec::new(),
    accounts: Vec::new(),
};

impl Rules<'static> {
    /// Phones left out, every computer window work.
    pub fn none() -> Rules<'static> {
        Rules {
            phones: Phones::LeftOut,
            personal: &NO_RULES,
        }
    }
}

/// Whether a bucket is a phone's (aw-android): its client says so, or its id does
/// (`aw-watcher-android-…`).
fn is_phone(id: &str, b: &Bucket) -> bool {
    b.client.as_str() == Some("aw-android") || id.contains("android")
}

/// Read an export's bytes; `path` names it in skips and errors. Returns one summary per window
/// bucket, in bucket-id order. A database is read from its file, by [`read_database`].
pub fn read_bytes(
    bytes: &[u8],
    path: &Path,
    sink: &mut dyn Sink,
) -> Result<Vec<BucketSummary>, ImportError> {
    read_bytes_with(bytes, path, &Rules::none(), sink)
}

/// [`read_bytes`], with the rules for phones and personal windows.
pub fn read_bytes_with(
    bytes: &[u8],
    path: &Path,
    rules: &Rules<'_>,
    sink: &mut dyn Sink,
) -> Result<Vec<BucketSummary>, ImportError> {
    if bytes.starts_with(SQLITE_MAGIC) {
        return Err(ImportError::refused(
            path,
            "an ActivityWatch database given as bytes; import the database file itself",
            Some(EXPORT_HINT),
        ));
    }
    sink.total(bytes.len() as u64);
    let export: Export = serde_json::from_slice(bytes).map_err(|e| {
        ImportError::refused(
            path,
            format!("not an ActivityWatch export: {e}"),
            Some(EXPORT_HINT),
        )
    })?;
    let Some(buckets) = export.buckets else {
        let reason = "not an ActivityWatch export: no `buckets` object";
        return Err(ImportError::refused(path, reason, Some(EXPORT_HINT)));
    };
    let summaries = active_spans(&buckets, path, rules, sink)?;
    sink.progress(bytes.len() as u64);
    Ok(summaries)
}

/// Read aw-server-rust's SQLite database at `path` (read-only). Returns one summary per window
/// bucket, in bucket-id order, exactly as [`read_bytes`] does for an export of the same data.
pub fn read_database(path: &Path, sink: &mut dyn Sink) -> Result<Vec<BucketSummary>, ImportError> {
    read_database_with(path, &Rules::none(), sink)
}

/// [`read_database`], with the rules for phones and personal windows.
pub fn read_database_with(
    path: &Path,
    rules: &Rules<'_>,
    sink: &mut dyn Sink,
) -> Result<Vec<BucketSummary>, ImportError> {
    read_database_since(path, rules, None, sink)
}

/// Whether the file at `path` is a SQLite database (by its first bytes), not an export.
pub fn is_database(path: &Path) -> bool {
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|()| &head == SQLITE_MAGIC)
}

/// What `canary sync` compares to tell a database unchanged, and resumes from: of its window
/// and AFK buckets' events, the newest end (µs), the highest row id, and the sum of every end
/// in whole seconds (it moves when ActivityWatch lengthens an event it already wrote, as its
/// heartbeats do, even when that event is not the newest). `None` each when there is no such
/// event. One query, no event's data decoded.
pub fn newest_event(path: &Path) -> Result<EventsMark, ImportError> {
    let conn = open_database(path)?;
    conn.query_row(
        &format!(
            "SELECT MAX(endtime), MAX(id), SUM(endtime / 1000000000) FROM events WHERE {READ_BUCKETS}"
        ),
        [],
        |r| {
            let int = |i| match r.get_ref(i) {
                Ok(ValueRef::Integer(n)) => Some(n),
                _ => None,
            };
            Ok(EventsMark {
                newest_end_micros: int(0).map(|ns| ns.div_euclid(1000)),
                last_id: int(1),
                end_seconds_sum: int(2),
            })
        },
    )
    .map_err(|e| sql_error(path, e))
}

/// See [`newest_event`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EventsMark {
    pub newest_end_micros: Option<i64>,
    pub last_id: Option<i64>,
    pub end_seconds_sum: Option<i64>,
}

/// The events Canary reads: those of window and AFK buckets.
const READ_BUCKETS: &str =
    "bucketrow IN (SELECT id FROM buckets WHERE type IN ('currentwindow', 'afkstatus'))";

/// The lowest `endtime` (ns) to read so that every window event ending at or after `since_ns`
/// is read together with every earlier window event that overlaps it: where window events
/// overlap on a host, one keeps the overlap and the other only the rest, so leaving one out
/// would move the other's piece start, hence its key, and count the overlap twice. Widened
/// until no window event left out ends after the first start read (then none left out
/// touches the time read); AFK events are read from the same bound, so their periods cover
/// every window piece read. Without overlaps, one more query.
fn resume_bound(conn: &Connection, since_ns: i64) -> rusqlite::Result<i64> {
    let mut bound = since_ns;
    loop {
        let first_start: Option<i64> = conn.query_row(
            "SELECT MIN(starttime) FROM events WHERE endtime >= ?1 AND bucketrow IN \
             (SELECT id FROM buckets WHERE type = 'currentwindow')",
            [bound],
            |r| match r.get_ref(0)? {
                ValueRef::Integer(n) => Ok(Some(n)),
                _ => Ok(None),
            },
        )?;
        match first_start {
            // Events ending after the first start overlap it: read them too.
            Some(s) if s.saturating_add(1) < bound => bound = s + 1,
            _ => return Ok(bound),
        }
    }
}

/// Open aw-server-rust's database read-only and check it has the tables and columns read.
fn open_database(path: &Path) -> Result<Connection, ImportError> {
    // Open errors from SQLite are vague ("unable to open database file"): ask the OS first.
    std::fs::File::open(path).map_err(|e| ImportError::open(path, e))?;
    let uri = super::atuin::uri(path).map_err(|e| ImportError::open(path, e))?;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let sql_err = |e| sql_error(path, e);
    let conn = Connection::open_with_flags(uri, flags).map_err(sql_err)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(sql_err)?;

    let columns = |table: &str| -> Result<Vec<String>, ImportError> {
        conn.prepare("SELECT name FROM pragma_table_info(?1)")
            .and_then(|mut s| s.query_map([table], |r| r.get(0))?.collect())
            .map_err(sql_err)
    };
    let (bucket_cols, event_cols) = (columns("buckets")?, columns("events")?);
    if bucket_cols.is_empty() || event_cols.is_empty() {
        let reason = if !columns("bucketmodel")?.is_empty() && !columns("eventmodel")?.is_empty() {
            "a database of the older Python aw-server, which Canary does not read"
        } else {
            "not an ActivityWatch database: it has no `buckets` and `events` tables"
        };
        return Err(ImportError::refused(path, reason, Some(EXPORT_HINT)));
    }
    for (table, have, needed) in [
        (
            "buckets",
            &bucket_cols,
            &["id", "name", "type", "hostname"][..],
        ),
        (
            "events",
            &event_cols,
            &["bucketrow", "starttime", "endtime", "data"][..],
        ),
    ] {
        if let Some(missing) = needed.iter().find(|n| !have.iter().any(|c| c == *n)) {
            return Err(ImportError::refused(
                path,
                format!(
                    "not an ActivityWatch database: its `{table}` table has no `{missing}` column"
                ),
                Some(EXPORT_HINT),
            ));
        }
    }
    Ok(conn)
}

/// [`read_database_with`], reading only the events ending at or after `since_micros` (µs),
/// with the earlier window events they overlap (see `resume_bound`): what `canary sync`
/// reads of a database it read before. Each piece read again has the key it had, so it
/// de-duplicates in the store; a window event still growing at the last read is read again
/// and its new pieces added. `None` reads every event.
pub fn read_database_since(
    path: &Path,
    rules: &Rules<'_>,
    since_micros: Option<i64>,
    sink: &mut dyn Sink,
) -> Result<Vec<BucketSummary>, ImportError> {
    let sql_err = |e| sql_error(path, e);
    let conn = open_database(path)?;
    // `None`: every event, also those whose `endtime` is not a number (skipped, counted).
    let bound: Option<i64> = match since_micros {
        None => None,
        Some(us) => Some(resume_bound(&conn, us.saturating_mul(1000)).map_err(sql_err)?),
    };

    let total: i64 = conn
        .query_row(
            &format!(
                "SELECT COUNT(*) FROM events WHERE (?1 IS NULL OR endtime >= ?1) AND {READ_BUCKETS}"
            ),
            [bound],
            |r| r.get(0),
        )
        .map_err(sql_err)?;
    sink.total(total.max(0) as u64);

    let mut rows: Vec<(i64, String, String, String)> = Vec::new();
    {
        let mut stmt = conn
            .prepare(
                "SELECT id, name, type, hostname FROM buckets \
                 WHERE type IN ('currentwindow', 'afkstatus')",
            )
            .map_err(sql_err)?;
        let mut q = stmt.query([]).map_err(sql_err)?;
        while let Some(r) = q.next().map_err(sql_err)? {
            let text = |i| match r.get_ref(i) {
                Ok(ValueRef::Text(t)) => String::from_utf8_lossy(t).into_owned(),
                _ => String::new(),
            };
            rows.push((r.get(0).map_err(sql_err)?, text(1), text(2), text(3)));
        }
    }

    // AFK events have their `status` read; window events the names the rules need.
    let mut window_events = conn
        .prepare(
            "SELECT starttime, endtime, \
             CASE WHEN json_valid(data) THEN json_extract(data, '$.app') END, \
             CASE WHEN json_valid(data) THEN json_extract(data, '$.title') END, \
             CASE WHEN json_valid(data) THEN json_extract(data, '$.package') END, \
             CASE WHEN json_valid(data) THEN json_extract(data, '$.classname') END \
             FROM events WHERE bucketrow = ?1 AND (?2 IS NULL OR endtime >= ?2) ORDER BY starttime, id",
        )
        .map_err(sql_err)?;
    let mut afk_events = conn
        .prepare(
            "SELECT starttime, endtime, \
             CASE WHEN json_valid(data) THEN json_extract(data, '$.status') END \
             FROM events WHERE bucketrow = ?1 AND (?2 IS NULL OR endtime >= ?2) ORDER BY starttime, id",
        )
        .map_err(sql_err)?;
    let mut buckets = BTreeMap::new();
    let mut done = 0u64;
    for (row, name, kind, hostname) in rows {
        let afk = kind == "afkstatus";
        let stmt = if afk {
            &mut afk_events
        } else {
            &mut window_events
        };
        let mut q = stmt.query(rusqlite::params![row, bound]).map_err(sql_err)?;
        let mut events = Vec::new();
        while let Some(r) = q.next().map_err(sql_err)? {
            done += 1;
            let int = |i| match r.get_ref(i) {
                Ok(ValueRef::Integer(n)) => Some(n),
                _ => None,
            };
            let text = |i| match r.get_ref(i) {
                Ok(ValueRef::Text(t)) => Some(String::from_utf8_lossy(t).into_owned()),
                _ => None,
            };
            let mut event = db_event(int(0), int(1), if afk { text(2) } else { None });
            if let (Ok(e), false) = (&mut event, afk) {
                e.names = WindowNames {
                    app: text(2),
                    title: text(3),
                    package: text(4),
                    classname: text(5),
                };
            }
            events.push(event);
        }
        sink.progress(done);
        // An AFK bucket whose events all ended before the bound still tells its host has AFK
        // data: without it the host's window events would be taken whole.
        let earlier = afk
            && bound.is_some()
            && conn
                .query_row(
                    "SELECT EXISTS (SELECT 1 FROM events WHERE bucketrow = ?1 AND endtime < ?2)",
                    rusqlite::params![row, bound],
                    |r| r.get::<_, bool>(0),
                )
                .map_err(sql_err)?;
        let bucket = Bucket {
            kind: Value::String(kind),
            hostname: Value::String(hostname),
            client: Value::Null,
            events: Events(events),
            earlier,
        };
        buckets.insert(name, bucket);
    }
    active_spans(&buckets, path, rules, sink)
}

/// One database event from its start and end in nanoseconds, read as its export would be:
/// the start in µs, the duration rounded to µs.
fn db_event(
    start: Option<i64>,
    end: Option<i64>,
    status: Option<String>,
) -> Result<RawEvent, String> {
    let (Some(start_ns), Some(end_ns)) = (start, end) else {
        return Err("`starttime` or `endtime` is not an integer".to_string());
    };
    let duration_ns = end_ns
        .checked_sub(start_ns)
        .filter(|&d| d >= 0)
        .ok_or("ends before it starts")?;
    let start = start_ns.div_euclid(1000);
    let end = start
        .checked_add((duration_ns + 500) / 1000)
        .filter(|&end| {
            Timestamp::from_microsecond(start).is_ok() && Timestamp::from_microsecond(end).is_ok()
        })
        .ok_or("out of range")?;
    Ok(RawEvent {
        start,
        end,
        status,
        names: WindowNames::default(),
    })
}

/// A SQLite error as an import error: "not a database" is a refusal, the rest a read error.
fn sql_error(path: &Path, e: rusqlite::Error) -> ImportError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => ImportError::refused(
            path,
            "not an ActivityWatch database: it is not a SQLite file",
            Some(EXPORT_HINT),
        ),
        _ => ImportError::open(path, std::io::Error::other(e)),
    }
}

/// The active spans of the window buckets in `buckets`, cut to not-AFK time, sent to `sink`.
fn active_spans(
    buckets: &BTreeMap<String, Bucket>,
    path: &Path,
    rules: &Rules<'_>,
    sink: &mut dyn Sink,
) -> Result<Vec<BucketSummary>, ImportError> {
    // A bucket id names the host (`aw-watcher-window_<hostname>`): a reason names the bucket
    // by its place in the export (sorted by id) and its watcher, the part before the host.
    let label = |id: &str| {
        let k = buckets.keys().position(|b| b == id).map_or(0, |p| p + 1);
        match id.split_once('_') {
            Some((watcher, _)) => format!("bucket #{k} ({})", crate::privacy::excerpt(watcher, 40)),
            None if id.contains("android") => format!("bucket #{k} (an Android watcher)"),
            None => format!("bucket #{k}"),
        }
    };
    let at = || Location {
        file: path.to_path_buf(),
        line: None,
    };
    let skip = |sink: &mut dyn Sink, id: &str, n: usize, reason: &str| {
        sink.skip(at(), format!("{} event #{n}: {reason}", label(id)));
    };

    // Not-AFK periods per host; a host is "filtered" once one AFK event was read.
    let mut not_afk: BTreeMap<&str, (bool, Periods)> = BTreeMap::new();
    for (id, b) in buckets.iter().filter(|(_, b)| b.is("afkstatus")) {
        let host = not_afk.entry(b.host()).or_default();
        host.0 |= b.earlier;
        for (i, e) in b.events.iter().enumerate() {
            match e {
                Ok(e) => {
                    host.0 = true;
                    if e.status.as_deref() == Some("not-afk") && e.start < e.end {
                        host.1.push((e.start, e.end));
                    }
                }
                Err(reason) => skip(sink, id, i + 1, reason),
            }
        }
    }
    let not_afk: BTreeMap<&str, Option<Periods>> = not_afk
        .into_iter()
        .map(|(host, (any, periods))| (host, any.then(|| merge(periods))))
        .collect();

    let mut covered: BTreeMap<&str, Covered> = BTreeMap::new();
    let mut summaries = Vec::new();
    for (id, b) in buckets.iter().filter(|(_, b)| b.is("currentwindow")) {
        let phone = is_phone(id, b);
        if rules.phones == Phones::LeftOut && phone {
            let n = b.events.len();
            sink.skip(
                at(),
                format!(
                    "{}: a phone's foreground apps ({n} events), left out: a phone's app time is mostly not work; list its work apps (canary config set personal.phone_work_apps com.slack,…) and import again",
                    label(id)
                ),
            );
            (1..n).for_each(|_| sink.skip_again());
            continue;
        }
        let periods = not_afk.get(b.host()).and_then(Option::as_ref);
        let covered = covered.entry(b.host()).or_default();
        let mut summary = BucketSummary {
            bucket: id.clone(),
            hostname: b.host().to_string(),
            afk_filtered: periods.is_some(),
            spans: 0,
            active_micros: 0,
            short: 0,
        };
        let mut events: Vec<(i64, i64, bool)> = Vec::with_capacity(b.events.len());
        for (i, e) in b.events.iter().enumerate() {
            match e {
                Ok(e) => events.push((e.start, e.end, e.names.personal(phone, rules))),
                Err(reason) => skip(sink, id, i + 1, reason),
            }
        }
        events.sort_unstable();
        for (start, end, personal) in events {
            let pieces = match periods {
                Some(periods) => intersect(start, end, periods),
                None if start < end => vec![(start, end)],
                None => continue,
            };
            for (s, e) in pieces.into_iter().flat_map(|(s, e)| covered.take(s, e)) {
                summary.active_micros += e - s;
                let Ok(utc) = Timestamp::from_microsecond(s) else {
                    continue; // Unreachable: pieces lie within parsed instants.
                };
                if e - s < MICROS {
                    summary.short += 1;
                    continue;
                }
                let key = format!("{id}/{s}");
                let mut event =
                    Event::mine(utc, EventKind::ActiveSpan, SourceKind::Activitywatch, key);
                event.duration = Some((e - s + MICROS / 2) / MICROS);
                event.personal = personal;
                sink.event(event)?;
                summary.spans += 1;
            }
        }
        summaries.push(summary);
    }
    Ok(summaries)
}

/// Sorted, disjoint periods from any periods.
fn merge(mut periods: Periods) -> Periods {
    periods.sort_unstable();
    let mut out: Vec<(i64, i64)> = Vec::with_capacity(periods.len());
    for (s, e) in periods {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}

/// The parts of `[start, end)` inside the sorted, disjoint `periods`.
fn intersect(start: i64, end: i64, periods: &[(i64, i64)]) -> Periods {
    let first = periods.partition_point(|&(_, e)| e <= start);
    periods[first..]
        .iter()
        .take_while(|&&(s, _)| s < end)
        .map(|&(s, e)| (s.max(start), e.min(end)))
        .filter(|(s, e)| s < e)
        .collect()
}

/// Time already counted on one host: disjoint periods keyed by start.
#[derive(Debug, Default)]
struct Covered(BTreeMap<i64, i64>);

impl Covered {
    /// The parts of `[start, end)` not counted yet, which are counted from now on.
    fn take(&mut self, start: i64, end: i64) -> Periods {
        let mut gaps = Vec::new();
        let (mut from, mut union) = (start, (start, end));
        if let Some((&s, &e)) = self.0.range(..start).next_back()
            && e >= start
        {
            from = e.min(end);
            union = (s, e.max(end));
        }
        let inside: Vec<(i64, i64)> = self.0.range(start..=end).map(|(&s, &e)| (s, e)).collect();
        for (s, e) in inside {
            if s > from {
                gaps.push((from, s));
            }
            from = from.max(e.min(end));
            union.1 = union.1.max(e);
            self.0.remove(&s);
        }
        if from < end {
            gaps.push((from, end));
        }
        self.0.insert(union.0, union.1);
        gaps
    }
}

#[derive(Deserialize)]
struct Export {
    buckets: Option<BTreeMap<String, Bucket>>,
}

#[derive(Deserialize)]
struct Bucket {
    #[serde(rename = "type", default)]
    kind: Value,
    #[serde(default)]
    hostname: Value,
    /// The watcher's client (`aw-android` for a phone); only compared, never kept.
    #[serde(default)]
    client: Value,
    #[serde(default)]
    events: Events,
    /// A database's AFK bucket had events before those read (a resumed read).
    #[serde(skip)]
    earlier: bool,
}

impl Bucket {
    fn is(&self, kind: &str) -> bool {
        self.kind.as_str() == Some(kind)
    }

    fn host(&self) -> &str {
        self.hostname.as_str().unwrap_or("")
    }
}

/// One event as far as Canary reads it: its period in µs, an AFK status, and a window's
/// names, which live only until the rules are applied.
struct RawEvent {
    start: i64,
    end: i64,
    status: Option<String>,
    names: WindowNames,
}

/// What a window event names: read to apply the `[personal]` rules, never kept.
#[derive(Default)]
struct WindowNames {
    app: Option<String>,
    title: Option<String>,
    package: Option<String>,
    classname: Option<String>,
}

impl WindowNames {
    /// Whether the window's time is personal: on a phone, any app not listed as work (unless
    /// the whole phone is work); on a computer, an app or title the rules name.
    fn personal(&self, phone: bool, rules: &Rules<'_>) -> bool {
        let app = self.app.as_deref().unwrap_or("");
        if phone {
            let names = [
                app,
                self.package.as_deref().unwrap_or(""),
                self.classname.as_deref().unwrap_or(""),
            ];
            return rules.phones == Phones::WorkAppsOnly
                && !rules.personal.phone_app_is_work(&names);
        }
        rules
            .personal
            .window_is_personal(app, self.title.as_deref().unwrap_or(""))
    }
}

/// A bucket's events, each read or the reason it could not be. Each event is read on its own,
/// so one bad event does not fail the file.
#[derive(Default)]
struct Events(Vec<Result<RawEvent, String>>);

impl std::ops::Deref for Events {
    type Target = [Result<RawEvent, String>];
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Events {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Events, D::Error> {
        struct Seq;
        impl<'de> Visitor<'de> for Seq {
            type Value = Events;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a list of events")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Events, A::Error> {
                let mut events = Vec::new();
                while let Some(value) = seq.next_element::<Value>()? {
                    events.push(raw_event(&value));
                }
                Ok(Events(events))
            }
            fn visit_unit<E>(self) -> Result<Events, E> {
                Ok(Events::default())
            }
        }
        d.deserialize_any(Seq)
    }
}

fn raw_event(value: &Value) -> Result<RawEvent, String> {
    let timestamp = value.get("timestamp").and_then(Value::as_str);
    let timestamp = timestamp.ok_or("no `timestamp`")?;
    let start = timestamp
        .parse::<Timestamp>()
        .map_err(|_| {
            format!(
                "timestamp `{}` is not RFC 3339",
                crate::privacy::excerpt(timestamp, crate::privacy::EXCERPT_CHARS)
            )
        })?
        .as_microsecond();
    let duration = match value.get("duration") {
        None | Some(Value::Null) => 0.0,
        Some(d) => d.as_f64().ok_or("`duration` is not a number")?,
    };
    if !(0.0..=1e12).contains(&duration) {
        return Err(format!("duration {duration} is negative or out of range"));
    }
    let end = start
        .checked_add((duration * 1e6).round() as i64)
        .filter(|&end| Timestamp::from_microsecond(end).is_ok())
        .ok_or("ends out of range")?;
    let data = value.get("data");
    let field = |k: &str| {
        data.and_then(|d| d.get(k))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    Ok(RawEvent {
        start,
        end,
        status: field("status"),
        names: WindowNames {
            app: field("app"),
            title: field("title"),
            package: field("package"),
            classname: field("classname"),
        },
    })
}

#[cfg(test)]
mod tests;
