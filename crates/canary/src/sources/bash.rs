//! Bash history (`~/.bash_history`) written with `HISTTIMEFORMAT` set.
//!
//! With `HISTTIMEFORMAT` bash writes a `#<epoch>` line before every command; a command may
//! span several lines, up to the next `#<epoch>` line. Each timestamped command becomes one
//! [`EventKind::Command`] event keyed `"{epoch}:{n}"`, `n` counting earlier entries of the same
//! second in the file, so importing again adds nothing and a grown file adds only its new
//! entries.
//!
//! What it does not do: it never keeps the command text, and it does not guess times. A file
//! without any `#<epoch>` line is refused (bash wrote it without `HISTTIMEFORMAT`); lines
//! before the first timestamp of a timestamped file are skipped. A `#` line that is not all
//! digits is command text (a comment), as bash reads it. Dates are not range-checked here:
//! metrics keep impossible dates out and report them.

use std::io::BufRead;
use std::path::Path;

use super::bounded::{self, LINE_MAX, Line, Pending};
use super::history::{self, SecondKeys, Stamp};
use super::{ImportContext, ImportError, Location, Sink};
use crate::event::{Event, EventKind, SourceKind};

/// Entries between two progress reports.
const PROGRESS_EVERY: u64 = 4096;

/// The hint given with the refusal of a history without timestamps.
pub const NO_TIMESTAMPS_HINT: &str = "add `export HISTTIMEFORMAT='%F %T '` to ~/.bashrc so that bash \
records when each command runs from now on; the entries already written cannot be dated";

const UNDATED: &str = "command before the first timestamp cannot be dated";

/// Import bash history from `path`.
pub fn import(path: &Path, ctx: &ImportContext, sink: &mut dyn Sink) -> Result<(), ImportError> {
    read(history::open_at(path, ctx.resume.offset, sink)?, path, sink)
}

/// Read bash history from `input`; `path` names it in skips and errors.
pub fn read(mut input: impl BufRead, path: &Path, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let at = |line| Location {
        file: path.to_path_buf(),
        line: Some(line),
    };
    let mut keys = SecondKeys::default();
    // Line numbers of commands read before the first timestamp: reported once we know the
    // file has timestamps at all, otherwise the whole file is refused.
    let mut undated = Pending::default();
    let mut any_timestamp = false;
    // The timestamp line waiting for its command: (line, parsed epoch or why not).
    let mut open: Option<(u64, Stamp)> = None;
    let mut has_command = false;
    let (mut line_no, mut done, mut entries) = (0u64, 0u64, 0u64);
    let mut buf = Vec::new();
    loop {
        let read = bounded::read_line(&mut input, LINE_MAX, &mut buf)
            .map_err(|e| ImportError::open(path, e))?;
        let eof = read == Line::End;
        match read {
            Line::End => {}
            Line::Kept { bytes } => {
                line_no += 1;
                done += bytes;
            }
            Line::Long { bytes, .. } => {
                // Passed over unread: command text (a timestamp line is short), so it gives
                // the open entry its command.
                line_no += 1;
                done += bytes;
                sink.skip(at(line_no), bounded::too_long());
                has_command |= open.is_some();
                continue;
            }
        }
        let stamp = if eof { None } else { timestamp_line(&buf) };
        if eof || stamp.is_some() {
            // The entry opened by the previous timestamp line ends here.
            if let Some((ts_line, epoch)) = open.take() {
                match (epoch, has_command) {
                    (_, false) => {
                        sink.skip(at(ts_line), "timestamp with no command after it".into());
                    }
                    (Err(reason), true) => sink.skip(at(ts_line), reason),
                    (Ok((epoch, utc)), true) => {
                        let key = keys.next(epoch);
                        sink.event(Event::mine(utc, EventKind::Command, SourceKind::Bash, key))?;
                        entries += 1;
                        if entries.is_multiple_of(PROGRESS_EVERY) {
                            sink.progress(done);
                        }
                    }
                }
            }
        }
        if eof {
            break;
        }
        if let Some(digits) = stamp {
            if !any_timestamp {
                any_timestamp = true;
                undated.report(path, UNDATED, sink);
            }
            open = Some((line_no, history::epoch(digits)));
            has_command = false;
        } else if open.is_some() {
            has_command = true;
        } else if !is_blank(&buf) {
            if any_timestamp {
                sink.skip(at(line_no), UNDATED.into());
            } else {
                undated.push(line_no);
            }
        }
    }
    if !any_timestamp && !undated.is_empty() {
        return Err(ImportError::refused(
            path,
            format!(
                "no timestamps: bash wrote this history without HISTTIMEFORMAT, so none of its {} \
                 entries can be dated",
                undated.count
            ),
            Some(NO_TIMESTAMPS_HINT),
        ));
    }
    sink.progress(done);
    Ok(())
}

/// The digits of a `#<epoch>` line, or `None` for any other line.
fn timestamp_line(line: &[u8]) -> Option<&[u8]> {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let digits = line.strip_prefix(b"#")?;
    (!digits.is_empty() && digits.iter().all(u8::is_ascii_digit)).then_some(digits)
}

fn is_blank(line: &[u8]) -> bool {
    line.iter().all(u8::is_ascii_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::{VecSink, test_context};
    use proptest::prelude::*;

    fn parse(input: &[u8]) -> (Result<(), ImportError>, VecSink) {
        let mut sink = VecSink::default();
        let result = read(input, Path::new("h"), &mut sink);
        (result, sink)
    }

    #[test]
    fn timestamped_entries_and_multiline_commands() {
        let input = b"#1700000000\nls\n#1700000000\nfor f in *; do\n  echo $f\ndone\n#1700000005\n# a comment\n";
        let (result, sink) = parse(input);
        result.unwrap();
        assert_eq!(
            sink.keys(),
            ["1700000000:0", "1700000000:1", "1700000005:0"]
        );
        assert_eq!(sink.events[2].utc.as_second(), 1_700_000_005);
        let e = &sink.events[0];
        assert_eq!(
            (e.kind, e.source, e.duration, e.offset),
            (EventKind::Command, SourceKind::Bash, None, None)
        );
        assert!(sink.skipped.is_empty());
    }

    #[test]
    fn bad_records_are_skipped_with_their_line() {
        let input =
            b"early\n\n#1\nok\n#99999999999999999999\nlost\n#253402207201\nlost\n#5\n#6\r\nok\n#7";
        let (result, sink) = parse(input);
        result.unwrap();
        assert_eq!(sink.keys(), ["1:0", "6:0"]);
        assert_eq!(
            sink.skip_lines(),
            [
                "h:1: command before the first timestamp cannot be dated",
                "h:5: timestamp out of range",
                "h:7: timestamp 253402207201 out of range",
                "h:9: timestamp with no command after it",
                "h:12: timestamp with no command after it",
            ]
        );
    }

    #[test]
    fn epoch_zero_and_invalid_utf8_are_kept() {
        let (result, sink) = parse(b"#0\n\xff\xfe caf\xc3\n");
        result.unwrap();
        assert_eq!(sink.keys(), ["0:0"]);
        assert_eq!(sink.events[0].utc, jiff::Timestamp::UNIX_EPOCH);
    }

    #[test]
    fn history_without_timestamps_is_refused() {
        let (result, sink) = parse(b"ls\n#not a stamp\ncd /tmp\n");
        let err = result.unwrap_err();
        assert_eq!(
            err.to_string(),
            "h: no timestamps: bash wrote this history without HISTTIMEFORMAT, so none of its 3 entries can be dated"
        );
        let ImportError::Refused { hint, .. } = err else {
            panic!("{err:?}")
        };
        assert_eq!(hint.as_deref(), Some(NO_TIMESTAMPS_HINT));
        assert!(sink.events.is_empty() && sink.skipped.is_empty());
    }

    #[test]
    fn empty_file_is_empty_not_refused() {
        for input in [&b""[..], b"\n\n"] {
            let (result, sink) = parse(input);
            result.unwrap();
            assert!(sink.events.is_empty() && sink.skipped.is_empty());
        }
    }

    #[test]
    fn import_reports_total_and_progress() {
        struct Counting(u64, Vec<u64>, usize);
        impl Sink for Counting {
            fn event(&mut self, _: Event) -> Result<(), super::super::SinkError> {
                self.2 += 1;
                Ok(())
            }
            fn skip(&mut self, _: Location, _: String) {}
            fn total(&mut self, t: u64) {
                self.0 = t;
            }
            fn progress(&mut self, d: u64) {
                self.1.push(d);
            }
        }
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bash_history");
        let text: String = (0..10_000).map(|i| format!("#{i}\ncmd\n")).collect();
        std::fs::write(&path, &text).unwrap();
        let mut sink = Counting(0, Vec::new(), 0);
        import(&path, &test_context(), &mut sink).unwrap();
        assert_eq!((sink.0, sink.2), (text.len() as u64, 10_000));
        assert_eq!(sink.1.len(), 3);
        assert_eq!(sink.1.last(), Some(&(text.len() as u64)));
    }

    #[test]
    fn huge_lines_and_truncation() {
        let mut input = b"#1\n".to_vec();
        input.extend(std::iter::repeat_n(b'x', 4 << 20));
        input.extend(b"\n#2\n\xe2\x82");
        let (result, sink) = parse(&input);
        result.unwrap();
        assert_eq!(sink.keys(), ["1:0", "2:0"]);
    }

    proptest! {
        #[test]
        fn any_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..2000)) {
            let _ = parse(&input);
        }

        #[test]
        fn history_like_bytes_never_panic(
            parts in prop::collection::vec(
                prop::sample::select(vec![
                    &b"#"[..], b"1", b"17", b"\n", b"\r", b" ", b"x", b"\xff\x83",
                    b"#99999999999999999999", b"#-1", b"#253402207201",
                ]),
                0..200,
            )
        ) {
            let _ = parse(&parts.concat());
        }

        #[test]
        fn well_formed_histories_round_trip(
            entries in prop::collection::vec(
                (0i64..4_000_000_000, prop::collection::vec("[a-z ][^\n]{0,30}", 1..4)),
                0..40,
            )
        ) {
            let mut text = String::new();
            for (epoch, lines) in &entries {
                text.push_str(&format!("#{epoch}\n"));
                for line in lines {
                    text.push_str(line);
                    text.push('\n');
                }
            }
            let (result, sink) = parse(text.as_bytes());
            if entries.is_empty() {
                prop_assert!(result.is_ok());
            }
            result.unwrap();
            prop_assert!(sink.skipped.is_empty());
            let got: Vec<i64> = sink.events.iter().map(|e| e.utc.as_second()).collect();
            let want: Vec<i64> = entries.iter().map(|(e, _)| *e).collect();
            prop_assert_eq!(got, want);
            let unique: std::collections::HashSet<_> = sink.keys().into_iter().collect();
            prop_assert_eq!(unique.len(), entries.len());
        }
    }
}
