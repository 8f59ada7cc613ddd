//! Atuin's history database (`~/.local/share/atuin/history.db`, SQLite).
//!
//! Reads the `history` table: each row not deleted (`deleted_at IS NULL`) becomes one
//! [`EventKind::Command`] event at its `timestamp` (nanoseconds since the epoch), keyed by the
//! row's `id`, so importing again adds nothing and a grown database adds only its new rows.
//! The database is opened read-only (`mode=ro`), which works while atuin has it open in WAL
//! mode.
//!
//! What it does not do: it selects only `id` and `timestamp` — never `command` or `session`;
//! `cwd` and `hostname` only when the person's `[personal]` rules name folders or hosts, to
//! mark those commands personal, and they are not kept — and it does not use `duration` or
//! `exit`. It does not read
//! atuin's record store or sync data. Deleted rows are left out without counting as skipped;
//! a file that is not SQLite or has no `history` table is refused. Dates are not range-checked
//! here: metrics keep impossible dates out and report them.

use std::fmt::Write as _;
use std::path::Path;

use jiff::Timestamp;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::{ImportContext, ImportError, Location, Sink};
use crate::event::{Event, EventKind, SourceKind};

/// Rows between two progress reports.
const PROGRESS_EVERY: u64 = 4096;

/// Import atuin's history database at `path`.
pub fn import(path: &Path, ctx: &ImportContext, sink: &mut dyn Sink) -> Result<(), ImportError> {
    // Open errors from SQLite are vague ("unable to open database file"): ask the OS first.
    std::fs::File::open(path).map_err(|e| ImportError::open(path, e))?;
    let uri = uri(path).map_err(|e| ImportError::open(path, e))?;
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(uri, flags).map_err(|e| sql_error(path, e))?;
    let sql_err = |e| sql_error(path, e);
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(sql_err)?;

    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('history')")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .map_err(sql_err)?;
    if columns.is_empty() {
        return Err(ImportError::refused(
            path,
            "not an atuin database: it has no `history` table",
            Some(ATUIN_HINT),
        ));
    }
    for needed in ["id", "timestamp"] {
        if !columns.iter().any(|c| c == needed) {
            return Err(ImportError::refused(
                path,
                format!("not an atuin database: its `history` table has no `{needed}` column"),
                Some(ATUIN_HINT),
            ));
        }
    }
    // Atuin databases older than soft deletion have no `deleted_at`.
    let live = if columns.iter().any(|c| c == "deleted_at") {
        " WHERE deleted_at IS NULL"
    } else {
        ""
    };

    let total: i64 = conn
        .query_row(&format!("SELECT COUNT(*) FROM history{live}"), [], |r| {
            r.get(0)
        })
        .map_err(sql_err)?;
    sink.total(total.max(0) as u64);
    // The folder and host are read only when a rule needs them.
    let rules = &ctx.personal;
    let by_place = (!rules.dirs.is_empty() || !rules.hosts.is_empty())
        && ["cwd", "hostname"]
            .iter()
            .all(|c| columns.iter().any(|have| have == c));
    let place = if by_place { ", cwd, hostname" } else { "" };
    let mut stmt = conn
        .prepare(&format!("SELECT id, timestamp{place} FROM history{live}"))
        .map_err(sql_err)?;
    let mut rows = stmt.query([]).map_err(sql_err)?;
    let mut done = 0u64;
    while let Some(row) = rows.next().map_err(sql_err)? {
        done += 1;
        if done.is_multiple_of(PROGRESS_EVERY) {
            sink.progress(done);
        }
        let at = || Location {
            file: path.to_path_buf(),
            line: None,
        };
        let id = match row.get_ref(0).map_err(sql_err)? {
            ValueRef::Text(t) if !t.is_empty() => String::from_utf8_lossy(t).into_owned(),
            ValueRef::Integer(i) => i.to_string(),
            _ => {
                sink.skip(at(), format!("history row {done}: no id"));
                continue;
            }
        };
        let utc = match row.get_ref(1).map_err(sql_err)? {
            ValueRef::Integer(ns) => Timestamp::from_nanosecond(i128::from(ns)).ok(),
            _ => None,
        };
        let Some(utc) = utc else {
            let reason = format!("history row `{id}`: timestamp is not an integer of nanoseconds");
            sink.skip(at(), reason);
            continue;
        };
        let mut event = Event::mine(utc, EventKind::Command, SourceKind::Atuin, id);
        if by_place {
            let text = |i| match row.get_ref(i) {
                Ok(ValueRef::Text(t)) => Some(String::from_utf8_lossy(t).into_owned()),
                _ => None,
            };
            let (dir, host) = (text(2), text(3));
            // Atuin writes the host as `host:user`.
            let host = host
                .as_deref()
                .map(|h| h.split_once(':').map_or(h, |(h, _)| h));
            event.personal = rules.command_is_personal(dir.as_deref(), host, &ctx.home);
        }
        sink.event(event)?;
    }
    sink.progress(done);
    Ok(())
}

const ATUIN_HINT: &str = "atuin keeps its history in ~/.local/share/atuin/history.db";

/// A read-only SQLite URI for `path`, every byte outside the unreserved set percent-encoded
/// (paths may hold `?`, `#` or `%`).
pub(super) fn uri(path: &Path) -> std::io::Result<String> {
    let path = std::path::absolute(path)?;
    let mut uri = String::from("file://");
    for &b in path.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            uri.push(char::from(b));
        } else {
            let _ = write!(uri, "%{b:02X}");
        }
    }
    uri.push_str("?mode=ro");
    Ok(uri)
}

/// A SQLite error as an import error: "not a database" is a refusal, the rest a read error.
fn sql_error(path: &Path, e: rusqlite::Error) -> ImportError {
    match e.sqlite_error_code() {
        Some(ErrorCode::NotADatabase) => ImportError::refused(
            path,
            "not an atuin database: it is not a SQLite file",
            Some(ATUIN_HINT),
        ),
        _ => ImportError::open(path, std::io::Error::other(e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::{VecSink, test_context};

    /// Atuin's `history` table as its migrations leave it.
    const SCHEMA: &str = "CREATE TABLE history (
        id TEXT PRIMARY KEY, timestamp INTEGER NOT NULL, duration INTEGER NOT NULL,
        exit INTEGER NOT NULL, command TEXT NOT NULL, cwd TEXT NOT NULL, session TEXT NOT NULL,
        hostname TEXT NOT NULL, deleted_at INTEGER, UNIQUE(timestamp, cwd, command))";

    fn import_file(path: &Path) -> (Result<(), ImportError>, VecSink) {
        let mut sink = VecSink::default();
        let result = import(path, &test_context(), &mut sink);
        (result, sink)
    }

    #[test]
    fn live_rows_become_events_keyed_by_id() {
        // A folder name that needs escaping in a URI.
        let dir = tempfile::tempdir().unwrap();
        let dir = dir.path().join("odd ?#% name");
        std::fs::create_dir(&dir).unwrap();
        let path = dir.join("history.db");
        let writer = Connection::open(&path).unwrap();
        writer.pragma_update(None, "journal_mode", "WAL").unwrap();
        writer.execute(SCHEMA, []).unwrap();
        let insert = "INSERT INTO history VALUES (?1, ?2, 1000, 0, ?3, '/', 's', 'h', ?4)";
        for (id, ts, cmd, deleted) in [
            ("0190a1", 1_700_000_000_123_456_789i64, "ls", None),
            ("0190a2", 1_700_000_000_123_456_789, "cd", None),
            (
                "0190a3",
                1_700_000_100_000_000_000,
                "rm secret",
                Some(1_700_000_200i64),
            ),
            ("0190a4", 0, "true", None),
        ] {
            writer
                .execute(insert, rusqlite::params![id, ts, cmd, deleted])
                .unwrap();
        }
        writer
            .execute(
                insert,
                rusqlite::params!["0190a5", "soon", "x", None::<i64>],
            )
            .unwrap();
        // Still open in WAL mode, as when atuin is running.
        let (result, sink) = import_file(&path);
        result.unwrap();
        assert_eq!(sink.keys(), ["0190a1", "0190a2", "0190a4"]);
        let e = &sink.events[0];
        assert_eq!(e.utc.to_string(), "2023-11-14T22:13:20.123456789Z");
        assert_eq!(
            (e.kind, e.source, e.duration),
            (EventKind::Command, SourceKind::Atuin, None)
        );
        assert_eq!(sink.events[2].utc, Timestamp::UNIX_EPOCH);
        let skips: Vec<String> = sink
            .skipped
            .iter()
            .map(|(at, why)| format!("{at}: {why}"))
            .collect();
        assert_eq!(
            skips,
            [format!(
                "{}: history row `0190a5`: timestamp is not an integer of nanoseconds",
                path.display()
            )]
        );
        // Importing again yields the same keys.
        assert_eq!(import_file(&path).1.keys(), sink.keys());
        drop(writer);
    }

    #[test]
    fn commands_in_personal_folders_or_on_personal_hosts_are_personal() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.db");
        let writer = Connection::open(&path).unwrap();
        writer.execute(SCHEMA, []).unwrap();
        let insert = "INSERT INTO history VALUES (?1, ?2, 1000, 0, ?1, ?3, 's', ?4, NULL)";
        for (id, cwd, host) in [
            ("a", "/home/ana/work/api", "laptop:ana"),
            ("b", "/home/ana/src/dotfiles/zsh", "laptop:ana"),
            ("c", "/home/ana/work/api", "gaming-pc:ana"),
        ] {
            writer
                .execute(
                    insert,
                    rusqlite::params![id, 1_700_000_000_000_000_000i64, cwd, host],
                )
                .unwrap();
        }
        drop(writer);
        let mut ctx = test_context();
        ctx = ctx.with_personal(
            crate::settings::PersonalRules {
                dirs: vec!["~/src/dotfiles".into()],
                hosts: vec!["gaming-pc".into()],
                ..Default::default()
            },
            "/home/ana".into(),
        );
        let mut sink = VecSink::default();
        import(&path, &ctx, &mut sink).unwrap();
        let flags: Vec<(&str, bool)> = sink
            .events
            .iter()
            .map(|e| (e.key.as_str(), e.personal))
            .collect();
        assert_eq!(flags, [("a", false), ("b", true), ("c", true)]);
        // Without rules the folders and hosts are not even read: all work.
        let (_, sink) = import_file(&path);
        assert!(sink.events.iter().all(|e| !e.personal));
    }

    #[test]
    fn old_schema_without_deleted_at_or_command() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("history.db");
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE history (id TEXT, timestamp INTEGER); INSERT INTO history VALUES ('a', 5), (NULL, 6);")
            .unwrap();
        let (result, sink) = import_file(&path);
        result.unwrap();
        assert_eq!(sink.keys(), ["a"]);
        assert_eq!(sink.skipped[0].1, "history row 2: no id");
    }

    #[test]
    fn other_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let text = dir.path().join("history.txt");
        std::fs::write(&text, "- cmd: ls\n  when: 1\n".repeat(100)).unwrap();
        let (result, _) = import_file(&text);
        assert_eq!(
            result.unwrap_err().to_string(),
            format!(
                "{}: not an atuin database: it is not a SQLite file",
                text.display()
            )
        );

        let other = dir.path().join("other.db");
        Connection::open(&other)
            .unwrap()
            .execute("CREATE TABLE t (x)", [])
            .unwrap();
        let (result, _) = import_file(&other);
        assert_eq!(
            result.unwrap_err().to_string(),
            format!(
                "{}: not an atuin database: it has no `history` table",
                other.display()
            )
        );

        let bare = dir.path().join("bare.db");
        Connection::open(&bare)
            .unwrap()
            .execute("CREATE TABLE history (id)", [])
            .unwrap();
        let (result, _) = import_file(&bare);
        let err = result.unwrap_err().to_string();
        assert!(
            err.ends_with("its `history` table has no `timestamp` column"),
            "{err}"
        );

        let missing = dir.path().join("missing.db");
        let (result, _) = import_file(&missing);
        assert!(matches!(result, Err(ImportError::Open { .. })));
        assert!(
            !missing.exists(),
            "a read-only import must not create the file"
        );
    }
}
