//! What occurrences become: meetings, out-of-office days, holidays, or nothing.

use super::*;

#[test]
fn all_day_end_is_exclusive_and_vacation_days_are_the_persons() {
    let ics = cal("
BEGIN:VEVENT
UID:summer
DTSTART;VALUE=DATE:20260803
DTEND;VALUE=DATE:20260808
SUMMARY:Summer vacation
TRANSP:OPAQUE
END:VEVENT
BEGIN:VEVENT
UID:long-weekend
DTSTART;VALUE=DATE:20260327
DURATION:P3D
SUMMARY:Urlaub
END:VEVENT");
    let (result, sink) = import_with(&ics, &[("timezone", "Europe/Berlin")], &[]);
    result.unwrap();
    let days: Vec<&str> = keys(&sink.events);
    assert_eq!(
        days,
        [
            "summer/2026-08-03",
            "summer/2026-08-04",
            "summer/2026-08-05",
            "summer/2026-08-06",
            "summer/2026-08-07",
            "long-weekend/2026-03-27",
            "long-weekend/2026-03-28",
            "long-weekend/2026-03-29",
        ]
    );
    let first = &sink.events[0];
    assert_eq!(first.kind, EventKind::OutOfOffice);
    assert_eq!(first.utc.to_string(), "2026-08-02T22:00:00Z");
    assert_eq!((first.duration, first.offset), (Some(86_400), Some(7200)));
    // 29 March 2026 is the spring change in Berlin: a 23-hour day.
    assert_eq!(sink.events[7].duration, Some(23 * 3600));
}

#[test]
fn an_all_day_event_is_not_a_meeting_and_a_free_vacation_is_not_taken() {
    let sink = import(&cal("
BEGIN:VEVENT
UID:offsite
DTSTART;VALUE=DATE:20260803
DTEND;VALUE=DATE:20260804
SUMMARY:Team offsite
END:VEVENT
BEGIN:VEVENT
UID:colleague
DTSTART;VALUE=DATE:20260805
DTEND;VALUE=DATE:20260806
SUMMARY:Anna on vacation
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
UID:leaves
DTSTART;VALUE=DATE:20260807
SUMMARY:Autumn leaves walk
END:VEVENT"));
    assert!(sink.events.is_empty(), "{:?}", summary(&sink.events));
}

#[test]
fn the_vacation_pattern_can_be_replaced() {
    let ics = cal("
BEGIN:VEVENT
UID:conge
DTSTART;VALUE=DATE:20260803
SUMMARY:Congé annuel
END:VEVENT
BEGIN:VEVENT
UID:pto
DTSTART;VALUE=DATE:20260804
SUMMARY:PTO
END:VEVENT");
    let (_, sink) = import_with(&ics, &[("vacation_pattern", "congé | ferien")], &[]);
    assert_eq!(keys(&sink.events), ["conge/2026-08-03"]);
}

#[test]
fn declined_by_the_person_is_not_a_meeting() {
    let ics = cal("
BEGIN:VEVENT
UID:declined
DTSTART:20260105T090000Z
DTEND:20260105T100000Z
ORGANIZER:mailto:boss@example.com
ATTENDEE;CN=Me;PARTSTAT=DECLINED:mailto:Me@Example.com
ATTENDEE;PARTSTAT=ACCEPTED:mailto:other@example.com
END:VEVENT
BEGIN:VEVENT
UID:accepted
DTSTART:20260105T110000Z
DTEND:20260105T120000Z
ATTENDEE;PARTSTAT=ACCEPTED:mailto:me@example.com
ATTENDEE;PARTSTAT=DECLINED:mailto:other@example.com
END:VEVENT");
    let (_, sink) = import_with(&ics, &[], &["me@example.com"]);
    assert_eq!(keys(&sink.events), ["accepted/2026-01-05T11:00:00Z"]);
    // Someone else's calendar, or no identities: both are meetings.
    let (_, sink) = import_with(&ics, &[], &[]);
    assert_eq!(sink.events.len(), 2);
}

#[test]
fn transparent_and_free_time_is_not_a_meeting() {
    let sink = import(&cal("
BEGIN:VEVENT
UID:transparent
DTSTART:20260105T090000Z
DTEND:20260105T100000Z
TRANSP:TRANSPARENT
END:VEVENT
BEGIN:VEVENT
UID:free
DTSTART:20260105T110000Z
DTEND:20260105T120000Z
TRANSP:OPAQUE
X-MICROSOFT-CDO-BUSYSTATUS:FREE
END:VEVENT
BEGIN:VEVENT
UID:busy
DTSTART:20260105T130000Z
DTEND:20260105T140000Z
TRANSP:TRANSPARENT
X-MICROSOFT-CDO-BUSYSTATUS:BUSY
END:VEVENT
BEGIN:VEVENT
UID:tentative
DTSTART:20260105T150000Z
DTEND:20260105T160000Z
X-MICROSOFT-CDO-BUSYSTATUS:TENTATIVE
END:VEVENT"));
    assert_eq!(
        keys(&sink.events),
        [
            "busy/2026-01-05T13:00:00Z",
            "tentative/2026-01-05T15:00:00Z"
        ]
    );
}

#[test]
fn out_of_office_marks_whole_days() {
    let sink = import(&cal("
BEGIN:VEVENT
UID:trip
DTSTART:20260302T000000Z
DTEND:20260304T000000Z
SUMMARY:Conference
X-MICROSOFT-CDO-BUSYSTATUS:OOF
END:VEVENT
BEGIN:VEVENT
UID:workday
DTSTART:20260305T080000Z
DTEND:20260305T170000Z
X-MICROSOFT-CDO-BUSYSTATUS:OOF
END:VEVENT
BEGIN:VEVENT
UID:dentist
DTSTART:20260306T140000Z
DTEND:20260306T170000Z
X-MICROSOFT-CDO-BUSYSTATUS:OOF
END:VEVENT
BEGIN:VEVENT
UID:allday
DTSTART;VALUE=DATE:20260309
DTEND;VALUE=DATE:20260310
SUMMARY:Something
X-MICROSOFT-CDO-BUSYSTATUS:OOF
END:VEVENT"));
    assert_eq!(
        keys(&sink.events),
        [
            "trip/2026-03-02",
            "trip/2026-03-03",
            "workday/2026-03-05",
            "allday/2026-03-09"
        ]
    );
    assert_eq!(of_kind(&sink.events, EventKind::OutOfOffice), 4);
}

#[test]
fn holiday_calendars_give_holidays_even_when_free() {
    let ics = cal("
X-WR-CALNAME:UK Holidays
BEGIN:VEVENT
UID:xmas
DTSTART;VALUE=DATE:20251225
DTEND;VALUE=DATE:20251226
RRULE:FREQ=YEARLY;UNTIL=20271231
SUMMARY:Christmas Day
TRANSP:TRANSPARENT
END:VEVENT");
    let sink = import(&ics);
    assert_eq!(
        keys(&sink.events),
        ["xmas/2025-12-25", "xmas/2026-12-25", "xmas/2027-12-25"]
    );
    assert_eq!(of_kind(&sink.events, EventKind::Holiday), 3);
    let window = [("since", "2026-01-01"), ("until", "2030-12-31")];
    let (_, sink) = import_with(&ics, &window, &[]);
    assert_eq!(keys(&sink.events), ["xmas/2026-12-25", "xmas/2027-12-25"]);
    // Without `until`, an open-ended series stops a year after the latest DTSTART.
    let open = ics.replace(";UNTIL=20271231", "");
    assert_eq!(keys(&import(&open).events), ["xmas/2025-12-25"]);
    let (_, sink) = import_with(&ics, &[("holidays", "false")], &[]);
    assert!(sink.events.is_empty());
    let plain = ics.replace("X-WR-CALNAME:UK Holidays\r\n", "");
    assert!(import(&plain).events.is_empty());
    let (_, sink) = import_with(&plain, &[("holidays", "true")], &[]);
    assert_eq!(sink.events.len(), 3);
}

#[test]
fn utc_times_take_the_calendars_zone_for_their_offset() {
    let body = "
BEGIN:VEVENT
UID:z
DTSTART:20260115T090000Z
DTEND:20260115T100000Z
END:VEVENT";
    assert_eq!(import(&cal(body)).events[0].offset, None);
    let with_zone = cal(&format!("X-WR-TIMEZONE:Europe/Paris\n{}", body.trim()));
    assert_eq!(import(&with_zone).events[0].offset, Some(3600));
}

#[test]
fn long_timed_events_are_not_meetings() {
    let sink = import(&cal("
BEGIN:VEVENT
UID:sprint
DTSTART;TZID=Europe/Vienna:20120213T100000
DTEND;TZID=Europe/Vienna:20120217T180000
END:VEVENT"));
    assert!(sink.events.is_empty());
    assert_eq!(
        skips(&sink),
        ["cal.ics:4: longer than 24 hours: not counted as a meeting"]
    );
    assert_eq!(sink.skipped_again, 0);
}

#[test]
fn each_occurrence_left_out_is_counted_and_its_reason_recorded_once() {
    // A 30-hour on-site block every week, five times.
    let sink = import(&cal("
BEGIN:VEVENT
UID:onsite
DTSTART;TZID=Europe/Vienna:20120213T100000
DTEND;TZID=Europe/Vienna:20120214T160000
RRULE:FREQ=WEEKLY;COUNT=5
END:VEVENT"));
    assert!(sink.events.is_empty());
    assert_eq!(
        skips(&sink),
        ["cal.ics:4: longer than 24 hours: not counted as a meeting"]
    );
    assert_eq!(sink.skipped_again, 4, "five occurrences left out in all");
}
