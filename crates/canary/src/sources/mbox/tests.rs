//! Unit tests of the mbox reader: every writer's separators, bodies with `From ` lines,
//! refusals, skips with their lines, chunked reading, and generated mboxes that round-trip;
//! reading in windows of any size gives what reading the whole file gives, and a file that
//! shrinks while it is read ends the import with [`ImportError::Shrank`].

use super::*;
use crate::event::EventKind;
use crate::sources::{VecSink, test_context};
use proptest::prelude::*;

fn parse_as(name: &str, input: &[u8]) -> (Result<(), ImportError>, VecSink) {
    let mut sink = VecSink::default();
    let result = read_bytes(input, Path::new(name), &test_context(), &mut sink);
    (result, sink)
}

fn parse(input: &[u8]) -> (Result<(), ImportError>, VecSink) {
    parse_as("box", input)
}

/// One message as an mbox writer would append it, with `>From ` quoting.
fn message(separator: &str, id: usize, body: &str) -> String {
    let body: String = body
        .lines()
        .map(
            |l| match l.starts_with("From ") || l.starts_with(">From ") {
                true => format!(">{l}\n"),
                false => format!("{l}\n"),
            },
        )
        .collect();
    format!(
        "{separator}\nMessage-ID: <{id}@x>\nDate: Mon, 14 May 2001 17:15:00 -0700\n\
From: a@b.c\nTo: d@e.f\n\n{body}\n"
    )
}

const THUNDERBIRD: &str = "From - Mon Apr 18 14:24:49 2022";
const TAKEOUT: &str = "From 1826000000000000000@xxx Tue Mar 11 01:31:25 +0000 2025";
const PIPERMAIL: &str = "From maechler at stat.math.ethz.ch  Tue Apr  1 11:48:02 1997";

#[test]
fn separators_of_every_writer() {
    for sep in [
        "From MAILER-DAEMON Mon Apr 18 14:24:49 2022",
        THUNDERBIRD,
        TAKEOUT,
        PIPERMAIL,
        "From 1a2b3c Mon Sep 17 00:00:00 2001",
        "From someone@example.org Fri Jul  8 12:08:34 2011",
        "From x Tue, 11 Mar 2025 01:31:25 +0000",
    ] {
        let input = [message(sep, 1, "hi"), message(sep, 2, "there")].concat();
        let (result, sink) = parse(input.as_bytes());
        result.unwrap();
        assert_eq!(sink.keys(), ["<1@x>", "<2@x>"], "{sep}");
    }
}

#[test]
fn from_lines_in_bodies_do_not_split() {
    // Quoted (`>From `), and unquoted ones (mboxo writers) that are not separators.
    let body = "From here on\n>From the archive\nFrom 9:00 to 10:00\n\nFrom the desk of Bob\n\
no header\n\nFrom Mon to Fri at 10:00\nAgenda follows\n\nFrom the minutes: Tuesday\n";
    let mut input = message(THUNDERBIRD, 1, "");
    input.push_str(body);
    input.push_str(&message(THUNDERBIRD, 2, ""));
    let (result, sink) = parse(input.as_bytes());
    result.unwrap();
    assert_eq!(sink.keys(), ["<1@x>", "<2@x>"]);
}

#[test]
fn a_from_line_after_an_empty_line_and_before_a_field_splits() {
    let input = format!(
        "{}From odd-writer\nMessage-ID: <2@x>\nDate: Mon, 14 May 2001 17:15:00 +0000\n\n",
        message(THUNDERBIRD, 1, "x")
    );
    let (result, sink) = parse(input.as_bytes());
    result.unwrap();
    assert_eq!(sink.keys(), ["<1@x>", "<2@x>"]);
}

#[test]
fn crlf_mboxes() {
    let input = [message(TAKEOUT, 1, "a\nFrom b"), message(TAKEOUT, 2, "c")]
        .concat()
        .replace('\n', "\r\n");
    let (result, sink) = parse(input.as_bytes());
    result.unwrap();
    assert_eq!(sink.keys(), ["<1@x>", "<2@x>"]);
    assert_eq!(sink.events[0].offset, Some(-7 * 3600));
}

#[test]
fn time_never_comes_from_the_separator() {
    let input = "From x Mon Apr 18 14:24:49 2022\nMessage-ID: <1@x>\n\nbody\n\
From x Mon Apr 18 14:24:49 2022\nMessage-ID: <2@x>\nReceived: from a by b; Tue, 1 Apr 1997 11:48:02 +0200\n\n";
    let (result, sink) = parse(input.as_bytes());
    result.unwrap();
    assert_eq!(sink.keys(), ["<2@x>"]);
    assert_eq!(sink.events[0].utc.to_string(), "1997-04-01T09:48:02Z");
    assert_eq!(
        sink.skip_lines(),
        ["box:1: no `Date:` header and no `Received:` date"]
    );
}

#[test]
fn skips_name_the_separator_line() {
    let good = message(THUNDERBIRD, 1, "one\ntwo\n");
    let bad = "From - Mon Apr 18 14:24:49 2022\nMessage-ID: <2@x>\nDate: soon\n\nbody\n";
    let input = format!("{good}{bad}{good}{bad}");
    let lines_before = |n: usize| input[..n].matches('\n').count() + 1;
    let second = input.find(bad).unwrap();
    let fourth = input.rfind(bad).unwrap();
    let (result, sink) = parse(input.as_bytes());
    result.unwrap();
    assert_eq!(sink.keys(), ["<1@x>"], "the repeated message is one event");
    assert_eq!(
        sink.skip_lines(),
        [format!(
            "box:{}: unreadable date `Date: soon` and no `Received:` date",
            lines_before(second)
        )],
        "the repeated undatable message is skipped once"
    );
    assert!(fourth > second);
}

#[test]
fn impossible_years_are_dated() {
    let input = "From - Mon Apr 18 14:24:49 2022\nDate: Mon, 30 May 0001 13:10:06 -0800 (PST)\n\n\
From - Mon Apr 18 14:24:49 2022\nDate: Mon, 31 Dec 2044 16:00:00 -0800\n\n";
    let (result, sink) = parse(input.as_bytes());
    result.unwrap();
    let years: Vec<i16> = sink
        .events
        .iter()
        .map(|e| e.utc.to_zoned(jiff::tz::TimeZone::UTC).year())
        .collect();
    assert_eq!(years, [1, 2045]);
    assert!(sink.skipped.is_empty());
}

#[test]
fn sent_folders_by_file_name() {
    let input = message(THUNDERBIRD, 1, "x");
    for (name, kind) in [
        ("Sent", EventKind::MailSent),
        ("mail/Sent Items.mbox", EventKind::MailSent),
        ("enron.neal-s._sent_mail", EventKind::MailSent),
        ("Sent.mbox/mbox", EventKind::MailSent),
        ("Inbox.mbox/mbox", EventKind::MailReceived),
        ("enron.neal-s.inbox", EventKind::MailReceived),
        ("consent", EventKind::MailReceived),
    ] {
        let (result, sink) = parse_as(name, input.as_bytes());
        result.unwrap();
        assert_eq!(sink.events[0].kind, kind, "{name}");
    }
}

#[test]
fn not_mbox_files_are_refused_with_a_hint() {
    for (input, reason) in [
        (
            &b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"[..],
            "not an mbox file: it holds binary data, not mail",
        ),
        (
            b"From: a@b.c\nDate: x\n\nbody",
            "not an mbox file: it starts with a header field, as a single message does, not with a `From ` separator line",
        ),
        (
            b"Return-Path: <a@b.c>\n",
            "not an mbox file: it starts with a header field, as a single message does, not with a `From ` separator line",
        ),
        (
            b"hello world\n",
            "not an mbox file: it does not start with a `From ` separator line",
        ),
        (
            b" From x Mon Apr 18 14:24:49 2022\n",
            "not an mbox file: it does not start with a `From ` separator line",
        ),
    ] {
        let (result, sink) = parse(input);
        let err = result.unwrap_err();
        assert_eq!(err.to_string(), format!("box: {reason}"));
        let ImportError::Refused { hint, .. } = err else {
            panic!("{err:?}")
        };
        assert_eq!(hint.as_deref(), Some(NOT_MBOX_HINT));
        assert!(sink.events.is_empty() && sink.skipped.is_empty());
    }
}

#[test]
fn empty_and_blank_files_are_empty_mailboxes() {
    for input in [&b""[..], b"\n\n", b"\r\n \t"] {
        let (result, sink) = parse(input);
        result.unwrap();
        assert!(sink.events.is_empty() && sink.skipped.is_empty());
    }
}

#[test]
fn truncated_mboxes() {
    let full = [message(THUNDERBIRD, 1, "body"), message(THUNDERBIRD, 2, "")].concat();
    for cut in 0..full.len() {
        let (result, sink) = parse(&full.as_bytes()[..cut]);
        // Fewer than 5 bytes cannot hold `From `.
        assert_eq!(result.is_ok(), cut == 0 || cut >= 5, "{cut}");
        assert!(sink.events.len() <= 2);
    }
}

#[test]
fn large_files_are_read_in_windows_in_file_order() {
    // Over three chunks' worth: undatable messages and repeats spread across the boundaries.
    let body = "line of body text\n".repeat(60);
    let mut input = String::new();
    let (mut want_keys, mut want_skips) = (Vec::new(), Vec::new());
    let mut seen = std::collections::HashSet::new();
    let mut line = 1;
    for i in 0..12_000 {
        let id = if i % 7 == 6 { i - 1 } else { i };
        let text = if i % 1000 == 999 {
            want_skips.push(format!(
                "box:{line}: no `Date:` header and no `Received:` date"
            ));
            format!("{THUNDERBIRD}\nMessage-ID: <bad{i}@x>\n\n{body}\n")
        } else {
            if seen.insert(id) {
                want_keys.push(format!("<{id}@x>"));
            }
            message(THUNDERBIRD, id, &body)
        };
        line += text.matches('\n').count();
        input.push_str(&text);
    }
    let window = 1 << 20;
    assert!(input.len() > 3 * window);
    let mut sink = VecSink::default();
    let bytes = input.as_bytes();
    let len = Some(bytes.len() as u64);
    let result = read_windows(
        bytes,
        len,
        window,
        Path::new("box"),
        &test_context(),
        &mut sink,
    );
    result.unwrap();
    let got = sink.keys();
    let first_difference = got.iter().zip(&want_keys).position(|(g, w)| g != w);
    assert_eq!((got.len(), first_difference), (want_keys.len(), None));
    assert_eq!(sink.skip_lines(), want_skips);
}

#[test]
fn separator_detection() {
    for (line, is) in [
        ("From - Mon Apr 18 14:24:49 2022", true),
        ("From x Tue Apr  1 11:48:02 1997", true),
        ("From x Apr 18 14:24:49 2022", false),
        ("From x Mon Apr 18 2022", false),
        ("From x Mon Apr 18 14:24:49", false),
        ("From x Mon Apr 18 14:24:49:00 2022", false),
        ("Fromx Mon Apr 18 14:24:49 2022", false),
    ] {
        let bytes = format!("x\n{line}\nbody\n");
        assert_eq!(is_separator(bytes.as_bytes(), 2), is, "{line}");
    }
    // Bounded: an over-long `From ` line is body text, and so is one followed by a line whose
    // would-be field name is over-long.
    let long = format!(
        "x\nFrom - Mon Apr 18 14:24:49 2022{}\nbody\n",
        " ".repeat(1000)
    );
    assert!(!is_separator(long.as_bytes(), 2));
    let name = "X".repeat(SEPARATOR_LINE_MAX + 1);
    for (field, is) in [
        (format!("{name}: v"), false),
        ("Subject: v".to_string(), true),
    ] {
        let bytes = format!("x\n\nFrom someone\n{field}\n");
        assert_eq!(is_separator(bytes.as_bytes(), 3), is, "{field}");
    }
}

/// What reading `input` in windows of `window` bytes gives: the keys, the skips, the result.
fn parse_windowed(input: &[u8], window: usize) -> (String, Vec<String>, Vec<String>) {
    let mut sink = VecSink::default();
    let result = read_windows(
        input,
        Some(input.len() as u64),
        window,
        Path::new("box"),
        &test_context(),
        &mut sink,
    );
    (format!("{result:?}"), sink.keys(), sink.skip_lines())
}

/// An mbox whose messages straddle window boundaries in every way: long bodies, bodies longer
/// than the header cap, long lines, `From ` lines in bodies (some over-long), undatable
/// messages, repeats, CRLF.
fn awkward_mbox(sizes: &[usize], crlf: bool) -> Vec<u8> {
    let mut out = String::new();
    for (i, &size) in sizes.iter().enumerate() {
        let id = if i % 5 == 4 { i - 1 } else { i };
        let mut body = String::new();
        let filler = [
            "From here on\n",
            "text\n",
            "\n",
            "From x Mon Apr 18 2022\n",
            "x",
        ];
        while body.len() < size {
            body.push_str(filler[body.len() % filler.len()]);
            if body.len() % 7 == 3 {
                body.push_str(&"y".repeat(size / 3 + 1));
            }
        }
        if i % 6 == 5 {
            out.push_str(&format!(
                "{THUNDERBIRD}\nMessage-ID: <bad{i}@x>\n\n{body}\n"
            ));
        } else if i % 4 == 3 {
            // A plain `From ` separator after an empty line.
            out.push_str(&format!(
                "From someone\nMessage-ID: <{id}@x>\nDate: Mon, 14 May 2001 17:15:00 -0700\n\n{body}\n\n"
            ));
        } else {
            out.push_str(&message(THUNDERBIRD, id, &body));
        }
    }
    if crlf {
        out = out.replace('\n', "\r\n");
    }
    out.into_bytes()
}

#[test]
fn windows_of_any_size_read_what_the_whole_file_holds() {
    // Messages of every size around the lookahead, the header cap and the windows.
    let sizes = [
        0,
        10,
        LOOKAHEAD - 7,
        LOOKAHEAD + 3,
        HEADER_CAP - 100,
        HEADER_CAP + 5000,
        3,
        2 * HEADER_CAP,
        50,
        700,
    ];
    for crlf in [false, true] {
        let input = awkward_mbox(&sizes, crlf);
        let whole = parse_windowed(&input, input.len() + 1);
        assert!(
            whole.0 == "Ok(())" && whole.1.len() > 4 && !whole.2.is_empty(),
            "{whole:?}"
        );
        for window in [
            1 << 10,
            4093,
            LOOKAHEAD,
            HEADER_CAP - 1,
            HEADER_CAP + 1,
            100_003,
        ] {
            assert_eq!(
                parse_windowed(&input, window),
                whole,
                "window {window}, crlf {crlf}"
            );
        }
    }
}

#[test]
fn a_message_of_one_huge_line_keeps_memory_to_a_window() {
    // No newline for 3 MiB in the body: passed over window by window.
    let mut input = message(THUNDERBIRD, 1, "").into_bytes();
    input.extend(std::iter::repeat_n(b'z', 3 << 20));
    input.extend(format!("\n{}", message(THUNDERBIRD, 2, "")).into_bytes());
    let whole = parse_windowed(&input, input.len() + 1);
    assert_eq!(whole.1, ["<1@x>", "<2@x>"]);
    assert_eq!(parse_windowed(&input, 64 << 10), whole);
}

#[test]
fn a_file_that_shrinks_after_it_was_opened_ends_with_a_message_and_a_count() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inbox");
    let input: String = (0..40)
        .map(|i| message(THUNDERBIRD, i, &"body line\n".repeat(100)))
        .collect();
    std::fs::write(&path, &input).unwrap();
    let file = File::open(&path).unwrap();
    let size = file.metadata().unwrap().len();
    // Another program cuts the file after it was opened, as mutt's in-place rewrite does.
    let cut = input.len() / 2;
    std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .unwrap()
        .set_len(cut as u64)
        .unwrap();
    let mut sink = VecSink::default();
    let err = read(file, Some(size), &path, &test_context(), &mut sink).unwrap_err();
    let whole_before_cut = input[..cut].matches(THUNDERBIRD).count() as u64;
    match &err {
        ImportError::Shrank {
            expected,
            read,
            records,
            ..
        } => {
            assert_eq!((*expected, *read), (size, cut as u64));
            assert_eq!(*records, whole_before_cut);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(sink.events.len() as u64, whole_before_cut);
    let text = err.to_string();
    assert!(
        text.contains(&format!("shrank from {size} to {cut} bytes"))
            && text.contains(&format!("{whole_before_cut} messages")),
        "{text}"
    );
}

#[test]
fn a_file_truncated_during_the_import_never_kills_the_process() {
    // Memory-mapped, this died of SIGBUS whenever the cut came before the reader.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inbox");
    let one = message(THUNDERBIRD, 1, &"body line\n".repeat(200));
    std::fs::write(&path, one.repeat((16 << 20) / one.len())).unwrap();
    let cutter = {
        let path = path.clone();
        std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(5));
            std::fs::OpenOptions::new()
                .write(true)
                .open(&path)
                .unwrap()
                .set_len(4096)
                .unwrap();
        })
    };
    let mut sink = VecSink::default();
    let result = import(&path, &test_context(), &mut sink);
    cutter.join().unwrap();
    assert!(
        matches!(result, Ok(()) | Err(ImportError::Shrank { .. })),
        "{result:?}"
    );
}

proptest! {
    #[test]
    fn any_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..3000)) {
        let _ = parse(&input);
        let mut with_start = b"From ".to_vec();
        with_start.extend(&input);
        let _ = parse(&with_start);
    }

    #[test]
    fn mbox_like_bytes_never_panic(
        parts in prop::collection::vec(
            prop::sample::select(vec![
                "From ", THUNDERBIRD, "\n", "\r\n", ">From ", "Date: ", "Mon, 1 Jan 2001 10:00:00 +0000",
                "Message-ID: <", "@x>", "Received: a; ", "\n\n", ":", " ", "From: a@b.c", "X-Priority: 1",
            ]),
            0..200,
        )
    ) {
        let mut input = format!("{THUNDERBIRD}\n");
        input.push_str(&parts.concat());
        let _ = parse(input.as_bytes());
    }

    /// Generated mboxes whose bodies hold `From ` lines (quoted as `>From `) and lines that
    /// look like separators or headers: every message is found, once, in order.
    #[test]
    fn generated_mboxes_round_trip(
        bodies in prop::collection::vec(
            prop::collection::vec(
                prop::sample::select(vec![
                    "From here", "From 9:00 on", ">From quoted", "From - Mon Apr 18 14:24:49 2022",
                    "Date: tomorrow", "", "text", "From x", "Subject: y",
                ]),
                0..8,
            ),
            1..30,
        ),
        separator in prop::sample::select(vec![THUNDERBIRD, TAKEOUT, PIPERMAIL]),
        crlf in any::<bool>(),
    ) {
        let mut input: String = bodies
            .iter()
            .enumerate()
            .map(|(i, lines)| message(separator, i, &lines.join("\n")))
            .collect();
        if crlf {
            input = input.replace('\n', "\r\n");
        }
        let (result, sink) = parse(input.as_bytes());
        result.unwrap();
        let want: Vec<String> = (0..bodies.len()).map(|i| format!("<{i}@x>")).collect();
        prop_assert_eq!(sink.keys(), want);
        prop_assert!(sink.skipped.is_empty());
    }

    /// Splitting the file into windows of any size gives the messages, skips and lines that
    /// reading it whole gives.
    #[test]
    fn any_window_size_reads_the_same(
        sizes in prop::collection::vec(
            prop_oneof![0..200usize, 900..2100usize, 60_000..70_000usize],
            1..8,
        ),
        crlf in any::<bool>(),
        window in 512..40_000usize,
    ) {
        let input = awkward_mbox(&sizes, crlf);
        let whole = parse_windowed(&input, input.len() + 1);
        prop_assert_eq!(parse_windowed(&input, window), whole);
    }
}

proptest! {
    #[test]
    fn newlines_are_counted_as_one_by_one(
        bytes in prop::collection::vec(prop::sample::select(vec![b'\n', b'a', b'\r']), 0..20_000),
    ) {
        let want = bytes.iter().filter(|&&b| b == b'\n').count() as u64;
        prop_assert_eq!(count_newlines(&bytes), want);
    }
}
