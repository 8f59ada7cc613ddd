//! Unit tests of the generic CSV importer: timestamp forms, mapping options, refusals.

use super::*;
use crate::privacy::IdentityHasher;
use crate::settings::Identities;
use crate::sources::VecSink;

fn context(options: &[(&str, &str)]) -> ImportContext {
    let options = crate::sources::test_options(SourceKind::Csv, options);
    ImportContext::new(Identities::default(), IdentityHasher::new([0; 32])).with_options(options)
}

fn read_csv(text: &str, options: &[(&str, &str)]) -> Result<VecSink, ImportError> {
    let mut sink = VecSink::default();
    read_bytes(
        text.as_bytes(),
        Path::new("x.csv"),
        &context(options),
        &mut sink,
    )?;
    Ok(sink)
}

fn utc(s: &str) -> String {
    parse_time(s, &TimeZone::UTC).unwrap().0.to_string()
}

#[test]
fn timestamp_forms() {
    let berlin = crate::settings::lookup_zone("Europe/Berlin").unwrap();
    let t = |s: &str, tz: &TimeZone| {
        let (t, offset) = parse_time(s, tz).unwrap();
        (t.to_string(), offset)
    };
    let some = |s: &str, o| (s.to_string(), Some(o));
    let none = |s: &str| (s.to_string(), None);
    // RFC 3339: the stated offset is kept, except `Z` and `-00:00` (offset unknown).
    assert_eq!(
        t("2026-03-01T10:00:00+01:00", &berlin),
        some("2026-03-01T09:00:00Z", 3600)
    );
    assert_eq!(
        t("2026-03-01 10:00:00.250-05:30", &berlin),
        some("2026-03-01T15:30:00.25Z", -19800)
    );
    assert_eq!(
        t("2026-03-01T10:00:00Z", &berlin),
        none("2026-03-01T10:00:00Z")
    );
    assert_eq!(
        t("2026-03-01T10:00:00-00:00", &berlin),
        none("2026-03-01T10:00:00Z")
    );
    assert_eq!(
        t("2026-03-01T10:00:00+00:00", &berlin),
        some("2026-03-01T10:00:00Z", 0)
    );
    // Local civil times, in the zone option, DST-correct.
    assert_eq!(
        t("2026-03-01 10:00", &TimeZone::UTC),
        none("2026-03-01T10:00:00Z")
    );
    assert_eq!(
        t("2026-03-01 10:00:30", &berlin),
        none("2026-03-01T09:00:30Z")
    );
    assert_eq!(t("2026-07-01T10:00", &berlin), none("2026-07-01T08:00:00Z"));
    // Unix seconds and milliseconds, by magnitude.
    assert_eq!(t("1772359200", &berlin), none("2026-03-01T10:00:00Z"));
    assert_eq!(t("1772359200.5", &berlin), none("2026-03-01T10:00:00.5Z"));
    assert_eq!(
        t("1772359200123", &berlin),
        none("2026-03-01T10:00:00.123Z")
    );
    assert_eq!(t("99999999999", &berlin), none("5138-11-16T09:46:39Z"));
    assert_eq!(t("100000000000", &berlin), none("1973-03-03T09:46:40Z"));
    assert_eq!(t("-86400", &berlin), none("1969-12-31T00:00:00Z"));
    assert_eq!(t(" 0 ", &berlin), none("1970-01-01T00:00:00Z"));
    for bad in [
        "",
        "03/01/2026 10:00",
        "2026-03-01",
        "1.",
        ".5",
        "1e9",
        "soon",
        "2026-02-30 10:00",
    ] {
        assert!(parse_time(bad, &berlin).is_err(), "{bad:?}");
    }
    assert_eq!(
        parse_time("2026-03-01", &berlin).unwrap_err(),
        "a date but no time of day"
    );
    assert_eq!(
        parse_time("99999999999999999999999", &berlin).unwrap_err(),
        "timestamp out of range"
    );
}

#[test]
fn rows_become_events_with_stable_keys() {
    let csv = "when,what\n2026-03-01 10:00:00,a\n2026-03-01 10:00:00.5,b\n\n1772359260,c\n";
    let sink = read_csv(csv, &[("timestamp", "when")]).unwrap();
    let keys: Vec<&str> = sink.events.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["1772359200:0", "1772359200:1", "1772359260:0"]);
    let e = &sink.events[0];
    assert_eq!(
        (e.kind, e.source, e.duration, e.actor.as_deref()),
        (EventKind::Other, SourceKind::Csv, None, None)
    );
    assert!(sink.skipped.is_empty());
}

#[test]
fn mapping_options() {
    let csv = "Start;Stop;Type;Prio;Id\n\
               2026-03-01 10:00;2026-03-01 10:30:20;meeting;HIGH;m1\n\
               2026-03-01 11:00;;page;;m2\n\
               2026-03-01 12:00;2026-03-01 11:00;meeting;low;m3\n\
               2026-03-01 13:00;2026-03-01 13:10;lunch;low;m4\n\
               2026-03-01 14:00;2026-03-01 14:10;meeting;urgent;m5\n\
               2026-03-01 15:00;2026-03-01 15:10;meeting;low;\n\
               2026-03-01 16:00\n";
    let options = [
        ("timestamp", "start"),
        ("end", "Stop"),
        ("kind_column", "type"),
        ("urgency_column", "Prio"),
        ("key_column", "Id"),
        ("timezone", "Europe/Berlin"),
    ];
    let sink = read_csv(csv, &options).unwrap();
    let got: Vec<(&str, EventKind, Option<i64>, Option<Urgency>)> = sink
        .events
        .iter()
        .map(|e| (e.key.as_str(), e.kind, e.duration, e.urgency))
        .collect();
    assert_eq!(
        got,
        [
            ("m1", EventKind::Meeting, Some(1820), Some(Urgency::High)),
            ("m2", EventKind::Page, None, None)
        ]
    );
    assert_eq!(sink.events[0].utc.to_string(), "2026-03-01T09:00:00Z");
    assert_eq!(
        sink.skip_lines(),
        [
            "x.csv:4: ends (2026-03-01T10:00:00Z) before it starts (2026-03-01T11:00:00Z)",
            "x.csv:5: column `Type` (#3): not an event kind (one of: commit, command, mail_sent, \
             mail_received, meeting, out_of_office, holiday, page, ack, incident, chat_message, \
             active_span, other)",
            "x.csv:6: column `Prio` (#4): not low, normal or high",
            "x.csv:7: column `Id` (#5): empty key",
            "x.csv:8: no value in column `Type`",
        ]
    );

    let csv = "t\tsecs\n1772359200\t90.6\n1772359300\t-1\n1772359400\tlong\n";
    let sink = read_csv(
        csv,
        &[
            ("timestamp", "t"),
            ("duration", "secs"),
            ("kind", "Incident"),
        ],
    )
    .unwrap();
    assert_eq!(sink.events.len(), 1);
    assert_eq!(
        (sink.events[0].kind, sink.events[0].duration),
        (EventKind::Incident, Some(91))
    );
    assert_eq!(
        sink.skip_lines(),
        [
            "x.csv:3: column `secs` (#2): not a number of seconds",
            "x.csv:4: column `secs` (#2): not a number of seconds",
        ]
    );
}

#[test]
fn delimiters_quotes_bom_and_bad_bytes() {
    // Auto: semicolon wins over the commas inside quotes.
    let csv = "\u{feff}\"a,b\";when\nx;2026-03-01 10:00\n\"y;z\";2026-03-01 11:00\n";
    let sink = read_csv(csv, &[("timestamp", "when")]).unwrap();
    assert_eq!(sink.events.len(), 2, "{:?}", sink.skipped);
    let sink = read_csv("\u{feff}when\n2026-03-01 10:00\n", &[("timestamp", "when")]).unwrap();
    assert_eq!(sink.events.len(), 1);
    let sink = read_csv(
        "a|when\nx|1772359200\n",
        &[("timestamp", "when"), ("delimiter", "|")],
    )
    .unwrap();
    assert_eq!(sink.events.len(), 1);
    let mut sink = VecSink::default();
    let bytes = b"when\n\xff\xfe\n1772359200\n";
    read_bytes(
        bytes,
        Path::new("x.csv"),
        &context(&[("timestamp", "when")]),
        &mut sink,
    )
    .unwrap();
    assert_eq!(
        sink.skip_lines(),
        ["x.csv:2: column `when` (#1): not UTF-8"]
    );
    assert_eq!(guess_delimiter(b"a\tb\tc;d\n"), b'\t');
    assert_eq!(guess_delimiter(b"abc"), b',');
}

#[test]
fn refusals_list_the_columns() {
    let refuse = |csv: &str, options: &[(&str, &str)]| {
        let err = read_csv(csv, options).unwrap_err();
        let ImportError::Refused { reason, hint, .. } = err else {
            panic!("{err:?}")
        };
        (reason, hint.unwrap_or_default())
    };
    let header = "id,created_at,Status\n1,2026-03-01 10:00,open\n";
    let (reason, hint) = refuse(header, &[]);
    assert_eq!(reason, "no timestamp column given");
    assert_eq!(
        hint,
        "name the column that holds when each row happened: `-o timestamp=COLUMN`; this file's \
         columns: `id`, `created_at`, `Status`"
    );
    let (reason, hint) = refuse(header, &[("timestamp", "created")]);
    assert_eq!(
        reason,
        "option timestamp=created: no such column in the header"
    );
    assert!(
        hint.ends_with("this file's columns: `id`, `created_at`, `Status`"),
        "{hint}"
    );
    let (reason, _) = refuse(
        header,
        &[("timestamp", "created_at"), ("kind_column", "state")],
    );
    assert_eq!(
        reason,
        "option kind_column=state: no such column in the header"
    );
    let (reason, _) = refuse(
        header,
        &[
            ("timestamp", "created_at"),
            ("kind", "page"),
            ("kind_column", "Status"),
        ],
    );
    assert_eq!(reason, "options kind and kind_column both given");
    let (reason, _) = refuse(
        header,
        &[
            ("timestamp", "created_at"),
            ("end", "id"),
            ("duration", "id"),
        ],
    );
    assert_eq!(reason, "options end and duration both given");
    let (reason, _) = refuse("", &[("timestamp", "t")]);
    assert_eq!(reason, "empty: no header row");
}

#[test]
fn same_second_counter_is_per_second() {
    assert_eq!(utc("1772359200"), "2026-03-01T10:00:00Z");
    let csv = "t\n1772359200\n1772359201\n1772359200.9\n";
    let sink = read_csv(csv, &[("timestamp", "t")]).unwrap();
    let keys: Vec<&str> = sink.events.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["1772359200:0", "1772359201:0", "1772359200:1"]);
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_bytes(input in prop::collection::vec(any::<u8>(), 0..500)) {
            let ctx = context(&[("timestamp", "t"), ("duration", "d"), ("kind_column", "k")]);
            let _ = read_bytes(&input, Path::new("f"), &ctx, &mut VecSink::default());
        }

        #[test]
        fn csv_like_text(
            parts in prop::collection::vec(
                prop::sample::select(vec![
                    "t", "e", "k", ",", ";", "\t", "\n", "\"", "1772359200", "-", ".", "9", "2026-03-01",
                    " ", "T10:00", ":00", "+01:00", "Z", "meeting", "high", "99999999999999999999",
                ]),
                0..80,
            )
        ) {
            let ctx = context(&[("timestamp", "t"), ("end", "e"), ("kind_column", "k"), ("urgency_column", "k")]);
            let input = format!("t,e,k\n{}", parts.concat());
            let _ = read_bytes(input.as_bytes(), Path::new("f"), &ctx, &mut VecSink::default());
        }
    }
}
