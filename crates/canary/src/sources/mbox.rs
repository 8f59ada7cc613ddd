//! mbox files (Thunderbird, mutt, Google Takeout, Apple Mail's `Sent.mbox/mbox`, pipermail
//! archives): one event per message, from its header block only.
//!
//! The file is read in windows of [`WINDOW`] bytes, or of its size when smaller (not
//! memory-mapped: a file that another program truncates during the import, as mutt does when
//! it rewrites a folder in place, must end the import with a message, not kill it with
//! SIGBUS) and split on separator lines:
//! a line at the start of the file, or a `From ` line carrying an `asctime` date
//! (`From MAILER-DAEMON Mon Apr 18 14:24:49 2022`, Takeout's
//! `From 1234@xxx Tue Mar 11 01:31:25 +0000 2025`, pipermail's
//! `From user at host  Tue Apr  1 11:48:02 1997`), or any `From ` line after an empty line and
//! before a header field. A separator line is at most [`SEPARATOR_LINE_MAX`] bytes and the
//! field name after it at most as long, so whether a line is a separator is decided from a
//! bounded neighbourhood and never depends on where a window ends. Bodies quote their own
//! `From ` lines as `>From ` (mboxrd/mboxo), which never match; nothing is unquoted because
//! bodies are never read. For each message only the header block (up to the first empty line,
//! LF or CRLF, at most [`HEADER_CAP`] bytes) is scanned ([`super::mail::Scanned`]). Within a
//! window two threads scan the two halves; the messages are then decided (duplicate or new,
//! event or skip) in file order, so the result depends neither on the threads nor on the
//! window size. A message longer than a window is decided as soon as its header block is in
//! and its body is passed over: memory is a window plus a few kilobytes whatever the size of
//! the file or of any message in it.
//!
//! A file that ends before the size it had when it was opened (another program truncated or
//! rewrote it meanwhile) stops the import with [`ImportError::Shrank`], naming both sizes and
//! how many messages were read; what was read before is kept.
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
use std::io::Read;
use std::path::Path;

use memchr::memmem;

use super::mail::{HEADER_CAP, Origin, Outcome, Scanned, Seen, folder, headers};
use super::{ImportContext, ImportError, Location, Sink};
use crate::event::SourceKind;

/// Bytes read from the file at a time. Small enough that the first events reach the store's
/// writer thread early, so reading and writing overlap even for a small file, and that the
/// buffer stays in the processor's cache (8 MiB windows made a 15 MiB file's import 15 %
/// slower); large enough that the two threads' share of a window outweighs starting one.
pub const WINDOW: usize = 1 << 20;

/// The longest separator line, and the longest field name after a separator that makes a
/// plain `From ` line one (RFC 5322 caps lines at 998 characters; real separators are under
/// 100). A longer line is body text.
pub const SEPARATOR_LINE_MAX: usize = 1000;

/// Bytes past a candidate separator needed to decide it: its line, the next line's field
/// name and the bytes that end them.
const LOOKAHEAD: usize = 2 * SEPARATOR_LINE_MAX + 2;

/// A window's messages are split between two threads only when it holds at least this much.
const PARALLEL_FROM: usize = 256 << 10;

/// The hint given when the input is not an mbox file.
pub const NOT_MBOX_HINT: &str = "an mbox file starts with a `From <sender> <date>` line; for \
a Maildir or a folder of one file per message, use `canary import maildir FOLDER`";

/// Import the mbox file at `path`.
pub fn import(path: &Path, ctx: &ImportContext, sink: &mut dyn Sink) -> Result<(), ImportError> {
    if path.is_dir() {
        return Err(ImportError::refused(
            path,
            "this is a folder, not an mbox file",
            Some(NOT_MBOX_HINT),
        ));
    }
    let mut file = File::open(path).map_err(|e| ImportError::open(path, e))?;
    let meta = file.metadata().map_err(|e| ImportError::open(path, e))?;
    // Resuming (`canary sync`): from the separator where the last read ended.
    let offset = if meta.is_file() {
        ctx.resume.offset.min(meta.len())
    } else {
        0
    };
    if offset > 0 {
        std::io::Seek::seek(&mut file, std::io::SeekFrom::Start(offset))
            .map_err(|e| ImportError::open(path, e))?;
    }
    // A regular file's size is what must be read; a pipe or device has none to check.
    let expected = meta.is_file().then_some(meta.len() - offset);
    read(file, expected, path, ctx, sink)
}

/// Read an mbox held in memory; `path` names it in skips and errors, and decides whether it
/// is a sent folder.
pub fn read_bytes(
    bytes: &[u8],
    path: &Path,
    ctx: &ImportContext,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    read(bytes, Some(bytes.len() as u64), path, ctx, sink)
}

/// Read an mbox from `input` in windows of [`WINDOW`] bytes. `expected` is the size the input
/// had when it was opened, if known: ending before it is [`ImportError::Shrank`].
pub fn read(
    input: impl Read,
    expected: Option<u64>,
    path: &Path,
    ctx: &ImportContext,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    // A small file needs no whole window (allocated and zeroed, then faulted in).
    let window = expected.map_or(WINDOW, |size| {
        usize::try_from(size.saturating_add(1)).map_or(WINDOW, |n| n.clamp(SMALLEST_WINDOW, WINDOW))
    });
    read_windows(input, expected, window, path, ctx, sink)
}

/// The window for a file smaller than [`WINDOW`]: its size, but not below this.
const SMALLEST_WINDOW: usize = 64 << 10;

/// The bytes of the file held in memory: a window and what is carried over from the last.
struct Buffer<R> {
    input: R,
    /// Allocated (and zeroed) once, grown only if a carry and a window do not fit; the bytes
    /// read are `data[..len]`.
    data: Vec<u8>,
    len: usize,
    /// The file offset of `data[0]`.
    base: u64,
    eof: bool,
    window: usize,
}

impl<R: Read> Buffer<R> {
    fn bytes(&self) -> &[u8] {
        &self.data[..self.len]
    }

    /// Append up to a window's bytes (fewer only at the end of the input).
    fn fill(&mut self) -> std::io::Result<()> {
        let want = self.len + self.window;
        if self.data.len() < want {
            self.data.resize(want, 0);
        }
        while self.len < want && !self.eof {
            match self.input.read(&mut self.data[self.len..want]) {
                Ok(0) => self.eof = true,
                Ok(n) => self.len += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    /// Forget `bytes[..n]`, counting its newlines into `lines`.
    fn drop_front(&mut self, n: usize, lines: &mut LineCounter) {
        lines.forget(self.bytes(), n);
        self.data.copy_within(n..self.len, 0);
        self.len -= n;
        self.base += n as u64;
    }

    /// The file offset just past the bytes read.
    fn end(&self) -> u64 {
        self.base + self.len as u64
    }
}

/// What is known of the message being read when a window ends.
#[derive(Debug, Clone, Copy)]
enum Current {
    /// Its separator is at this index and its header block is not scanned yet.
    Open(usize),
    /// Its header block is decided; its body is being passed over.
    Decided,
}

fn read_windows(
    input: impl Read,
    expected: Option<u64>,
    window: usize,
    path: &Path,
    ctx: &ImportContext,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let mut buf = Buffer {
        input,
        data: Vec::new(),
        len: 0,
        base: 0,
        eof: false,
        window: window.max(1),
    };
    let mut lines = LineCounter::default();
    let io = |e| ImportError::open(path, e);
    // The end of the input came at `read` bytes, after `messages` messages.
    let shrank = |read: u64, messages: u64| match expected {
        Some(expected) if read < expected => Err(ImportError::Shrank {
            path: path.to_path_buf(),
            expected,
            read,
            records: messages,
            unit: "messages",
        }),
        _ => Ok(()),
    };
    // The first line that is not blank must be a separator.
    let first_line = loop {
        buf.fill().map_err(io)?;
        let bytes = buf.bytes();
        match bytes.iter().position(|b| !b.is_ascii_whitespace()) {
            Some(first) if buf.eof || bytes.len() - first >= 512 => {
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
                break line_start;
            }
            Some(_) => {}
            None if buf.eof => return shrank(buf.end(), 0),
            // All blank so far: keep only the last line's start.
            None => {
                let keep = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
                buf.drop_front(keep, &mut lines);
            }
        }
    };
    if let Some(expected) = expected {
        sink.total(expected);
    }
    let origin = Origin {
        sent_folder: is_sent_file(path),
    };
    let finder = memmem::Finder::new(b"\nFrom ");
    let mut seen = Seen::default();
    let mut messages = 0u64;
    let mut current = Current::Open(first_line);
    // Candidate separators before this index have been looked at.
    let mut searched = first_line + 1;
    loop {
        let bytes = buf.bytes();
        let safe = if buf.eof {
            bytes.len()
        } else {
            bytes.len().saturating_sub(LOOKAHEAD)
        };
        let seps = Separators {
            bytes,
            limit: safe,
            base: buf.base,
            finder: &finder,
            origin,
            ctx,
            seen: &seen,
        };
        let mut decided: Vec<(usize, Result<Scanned, String>)> = Vec::new();
        // The message under way since the last window, then the ones that start here.
        let start = match current {
            Current::Open(sep) => {
                let headers = seps.header_start(sep);
                match seps.next(searched.max(headers)) {
                    Some(next) => {
                        decided.push((sep, seps.scan_one(headers, next)));
                        Some(next)
                    }
                    None if buf.eof => {
                        decided.push((sep, seps.scan_one(headers, bytes.len())));
                        None
                    }
                    None if safe >= headers + HEADER_CAP => {
                        decided.push((sep, seps.scan_one(headers, safe)));
                        current = Current::Decided;
                        None
                    }
                    None => None,
                }
            }
            Current::Decided => seps.next(searched),
        };
        if let Some(start) = start {
            let (scanned, open) = seps.scan_parallel(start);
            decided.extend(scanned);
            current = match open {
                Some(sep) => {
                    let headers = seps.header_start(sep);
                    if buf.eof {
                        decided.push((sep, seps.scan_one(headers, bytes.len())));
                        Current::Decided
                    } else if safe >= headers + HEADER_CAP {
                        decided.push((sep, seps.scan_one(headers, safe)));
                        Current::Decided
                    } else {
                        Current::Open(sep)
                    }
                }
                None => Current::Decided,
            };
        }
        for (at, scanned) in decided {
            messages += 1;
            let outcome = match scanned {
                Ok(scanned) => scanned.finish(&mut seen),
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
        if buf.eof {
            break;
        }
        sink.progress(buf.base + safe as u64);
        // Keep the open message, and the three bytes before the first candidate not yet
        // looked at (whether an empty line precedes it).
        let keep_from = match current {
            Current::Open(sep) => sep.min(safe.saturating_sub(3)),
            Current::Decided => safe.saturating_sub(3),
        };
        searched = searched.max(safe) - keep_from;
        if let Current::Open(sep) = &mut current {
            *sep -= keep_from;
        }
        buf.drop_front(keep_from, &mut lines);
        buf.fill().map_err(io)?;
    }
    sink.progress(buf.end());
    shrank(buf.end(), messages)
}

/// Finds the separators among the bytes held, and scans the messages between them.
struct Separators<'a, 'f> {
    bytes: &'a [u8],
    /// Candidates at or past this index are not decided yet (too few bytes after them).
    limit: usize,
    /// The file offset of `bytes[0]`.
    base: u64,
    finder: &'f memmem::Finder<'static>,
    /// What each message is read with (see [`Scanned::new`]).
    origin: Origin,
    ctx: &'f ImportContext,
    /// The keys decided before this window.
    seen: &'f Seen,
}

impl<'a> Separators<'a, '_> {
    /// The first separator at or after `from` and before the limit.
    fn next(&self, from: usize) -> Option<usize> {
        let bytes = self.bytes;
        let mut search = from.max(1) - 1;
        while search < self.limit {
            let end = (self.limit + 5).min(bytes.len());
            let i = self.finder.find(&bytes[search..end])?;
            let at = search + i + 1;
            if at >= self.limit {
                return None;
            }
            if is_separator_in(bytes, at, self.base) {
                return Some(at);
            }
            search = at;
        }
        None
    }

    /// Where the header block of the message whose separator is at `at` starts: past the
    /// separator line, or [`SEPARATOR_LINE_MAX`] bytes on if the line is longer (only the
    /// file's first line can be).
    fn header_start(&self, at: usize) -> usize {
        let end = (at + SEPARATOR_LINE_MAX).min(self.bytes.len());
        memchr::memchr(b'\n', &self.bytes[at..end]).map_or(end, |i| at + i + 1)
    }

    /// Scan the header block starting at `headers` of a message that ends at `end` (or
    /// goes on past it, if `end` is at least [`HEADER_CAP`] bytes on).
    fn scan_one(&self, headers: usize, end: usize) -> Result<Scanned, String> {
        let end = end.max(headers);
        Scanned::new(
            &self.bytes[headers..end.min(headers + HEADER_CAP)],
            SourceKind::Mbox,
            self.origin,
            self.ctx,
            self.seen,
        )
    }

    /// The messages whose separators start in `start..` up to `end` (a separator), or up to
    /// the last separator found when `end` is `None`, which is returned as still open.
    #[allow(clippy::type_complexity)]
    fn scan(
        &self,
        start: usize,
        end: Option<usize>,
    ) -> (Vec<(usize, Result<Scanned, String>)>, Option<usize>) {
        let mut out = Vec::new();
        let mut at = start;
        loop {
            let headers = self.header_start(at);
            let next = self.next(headers);
            match (next, end) {
                (Some(n), Some(e)) if n < e => {
                    out.push((at, self.scan_one(headers, n)));
                    at = n;
                }
                (_, Some(e)) => {
                    out.push((at, self.scan_one(headers, e)));
                    return (out, None);
                }
                (Some(n), None) => {
                    out.push((at, self.scan_one(headers, n)));
                    at = n;
                }
                (None, None) => return (out, Some(at)),
            }
        }
    }

    /// [`Self::scan`] from `start` with no end, the two halves on two threads.
    #[allow(clippy::type_complexity)]
    fn scan_parallel(
        &self,
        start: usize,
    ) -> (Vec<(usize, Result<Scanned, String>)>, Option<usize>) {
        let mid = match self.limit.checked_sub(start) {
            Some(len) if len >= PARALLEL_FROM => self.next(start + len / 2),
            _ => None,
        };
        let Some(mid) = mid else {
            return self.scan(start, None);
        };
        std::thread::scope(|s| {
            let second = s.spawn(|| self.scan(mid, None));
            let (mut first, _) = self.scan(start, Some(mid));
            let (second, open) = second
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            first.extend(second);
            (first, open)
        })
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

/// Whether the `From ` line at `at` (just after a `\n`) of a whole file starts a message:
/// it carries an `asctime` date, or it follows an empty line and precedes a header field.
pub fn is_separator(bytes: &[u8], at: usize) -> bool {
    is_separator_in(bytes, at, 0)
}

/// [`is_separator`] for `bytes` that start at file offset `base`. Looks at no more than the
/// three bytes before `at` and [`LOOKAHEAD`] bytes from it: a separator line ends within
/// [`SEPARATOR_LINE_MAX`] bytes, and so does the field name after it.
fn is_separator_in(bytes: &[u8], at: usize, base: u64) -> bool {
    let rest = &bytes[at..];
    if !rest.starts_with(b"From ") {
        return false;
    }
    let end = match memchr::memchr(b'\n', &rest[..rest.len().min(SEPARATOR_LINE_MAX)]) {
        Some(i) => at + i + 1,
        None if rest.len() < SEPARATOR_LINE_MAX => bytes.len(),
        None => return false,
    };
    let line = &bytes[at..end];
    if has_asctime_date(&line[5..]) {
        return true;
    }
    let before = |back: usize| at.checked_sub(back).map(|i| bytes[i]);
    let after_blank = base + at as u64 <= 1
        || before(2) == Some(b'\n')
        || (before(2) == Some(b'\r') && before(3) == Some(b'\n'));
    after_blank && is_field_line(&bytes[end..])
}

/// Whether `rest` starts with `name:` (a header field), the name at most
/// [`SEPARATOR_LINE_MAX`] bytes.
fn is_field_line(rest: &[u8]) -> bool {
    let head = &rest[..rest.len().min(SEPARATOR_LINE_MAX + 1)];
    match head
        .iter()
        .position(|&b| !b.is_ascii_graphic() || b == b':')
    {
        Some(name_len) => name_len > 0 && head[name_len] == b':',
        None => false,
    }
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

/// 1-based line numbers of byte offsets in the bytes held, counted only forward: the
/// newlines of bytes dropped from the front are counted as they go ([`Self::forget`]), those
/// of the bytes held only when a skipped message needs its line.
#[derive(Debug, Default)]
struct LineCounter {
    /// Newlines before this index of the bytes held are counted.
    pos: usize,
    newlines: u64,
}

impl LineCounter {
    fn line_of(&mut self, bytes: &[u8], at: usize) -> u64 {
        if at > self.pos {
            self.newlines += count_newlines(&bytes[self.pos..at]);
            self.pos = at;
        }
        self.newlines + 1
    }

    /// `bytes[..n]` is about to be dropped.
    fn forget(&mut self, bytes: &[u8], n: usize) {
        if n > self.pos {
            self.newlines += count_newlines(&bytes[self.pos..n]);
            self.pos = n;
        }
        self.pos -= n;
    }
}

/// Newlines in `bytes` (every byte of the file passes here once; memchr's search is several
/// times faster than comparing byte by byte).
fn count_newlines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

#[cfg(test)]
mod tests;
