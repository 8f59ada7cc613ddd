//! Reading without bounds, bounded: what every importer applies so that no input, however
//! large or strange, costs more memory than a documented amount.
//!
//! - Files read whole (`.ics`, JSON exports, PagerDuty CSV) are refused above a size, with
//!   the size, the limit and how to get under it ([`read_whole`], [`ICS_MAX`], [`JSON_MAX`]).
//! - Line-based readers (zsh, bash and fish history, CSV) read a line at a time through
//!   [`read_line`], which keeps at most [`LINE_MAX`] bytes of a line: a longer line is passed
//!   over with `BufRead::fill_buf`/`consume`, never held, and the importer skips it as
//!   `file:line: line longer than N bytes` ([`too_long`]).
//! - Only regular files are read: `/dev/zero`, a FIFO or a terminal given as a history or
//!   an export is refused ([`regular_file`]); a folder is each importer's own case.
//! - Anything kept per record until the end (line numbers waiting to be reported) stops
//!   growing at [`PENDING_MAX`] ([`Pending`]).
//!
//! mbox files are read in windows instead ([`super::mbox`]): the only importer whose input
//! is routinely gigabytes.

use std::fs::{File, Metadata};
use std::io::{BufRead, Read};
use std::path::Path;

use super::{ImportError, Location, Sink};

/// The longest line a line-based reader keeps (1 MiB). Real history lines and CSV rows are
/// far shorter; a longer one is skipped.
pub const LINE_MAX: usize = 1 << 20;

/// The largest `.ics` file read (64 MiB): a calendar is parsed whole, at about twenty times
/// its size in memory. Real exports of many years are a few MiB.
pub const ICS_MAX: u64 = 64 << 20;

/// The largest JSON file read (PagerDuty, Opsgenie and Slack files, ActivityWatch exports;
/// 64 MiB), and the largest PagerDuty CSV: each is parsed whole, at up to twenty times its
/// size in memory (a PagerDuty export of small incidents).
pub const JSON_MAX: u64 = 64 << 20;

/// The most line numbers an importer keeps while it cannot yet tell whether to report them.
pub const PENDING_MAX: usize = 100_000;

/// How to get under a size limit, by format.
pub const ICS_SPLIT_HINT: &str = "export a shorter date range, or one calendar at a time \
(Google: Settings › Import & export per calendar; Outlook: Save Calendar with a date range)";
pub const JSON_SPLIT_HINT: &str = "export a shorter period into several files and import \
their folder (PagerDuty, Opsgenie), or export fewer buckets or a shorter range \
(ActivityWatch: Raw Data › Export bucket, or the aw-server database file itself)";

/// `path`'s metadata, if it is a regular file; refused otherwise, naming what it is. Asked
/// of the path before opening it: opening a FIFO would wait for a writer.
pub fn regular_file(path: &Path) -> Result<Metadata, ImportError> {
    let meta = std::fs::metadata(path).map_err(|e| ImportError::open(path, e))?;
    if meta.is_file() {
        return Ok(meta);
    }
    let what = {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_dir() {
            "a folder"
        } else if t.is_char_device() {
            "a character device"
        } else if t.is_block_device() {
            "a block device"
        } else if t.is_fifo() {
            "a pipe (FIFO)"
        } else if t.is_socket() {
            "a socket"
        } else {
            "a special file"
        }
    };
    Err(ImportError::refused(
        path,
        format!("not a regular file: this is {what}"),
        Some("give the path of the file itself (copy a stream to a file first)"),
    ))
}

/// Open `path`, a regular file, and tell the sink its size.
pub fn open(path: &Path, sink: &mut dyn Sink) -> Result<File, ImportError> {
    regular_file(path)?;
    let file = File::open(path).map_err(|e| ImportError::open(path, e))?;
    if let Ok(meta) = file.metadata() {
        sink.total(meta.len());
    }
    Ok(file)
}

/// The whole of `path`, a regular file of at most `max` bytes; refused above, with the size,
/// the limit and `hint`. A file that grows past `max` while it is read is refused too.
pub fn read_whole(path: &Path, max: u64, what: &str, hint: &str) -> Result<Vec<u8>, ImportError> {
    let meta = regular_file(path)?;
    let too_large = |size: u64| {
        ImportError::refused(
            path,
            format!(
                "too large: {} is over the {} that Canary reads of {what}",
                mib(size),
                mib(max)
            ),
            Some(hint),
        )
    };
    if meta.len() > max {
        return Err(too_large(meta.len()));
    }
    let file = File::open(path).map_err(|e| ImportError::open(path, e))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::open(path, e))?;
    if bytes.len() as u64 > max {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// A size in MiB, for messages (`"300.0 MiB"`, or bytes under one).
pub fn mib(bytes: u64) -> String {
    if bytes < 1 << 20 {
        format!("{bytes} bytes")
    } else {
        format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20))
    }
}

/// The reason a line over [`LINE_MAX`] is skipped.
pub fn too_long() -> String {
    format!("line longer than {LINE_MAX} bytes")
}

/// One line read by [`read_line`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// The input has ended.
    End,
    /// A line of `bytes` bytes (its newline included), now in the buffer.
    Kept { bytes: u64 },
    /// A line longer than the limit, passed over: `bytes` bytes in all (its newline
    /// included), `last` its last byte before the newline. The buffer holds its first
    /// `max` bytes.
    Long { bytes: u64, last: Option<u8> },
}

/// Read one line of `input` into `buf` (cleared first), as `read_until(b'\n')` does, but
/// keeping at most `max` bytes of it: the rest of a longer line is consumed without being
/// held, so memory stays at `max` whatever the input.
pub fn read_line(input: &mut impl BufRead, max: usize, buf: &mut Vec<u8>) -> std::io::Result<Line> {
    buf.clear();
    let (mut bytes, mut long, mut last) = (0u64, false, None);
    loop {
        let available = match input.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if available.is_empty() {
            break;
        }
        let (take, done) = match memchr::memchr(b'\n', available) {
            Some(i) => (i + 1, true),
            None => (available.len(), false),
        };
        let content = &available[..if done { take - 1 } else { take }];
        if let Some(&b) = content.last() {
            last = Some(b);
        }
        if !long {
            let room = max.saturating_sub(buf.len());
            if content.len() > room {
                long = true;
                buf.extend_from_slice(&content[..room]);
            } else {
                buf.extend_from_slice(&available[..take]);
            }
        }
        bytes += take as u64;
        input.consume(take);
        if done {
            break;
        }
    }
    Ok(match (bytes, long) {
        (0, _) => Line::End,
        (bytes, false) => Line::Kept { bytes },
        (bytes, true) => Line::Long { bytes, last },
    })
}

/// Line numbers an importer holds until it knows whether to report them (lines before a
/// history's first dated entry): at most [`PENDING_MAX`] are kept, the rest only counted.
#[derive(Debug, Default)]
pub struct Pending {
    lines: Vec<u64>,
    /// How many lines in all, kept or not.
    pub count: u64,
    /// The last line counted.
    last: u64,
}

impl Pending {
    pub fn push(&mut self, line: u64) {
        if self.lines.len() < PENDING_MAX {
            self.lines.push(line);
        }
        self.count += 1;
        self.last = line;
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Report every line kept as skipped for `reason`, and those only counted as one skip at
    /// the last of them; then start again empty.
    pub fn report(&mut self, path: &Path, reason: &str, sink: &mut dyn Sink) {
        let at = |line| Location {
            file: path.to_path_buf(),
            line: Some(line),
        };
        let kept = self.lines.len() as u64;
        for line in self.lines.drain(..) {
            sink.skip(at(line), reason.to_string());
        }
        if self.count > kept {
            sink.skip(
                at(self.last),
                format!(
                    "{reason}; so are {} more lines before this one, not listed one by one",
                    self.count - kept - 1
                ),
            );
        }
        *self = Pending::default();
    }
}

/// A reader that hands a CSV parser its input line by line, each line replaced by an empty
/// one when it is longer than [`LINE_MAX`] (so line numbers stay true); the numbers of the
/// lines replaced wait in [`Self::take_long`].
#[derive(Debug)]
pub struct CappedLines<R> {
    pub inner: R,
    max: usize,
    line: Vec<u8>,
    pos: usize,
    line_no: u64,
    long: Vec<u64>,
}

impl<R: BufRead> CappedLines<R> {
    pub fn new(inner: R, max: usize) -> CappedLines<R> {
        CappedLines {
            inner,
            max,
            line: Vec::new(),
            pos: 0,
            line_no: 0,
            long: Vec::new(),
        }
    }

    /// The numbers of the lines replaced since the last call.
    pub fn take_long(&mut self) -> Vec<u64> {
        std::mem::take(&mut self.long)
    }
}

impl<R: BufRead> Read for CappedLines<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if self.pos == self.line.len() {
            self.pos = 0;
            match read_line(&mut self.inner, self.max, &mut self.line)? {
                Line::End => return Ok(0),
                Line::Kept { .. } => self.line_no += 1,
                Line::Long { .. } => {
                    self.line_no += 1;
                    self.long.push(self.line_no);
                    self.line.clear();
                    self.line.push(b'\n');
                }
            }
        }
        let n = out.len().min(self.line.len() - self.pos);
        out[..n].copy_from_slice(&self.line[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::VecSink;
    use proptest::prelude::*;

    fn lines(input: &[u8], max: usize, capacity: usize) -> Vec<(Line, Vec<u8>)> {
        let mut reader = std::io::BufReader::with_capacity(capacity, input);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            let line = read_line(&mut reader, max, &mut buf).unwrap();
            if line == Line::End {
                return out;
            }
            out.push((line, buf.clone()));
        }
    }

    #[test]
    fn long_lines_are_passed_over_with_their_last_byte() {
        let input = b"short\nthis one is long\\\nend";
        let got = lines(input, 6, 4);
        assert_eq!(
            got,
            [
                (Line::Kept { bytes: 6 }, b"short\n".to_vec()),
                (
                    Line::Long {
                        bytes: 18,
                        last: Some(b'\\')
                    },
                    b"this o".to_vec()
                ),
                (Line::Kept { bytes: 3 }, b"end".to_vec()),
            ]
        );
    }

    #[test]
    fn capped_lines_keep_line_numbers() {
        let input = b"a,b\n1,2\nxxxxxxxxxxxxxxxxxxx\n3,4\n";
        let mut capped = CappedLines::new(&input[..], 8);
        let mut out = Vec::new();
        capped.read_to_end(&mut out).unwrap();
        assert_eq!(out, b"a,b\n1,2\n\n3,4\n");
        assert_eq!(capped.take_long(), [3]);
    }

    #[test]
    fn special_files_are_refused() {
        let err = regular_file(Path::new("/dev/zero")).unwrap_err();
        assert!(
            err.to_string()
                .contains("not a regular file: this is a character device"),
            "{err}"
        );
    }

    #[test]
    fn whole_files_over_the_limit_are_refused_with_the_sizes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big.json");
        std::fs::write(&path, vec![b' '; 3 << 20]).unwrap();
        let err = read_whole(&path, 2 << 20, "a JSON export", JSON_SPLIT_HINT).unwrap_err();
        assert!(
            err.to_string().contains(
                "too large: 3.0 MiB is over the 2.0 MiB that Canary reads of a JSON export"
            ),
            "{err}"
        );
        assert_eq!(read_whole(&path, 3 << 20, "x", "").unwrap().len(), 3 << 20);
    }

    #[test]
    fn pending_lines_stop_growing() {
        let mut pending = Pending::default();
        for line in 1..=(PENDING_MAX as u64 + 10) {
            pending.push(line);
        }
        let mut sink = VecSink::default();
        pending.report(Path::new("h"), "why", &mut sink);
        assert_eq!(sink.skipped.len(), PENDING_MAX + 1);
        assert_eq!(
            sink.skip_lines().last().unwrap(),
            &format!(
                "h:{}: why; so are 9 more lines before this one, not listed one by one",
                PENDING_MAX + 10
            )
        );
        assert!(pending.is_empty());
    }

    proptest! {
        /// Lines up to the limit come out as `read_until` gives them, whatever the buffer.
        #[test]
        fn same_as_read_until_below_the_limit(
            input in prop::collection::vec(prop::sample::select(vec![b'a', b'\n', b'\\']), 0..300),
            max in 1..40usize,
            capacity in 1..16usize,
        ) {
            let mut plain = Vec::new();
            let mut rest = &input[..];
            loop {
                let mut line = Vec::new();
                if rest.read_until(b'\n', &mut line).unwrap() == 0 {
                    break;
                }
                plain.push(line);
            }
            let got = lines(&input, max, capacity);
            prop_assert_eq!(got.len(), plain.len());
            for ((line, kept), want) in got.iter().zip(&plain) {
                let content = want.strip_suffix(b"\n").unwrap_or(want);
                if content.len() > max {
                    prop_assert_eq!(
                        *line,
                        Line::Long { bytes: want.len() as u64, last: content.last().copied() }
                    );
                    prop_assert_eq!(&kept[..], &content[..max]);
                } else {
                    prop_assert_eq!(*line, Line::Kept { bytes: want.len() as u64 });
                    prop_assert_eq!(kept, want);
                }
            }
        }
    }
}
