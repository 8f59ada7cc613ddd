//! Zsh history (`~/.zsh_history`, `$HISTFILE`) written with `setopt EXTENDED_HISTORY`.
//!
//! Every entry starts with a line `: <epoch>:<elapsed>;<command>`; a command continues on the
//! next line while a line ends with a backslash (zsh's own rule), except that a line shaped like
//! an entry's first line always starts a new entry. Zsh writes a command that itself ends in a
//! backslash as `\ ` (a space after it), but a file trimmed of trailing blanks (as dotfiles
//! repositories often are) loses that space: the real `data/shell/zsh_history-extended-2019`
//! has five such commands, each followed by its own timestamped entry that zsh's rule would
//! swallow. Each entry becomes one [`EventKind::Command`] event keyed `"{epoch}:{n}"`, `n`
//! counting earlier entries of the same second in the file, so importing again adds nothing
//! and a grown file adds only its new entries.
//!
//! What it does not do: it reads only the header of each entry and never keeps the command.
//! Zsh "metafies" bytes (0x83 then the byte XOR 0x20), which never yields a newline or a
//! backslash, so entries are delimited on the raw bytes without unmetafying. It does not use
//! the elapsed field (`duration` stays `None`), and it does not guess times: a file without
//! any extended entry is refused, and plain lines in a mixed file are skipped. Dates are not
//! range-checked here: metrics keep impossible dates out and report them.

use std::io::BufRead;
use std::path::Path;

use super::bounded::{self, LINE_MAX, Line, Pending};
use super::history::{self, SecondKeys};
use super::{ImportContext, ImportError, Location, Sink};
use crate::event::{Event, EventKind, SourceKind};

/// Entries between two progress reports.
const PROGRESS_EVERY: u64 = 4096;

/// The hint given with the refusal of a history without extended entries.
pub const NO_TIMESTAMPS_HINT: &str = "add `setopt EXTENDED_HISTORY` to ~/.zshrc so that zsh \
records when each command runs from now on; the entries already written cannot be dated";

const NOT_EXTENDED: &str = "not an extended history entry (`: <epoch>:<elapsed>;<command>`)";

/// Import zsh history from `path`.
pub fn import(path: &Path, ctx: &ImportContext, sink: &mut dyn Sink) -> Result<(), ImportError> {
    read(history::open_at(path, ctx.resume.offset, sink)?, path, sink)
}

/// Read zsh history from `input`; `path` names it in skips and errors.
pub fn read(mut input: impl BufRead, path: &Path, sink: &mut dyn Sink) -> Result<(), ImportError> {
    let at = |line| Location {
        file: path.to_path_buf(),
        line: Some(line),
    };
    let mut keys = SecondKeys::default();
    // Plain entries read before the first extended one: reported once we know the file has
    // extended entries at all, otherwise the whole file is refused.
    let mut plain = Pending::default();
    let mut any_extended = false;
    let mut continued = false;
    let (mut line_no, mut done, mut entries) = (0u64, 0u64, 0u64);
    let mut buf = Vec::new();
    loop {
        let n = match bounded::read_line(&mut input, LINE_MAX, &mut buf)
            .map_err(|e| ImportError::open(path, e))?
        {
            Line::End => break,
            Line::Kept { bytes } => bytes,
            Line::Long { bytes, last } => {
                // Passed over unread: it starts no entry, and a backslash at its end still
                // continues the command on the next line.
                line_no += 1;
                done += bytes;
                sink.skip(at(line_no), bounded::too_long());
                continued = last == Some(b'\\');
                continue;
            }
        };
        line_no += 1;
        done += n;
        let line = buf.strip_suffix(b"\n").unwrap_or(&buf);
        let header = header(line);
        let starts_entry = !continued || header.is_some();
        continued = line.ends_with(b"\\");
        if !starts_entry || (line.is_empty() && !continued) {
            continue;
        }
        let Some(digits) = header else {
            if any_extended {
                sink.skip(at(line_no), NOT_EXTENDED.into());
            } else {
                plain.push(line_no);
            }
            continue;
        };
        if !any_extended {
            any_extended = true;
            plain.report(path, NOT_EXTENDED, sink);
        }
        match history::epoch(digits) {
            Err(reason) => sink.skip(at(line_no), reason),
            Ok((epoch, utc)) => {
                let key = keys.next(epoch);
                sink.event(Event::mine(utc, EventKind::Command, SourceKind::Zsh, key))?;
                entries += 1;
                if entries.is_multiple_of(PROGRESS_EVERY) {
                    sink.progress(done);
                }
            }
        }
    }
    if !any_extended && !plain.is_empty() {
        return Err(ImportError::refused(
            path,
            format!(
                "no timestamps: zsh wrote this history without EXTENDED_HISTORY, so none of its \
                 {} entries can be dated",
                plain.count
            ),
            Some(NO_TIMESTAMPS_HINT),
        ));
    }
    sink.progress(done);
    Ok(())
}

/// The epoch digits of an extended entry's first line `: <epoch>:<elapsed>;…`.
fn header(line: &[u8]) -> Option<&[u8]> {
    let rest = line.strip_prefix(b": ")?;
    let (epoch, rest) = split_digits(rest)?;
    let (_elapsed, rest) = split_digits(rest.strip_prefix(b":")?)?;
    rest.starts_with(b";").then_some(epoch)
}

/// A non-empty run of ASCII digits at the start of `s`, and what follows it.
fn split_digits(s: &[u8]) -> Option<(&[u8], &[u8])> {
    let end = s
        .iter()
        .position(|b| !b.is_ascii_digit())
        .unwrap_or(s.len());
    (end > 0).then(|| s.split_at(end))
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

    /// Zsh's encoding of command bytes in the history file.
    fn metafy(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        for &b in bytes {
            if b == 0 || (0x83..=0xa2).contains(&b) {
                out.extend([0x83, b ^ 0x20]);
            } else {
                out.push(b);
            }
        }
        out
    }

    #[test]
    fn entries_continuations_and_metafied_bytes() {
        let mut input =
            b": 1560318924:0;ls\n: 1560318924:3;for f in *; do\\\n  echo $f\\\n".to_vec();
        input.extend(b"done\n: 1560318930:0;echo ");
        input.extend(metafy("caf\u{e9} \u{2603}".as_bytes()));
        input.extend(b"\n: 0:0;\n");
        let (result, sink) = parse(&input);
        result.unwrap();
        assert_eq!(
            sink.keys(),
            ["1560318924:0", "1560318924:1", "1560318930:0", "0:0"]
        );
        let e = &sink.events[2];
        assert_eq!(e.utc.as_second(), 1_560_318_930);
        assert_eq!(
            (e.kind, e.source, e.duration),
            (EventKind::Command, SourceKind::Zsh, None)
        );
        assert!(sink.skipped.is_empty());
    }

    #[test]
    fn malformed_entries_are_skipped_with_their_line() {
        let input = b"plain\n: 1:0;ok\n: 2;no elapsed\\\ncontinued by the backslash\n\n\
: 99999999999999999999:0;x\n: 253402207201:0;x\n:1:0;x\n: 4:0;ok";
        let (result, sink) = parse(input);
        result.unwrap();
        assert_eq!(sink.keys(), ["1:0", "4:0"]);
        assert_eq!(
            sink.skip_lines(),
            [
                format!("h:1: {NOT_EXTENDED}"),
                format!("h:3: {NOT_EXTENDED}"),
                "h:6: timestamp out of range".into(),
                "h:7: timestamp 253402207201 out of range".into(),
                format!("h:8: {NOT_EXTENDED}"),
            ]
        );
    }

    #[test]
    fn a_header_after_a_final_backslash_starts_a_new_entry() {
        // Zsh 5 writes a final backslash as `\ `; older files and trimmed files lose the space.
        for input in [
            &b": 1:0;echo \\ \n: 2:0;ls\n"[..],
            b": 1:0;echo \\\n: 2:0;ls\n",
        ] {
            let (result, sink) = parse(input);
            result.unwrap();
            assert_eq!(sink.keys(), ["1:0", "2:0"]);
        }
        let (_, sink) = parse(b": 1:0;echo \\\n:2:0;not a header\n: 3:0;ls\n");
        assert_eq!(sink.keys(), ["1:0", "3:0"]);
        assert!(sink.skipped.is_empty());
    }

    #[test]
    fn history_without_extended_entries_is_refused() {
        let (result, sink) = parse(b"ls\nfor f in *; do\\\necho\\\ndone\ncd\n");
        let err = result.unwrap_err();
        assert_eq!(
            err.to_string(),
            "h: no timestamps: zsh wrote this history without EXTENDED_HISTORY, so none of its 3 entries can be dated"
        );
        let ImportError::Refused { hint, .. } = err else {
            panic!("{err:?}")
        };
        assert_eq!(hint.as_deref(), Some(NO_TIMESTAMPS_HINT));
        assert!(sink.events.is_empty() && sink.skipped.is_empty());
    }

    #[test]
    fn empty_file_is_empty_not_refused() {
        let (result, sink) = parse(b"\n");
        result.unwrap();
        assert!(sink.events.is_empty() && sink.skipped.is_empty());
    }

    #[test]
    fn huge_lines_and_truncation() {
        let mut input = b": 1:0;".to_vec();
        input.extend(std::iter::repeat_n(b'x', 4 << 20));
        input.extend(b"\\\n\n: 2:0;echo \x83");
        let (result, sink) = parse(&input);
        result.unwrap();
        // The 4 MiB entry is over the line limit: skipped (its trailing backslash still
        // continues it), and the next entry read.
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
                    &b": "[..], b":", b";", b"1", b"17", b"\n", b"\\", b"\\\n", b"x", b"\x83\xa3",
                    b": 99999999999999999999:0;", b": 253402207201:0;",
                ]),
                0..200,
            )
        ) {
            let _ = parse(&parts.concat());
        }

        #[test]
        fn well_formed_histories_round_trip(
            entries in prop::collection::vec(
                (0i64..4_000_000_000, 0u32..100_000, prop::collection::vec(
                    prop::collection::vec(any::<u8>(), 0..30)
                        .prop_filter("one line, no trailing backslash, not a header", |l| {
                            !l.contains(&b'\n') && !l.ends_with(b"\\") && header(l).is_none()
                        }),
                    1..4,
                )),
                0..40,
            )
        ) {
            let mut text = Vec::new();
            for (epoch, elapsed, lines) in &entries {
                text.extend(format!(": {epoch}:{elapsed};").as_bytes());
                let lines: Vec<Vec<u8>> = lines.iter().map(|l| metafy(l)).collect();
                text.extend(lines.join(&b"\\\n"[..]));
                text.push(b'\n');
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
