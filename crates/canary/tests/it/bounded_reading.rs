//! Reading without bounds, bounded: line-based readers pass over lines longer than
//! `LINE_MAX` (skipped as `file:line: line longer than N bytes`) and go on with the entries
//! after them, from inputs generated on the fly (never held whole); special files, and
//! files read whole above their limit, are refused with the reason.

use std::io::{BufReader, Cursor, Read};
use std::path::Path;

use canary::event::SourceKind;
use canary::privacy::IdentityHasher;
use canary::settings::Identities;
use canary::sources::bounded::{ICS_MAX, JSON_MAX, LINE_MAX};
use canary::sources::{
    ImportContext, ImportError, VecSink, bash, fish, generic_csv, registry, zsh,
};

/// `before`, then `len` bytes of `a` without a newline, then `after`: generated as read.
fn with_long_line(before: &str, len: usize, after: &str) -> impl std::io::BufRead {
    let input = Cursor::new(before.as_bytes().to_vec())
        .chain(std::io::repeat(b'a').take(len as u64))
        .chain(Cursor::new(after.as_bytes().to_vec()));
    BufReader::new(input)
}

fn too_long(line: u64) -> String {
    format!("h:{line}: line longer than {LINE_MAX} bytes")
}

#[test]
fn zsh_passes_over_a_long_line_and_reads_on() {
    let input = with_long_line(
        ": 1700000000:0;ls\n: 1700000001:0;",
        LINE_MAX + 10,
        "\n: 1700000002:0;make\n",
    );
    let mut sink = VecSink::default();
    zsh::read(input, Path::new("h"), &mut sink).unwrap();
    assert_eq!(sink.keys(), ["1700000000:0", "1700000002:0"]);
    assert_eq!(sink.skip_lines(), [too_long(2)]);
}

#[test]
fn zsh_keeps_a_long_continued_line_in_its_command() {
    // The long line ends with a backslash: the next line continues it, not a new entry.
    let input = with_long_line(": 1700000000:0;echo \\\n", 2 * LINE_MAX, "\\\nstill it\n");
    let mut sink = VecSink::default();
    zsh::read(input, Path::new("h"), &mut sink).unwrap();
    assert_eq!(sink.keys(), ["1700000000:0"]);
    assert_eq!(sink.skip_lines(), [too_long(2)]);
}

#[test]
fn bash_keeps_the_entry_whose_command_is_too_long() {
    let input = with_long_line("#1700000000\n", LINE_MAX + 1, "\n#1700000001\nls\n");
    let mut sink = VecSink::default();
    bash::read(input, Path::new("h"), &mut sink).unwrap();
    assert_eq!(sink.keys(), ["1700000000:0", "1700000001:0"]);
    assert_eq!(sink.skip_lines(), [too_long(2)]);
}

#[test]
fn fish_drops_the_entry_with_a_long_command_and_not_its_neighbours() {
    let input = with_long_line(
        "- cmd: ls\n  when: 1700000000\n- cmd: ",
        LINE_MAX,
        "\n  when: 1700000001\n- cmd: make\n  when: 1700000002\n",
    );
    let mut sink = VecSink::default();
    fish::read(input, Path::new("h"), &mut sink).unwrap();
    // The long entry's `when:` is not taken for `ls`'s.
    assert_eq!(sink.keys(), ["1700000000:0", "1700000002:0"]);
    assert_eq!(sink.skip_lines(), [too_long(3)]);
}

fn csv_context() -> ImportContext {
    let source = registry::get(SourceKind::Csv).unwrap();
    let options = source
        .check_options([("timestamp", "at"), ("kind", "other")])
        .unwrap();
    ImportContext::new(Identities::default(), IdentityHasher::new([0; 32])).with_options(options)
}

#[test]
fn csv_passes_over_a_long_line_and_keeps_line_numbers() {
    let input = with_long_line(
        "at,note\n2026-01-01T10:00:00Z,x\n",
        LINE_MAX + 1,
        "\n2026-01-01T11:00:00Z,y\nnot a time,z\n",
    );
    let mut sink = VecSink::default();
    generic_csv::read(input, Path::new("h"), &csv_context(), &mut sink).unwrap();
    assert_eq!(sink.events.len(), 2);
    let skips = sink.skip_lines();
    assert_eq!(skips[0], too_long(3));
    assert!(skips[1].starts_with("h:5: "), "{skips:?}");
    assert_eq!(skips.len(), 2);
}

#[test]
fn csv_refuses_a_header_that_is_too_long() {
    let input = with_long_line("", LINE_MAX + 1, "\n2026-01-01T10:00:00Z,x\n");
    let mut sink = VecSink::default();
    let err = generic_csv::read(input, Path::new("h"), &csv_context(), &mut sink).unwrap_err();
    assert!(
        err.to_string().contains("header row is longer than"),
        "{err}"
    );
}

/// A sparse file of `len` bytes: its size is over a limit, its blocks cost nothing.
fn sparse(dir: &Path, name: &str, len: u64) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::File::create(&path).unwrap().set_len(len).unwrap();
    path
}

#[test]
fn files_read_whole_are_refused_above_their_limit() {
    let dir = tempfile::tempdir().unwrap();
    let ctx = csv_context();
    // Sparse files: over the limit in size, nothing to read. The limit itself is tested
    // with `bounded::read_whole`.
    let cases: [(SourceKind, &str, u64, &str); 4] = [
        (SourceKind::Ics, "big.ics", ICS_MAX, "an .ics calendar"),
        (SourceKind::Pagerduty, "big.json", JSON_MAX, "PagerDuty"),
        (SourceKind::Opsgenie, "og.json", JSON_MAX, "Opsgenie"),
        (
            SourceKind::Activitywatch,
            "aw.json",
            JSON_MAX,
            "ActivityWatch",
        ),
    ];
    for (kind, name, max, what) in cases {
        let path = sparse(dir.path(), name, max + 1);
        let import = registry::get(kind).unwrap().import;
        let mut sink = VecSink::default();
        let err = import(&path, &ctx, &mut sink).unwrap_err();
        let text = err.to_string();
        assert!(
            matches!(err, ImportError::Refused { hint: Some(_), .. })
                && text.contains("too large:")
                && text.contains(what),
            "{kind:?}: {text}"
        );
    }
}

#[test]
fn special_files_are_refused_as_histories() {
    for kind in [
        SourceKind::Zsh,
        SourceKind::Bash,
        SourceKind::Fish,
        SourceKind::Csv,
    ] {
        let import = registry::get(kind).unwrap().import;
        let mut sink = VecSink::default();
        let err = import(Path::new("/dev/zero"), &csv_context(), &mut sink).unwrap_err();
        assert!(
            err.to_string()
                .contains("not a regular file: this is a character device"),
            "{kind:?}: {err}"
        );
    }
}
