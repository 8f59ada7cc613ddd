//! `boundary_status` cases, including both DST changes in Europe/Berlin.

use super::*;
use crate::settings::Settings;

fn classifier(zone: &str, sleep: &str) -> Classifier {
    let mut settings = Settings {
        timezone: zone.to_string(),
        ..Settings::default()
    };
    settings.set("sleep", sleep).unwrap();
    settings.set("hours.weekdays", "08:00-17:00").unwrap();
    Classifier::new(&settings).unwrap()
}

fn status(c: &Classifier, local: &str) -> Status {
    let dt: DateTime = local.parse().unwrap();
    let ts = c.zone().to_ambiguous_timestamp(dt).compatible().unwrap();
    boundary_status(c, ts)
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

#[test]
fn business_off_hours_and_sleep_on_a_weekday() {
    let c = classifier("Europe/Berlin", "22:30-07:00");
    // 2026-11-24 is a Tuesday.
    let s = status(&c, "2026-11-24T10:00");
    assert_eq!(s.band, Band::Business);
    assert_eq!(s.line(), "inside your working hours until 17:00");
    let s = status(&c, "2026-11-24T19:00");
    assert_eq!(s.band, Band::OffHours);
    assert_eq!(s.line(), "outside your hours: off-hours until 22:30");
    let s = status(&c, "2026-11-24T23:15");
    assert_eq!(s.band, Band::Sleep);
    assert_eq!(
        s.line(),
        "in your sleep window until 07:00 — is this an emergency?"
    );
    let s = status(&c, "2026-11-25T03:00");
    assert_eq!(s.until, Some(ts("2026-11-25T06:00:00Z")));
    // 07:00 on a weekday is off-hours until work starts at 08:00.
    assert_eq!(status(&c, "2026-11-25T07:00").band, Band::OffHours);
}

#[test]
fn weekends_name_the_day_the_band_ends() {
    let c = classifier("Europe/Berlin", "22:30-07:00");
    // Saturday morning: non-working day until the sleep window at 22:30.
    let s = status(&c, "2026-11-28T10:00");
    assert_eq!(s.band, Band::NonWorkingDay);
    assert_eq!(
        s.line(),
        "outside your hours: a non-working day until 22:30"
    );
    // Friday evening: off-hours end with the sleep window, the same day.
    let s = status(&c, "2026-11-27T18:00");
    assert_eq!(s.line(), "outside your hours: off-hours until 22:30");
}

#[test]
fn sleep_window_across_spring_forward() {
    // 2026-03-29 (Sunday): 02:00 CET becomes 03:00 CEST.
    let c = classifier("Europe/Berlin", "22:00-07:00");
    let s = boundary_status(&c, ts("2026-03-29T00:30:00Z")); // 01:30 CET
    assert_eq!(s.band, Band::Sleep);
    assert_eq!(s.until, Some(ts("2026-03-29T05:00:00Z")), "07:00 CEST");
    assert_eq!(
        s.line(),
        "in your sleep window until 07:00 — is this an emergency?"
    );
}

#[test]
fn sleep_window_across_fall_back() {
    // 2026-10-25 (Sunday): 03:00 CEST becomes 02:00 CET; 02:30 happens twice.
    let c = classifier("Europe/Berlin", "22:00-07:00");
    let first = boundary_status(&c, ts("2026-10-25T00:30:00Z")); // 02:30 CEST
    let second = boundary_status(&c, ts("2026-10-25T01:30:00Z")); // 02:30 CET
    for s in [first, second] {
        assert_eq!(s.band, Band::Sleep);
        assert_eq!(s.until, Some(ts("2026-10-25T06:00:00Z")), "07:00 CET");
    }
    // The Monday after: business from 08:00 CET until 17:00 CET.
    let s = boundary_status(&c, ts("2026-10-26T08:00:00Z"));
    assert_eq!(s.band, Band::Business);
    assert_eq!(s.until, Some(ts("2026-10-26T16:00:00Z")));
}

#[test]
fn vacation_lasts_until_its_last_evening() {
    let mut settings = Settings {
        timezone: "Europe/Berlin".to_string(),
        ..Settings::default()
    };
    settings.set("vacations", "2026-12-21..2026-12-23").unwrap();
    let c = Classifier::new(&settings).unwrap();
    let s = status(&c, "2026-12-21T12:00");
    assert_eq!(s.band, Band::Vacation);
    assert_eq!(s.line(), "outside your hours: on vacation until 22:00");
}

#[test]
fn nudges_change_by_date_and_are_stable_within_a_day() {
    let a: Date = "2026-11-24".parse().unwrap();
    let b: Date = "2026-11-25".parse().unwrap();
    assert_eq!(nudge_for(a), nudge_for(a));
    assert_ne!(nudge_for(a), nudge_for(b));
    assert!(NUDGES.iter().all(|n| n.len() < 90));
}
