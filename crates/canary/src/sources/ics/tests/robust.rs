//! Bad input: refused files, skipped components, garbage that must not panic.

use proptest::prelude::*;

use super::*;

#[test]
fn what_is_not_icalendar_is_refused() {
    for input in [
        "hello world\n",
        "BEGIN:VCARD\nVERSION:3.0\nFN:John Doe\nEND:VCARD\n",
        "\u{0}\u{1}binary\u{ff}",
    ] {
        let (result, sink) = import_with(input, &[], &[]);
        let err = result.unwrap_err();
        assert_eq!(
            err.to_string(),
            "cal.ics: not an iCalendar file: no BEGIN:VCALENDAR (or BEGIN:VEVENT) found"
        );
        assert!(matches!(err, ImportError::Refused { hint: Some(_), .. }));
        assert!(sink.events.is_empty());
    }
    let (result, sink) = import_with(" \n", &[], &[]);
    result.unwrap();
    assert!(sink.events.is_empty() && sink.skipped.is_empty());
}

#[test]
fn bad_options_are_refused() {
    // Values of the wrong type never reach the importer: the registry refuses them.
    let ics = crate::sources::registry::get(crate::event::SourceKind::Ics).unwrap();
    for (key, value) in [
        ("timezone", "Mars/Olympus"),
        ("since", "last week"),
        ("holidays", "maybe"),
    ] {
        let err = ics.check_options([(key, value)]).unwrap_err().to_string();
        assert!(
            err.starts_with(&format!("option {key}={value}: expected")),
            "{err}"
        );
    }
    let (result, _) = import_with(
        &cal(""),
        &[("since", "2026-02-01"), ("until", "2026-01-01")],
        &[],
    );
    assert!(result.is_err());
}

#[test]
fn bad_components_are_skipped_with_their_line() {
    let sink = import(&cal("
BEGIN:VEVENT
UID:no-start
SUMMARY:nothing
END:VEVENT
BEGIN:VEVENT
UID:backwards
DTSTART:20260105T100000Z
DTEND:20260105T090000Z
END:VEVENT
BEGIN:VEVENT
UID:bad-date
DTSTART:20261345T250000Z
END:VEVENT
BEGIN:VEVENT
UID:bad-rule
DTSTART:20260105T100000Z
RRULE:FREQ=SOMETIMES
END:VEVENT
BEGIN:VEVENT
UID:ok
DTSTART:20260105T100000Z
END:VEVENT"));
    assert_eq!(
        skips(&sink),
        [
            "cal.ics:4: VEVENT without DTSTART",
            "cal.ics:13: unreadable DTSTART",
            "cal.ics:8: DTEND before DTSTART",
            "cal.ics:17: RRULE `FREQ=SOMETIMES` not understood: only DTSTART and RDATE imported",
        ]
    );
    assert_eq!(
        keys(&sink.events),
        ["bad-rule/2026-01-05T10:00:00Z", "ok/2026-01-05T10:00:00Z"]
    );
}

#[test]
fn truncated_files_keep_what_came_before() {
    let full = cal("
BEGIN:VEVENT
UID:a
DTSTART:20260105T090000Z
DTEND:20260105T100000Z
END:VEVENT
BEGIN:VEVENT
UID:b
DTSTART:20260106T090000Z
DTEND:20260106T100000Z
END:VEVENT");
    let cut = &full[..full.find("UID:b").unwrap() + 8];
    let sink = import(cut);
    assert_eq!(keys(&sink.events)[0], "a/2026-01-05T09:00:00Z");
    for end in 0..full.len() {
        let _ = import_with(&full[..end], &[], &[]);
    }
}

#[test]
fn events_without_uid_and_reimports_are_stable() {
    let ics = cal("
BEGIN:VEVENT
DTSTART:20260105T090000Z
DTEND:20260105T100000Z
END:VEVENT
BEGIN:VEVENT
DTSTART:20260106T090000Z
DTEND:20260106T100000Z
END:VEVENT");
    let first = import(&ics);
    assert_eq!(
        keys(&first.events),
        ["no-uid/2026-01-05T09:00:00Z", "no-uid/2026-01-06T09:00:00Z"]
    );
    assert_eq!(import(&ics).events, first.events);
}

#[test]
fn hostile_values_do_not_panic() {
    for body in [
        "DTSTART:99991231T235959Z\nRRULE:FREQ=SECONDLY",
        "DTSTART:00010101T000000Z\nRRULE:FREQ=YEARLY;INTERVAL=65535",
        "DTSTART;VALUE=DATE:20260101\nDTEND;VALUE=DATE:99991231\nX-MICROSOFT-CDO-BUSYSTATUS:OOF",
        "DTSTART;TZID=Nowhere/Special:20260101T090000\nRRULE:FREQ=DAILY;COUNT=3",
        "DTSTART:20260101T090000Z\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
        "DTSTART:20260101T090000Z\nRRULE:FREQ=MONTHLY;BYSETPOS=400;BYDAY=MO",
        "DTSTART:20260101T090000Z\nDURATION:P99999999W",
        "DTSTART:20260101T090000Z\nRRULE:FREQ=DAILY;UNTIL=20250101T000000Z",
        "DTSTART:20260101T090000Z\nEXDATE:garbage\nRDATE:also;garbage",
        "DTSTART:20260101T090000Z\nRECURRENCE-ID:20260101T090000Z\nRRULE:FREQ=HOURLY",
    ] {
        let ics = cal(&format!("BEGIN:VEVENT\nUID:x\n{body}\nEND:VEVENT"));
        let _ = import_with(&ics, &[], &[]);
        let _ = import_with(
            &ics,
            &[("since", "2020-01-01"), ("until", "2030-01-01")],
            &[],
        );
    }
}

proptest! {
    #[test]
    fn any_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..2000)) {
        let mut sink = VecSink::default();
        let _ = read_bytes(&input, Path::new("f"), &test_context(), &mut sink);
    }

    #[test]
    fn calendar_like_text_never_panics(
        parts in prop::collection::vec(
            prop::sample::select(vec![
                "BEGIN:VCALENDAR\n", "END:VCALENDAR\n", "BEGIN:VEVENT\n", "END:VEVENT\n",
                "UID:a\n", "UID:b\n", "DTSTART:20260105T090000Z\n", "DTSTART;VALUE=DATE:20260105\n",
                "DTSTART;TZID=Europe/Berlin:20261025T023000\n", "DTEND:20260105T100000Z\n",
                "DTEND;VALUE=DATE:20260107\n", "DURATION:PT1H\n", "RRULE:FREQ=DAILY;COUNT=3\n",
                "RRULE:FREQ=WEEKLY;BYDAY=MO,FR\n", "RRULE:FREQ=MONTHLY;BYMONTHDAY=-1\n",
                "EXDATE:20260106T090000Z\n", "RDATE;VALUE=PERIOD:20260110T090000Z/PT1H\n",
                "RECURRENCE-ID:20260106T090000Z\n", "RECURRENCE-ID;VALUE=DATE:20260106\n",
                "STATUS:CANCELLED\n", "TRANSP:TRANSPARENT\n", "X-MICROSOFT-CDO-BUSYSTATUS:OOF\n",
                "SUMMARY:vacation\n", "X-WR-CALNAME:Holidays\n", " folded\n", ":\n", ";\n",
                "BEGIN:VTIMEZONE\n", "END:VTIMEZONE\n", "TZID:X\n", "BEGIN:STANDARD\n",
                "END:STANDARD\n", "TZOFFSETTO:+0100\n",
            ]),
            0..80,
        )
    ) {
        let mut sink = VecSink::default();
        let _ = read_bytes(parts.concat().as_bytes(), Path::new("f"), &test_context(), &mut sink);
    }
}
