//! Unit tests of the mbox reader: every writer's separators, bodies with `From ` lines,
//! refusals, skips with their lines, chunked reading, and generated mboxes that round-trip.

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
fn large_files_are_read_in_chunks_in_file_order() {
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
    assert!(input.len() > 3 * CHUNK);
    let (result, sink) = parse(input.as_bytes());
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
}
