//! Recurrence: RRULE, EXDATE, RDATE, modified and cancelled occurrences, zones, windows.

use jiff::civil::date;

use super::*;

#[test]
fn weekly_rrule_with_exdate() {
    let sink = import(&cal("
BEGIN:VEVENT
UID:standup
DTSTART;TZID=Europe/Berlin:20260105T100000
DTEND;TZID=Europe/Berlin:20260105T101500
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE;TZID=Europe/Berlin:20260112T100000
END:VEVENT"));
    assert_eq!(
        summary(&sink.events),
        [
            "meeting 2026-01-05T09:00:00Z 900",
            "meeting 2026-01-19T09:00:00Z 900",
            "meeting 2026-01-26T09:00:00Z 900",
        ]
    );
    assert_eq!(keys(&sink.events)[0], "standup/2026-01-05T09:00:00Z");
    assert!(sink.events.iter().all(|e| e.offset == Some(3600)));
    assert!(sink.skipped.is_empty());
}

#[test]
fn a_moved_occurrence_takes_its_slot_and_inherits_from_the_master() {
    // Google bumps the SEQUENCE of a modified occurrence; calcard's own expansion then keeps
    // the original slot as well. The override says nothing of TRANSP or busy status.
    let sink = import(&cal("
BEGIN:VEVENT
UID:review
SEQUENCE:0
DTSTART;TZID=Europe/Berlin:20260105T100000
DTEND;TZID=Europe/Berlin:20260105T110000
RRULE:FREQ=WEEKLY;COUNT=3
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
UID:review
SEQUENCE:2
RECURRENCE-ID;TZID=Europe/Berlin:20260112T100000
DTSTART;TZID=Europe/Berlin:20260113T140000
DTEND;TZID=Europe/Berlin:20260113T153000
END:VEVENT"));
    assert_eq!(
        summary(&sink.events),
        [
            "meeting 2026-01-05T09:00:00Z 3600",
            "meeting 2026-01-19T09:00:00Z 3600",
            "meeting 2026-01-13T13:00:00Z 5400",
        ]
    );
    assert_eq!(keys(&sink.events)[2], "review/2026-01-12T09:00:00Z");

    // A transparent master makes its modified occurrences transparent too.
    let sink = import(&cal("
BEGIN:VEVENT
UID:focus
DTSTART:20260105T090000Z
DTEND:20260105T100000Z
RRULE:FREQ=DAILY;COUNT=2
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
UID:focus
RECURRENCE-ID:20260106T090000Z
DTSTART:20260106T120000Z
DTEND:20260106T130000Z
END:VEVENT"));
    assert!(sink.events.is_empty(), "{:?}", summary(&sink.events));
}

#[test]
fn cancelled_occurrences_and_series() {
    let sink = import(&cal("
BEGIN:VEVENT
UID:sync
DTSTART:20260105T090000Z
DTEND:20260105T093000Z
RRULE:FREQ=DAILY;COUNT=3
END:VEVENT
BEGIN:VEVENT
UID:sync
RECURRENCE-ID:20260106T090000Z
DTSTART:20260106T090000Z
DTEND:20260106T093000Z
STATUS:CANCELLED
END:VEVENT
BEGIN:VEVENT
UID:gone
DTSTART:20260105T120000Z
DTEND:20260105T130000Z
STATUS:CANCELLED
END:VEVENT"));
    assert_eq!(
        summary(&sink.events),
        [
            "meeting 2026-01-05T09:00:00Z 1800",
            "meeting 2026-01-07T09:00:00Z 1800",
        ]
    );
}

#[test]
fn weekly_at_nine_in_berlin_keeps_its_wall_time_across_the_october_change() {
    let sink = import(&cal("
BEGIN:VEVENT
UID:dst
DTSTART;TZID=Europe/Berlin:20261019T090000
DTEND;TZID=Europe/Berlin:20261019T100000
RRULE:FREQ=WEEKLY;UNTIL=20261102T080000Z
END:VEVENT"));
    assert_eq!(
        summary(&sink.events),
        [
            "meeting 2026-10-19T07:00:00Z 3600",
            "meeting 2026-10-26T08:00:00Z 3600",
            "meeting 2026-11-02T08:00:00Z 3600",
        ]
    );
    let offsets: Vec<_> = sink.events.iter().map(|e| e.offset).collect();
    assert_eq!(offsets, [Some(7200), Some(3600), Some(3600)]);
}

#[test]
fn utc_until_at_the_last_occurrence_keeps_it() {
    // Thunderbird writes UNTIL as the UTC instant of the last occurrence; compared with
    // wall-clock times (as calcard does) the last one is lost east of UTC.
    let sink = import(&cal("
BEGIN:VEVENT
UID:tb
RRULE:FREQ=DAILY;UNTIL=20250427T080000Z
DTSTART;TZID=Europe/London:20250423T090000
DTEND;TZID=Europe/London:20250423T100000
END:VEVENT"));
    assert_eq!(sink.events.len(), 5);
    assert_eq!(sink.events[4].utc.to_string(), "2025-04-27T08:00:00Z");
}

#[test]
fn windows_and_custom_zone_names() {
    let sink = import(&cal("
BEGIN:VEVENT
UID:outlook
DTSTART;TZID=W. Europe Standard Time:20260115T090000
DTEND;TZID=W. Europe Standard Time:20260115T100000
END:VEVENT
BEGIN:VEVENT
UID:outlook-prefixed
DTSTART;TZID=\"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna\":20260715T090000
DTEND;TZID=\"(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna\":20260715T100000
END:VEVENT"));
    assert_eq!(
        summary(&sink.events),
        [
            "meeting 2026-01-15T08:00:00Z 3600",
            "meeting 2026-07-15T07:00:00Z 3600",
        ]
    );

    // A VTIMEZONE calcard cannot name is rebuilt from its rules.
    let sink = import(&cal("
BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:custom
DTSTART;TZID=Customized Time Zone:20260115T090000
DTEND;TZID=Customized Time Zone:20260115T100000
RRULE:FREQ=MONTHLY;COUNT=7
END:VEVENT"));
    let starts: Vec<String> = sink.events.iter().map(|e| e.utc.to_string()).collect();
    assert_eq!(starts[0], "2026-01-15T14:00:00Z");
    assert_eq!(starts[6], "2026-07-15T13:00:00Z");
}

#[test]
fn floating_times_are_in_the_persons_zone() {
    let ics = cal("
BEGIN:VEVENT
UID:floating
DTSTART:20260115T090000
DTEND:20260115T093000
END:VEVENT");
    let (_, sink) = import_with(&ics, &[("timezone", "America/New_York")], &[]);
    assert_eq!(summary(&sink.events), ["meeting 2026-01-15T14:00:00Z 1800"]);
    assert_eq!(sink.events[0].offset, Some(-5 * 3600));
    assert_eq!(
        summary(&import(&ics).events),
        ["meeting 2026-01-15T09:00:00Z 1800"]
    );
}

#[test]
fn rdate_periods_and_dates() {
    let sink = import(&cal("
BEGIN:VEVENT
UID:rd
DTSTART:20260105T090000Z
DTEND:20260105T100000Z
RDATE;VALUE=PERIOD:20260107T120000Z/20260107T123000Z,20260108T120000Z/PT2H
RDATE:20260109T090000Z
END:VEVENT"));
    assert_eq!(
        summary(&sink.events),
        [
            "meeting 2026-01-05T09:00:00Z 3600",
            "meeting 2026-01-07T12:00:00Z 1800",
            "meeting 2026-01-08T12:00:00Z 7200",
            "meeting 2026-01-09T09:00:00Z 3600",
        ]
    );
}

#[test]
fn without_dtend_a_time_lasts_nothing_and_a_date_a_day() {
    let sink = import(&cal("
BEGIN:VEVENT
UID:point
DTSTART:20260105T090000Z
END:VEVENT
BEGIN:VEVENT
UID:dur
DTSTART:20260105T120000Z
DURATION:PT45M
END:VEVENT
BEGIN:VEVENT
UID:day
DTSTART;VALUE=DATE:20260106
SUMMARY:PTO
END:VEVENT"));
    assert_eq!(
        summary(&sink.events),
        [
            "meeting 2026-01-05T09:00:00Z 0",
            "meeting 2026-01-05T12:00:00Z 2700",
            "out_of_office 2026-01-06T00:00:00Z 86400",
        ]
    );
}

#[test]
fn the_window_bounds_open_series_and_moves_their_start() {
    // A daily stand-up since 2009, every other Monday since 2020, the 31st of each month.
    let ics = cal("
BEGIN:VEVENT
UID:daily
DTSTART;TZID=Europe/Berlin:20090302T091500
DTEND;TZID=Europe/Berlin:20090302T093000
RRULE:FREQ=DAILY
END:VEVENT
BEGIN:VEVENT
UID:biweekly
DTSTART;TZID=Europe/Berlin:20200106T140000
DTEND;TZID=Europe/Berlin:20200106T150000
RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO
END:VEVENT
BEGIN:VEVENT
UID:monthly
DTSTART:20200131T120000Z
DTEND:20200131T130000Z
RRULE:FREQ=MONTHLY
END:VEVENT");
    let opts = [
        ("since", "2026-01-01"),
        ("until", "2026-03-31"),
        ("timezone", "Europe/Berlin"),
    ];
    let (result, sink) = import_with(&ics, &opts, &[]);
    result.unwrap();
    let uid = |e: &Event| e.key.split('/').next().unwrap().to_string();
    let count = |u: &str| sink.events.iter().filter(|e| uid(e) == u).count();
    assert_eq!(count("daily"), 31 + 28 + 31);
    assert_eq!(count("monthly"), 2, "January and March have a 31st");
    let biweekly: Vec<_> = sink
        .events
        .iter()
        .filter(|e| uid(e) == "biweekly")
        .map(|e| e.utc.to_zoned(jiff::tz::TimeZone::UTC).date())
        .collect();
    let expected: Vec<_> = (0..)
        .map(|n| date(2020, 1, 6) + jiff::Span::new().days(14 * n))
        .skip_while(|d| *d < date(2026, 1, 1))
        .take_while(|d| *d <= date(2026, 3, 31))
        .collect();
    assert_eq!(biweekly, expected);
    assert!(sink.skipped.is_empty(), "{:?}", skips(&sink));
}

#[test]
fn a_rule_beyond_the_cap_is_cut_and_reported() {
    let (result, sink) = import_with(
        &cal("
BEGIN:VEVENT
UID:flood
DTSTART:20260105T090000Z
RRULE:FREQ=MINUTELY;COUNT=4000000000
END:VEVENT"),
        &[],
        &[],
    );
    result.unwrap();
    assert_eq!(sink.events.len(), super::super::MAX_OCCURRENCES);
    assert_eq!(
        skips(&sink),
        [
            "cal.ics:4: RRULE yields more than 5000 occurrences up to the window's end: the rest are not imported"
        ]
    );
}

#[test]
fn dates_and_times_meet_in_exdate_and_recurrence_id() {
    // A DATE EXDATE removes a timed occurrence on that day; a DATE-TIME RECURRENCE-ID
    // replaces the day it falls on in a series of whole days.
    let sink = import(&cal("
BEGIN:VEVENT
UID:timed
DTSTART:20260105T090000Z
DTEND:20260105T100000Z
RRULE:FREQ=DAILY;COUNT=3
EXDATE;VALUE=DATE:20260106
END:VEVENT
BEGIN:VEVENT
UID:days
DTSTART;VALUE=DATE:20260105
RRULE:FREQ=DAILY;COUNT=3
SUMMARY:Leave
END:VEVENT
BEGIN:VEVENT
UID:days
RECURRENCE-ID:20260106T000000Z
DTSTART;VALUE=DATE:20260109
SUMMARY:Leave
END:VEVENT"));
    assert_eq!(
        keys(&sink.events),
        [
            "timed/2026-01-05T09:00:00Z",
            "timed/2026-01-07T09:00:00Z",
            "days/2026-01-05",
            "days/2026-01-07",
            "days/2026-01-09",
        ]
    );
}
