//! PagerDuty's incidents CSV, downloaded from the web UI (Analytics → Reports, Incidents).
//!
//! The columns are not documented as a format and differ between the basic report (`#`,
//! `Service`, `Opened On`, `Resolved On`, `Duration`, …) and the advanced one (`id`,
//! `incident_number`, `service_name`, `created_on`, `resolved_on`, `seconds_to_first_ack`,
//! `seconds_to_resolve`, `urgency`, `acknowledged_by_user_ids`/`_names`,
//! `assigned_to_user_ids`/`_names`, …), and people re-export them from spreadsheets with
//! other spellings. Headers are therefore matched by alias after normalising (case, spaces,
//! dashes → `_`): see [`ALIASES`]. The separator is `,`, `;` or a tab, whichever the header
//! line has most of.
//!
//! A row has no assignment or acknowledgement times, so its facts are *estimated*: a page at
//! creation for the assigned person, an ack at `created + seconds_to_first_ack` (or an explicit
//! acknowledgement time column) for an acknowledger. The key is the incident `id` when the CSV
//! has one (the same key as the JSON exports), else `#<number>`. Times need an offset (the UI
//! writes `2023-02-26T00:10:04+00:00`); a CSV whose times have none is refused unless
//! `--option timezone=Area/City` says where they are.

use std::path::Path;

use jiff::tz::TimeZone;

use super::facts::{Collector, fill, location};
use super::people::paired;
use super::values::{Instant, TimeError, parse_instant, parse_priority, parse_urgency, shown};
use crate::sources::options::TIMEZONE;
use crate::sources::{ImportContext, ImportError};

/// What a column means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Id,
    Number,
    Created,
    Resolved,
    SecondsToResolve,
    Duration,
    Urgency,
    Priority,
    Service,
    Assigned,
    Acknowledged,
    AckedAt,
    SecondsToAck,
}

/// Normalised header → meaning. Several columns may share a meaning (`Assigned`,
/// `Acknowledged`: ids and names are both matched against the person's identities).
pub const ALIASES: &[(&str, Field)] = &[
    ("id", Field::Id),
    ("incident_id", Field::Id),
    ("#", Field::Number),
    ("incident_number", Field::Number),
    ("incident_#", Field::Number),
    ("number", Field::Number),
    ("created_on", Field::Created),
    ("created_at", Field::Created),
    ("created", Field::Created),
    ("opened_on", Field::Created),
    ("opened_at", Field::Created),
    ("triggered_at", Field::Created),
    ("triggered_on", Field::Created),
    ("incident_created_at", Field::Created),
    ("resolved_on", Field::Resolved),
    ("resolved_at", Field::Resolved),
    ("resolved", Field::Resolved),
    ("seconds_to_resolve", Field::SecondsToResolve),
    ("duration", Field::Duration),
    ("urgency", Field::Urgency),
    ("priority", Field::Priority),
    ("priority_name", Field::Priority),
    ("service", Field::Service),
    ("service_name", Field::Service),
    ("assigned_to", Field::Assigned),
    ("assigned_to_user_ids", Field::Assigned),
    ("assigned_to_user_names", Field::Assigned),
    ("assigned_user_ids", Field::Assigned),
    ("assigned_user_names", Field::Assigned),
    ("assignees", Field::Assigned),
    ("assignee", Field::Assigned),
    ("acknowledged_by", Field::Acknowledged),
    ("acknowledged_by_user_ids", Field::Acknowledged),
    ("acknowledged_by_user_names", Field::Acknowledged),
    ("acknowledged_user_ids", Field::Acknowledged),
    ("acknowledged_user_names", Field::Acknowledged),
    ("acknowledged_on", Field::AckedAt),
    ("acknowledged_at", Field::AckedAt),
    ("first_acknowledged_at", Field::AckedAt),
    ("seconds_to_first_ack", Field::SecondsToAck),
    ("time_to_ack_seconds", Field::SecondsToAck),
];

/// A header as matched against [`ALIASES`]: trimmed, lower case, blanks and dashes as `_`.
pub fn normalise(header: &str) -> String {
    let lower = header.trim().trim_start_matches('\u{feff}').to_lowercase();
    let mut out = String::with_capacity(lower.len());
    for ch in lower.chars() {
        match ch {
            ' ' | '-' | '\t' => {
                if !out.ends_with('_') {
                    out.push('_');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// The meaning of a header, if it has one.
pub fn field(header: &str) -> Option<Field> {
    let h = normalise(header);
    ALIASES.iter().find(|(a, _)| *a == h).map(|&(_, f)| f)
}

/// What to export instead, given with a refusal.
const HINT: &str = "download the incidents CSV from PagerDuty's Analytics → Reports (it has \
`created_on` or `Opened On` and an `id` or `#` column), or export incidents with the REST API";

/// Read one CSV into `c`.
pub fn collect(
    bytes: &[u8],
    file: &Path,
    ctx: &ImportContext,
    c: &mut Collector<'_>,
) -> Result<(), ImportError> {
    let refuse = |reason: String| ImportError::refused(file, reason, Some(HINT));
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    let first_line = bytes.split(|&b| b == b'\n').next().unwrap_or(b"");
    let count = |d: u8| first_line.iter().filter(|&&b| b == d).count();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| (count(d), d == b','))
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(bytes);
    let headers = reader
        .headers()
        .map_err(|e| refuse(format!("not a readable CSV: {e}")))?
        .clone();
    let columns: Vec<(usize, Field)> = headers
        .iter()
        .enumerate()
        .filter_map(|(i, h)| field(h).map(|f| (i, f)))
        .collect();
    let has = |f: Field| columns.iter().any(|&(_, g)| g == f);
    if !has(Field::Created) || !(has(Field::Id) || has(Field::Number)) {
        let found: Vec<String> = headers
            .iter()
            .take(8)
            .map(|h| format!("`{}`", shown(h)))
            .collect();
        return Err(refuse(format!(
            "not a PagerDuty incidents CSV: it needs a creation time (`created_on`, `Opened On`, \
             …) and an incident id (`id`, `#`, …) column; its header has {}",
            if found.is_empty() {
                "nothing".into()
            } else {
                found.join(", ")
            }
        )));
    }
    let tz = ctx.options.get(TIMEZONE).map(|z| z.0);
    let mut record = csv::StringRecord::new();
    loop {
        let line = reader.position().line();
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                let line = e.position().map_or(line, csv::Position::line);
                c.skip(file, Some(line), format!("unreadable CSV record: {e}"));
                // A broken quote can leave the reader stuck on one record: stop rather than
                // report the rest of the file line by line.
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    break;
                }
                continue;
            }
        }
        let line = record.position().map_or(line, csv::Position::line);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let row = Row {
            record: &record,
            columns: &columns,
            headers: &headers,
        };
        if let Err(why) = read_row(&row, file, line, tz.as_ref(), c) {
            match why {
                RowError::Skip(reason) => c.skip(file, Some(line), reason),
                RowError::Naive(value) => {
                    return Err(ImportError::refused(
                        file,
                        format!(
                            "line {line}: the time {} has no UTC offset, so it cannot be placed",
                            shown(&value)
                        ),
                        Some(
                            "say which time zone the CSV was written in: --option timezone=Area/City (e.g. Europe/Berlin)",
                        ),
                    ));
                }
            }
        }
    }
    Ok(())
}

struct Row<'r> {
    record: &'r csv::StringRecord,
    columns: &'r [(usize, Field)],
    headers: &'r csv::StringRecord,
}

impl Row<'_> {
    /// The non-empty values of every column meaning `f`.
    fn all(&self, f: Field) -> impl Iterator<Item = &str> {
        self.columns
            .iter()
            .filter(move |&&(_, g)| g == f)
            .filter_map(|&(i, _)| self.record.get(i))
            .map(str::trim)
            .filter(|s| !s.is_empty())
    }

    fn first(&self, f: Field) -> Option<&str> {
        self.all(f).next()
    }

    /// The people named in every column meaning `f`, split on `,`, `;` and `|`.
    fn people(&self, f: Field) -> Vec<&str> {
        self.all(f)
            .flat_map(|v| v.split([',', ';', '|']))
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect()
    }

    /// The people named in every column meaning `f`, as (ids, names): a column is of ids when
    /// its header ends in `id` or `ids` (`assigned_to_user_ids`).
    fn people_split(&self, f: Field) -> (Vec<&str>, Vec<&str>) {
        let (mut ids, mut names) = (Vec::new(), Vec::new());
        for &(i, g) in self.columns {
            let (Some(value), true) = (self.record.get(i), g == f) else {
                continue;
            };
            let header = normalise(self.headers.get(i).unwrap_or(""));
            let out = if header.ends_with("_ids") || header.ends_with("_id") {
                &mut ids
            } else {
                &mut names
            };
            out.extend(
                value
                    .split([',', ';', '|'])
                    .map(str::trim)
                    .filter(|s| !s.is_empty()),
            );
        }
        (ids, names)
    }

    /// Seconds in a column meaning `f`: a number, or `H:MM:SS` / `MM:SS`.
    fn seconds(&self, f: Field) -> Option<f64> {
        let v = self.first(f)?;
        if let Ok(n) = v.parse::<f64>() {
            return (n.is_finite() && n >= 0.0).then_some(n);
        }
        let parts: Option<Vec<u32>> = v.split(':').map(|p| p.trim().parse().ok()).collect();
        match parts?.as_slice() {
            [m, s] => Some(f64::from(*m) * 60.0 + f64::from(*s)),
            [h, m, s] => Some(f64::from(*h) * 3600.0 + f64::from(*m) * 60.0 + f64::from(*s)),
            _ => None,
        }
    }
}

enum RowError {
    Skip(String),
    Naive(String),
}

fn time(raw: &str, what: &str, tz: Option<&TimeZone>) -> Result<Instant, RowError> {
    parse_instant(raw, tz).map_err(|e| match e {
        TimeError::Naive => RowError::Naive(raw.to_string()),
        TimeError::Bad => RowError::Skip(format!("{what} {} is not a date and time", shown(raw))),
    })
}

fn read_row(
    row: &Row<'_>,
    file: &Path,
    line: u64,
    tz: Option<&TimeZone>,
    c: &mut Collector<'_>,
) -> Result<(), RowError> {
    let id = match (row.first(Field::Id), row.first(Field::Number)) {
        (Some(id), _) => id.to_string(),
        (None, Some(n)) => format!("#{}", n.trim_start_matches('#')),
        (None, None) => return Err(RowError::Skip("no incident id or number".into())),
    };
    let created = match row.first(Field::Created) {
        Some(raw) => time(raw, "creation time", tz)?,
        None => return Err(RowError::Skip(format!("{id}: no creation time"))),
    };
    let resolved = match row.first(Field::Resolved) {
        Some(raw) => Some(time(raw, "resolution time", tz)?),
        None => row
            .seconds(Field::SecondsToResolve)
            .or_else(|| row.seconds(Field::Duration))
            .and_then(|s| created.plus_secs(s)),
    };
    let acked_at = match row.first(Field::AckedAt) {
        Some(raw) => Some(time(raw, "acknowledgement time", tz)?),
        None => row
            .seconds(Field::SecondsToAck)
            .and_then(|s| created.plus_secs(s)),
    };
    let assigned = row.people(Field::Assigned);
    let acknowledgers = row.people(Field::Acknowledged);
    for f in [Field::Assigned, Field::Acknowledged] {
        let (ids, names) = row.people_split(f);
        for p in paired(&ids, &names) {
            c.saw(Some(p));
        }
    }
    let who = c.who;
    let at = location(file, Some(line));
    let case = c.case(&id, &at, "");
    case.named_anyone |= !assigned.is_empty() || !acknowledgers.is_empty();
    if !assigned.is_empty() && who.mine(assigned.iter().copied()) {
        case.estimated.pages.push(created);
    }
    if !acknowledgers.is_empty() && who.mine(acknowledgers.iter().copied()) {
        case.estimated.acks.extend(acked_at);
    } else if acknowledgers.is_empty() && who.everyone() {
        // No acknowledger column, but a time to acknowledge: someone acknowledged.
        case.estimated.acks.extend(acked_at);
    }
    fill(
        &mut case.context,
        row.first(Field::Service).map(String::from),
    );
    fill(
        &mut case.urgency,
        row.first(Field::Urgency).and_then(parse_urgency),
    );
    fill(
        &mut case.priority,
        row.first(Field::Priority).and_then(parse_priority),
    );
    case.created_at(created);
    fill(&mut case.resolved, resolved);
    Ok(())
}
