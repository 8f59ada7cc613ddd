//! mbox files (Thunderbird, mutt, Google Takeout, Apple Mail's `Sent.mbox/mbox`, pipermail
//! archives): one event per message, from its header block only.
//!
//! The file is memory-mapped and split on separator lines: a line at the start of the file,
//! or a `From ` line carrying an `asctime` date (`From MAILER-DAEMON Mon Apr 18 14:24:49 2022`,
//! Takeout's `From 1234@xxx Tue Mar 11 01:31:25 +0000 2025`, pipermail's
//! `From user at host  Tue Apr  1 11:48:02 1997`), or any `From ` line after an empty line and
//! before a header field. Bodies quote their own `From ` lines as `>From ` (mboxrd/mboxo),
//! which never match; nothing is unquoted because bodies are never read. For each message
//! only the header block (up to the first empty line, LF or CRLF) is scanned
//! ([`super::mail::Scanned`]). Two threads scan alternate 4 MiB chunks; the messages are then
//! decided (duplicate or new, event or skip) in file order, so the result does not depend on
//! the threads. Pages already read are released as the import goes, so memory stays bounded
//! whatever the file's size.
//!
//! Time comes from `Date:` (with its own offset), else from the last `Received:`; never from
//! the separator line, which records when the file was written (the Enron files say 2022).
//! A message that cannot be dated is skipped as `file:line` of its separator. A message seen
//! twice (same Message-ID) in one file becomes one event (the copy counts as already
//! imported). Messages in a file named like a sent folder (`Sent`, `Sent Items.mbox`,
//! `enron.neal-s._sent_mail`) are the person's own.
//!
//! What it refuses: a folder, or a file that does not start with a `From ` line (a single
//! message, a Maildir file, binary data) — with a hint towards `canary import maildir`.

use std::fs::File;
use std::path::Path;

use memchr::memmem;

use super::mail::{HEADER_CAP, Origin, Outcome, Scanned, Seen, folder, headers};
use super::{ImportContext, ImportError, Location, Sink};
use crate::event::SourceKind;

/// Bytes between two progress reports (and releases of pages already read).
const PROGRESS_EVERY: usize = 32 << 20;

/// Bytes scanned by one thread at a time (two at once).
const CHUNK: usize = 4 << 20;

/// The hint given when the input is not an mbox file.
pub const NOT_MBOX_HINT: &str = "an mbox file starts with a `From <sender> <date>` line; for \
a Maildir or a folder of one file per message, use `canary import maildir FOLDER`";

/// Import the mbox file at `path`.
#[allow(unsafe_code)] // a read-only memory map; see the SAFETY notes
pub fn import(path: &Path, ctx: &ImportContext, sink: &mut dyn Sink) -> Result<(), ImportError> {
    if path.is_dir() {
        return Err(ImportError::refused(
            path,
            "this is a folder, not an mbox file",
            Some(NOT_MBOX_HINT),
        ));
    }
    let file = File::open(path).map_err(|e| ImportError::open(path, e))?;
    let len = file
        .metadata()
        .map_err(|e| ImportError::open(path, e))?
        .len();
    if len == 0 {
        return Ok(());
    }
    // SAFETY: the map is only read. If another process truncates the file meanwhile, reading
    // the lost pages faults (SIGBUS) — the risk every mmap-based mail reader takes, accepted
    // for reading gigabytes at disk speed.
    match unsafe { memmap2::Mmap::map(&file) } {
        Ok(map) => {
            let _ = map.advise(memmap2::Advice::Sequential);
            let release = |upto: usize| {
                // SAFETY: a shared read-only file mapping: dropping its pages only makes the
                // next read fault them in again from the file; the bytes do not change.
                let _ = unsafe {
                    map.unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, 0, upto)
                };
            };
            read(&map, path, ctx, sink, &release)
        }
        // Not mappable (a pipe, a special file): read it whole instead.
        Err(_) => {
            let bytes = std::fs::read(path).map_err(|e| ImportError::open(path, e))?;
            read_bytes(&bytes, path, ctx, sink)
        }
    }
}

/// Read an mbox held in memory; `path` names it in skips and errors, and decides whether it
/// is a sent folder.
pub fn read_bytes(
    bytes: &[u8],
    path: &Path,
    ctx: &ImportContext,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    read(bytes, path, ctx, sink, &|_| {})
}

fn read(
    bytes: &[u8],
    path: &Path,
    ctx: &ImportContext,
    sink: &mut dyn Sink,
    release: &dyn Fn(usize),
) -> Result<(), ImportError> {
    let Some(first) = bytes.iter().position(|b| !b.is_ascii_whitespace()) else {
        return Ok(());
    };
    let line_start = bytes[..first]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    if !bytes[line_start..].starts_with(b"From ") {
        return Err(ImportError::refused(
            path,
            not_mbox_reason(&bytes[first..]),
            Some(NOT_MBOX_HINT),
        ));
    }
    sink.total(bytes.len() as u64);
    let origin = Origin {
        sent_folder: is_sent_file(path),
    };
    let scanner = Scanner {
        bytes,
        finder: memmem::Finder::new(b"\nFrom "),
    };
    let mut seen = Seen::default();
    let mut lines = LineCounter::default();
    let mut next_report = PROGRESS_EVERY;
    let mut start = line_start;
    while start < bytes.len() {
        // Two chunks at a time: this thread scans one while another scans the next; then
        // their messages are decided here, in file order.
        let mid = scanner.separator_after(start + CHUNK);
        let end = scanner.separator_after(mid + CHUNK);
        let (first, second) = std::thread::scope(|s| {
            let second = (mid < end).then(|| s.spawn(|| scanner.scan(mid, end)));
            let first = scanner.scan(start, mid);
            let second = second.map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)));
            (first, second.unwrap_or_default())
        });
        for (at, scanned) in first.into_iter().chain(second) {
            let outcome = match scanned {
                Ok(scanned) => scanned.finish(SourceKind::Mbox, origin, ctx, &mut seen),
                Err(reason) => Outcome::Skip(reason),
            };
            match outcome {
                Outcome::Event(event) => sink.event(*event)?,
                Outcome::Duplicate => sink.repeat(),
                Outcome::Skip(reason) => {
                    let at = Location {
                        file: path.to_path_buf(),
                        line: Some(lines.line_of(bytes, at)),
                    };
                    sink.skip(at, reason);
                }
            }
        }
        if end >= next_report {
            sink.progress(end as u64);
            release(end);
            next_report = end + PROGRESS_EVERY;
        }
        start = end;
    }
    sink.progress(bytes.len() as u64);
    Ok(())
}

/// Finds separators and scans the messages between them.
struct Scanner<'a> {
    bytes: &'a [u8],
    finder: memmem::Finder<'static>,
}

impl<'a> Scanner<'a> {
    /// The first separator starting at or after `from`, or the end of the file.
    fn separator_after(&self, from: usize) -> usize {
        let bytes = self.bytes;
        if from >= bytes.len() {
            return bytes.len();
        }
        let mut search = from.saturating_sub(1);
        loop {
            match self.finder.find(&bytes[search..]) {
                Some(i) if is_separator(bytes, search + i + 1) => return search + i + 1,
                Some(i) => search += i + 1,
                None => return bytes.len(),
            }
        }
    }

    /// The messages whose separators start in `start..end` (`start` is a separator, `end` is
    /// one or the end of the file), each with its separator's offset.
    fn scan(&self, start: usize, end: usize) -> Vec<(usize, Result<Scanned<'a>, String>)> {
        let mut out = Vec::new();
        let mut at = start;
        while at < end {
            let headers_start = line_end(self.bytes, at);
            let next = self.separator_after(headers_start).min(end);
            let message = &self.bytes[headers_start..next.min(headers_start + HEADER_CAP)];
            out.push((at, Scanned::new(message)));
            at = next;
        }
        out
    }
}

/// Why a file that does not start with `From ` is not an mbox, in words a user recognises.
fn not_mbox_reason(start: &[u8]) -> String {
    let head = &start[..start.len().min(512)];
    let binary = head
        .iter()
        .filter(|&&b| b == 0 || (b < 0x20 && !b.is_ascii_whitespace()))
        .count();
    if binary > 0 {
        return "not an mbox file: it holds binary data, not mail".into();
    }
    let first_line = &head[..memchr::memchr(b'\n', head).unwrap_or(head.len())];
    if headers::Fields::scan(first_line).count == 1 {
        return "not an mbox file: it starts with a header field, as a single message does, \
                not with a `From ` separator line"
            .into();
    }
    "not an mbox file: it does not start with a `From ` separator line".into()
}

/// Whether the file's name (or, for Apple Mail's `Sent.mbox/mbox`, its folder's) names a
/// sent folder.
fn is_sent_file(path: &Path) -> bool {
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let file = name(path);
    folder::is_sent_path(&file)
        || (file == "mbox"
            && path
                .parent()
                .is_some_and(|p| folder::is_sent_path(&name(p))))
}

/// The index just past the line starting at `at`.
fn line_end(bytes: &[u8], at: usize) -> usize {
    memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i + 1)
}

/// Whether the `From ` line at `at` (just after a `\n`) starts a message: it carries an
/// `asctime` date, or it follows an empty line and precedes a header field.
pub fn is_separator(bytes: &[u8], at: usize) -> bool {
    let end = line_end(bytes, at);
    let line = &bytes[at..end];
    if !line.starts_with(b"From ") {
        return false;
    }
    if has_asctime_date(&line[5..]) {
        return true;
    }
    let after_blank = match at {
        0 | 1 => true,
        _ => {
            bytes[at - 2] == b'\n' || (bytes[at - 2] == b'\r' && at >= 3 && bytes[at - 3] == b'\n')
        }
    };
    after_blank && is_field_line(&bytes[end..])
}

/// Whether `rest` starts with `name:` (a header field).
fn is_field_line(rest: &[u8]) -> bool {
    let name_len = rest
        .iter()
        .position(|&b| !b.is_ascii_graphic() || b == b':')
        .unwrap_or(rest.len());
    name_len > 0 && rest.get(name_len) == Some(&b':')
}

/// Whether a separator line's rest holds a weekday, a month, a time and a 4-digit year, in
/// any order (`Mon Apr 18 14:24:49 2022`, `Tue Mar 11 01:31:25 +0000 2025`).
fn has_asctime_date(rest: &[u8]) -> bool {
    const WEEKDAYS: [&[u8]; 7] = [b"Mon", b"Tue", b"Wed", b"Thu", b"Fri", b"Sat", b"Sun"];
    const MONTHS: [&[u8]; 12] = [
        b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
        b"Dec",
    ];
    let (mut weekday, mut month, mut time, mut year) = (false, false, false, false);
    for token in rest.split(u8::is_ascii_whitespace).take(16) {
        let token = token.strip_suffix(b",").unwrap_or(token);
        weekday |= WEEKDAYS.contains(&token);
        month |= MONTHS.contains(&token);
        year |= token.len() == 4 && token.iter().all(u8::is_ascii_digit);
        time |= is_time(token);
    }
    weekday && month && time && year
}

/// `h:mm`, `hh:mm` or `hh:mm:ss`.
fn is_time(t: &[u8]) -> bool {
    let mut parts = t.split(|&b| b == b':');
    let ok = |p: Option<&[u8]>, max: usize| {
        p.is_some_and(|p| (1..=max).contains(&p.len()) && p.iter().all(u8::is_ascii_digit))
    };
    let (h, m, s) = (parts.next(), parts.next(), parts.next());
    ok(h, 2) && ok(m, 2) && (s.is_none() || ok(s, 2)) && parts.next().is_none()
}

/// 1-based line numbers of byte offsets, counted lazily and only forward: only skipped
/// messages need one, so an import without skips never counts lines.
#[derive(Debug, Default)]
struct LineCounter {
    pos: usize,
    newlines: u64,
}

impl LineCounter {
    fn line_of(&mut self, bytes: &[u8], at: usize) -> u64 {
        self.newlines += memchr::memchr_iter(b'\n', &bytes[self.pos..at]).count() as u64;
        self.pos = at;
        self.newlines + 1
    }
}

#[cfg(test)]
mod tests;
