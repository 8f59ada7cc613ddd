//! The iCalendar importer on real exports (`../shared/data/calendar`) and through the store.
//!
//! Expected counts were established without the importer: small files were counted by hand
//! from their text (the reasoning is beside each figure); the 677-event Google calendar was
//! counted by a byte scan (VEVENTs) and by `ics_independent_count.py` beside this file, a
//! separate expansion with python-dateutil and zoneinfo:
//! `python3 ics_independent_count.py …/issue_173_only_modifications_error.ics 2023-01-01
//! 2024-12-31` prints `624 624` (meetings, distinct keys).

use crate::common;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use canary::privacy::IdentityHasher;
use canary::settings::Identities;
use canary::sources::{ImportContext, ImportError, VecSink, ics, registry};
use canary::store::{Store, StoreSink};
use canary::{EventKind, SourceKind};
use jiff::Timestamp;

const GOOGLE: &str = "recurring-ical-events/issue_173_only_modifications_error.ics";
const UK: &str = "holidays/UKHolidays.ics";
const US: &str = "holidays/USHolidays.ics";

fn calendar_dir() -> PathBuf {
    common::shared_data().join("calendar")
}

fn import(path: &Path, options: &[(&str, &str)]) -> Result<VecSink, ImportError> {
    let options = registry::get(SourceKind::Ics)
        .unwrap()
        .check_options(options.iter().copied())
        .unwrap();
    let ctx = ImportContext::new(Identities::default(), IdentityHasher::new([0; 32]))
        .with_options(options);
    let mut sink = VecSink::default();
    ics::import(path, &ctx, &mut sink)?;
    Ok(sink)
}

/// `kind date` (UTC) of each event, for all-day events imported with the UTC default zone.
fn days(sink: &VecSink) -> Vec<String> {
    sink.events
        .iter()
        .map(|e| format!("{} {}", e.kind, &e.utc.to_string()[..10]))
        .collect()
}

fn starts(sink: &VecSink) -> Vec<String> {
    sink.events.iter().map(|e| e.utc.to_string()).collect()
}

fn assert_unique_keys(sink: &VecSink) {
    let keys: HashSet<&str> = sink.events.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys.len(), sink.events.len(), "duplicate keys");
}

/// Count lines that open a VEVENT, by bytes.
fn count_vevents(bytes: &[u8]) -> usize {
    bytes
        .split(|&b| b == b'\n')
        .filter(|l| l.trim_ascii() == b"BEGIN:VEVENT")
        .count()
}

#[test]
#[ignore = "needs ../shared/data"]
fn google_calendar_with_many_modified_occurrences() {
    let dir = calendar_dir();
    let path = dir.join(GOOGLE);
    assert_eq!(count_vevents(&std::fs::read(&path).unwrap()), 677);
    let window = [("since", "2023-01-01"), ("until", "2024-12-31")];
    let sink = import(&path, &window).unwrap();
    assert_eq!(sink.events.len(), 624, "independent count: 624");
    // One busy block of twelve days (line 1617), which is not a meeting.
    let skipped: Vec<_> = sink
        .skipped
        .iter()
        .map(|(at, why)| (at.line, why.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [(Some(1617), "longer than 24 hours: not counted as a meeting")]
    );
    assert_unique_keys(&sink);
    let (lo, hi): (Timestamp, Timestamp) = (
        "2023-01-01T00:00:00Z".parse().unwrap(),
        "2025-01-01T00:00:00Z".parse().unwrap(),
    );
    for e in &sink.events {
        assert_eq!(e.kind, EventKind::Meeting);
        assert!(e.utc >= lo && e.utc < hi, "{e:?}");
        let d = e.duration.unwrap();
        assert!((0..=24 * 3600).contains(&d), "{e:?}");
        // Europe/Paris: X-WR-TIMEZONE for UTC times, the TZID for the others.
        assert!(matches!(e.offset, Some(3600 | 7200)), "{e:?}");
    }
    // Stable: the same again, and the default window (everything) holds at least as much.
    assert_eq!(import(&path, &window).unwrap().events, sink.events);
    let all = import(&path, &[]).unwrap();
    assert!(all.events.len() >= sink.events.len());
}

#[test]
#[ignore = "needs ../shared/data"]
fn thunderbird_series_with_a_moved_and_an_edited_occurrence() {
    let dir = calendar_dir();
    // Daily 09:00 Europe/London 23–27 April 2025 (UNTIL 08:00Z is the 27th at 09:00 BST); the
    // 24th moved to 11:00, the 25th edited in place; each SEQUENCE differs from the master's.
    let sink = import(
        &dir.join("recurring-ical-events/issue_223_thunderbird.ics"),
        &[],
    )
    .unwrap();
    assert_eq!(
        starts(&sink),
        [
            "2025-04-23T08:00:00Z",
            "2025-04-26T08:00:00Z",
            "2025-04-27T08:00:00Z",
            "2025-04-24T10:00:00Z",
            "2025-04-25T08:00:00Z",
        ]
    );
    assert!(sink.events.iter().all(|e| e.duration == Some(3600)));
    assert_eq!(
        sink.events[3].key.split('/').nth(1),
        Some("2025-04-24T08:00:00Z")
    );
}

#[test]
#[ignore = "needs ../shared/data"]
fn khal_rdate_periods_in_a_windows_zone() {
    let dir = calendar_dir();
    // A lone modified occurrence (no master) with 19 weekly RDATE periods, Tuesdays 08:00–09:00
    // in "Central Standard Time" (Windows for America/Chicago, CDT = UTC−5), 27 March to 31 July
    // 2018; the first is the DTSTART itself.
    let path = dir.join("icalendar-tests/issue_156_RDATE_with_PERIOD_TZID_khal.ics");
    let sink = import(&path, &[]).unwrap();
    assert_eq!(sink.events.len(), 19);
    assert_eq!(sink.events[0].utc.to_string(), "2018-03-27T13:00:00Z");
    assert_eq!(sink.events[18].utc.to_string(), "2018-07-31T13:00:00Z");
    assert!(sink.events.iter().all(|e| e.duration == Some(3600)));
    assert!(sink.events.iter().all(|e| e.offset == Some(-5 * 3600)));
}

#[test]
#[ignore = "needs ../shared/data"]
fn small_real_exports() {
    let dir = calendar_dir();
    let one = |name: &str| import(&dir.join(name), &[]).unwrap();
    // A custom VTIMEZONE (custom_America/New_York): 08:00–10:00 EDT on 29 August 2014.
    let s = one("icalendar-tests/america_new_york.ics");
    assert_eq!(starts(&s), ["2014-08-29T12:00:00Z"]);
    assert_eq!(s.events[0].duration, Some(7200));
    // DTSTART 13:00 Europe/London (BST), DTEND 13:00Z: one hour.
    let s = one("icalendar-tests/alarm_etar_future.ics");
    assert_eq!(starts(&s), ["2024-10-05T12:00:00Z"]);
    assert_eq!(s.events[0].duration, Some(3600));
    // Tab-folded lines (Podio): one meeting 18:30–19:30Z.
    let s = one("icalendar-tests/issue_350.ics");
    assert_eq!(starts(&s), ["2022-02-22T18:30:00Z"]);
    // Four events in Europe/Berlin, the first without DTEND (no duration).
    let s = one("recurring-ical-events/discourse_no_dtend.ics");
    let durations: Vec<_> = s.events.iter().map(|e| e.duration.unwrap()).collect();
    assert_eq!(durations, [0, 12_600, 10_800, 25_200]);
    assert_eq!(s.events[0].utc.to_string(), "2019-01-17T17:00:25Z");
    // A five-day sprint (10:00 Monday to 18:00 Friday) is not a meeting.
    let s = one("icalendar-tests/timezoned.ics");
    assert!(s.events.is_empty());
    assert_eq!(s.skipped.len(), 1);
    assert_eq!(s.skipped[0].0.line, Some(26)); // its BEGIN:VEVENT
    // An all-day transparent event: nothing.
    let s = one("recurring-ical-events/issue_61_time_zone_error.ics");
    assert!(s.events.is_empty() && s.skipped.is_empty());
    // Weekdays 14:00 Europe/Zurich from Friday 28 October 2016, open-ended: until a year after
    // DTSTART (exclusive), 261 weekdays — 28 Oct 2016 (Fri) to 27 Oct 2017 (Fri), 52 weeks
    // plus one Friday.
    let s = one("icalendar-tests/x_location.ics");
    assert_eq!(s.events.len(), 52 * 5 + 1);
}

#[test]
#[ignore = "needs ../shared/data"]
fn uk_holidays_with_substitute_days() {
    let dir = calendar_dir();
    let path = dir.join(UK);
    // 2026, counted from the file: 13 series, each once; Good Friday, Easter Monday, the
    // Battle of the Boyne and Boxing Day are modified occurrences on another day than their
    // rule's (3 Apr for 2 Apr, 6 Apr for 5 Apr, 13 Jul for 12 Jul, 28 Dec for 26 Dec).
    let sink = import(&path, &[("since", "2026-01-01"), ("until", "2026-12-31")]).unwrap();
    let mut got = days(&sink);
    got.sort();
    let want: Vec<String> = [
        "01-01", "01-02", "03-17", "04-03", "04-06", "05-04", "05-25", "07-13", "08-03", "08-31",
        "11-30", "12-25", "12-28",
    ]
    .iter()
    .map(|d| format!("holiday 2026-{d}"))
    .collect();
    assert_eq!(got, want);
    // Every year 2021–2030: 13 series × 10 years, each kept to its UNTIL without a window.
    let all = import(&path, &[]).unwrap();
    assert_eq!(all.events.len(), 130);
    assert!(all.skipped.is_empty(), "{:?}", all.skipped);
    assert_unique_keys(&all);
}

#[test]
#[ignore = "needs ../shared/data"]
fn us_holidays_with_count_rules() {
    let dir = calendar_dir();
    // 24 yearly series with COUNT=10 from 2021 and 6 single days: 246 days (DTEND is written
    // as 05:00:01Z or as the same DATE: each is one day).
    let sink = import(&dir.join(US), &[]).unwrap();
    assert_eq!(sink.events.len(), 24 * 10 + 6);
    let got = days(&sink);
    for day in ["2026-11-26", "2026-07-04", "2026-05-25", "2030-12-25"] {
        assert!(got.contains(&format!("holiday {day}")), "{day}");
    }
}

#[test]
#[ignore = "needs ../shared/data"]
fn every_calendar_file_imports_without_panic_or_refusal() {
    let dir = calendar_dir();
    for entry in walk(&dir) {
        let sink = import(&entry, &[("since", "2015-01-01"), ("until", "2030-12-31")]);
        let sink = sink.unwrap_or_else(|e| panic!("{}: {e}", entry.display()));
        assert_unique_keys(&sink);
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for sub in std::fs::read_dir(dir).unwrap() {
        let sub = sub.unwrap().path();
        for f in std::fs::read_dir(&sub).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "ics") {
                out.push(f);
            }
        }
    }
    out.sort();
    out
}

#[test]
#[ignore = "needs ../shared/data"]
fn a_file_that_is_not_a_calendar_is_refused() {
    let data = common::shared_data();
    let path = data.join("shell/fish_history-2024");
    let err = import(&path, &[]).unwrap_err();
    assert!(matches!(err, ImportError::Refused { .. }), "{err}");
}

#[test]
#[ignore = "needs ../shared/data"]
fn reimporting_through_the_store_adds_nothing() {
    let dir = calendar_dir();
    let mut store = Store::open_in_memory().unwrap();
    let ctx = ImportContext::new(Identities::default(), IdentityHasher::new([0; 32]));
    let mut total = 0;
    for name in [GOOGLE, UK, US] {
        let path = dir.join(name);
        let mut counts = Vec::new();
        for _ in 0..2 {
            let run = store
                .start_run(
                    SourceKind::Ics,
                    &path.display().to_string(),
                    Timestamp::from_second(1_795_000_000).unwrap(),
                )
                .unwrap();
            let mut sink = StoreSink::new(&mut store, run);
            ics::import(&path, &ctx, &mut sink).unwrap();
            sink.flush().unwrap();
            counts.push((sink.new, sink.duplicates));
        }
        let (new, _) = counts[0];
        assert!(new > 0, "{name}");
        assert_eq!(counts[1], (0, new), "{name}");
        total += new;
    }
    assert_eq!(store.event_count().unwrap(), total);
}
