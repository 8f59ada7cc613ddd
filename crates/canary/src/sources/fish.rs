//! Fish history (`~/.local/share/fish/fish_history`, fish 2.0 and later).
//!
//! Each entry is a `- cmd: …` line followed by indented `  when: <epoch>` and optionally
//! `  paths:` with `    - …` lines. Fish escapes newlines and backslashes in the command, so an
//! entry's command is always one line. Each entry with a valid `when` becomes one
//! [`EventKind::Command`] event keyed `"{epoch}:{n}"`, `n` counting earlier entries of the same
//! second in the file, so importing again adds nothing and a grown file adds only its new
//! entries.
//!
//! What it does not do: it never keeps the command or the paths, so it does not unescape
//! them; it is not a YAML parser (fish's format only looks like YAML), and it reads no
//! other key than `when`. An entry without a valid `when` is skipped, and a file with no
//! `- cmd:` entry at all is refused. Dates are not range-checked here: metrics keep impossible
//! dates out and report them.

use std::io::BufRead;
use std::path::Path;

use super::bounded::{self, LINE_MAX, Line, Pending};
use super::history::{self, SecondKeys, Stamp};
use super::{ImportContext, ImportError, Location, Sink};
use crate::event::{Event, EventKind, SourceKind};

/// Entries between two progress reports.
const PROGRESS_EVERY: u64 = 4096;

const STRAY: &str = "not part of a fish history entry";

/// Import fish history from `path`.
pub fn import(path: &Path, ctx: &ImportContext, sink: &mut dyn Sink) -> Result<(), ImportError> {
    read(history::open_at(path, ctx.resume.offset, sink)?, path, sink)
}

/// An entry being read: the line of its `- cmd:` and, once seen, its `when:` line and value.
struct Entry {
    line: u64,
    when: Option<(u64, Stamp)>,
    /// Its first line was too long to read (already reported): it gives no event.
    long: bool,
}

/// Read fish history from `input`; `path` names it in skips and errors.
pub fn read(mut input: impl BufRead, path: &Path, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let at = |line| Location {
        file: path.to_path_buf(),
        line: Some(line),
    };
    let mut keys = SecondKeys::default();
    // Stray lines before the first entry: reported once the file has shown an entry,
    // otherwise the whole file is refused.
    let mut stray = Pending::default();
    let mut any_entry = false;
    let mut current: Option<Entry> = None;
    let (mut line_no, mut done, mut entries) = (0u64, 0u64, 0u64);
    let mut buf = Vec::new();
    let mut finish = |entry: Entry, sink: &mut dyn Sink| -> Result<(), ImportError> {
        match entry.when {
            _ if entry.long => {}
            None => sink.skip(at(entry.line), "entry has no `when:` time".into()),
            Some((line, Err(reason))) => sink.skip(at(line), reason),
            Some((_, Ok((epoch, utc)))) => {
                let key = keys.next(epoch);
                sink.event(Event::mine(utc, EventKind::Command, SourceKind::Fish, key))?;
            }
        }
        Ok(())
    };
    loop {
        let n = match bounded::read_line(&mut input, LINE_MAX, &mut buf)
            .map_err(|e| ImportError::open(path, e))?
        {
            Line::End => break,
            Line::Kept { bytes } => bytes,
            Line::Long { bytes, .. } => {
                // Passed over unread, most likely a huge `- cmd:` line: it ends the entry
                // before it and starts one that gives no event, so that the `when:` after it
                // is not taken for the previous command's.
                line_no += 1;
                done += bytes;
                sink.skip(at(line_no), bounded::too_long());
                if let Some(entry) = current.take() {
                    finish(entry, sink)?;
                }
                current = Some(Entry {
                    line: line_no,
                    when: None,
                    long: true,
                });
                continue;
            }
        };
        line_no += 1;
        done += n;
        let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
        if line.starts_with(b"- cmd:") {
            if let Some(entry) = current.take() {
                finish(entry, sink)?;
            }
            if !any_entry {
                any_entry = true;
                stray.report(path, STRAY, sink);
            }
            current = Some(Entry {
                line: line_no,
                when: None,
                long: false,
            });
            entries += 1;
            if entries.is_multiple_of(PROGRESS_EVERY) {
                sink.progress(done);
            }
        } else if line.trim_ascii().is_empty() {
            // Blank lines carry nothing.
        } else if let (Some(entry), true) = (&mut current, line.starts_with(b" ")) {
            if let Some(value) = line.trim_ascii_start().strip_prefix(b"when:") {
                entry.when = Some((line_no, epoch(value.trim_ascii())));
            }
        } else {
            // An unindented line ends the entry, as in fish's own reader.
            if let Some(entry) = current.take() {
                finish(entry, sink)?;
            }
            if any_entry {
                sink.skip(at(line_no), STRAY.into());
            } else {
                stray.push(line_no);
            }
        }
    }
    if let Some(entry) = current.take() {
        finish(entry, sink)?;
    }
    if !any_entry && !stray.is_empty() {
        return Err(ImportError::refused(
            path,
            format!(
                "not a fish history: none of its {} lines is a `- cmd:` entry",
                stray.count
            ),
            Some("fish keeps its history in ~/.local/share/fish/fish_history"),
        ));
    }
    sink.progress(done);
    Ok(())
}

/// The epoch second in `digits` and its instant, if jiff can hold it, else why not.
fn epoch(digits: &[u8]) -> Stamp {
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err("`when:` is not an epoch second".into());
    }
    history::epoch(digits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::VecSink;
    use proptest::prelude::*;

    fn parse(input: &[u8]) -> (Result<(), ImportError>, VecSink) {
        let mut sink = VecSink::default();
        let result = read(input, Path::new("h"), &mut sink);
        (result, sink)
    }

    /// Fish's escaping of a command in the history file.
    fn escape(cmd: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for &b in cmd {
            match b {
                b'\\' => out.extend(b"\\\\"),
                b'\n' => out.extend(b"\\n"),
                _ => out.push(b),
            }
        }
        out
    }

    #[test]
    fn entries_with_paths_and_escapes() {
        let input = "- cmd: echo 'a\\nb' \\\\ caf\u{e9}\n  when: 1714175807\n  paths:\n    - ~/src\n\
- cmd: ls\n  when: 1714175807\n- cmd: - cmd: when: 1\n  when: 0\n";
        let (result, sink) = parse(input.as_bytes());
        result.unwrap();
        assert_eq!(sink.keys(), ["1714175807:0", "1714175807:1", "0:0"]);
        let e = &sink.events[0];
        assert_eq!(e.utc.as_second(), 1_714_175_807);
        assert_eq!(
            (e.kind, e.source, e.duration),
            (EventKind::Command, SourceKind::Fish, None)
        );
        assert!(sink.skipped.is_empty());
    }

    #[test]
    fn entries_without_a_valid_when_are_skipped_with_their_line() {
        let lines: [&[u8]; 17] = [
            b"stray",
            b"- cmd: a",
            b"  when: 1",
            b"- cmd: no when",
            b"  paths:",
            b"    - /x",
            b"- cmd: b",
            b"  when: yesterday",
            b"- cmd: c",
            b"  when: 99999999999999999999",
            b"- cmd: d",
            b"  when: 253402207201",
            b"garbage",
            b"  when: 5",
            b"- cmd: \xff\xfe",
            b"  when: 2",
            b"- cmd: truncated",
        ];
        let input = &lines.join(&b'\n')[..];
        let (result, sink) = parse(input);
        result.unwrap();
        assert_eq!(sink.keys(), ["1:0", "2:0"]);
        assert_eq!(
            sink.skip_lines(),
            [
                "h:1: not part of a fish history entry",
                "h:4: entry has no `when:` time",
                "h:8: `when:` is not an epoch second",
                "h:10: timestamp out of range",
                "h:12: timestamp 253402207201 out of range",
                "h:13: not part of a fish history entry",
                "h:14: not part of a fish history entry",
                "h:17: entry has no `when:` time",
            ]
        );
    }

    #[test]
    fn a_file_without_entries_is_refused() {
        let (result, sink) = parse(b"ls\ncd /tmp\n");
        let err = result.unwrap_err();
        assert_eq!(
            err.to_string(),
            "h: not a fish history: none of its 2 lines is a `- cmd:` entry"
        );
        assert!(sink.events.is_empty() && sink.skipped.is_empty());
        let (result, sink) = parse(b"\n");
        result.unwrap();
        assert!(sink.events.is_empty() && sink.skipped.is_empty());
    }

    #[test]
    fn huge_lines_and_truncation() {
        let mut input = b"- cmd: ".to_vec();
        input.extend(std::iter::repeat_n(b'x', 4 << 20));
        input.extend(b"\n  when: 1\n- cmd: ls\n  when: 2");
        let (result, sink) = parse(&input);
        result.unwrap();
        // The 4 MiB command is over the line limit: its entry is skipped, not its `when:`
        // given to another.
        assert_eq!(sink.keys(), ["2:0"]);
        assert_eq!(
            sink.skip_lines(),
            [format!("h:1: line longer than {} bytes", bounded::LINE_MAX)]
        );
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
                    &b"- cmd: "[..], b"  when: ", b"  paths:\n", b"    - ", b"1", b"17", b"\n",
                    b" ", b"x", b"\xff", b"99999999999999999999", b"253402207201",
                ]),
                0..200,
            )
        ) {
            let _ = parse(&parts.concat());
        }

        #[test]
        fn well_formed_histories_round_trip(
            entries in prop::collection::vec(
                (
                    0i64..4_000_000_000,
                    prop::collection::vec(any::<u8>(), 0..40),
                    prop::collection::vec("[a-z/~. ]{1,20}", 0..3),
                ),
                0..40,
            )
        ) {
            let mut text = Vec::new();
            for (epoch, cmd, paths) in &entries {
                text.extend(b"- cmd: ");
                text.extend(escape(cmd));
                text.extend(format!("\n  when: {epoch}\n").as_bytes());
                if !paths.is_empty() {
                    text.extend(b"  paths:\n");
                    for p in paths {
                        text.extend(format!("    - {p}\n").as_bytes());
                    }
                }
            }
            let (result, sink) = parse(&text);
            result.unwrap();
            prop_assert!(sink.skipped.is_empty());
            let got: Vec<i64> = sink.events.iter().map(|e| e.utc.as_second()).collect();
            let want: Vec<i64> = entries.iter().map(|(e, _, _)| *e).collect();
            prop_assert_eq!(got, want);
            let unique: std::collections::HashSet<_> = sink.keys().into_iter().collect();
            prop_assert_eq!(unique.len(), entries.len());
        }
    }
}
