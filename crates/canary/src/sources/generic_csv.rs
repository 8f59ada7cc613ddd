//! Any CSV with a timestamp column: the way in for every export Canary has no importer for
//! (a ticket system, a call log, a badge reader).
//!
//! The first row is the header. Options (`-o KEY=VALUE` on the command line, typed and checked
//! by the [registry](super::registry)) map columns:
//!
//! | option | meaning |
//! |---|---|
//! | `timestamp` | the column holding when it happened (required) |
//! | `end` / `duration` | the column holding when it ended, or how long it lasted in seconds (one of them) |
//! | `kind` / `kind_column` | a fixed [`EventKind`] name for every row (default `other`), or the column naming each row's kind |
//! | `urgency_column` | the column holding `low`, `normal` or `high` |
//! | `key_column` | the column holding each row's own id |
//! | `timezone` | the IANA zone of timestamps without an offset (default UTC) |
//! | `delimiter` | `,`, `;`, `tab` or another single character (default: guessed from the header among `,` `;` tab) |
//!
//! Columns are matched exactly, else ignoring case and surrounding blanks. Timestamps may be
//! RFC 3339 (`2026-03-01T10:00:00+01:00`; the offset is kept as the event's own unless it is
//! `Z` or `-00:00`), `YYYY-MM-DD HH:MM[:SS]` (also with `T`) in the `timezone` zone, or Unix
//! epoch seconds or milliseconds (told apart by magnitude: 10¹¹ and above is milliseconds, since
//! 10¹¹ seconds is the year 5138), with or without a fraction. Day-first or month-first dates
//! are ambiguous and not guessed.
//!
//! Without `key_column` each row's key is `"<utc seconds>:<n>"`, `n` counting earlier rows of
//! the same second, as the shell importers do: importing the file again, or a grown copy of
//! it, adds only new rows. Rows are the person's own events. A row that cannot be read is
//! skipped as `file:line: reason`; options that do not fit the header are refused with a hint
//! listing the header's columns. Only the mapped columns are read; nothing else is stored.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use jiff::Timestamp;
use jiff::fmt::temporal::{Pieces, PiecesOffset};
use jiff::tz::TimeZone;

use super::bounded::{self, CappedLines, LINE_MAX};
use super::history::SecondKeys;
use super::options::{Column, Key, OptionValue, Options, TIMEZONE};
use super::{ImportContext, ImportError, Location, Sink};
use crate::event::{Event, EventKind, SourceKind, Urgency};

/// Option: the column holding when each row happened (required).
pub const TIMESTAMP: Key<Column> = Key::new("timestamp");
/// Option: the column holding when each row ended.
pub const END: Key<Column> = Key::new("end");
/// Option: the column holding how long each row lasted, in seconds.
pub const DURATION: Key<Column> = Key::new("duration");
/// Option: the event kind of every row.
pub const KIND: Key<EventKind> = Key::new("kind");
/// Option: the column naming each row's event kind.
pub const KIND_COLUMN: Key<Column> = Key::new("kind_column");
/// Option: the column holding each row's urgency.
pub const URGENCY_COLUMN: Key<Column> = Key::new("urgency_column");
/// Option: the column holding each row's own id.
pub const KEY_COLUMN: Key<Column> = Key::new("key_column");
/// Option: the field delimiter.
pub const DELIMITER: Key<Delimiter> = Key::new("delimiter");

/// A field delimiter: one ASCII character other than a quote or a line end; `tab` for a tab.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Delimiter(pub u8);

impl OptionValue for Delimiter {
    const PLACEHOLDER: &'static str = "CHAR";
    fn expected() -> String {
        "a single character, or tab".into()
    }
    fn parse(text: &str) -> Option<Delimiter> {
        parse_delimiter(text).map(Delimiter)
    }
}

/// Rows between two progress reports.
const PROGRESS_EVERY: u64 = 4096;

/// Import the CSV file at `path`, mapped by `ctx.options`.
pub fn import(path: &Path, ctx: &ImportContext, sink: &mut dyn Sink) -> Result<(), ImportError> {
    read(super::bounded::open(path, sink)?, path, ctx, sink)
}

/// Read CSV bytes; `path` names them in skips and errors.
pub fn read_bytes(
    bytes: &[u8],
    path: &Path,
    ctx: &ImportContext,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    read(bytes, path, ctx, sink)
}

/// Read CSV from `input`; `path` names it in skips and errors.
pub fn read(
    input: impl Read,
    path: &Path,
    ctx: &ImportContext,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let options = &ctx.options;
    let mut input = BufReader::with_capacity(64 * 1024, input);
    let delimiter = match options.get(DELIMITER) {
        Some(d) => d.0,
        None => guess_delimiter(input.fill_buf().map_err(|e| ImportError::open(path, e))?),
    };
    // Lines over the limit reach the parser as empty lines, and are skipped here.
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(CappedLines::new(input, LINE_MAX));
    let skip_long = |reader: &mut csv::Reader<CappedLines<_>>, sink: &mut dyn Sink| {
        for line in reader.get_mut().take_long() {
            let at = Location {
                file: path.to_path_buf(),
                line: Some(line),
            };
            sink.skip(at, bounded::too_long());
        }
    };
    let header = reader.byte_headers().cloned();
    if reader.get_mut().take_long().contains(&1) {
        return Err(ImportError::refused(
            path,
            format!("the header row is longer than {LINE_MAX} bytes"),
            None,
        ));
    }
    let header: Vec<String> = match &header {
        Ok(h) if !h.is_empty() => h
            .iter()
            .map(|f| {
                String::from_utf8_lossy(f)
                    .trim_start_matches('\u{feff}')
                    .to_string()
            })
            .collect(),
        Ok(_) => return Err(ImportError::refused(path, "empty: no header row", None)),
        Err(e) => {
            return Err(ImportError::refused(
                path,
                format!("cannot read the header: {e}"),
                None,
            ));
        }
    };
    let map = Mapping::new(options, &header).map_err(|(reason, hint)| {
        let hint = format!("{hint}; this file's columns: {}", quoted(&header));
        ImportError::refused(path, reason, Some(&hint))
    })?;

    let mut seen = SecondKeys::default();
    let mut record = csv::ByteRecord::new();
    let mut rows = 0u64;
    loop {
        let read = reader.read_byte_record(&mut record);
        skip_long(&mut reader, sink);
        match read {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => match e.kind() {
                csv::ErrorKind::Io(_) => {
                    let err = std::io::Error::other(e.to_string());
                    return Err(ImportError::open(path, err));
                }
                _ => {
                    let line = e.position().map(csv::Position::line);
                    sink.skip(
                        Location {
                            file: path.to_path_buf(),
                            line,
                        },
                        e.to_string(),
                    );
                    continue;
                }
            },
        }
        let line = record.position().map(csv::Position::line);
        rows += 1;
        if rows.is_multiple_of(PROGRESS_EVERY) {
            sink.progress(record.position().map_or(0, csv::Position::byte));
        }
        if record.iter().all(|f| f.trim_ascii().is_empty()) {
            continue; // A blank line.
        }
        match map.event(&record, &header, &mut seen) {
            Ok(event) => sink.event(event)?,
            Err(reason) => sink.skip(
                Location {
                    file: path.to_path_buf(),
                    line,
                },
                reason,
            ),
        }
    }
    sink.progress(reader.position().byte());
    Ok(())
}

/// How columns become an event, resolved against the header.
struct Mapping {
    timestamp: usize,
    end: Option<usize>,
    duration: Option<usize>,
    kind: Result<usize, EventKind>,
    urgency: Option<usize>,
    key: Option<usize>,
    zone: TimeZone,
}

impl Mapping {
    /// Resolve the options against the header, or say why not (reason, hint).
    fn new(options: &Options, header: &[String]) -> Result<Mapping, (String, String)> {
        let column = |key: Key<Column>| -> Result<Option<usize>, (String, String)> {
            let Some(Column(name)) = options.get(key) else {
                return Ok(None);
            };
            let option = key.name();
            let exact = header.iter().position(|h| *h == name);
            let loose = || {
                header
                    .iter()
                    .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
            };
            match exact.or_else(loose) {
                Some(i) => Ok(Some(i)),
                None => Err((
                    format!("option {option}={name}: no such column in the header"),
                    format!("name one of the header's columns: `-o {option}=COLUMN`"),
                )),
            }
        };
        let both = |(a, a_given): (&str, bool), (b, b_given): (&str, bool)| {
            if a_given && b_given {
                return Err((
                    format!("options {a} and {b} both given"),
                    format!("give either {a} or {b}"),
                ));
            }
            Ok(())
        };
        let Some(timestamp) = column(TIMESTAMP)? else {
            return Err((
                "no timestamp column given".into(),
                "name the column that holds when each row happened: `-o timestamp=COLUMN`".into(),
            ));
        };
        let given = |key: Key<Column>| (key.name(), options.contains(key));
        both(given(END), given(DURATION))?;
        both((KIND.name(), options.contains(KIND)), given(KIND_COLUMN))?;
        let kind = match column(KIND_COLUMN)? {
            Some(i) => Ok(i),
            None => Err(options.get(KIND).unwrap_or(EventKind::Other)),
        };
        Ok(Mapping {
            timestamp,
            end: column(END)?,
            duration: column(DURATION)?,
            kind,
            urgency: column(URGENCY_COLUMN)?,
            key: column(KEY_COLUMN)?,
            zone: options.get(TIMEZONE).map_or(TimeZone::UTC, |z| z.0),
        })
    }

    /// The event of one row, or why the row cannot be one.
    fn event(
        &self,
        record: &csv::ByteRecord,
        header: &[String],
        seen: &mut SecondKeys,
    ) -> Result<Event, String> {
        // A cell may be anything — a command with its password, a 200 MB blob — so a reason
        // names the column (and the line, from the location) and never quotes a cell.
        let name = |i: usize| header.get(i).map_or("?", String::as_str).to_string();
        let in_column = |i: usize, why: &str| format!("column `{}` (#{}): {why}", name(i), i + 1);
        let field = |i: usize| -> Result<&str, String> {
            let bytes = record
                .get(i)
                .ok_or_else(|| format!("no value in column `{}`", name(i)))?;
            let text = std::str::from_utf8(bytes).map_err(|_| in_column(i, "not UTF-8"))?;
            Ok(text.trim())
        };
        let (utc, offset) = parse_time(field(self.timestamp)?, &self.zone)
            .map_err(|e| in_column(self.timestamp, &e))?;
        let kind = match self.kind {
            Err(kind) => kind,
            Ok(i) => field(i)?.to_lowercase().parse::<EventKind>().map_err(|_| {
                in_column(
                    i,
                    &format!(
                        "not an event kind (one of: {})",
                        EventKind::ALL.map(EventKind::as_str).join(", ")
                    ),
                )
            })?,
        };
        let duration = match (self.end, self.duration) {
            (Some(i), _) => match field(i)? {
                "" => None,
                end => {
                    let (end, _) = parse_time(end, &self.zone).map_err(|e| in_column(i, &e))?;
                    let d = utc.duration_until(end).as_secs_f64();
                    if d < 0.0 {
                        return Err(format!("ends ({end}) before it starts ({utc})"));
                    }
                    Some(d.round() as i64)
                }
            },
            (None, Some(i)) => match field(i)? {
                "" => None,
                d => Some(parse_seconds(d).map_err(|e| in_column(i, &e))?),
            },
            (None, None) => None,
        };
        let urgency = match self.urgency {
            None => None,
            Some(i) => match field(i)? {
                "" => None,
                u => Some(
                    Urgency::parse(&u.to_lowercase())
                        .ok_or_else(|| in_column(i, "not low, normal or high"))?,
                ),
            },
        };
        let key = match self.key {
            Some(i) => match field(i)? {
                "" => return Err(format!("column `{}` (#{}): empty key", name(i), i + 1)),
                key => key.to_string(),
            },
            None => seen.next(utc.as_second()),
        };
        let mut event = Event::mine(utc, kind, SourceKind::Csv, key);
        event.offset = offset;
        event.duration = duration;
        event.urgency = urgency;
        Ok(event)
    }
}

/// A timestamp in any of the accepted forms, and the UTC offset it states, if any.
pub fn parse_time(s: &str, zone: &TimeZone) -> Result<(Timestamp, Option<i32>), String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("empty timestamp".into());
    }
    // The value is never quoted: a mis-mapped column may hold anything (see `event`).
    let not = || {
        "not a timestamp (RFC 3339, YYYY-MM-DD HH:MM[:SS], or Unix seconds or milliseconds)"
            .to_string()
    };
    let range = |_: jiff::Error| "timestamp out of range".to_string();
    if let Some(epoch) = parse_epoch(s) {
        return epoch
            .map(|t| (t, None))
            .ok_or_else(|| "timestamp out of range".to_string());
    }
    let pieces = Pieces::parse(s).map_err(|_| not())?;
    let Some(time) = pieces.time() else {
        return Err("a date but no time of day".into());
    };
    let civil = pieces.date().to_datetime(time);
    match pieces.offset() {
        Some(PiecesOffset::Zulu) => Ok((TimeZone::UTC.to_timestamp(civil).map_err(range)?, None)),
        Some(PiecesOffset::Numeric(n)) => {
            let utc = n.offset().to_timestamp(civil).map_err(range)?;
            let unknown = n.is_negative() && n.offset().seconds() == 0;
            Ok((utc, (!unknown).then(|| n.offset().seconds())))
        }
        Some(_) | None => {
            let zoned = zone.to_ambiguous_zoned(civil).compatible().map_err(range)?;
            Ok((zoned.timestamp(), None))
        }
    }
}

/// Unix epoch seconds or milliseconds (`[-]digits[.digits]`), if `s` has that shape: `None`
/// when it does not, `Some(None)` when it is out of range.
fn parse_epoch(s: &str) -> Option<Option<Timestamp>> {
    let (negative, unsigned) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty()
        || !digits(int)
        || !digits(frac)
        || (unsigned.contains('.') && frac.is_empty())
    {
        return None;
    }
    // Beyond 10^20 no unit is in range; parsing stays within i128 below that.
    let Some(int) = int
        .parse::<i128>()
        .ok()
        .filter(|&i| i < 100_000_000_000_000_000_000)
    else {
        return Some(None);
    };
    let unit: i128 = if int >= 100_000_000_000 {
        1_000_000
    } else {
        1_000_000_000
    };
    let frac = &frac[..frac.len().min(9)];
    let frac_ns: i128 = format!("{frac:0<9}").parse().unwrap_or(0);
    let nanos = int * unit + frac_ns * unit / 1_000_000_000;
    Some(Timestamp::from_nanosecond(if negative { -nanos } else { nanos }).ok())
}

/// A duration in seconds, whole or decimal, not negative; rounded to whole seconds.
fn parse_seconds(s: &str) -> Result<i64, String> {
    let bad = || "not a number of seconds".to_string();
    let d: f64 = s.parse().map_err(|_| bad())?;
    if !d.is_finite() || !(0.0..1e15).contains(&d) {
        return Err(bad());
    }
    Ok(d.round() as i64)
}

fn parse_delimiter(d: &str) -> Option<u8> {
    match d {
        "tab" | "\\t" | "\t" => Some(b'\t'),
        _ => match d.as_bytes() {
            [b] if b.is_ascii() && *b != b'"' && *b != b'\n' && *b != b'\r' => Some(*b),
            _ => None,
        },
    }
}

/// The most frequent of `,` `;` tab outside quotes on the first line; `,` on a tie or none.
fn guess_delimiter(start: &[u8]) -> u8 {
    let line = start.split(|&b| b == b'\n').next().unwrap_or(start);
    let mut counts = [(b',', 0), (b';', 0), (b'\t', 0)];
    let mut quoted = false;
    for &b in line {
        if b == b'"' {
            quoted = !quoted;
        } else if !quoted && let Some(c) = counts.iter_mut().find(|c| c.0 == b) {
            c.1 += 1;
        }
    }
    counts
        .iter()
        .fold((b',', 0), |best, c| if c.1 > best.1 { *c } else { best })
        .0
}

/// The header's column names for a hint: each cut to 40 characters and escaped, at most 30.
fn quoted(names: &[String]) -> String {
    use crate::privacy::{EXCERPT_CHARS, excerpt};
    let mut shown: Vec<String> = names
        .iter()
        .take(30)
        .map(|n| format!("`{}`", excerpt(n, EXCERPT_CHARS)))
        .collect();
    if names.len() > 30 {
        shown.push(format!("… ({} in all)", names.len()));
    }
    shown.join(", ")
}

#[cfg(test)]
mod tests;
