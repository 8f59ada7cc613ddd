//! Band classification cases and property tests across DST changes.

use super::*;
use proptest::prelude::*;

fn classifier(zone: &str) -> Classifier {
    let settings = Settings {
        timezone: zone.to_string(),
        ..Settings::default()
    };
    Classifier::new(&settings).unwrap()
}

fn at(c: &Classifier, local: &str) -> Placed {
    let dt: DateTime = local.parse().unwrap();
    let ts = c.zone().to_ambiguous_timestamp(dt).compatible().unwrap();
    c.place(ts, None)
}

#[test]
fn default_bands_on_a_weekday_and_a_weekend() {
    let c = classifier("Europe/Berlin");
    // 2026-03-10 is a Tuesday, 2026-03-14 a Saturday.
    assert_eq!(at(&c, "2026-03-10T07:59").band, Band::Sleep);
    assert_eq!(at(&c, "2026-03-10T08:00").band, Band::Business);
    assert_eq!(at(&c, "2026-03-10T17:59").band, Band::Business);
    assert_eq!(at(&c, "2026-03-10T18:00").band, Band::OffHours);
    assert_eq!(at(&c, "2026-03-10T22:00").band, Band::Sleep);
    assert_eq!(at(&c, "2026-03-14T12:00").band, Band::NonWorkingDay);
    assert_eq!(at(&c, "2026-03-14T23:00").band, Band::Sleep);
}

#[test]
fn nights_are_named_by_the_evening_they_start() {
    let c = classifier("Europe/Berlin");
    let p = at(&c, "2026-03-11T04:00");
    assert_eq!(p.band, Band::Sleep);
    assert_eq!(p.night, Some("2026-03-10".parse().unwrap()));
    assert_eq!(
        at(&c, "2026-03-10T23:30").night,
        Some("2026-03-10".parse().unwrap())
    );
    assert_eq!(at(&c, "2026-03-10T12:00").night, None);
}

#[test]
fn day_boundary_moves_early_hours_to_the_previous_workday() {
    let c = classifier("Europe/Berlin");
    assert_eq!(
        at(&c, "2026-03-11T03:59").workday,
        "2026-03-10".parse().unwrap()
    );
    assert_eq!(
        at(&c, "2026-03-11T04:00").workday,
        "2026-03-11".parse().unwrap()
    );
}

#[test]
fn vacations_and_holidays() {
    let mut s = Settings {
        timezone: "Europe/Berlin".into(),
        ..Settings::default()
    };
    s.set("vacations", "2026-08-03..2026-08-07").unwrap();
    s.set("holidays", "2026-12-25").unwrap();
    let c = Classifier::new(&s).unwrap();
    assert_eq!(at(&c, "2026-08-05T10:00").band, Band::Vacation);
    assert_eq!(at(&c, "2026-08-05T23:00").band, Band::Sleep);
    assert_eq!(at(&c, "2026-12-25T10:00").band, Band::NonWorkingDay);
}

#[test]
fn split_shift_gap_is_off_hours() {
    let mut s = Settings {
        timezone: "UTC".into(),
        ..Settings::default()
    };
    s.set("hours.weekdays", "08:00-12:00,14:00-18:00").unwrap();
    let c = Classifier::new(&s).unwrap();
    assert_eq!(at(&c, "2026-03-10T13:00").band, Band::OffHours);
    assert_eq!(at(&c, "2026-03-10T14:00").band, Band::Business);
}

#[test]
fn event_offset_is_used_when_asked() {
    let mut s = Settings {
        timezone: "Europe/Berlin".into(),
        ..Settings::default()
    };
    let ts: Timestamp = "2026-03-10T14:00:00Z".parse().unwrap();
    // 14:00Z is 15:00 in Berlin but 23:00 in Tokyo (+09:00), where the person was.
    let c = Classifier::new(&s).unwrap();
    assert_eq!(c.place(ts, Some(9 * 3600)).band, Band::Business);
    s.use_event_offset = true;
    let c = Classifier::new(&s).unwrap();
    assert_eq!(c.place(ts, Some(9 * 3600)).band, Band::Sleep);
    assert_eq!(c.place(ts, None).band, Band::Business);
}

#[test]
fn band_seconds_across_spring_forward_in_new_york() {
    // 2026-03-08 02:00 EST jumps to 03:00 EDT: the night from Saturday 22:00 to Sunday 08:00
    // lasts 9 real hours, not 10.
    let c = classifier("America/New_York");
    let start = c
        .zone()
        .to_ambiguous_timestamp("2026-03-07T22:00".parse().unwrap())
        .compatible()
        .unwrap();
    let end = c
        .zone()
        .to_ambiguous_timestamp("2026-03-08T08:00".parse().unwrap())
        .compatible()
        .unwrap();
    let secs = c.seconds_by_band(start, end, None);
    assert_eq!(secs[Band::Sleep.index()], 9 * 3600);
    assert_eq!(secs.iter().sum::<i64>(), 9 * 3600);
}

const ZONES: [&str; 3] = ["America/New_York", "Europe/Berlin", "Australia/Sydney"];

/// Instants spread over 2024–2027, which hold DST changes in every zone above.
fn instant() -> impl Strategy<Value = Timestamp> {
    (1_704_067_200i64..1_830_297_600).prop_map(|s| Timestamp::from_second(s).unwrap())
}

proptest! {
    #[test]
    fn band_depends_only_on_local_clock(zone in 0usize..3, ts in instant()) {
        let c = classifier(ZONES[zone]);
        let p = c.place(ts, None);
        // The local time maps back to the same instant (or its twin in a repeated hour), and
        // any instant with the same local time has the same band.
        let back = c.zone().to_ambiguous_timestamp(p.local);
        let earlier = back.earlier().unwrap();
        let later = back.later().unwrap();
        prop_assert!(earlier == ts || later == ts);
        prop_assert_eq!(c.place(earlier, None).band, p.band);
        prop_assert_eq!(c.place(later, None).band, p.band);
    }

    #[test]
    fn night_is_the_date_or_the_day_before(zone in 0usize..3, ts in instant()) {
        let c = classifier(ZONES[zone]);
        let p = c.place(ts, None);
        prop_assert_eq!(p.night.is_some(), p.band == Band::Sleep);
        if let Some(n) = p.night {
            let hour = p.local.hour();
            if hour >= 22 {
                prop_assert_eq!(n, p.local.date());
            } else {
                prop_assert!(hour < 8);
                prop_assert_eq!(n, p.local.date().yesterday().unwrap());
            }
        }
        let wd = p.workday;
        prop_assert!(wd == p.local.date() || (p.local.hour() < 4 && wd == p.local.date().yesterday().unwrap()));
    }

    #[test]
    fn band_split_covers_the_span_exactly(zone in 0usize..3, ts in instant(), len in 0i64..200_000) {
        let c = classifier(ZONES[zone]);
        let end = ts.checked_add(SignedDuration::from_secs(len)).unwrap();
        let secs = c.seconds_by_band(ts, end, None);
        prop_assert_eq!(secs.iter().sum::<i64>(), len);
        prop_assert!(secs.iter().all(|&s| s >= 0));
        // Each piece really is in its band: the band cannot change before the next boundary.
        let next = c.next_boundary(ts, None);
        prop_assert!(next > ts);
        let probe = Timestamp::from_second((ts.as_second() + next.as_second() - 1) / 2).unwrap().max(ts);
        prop_assert_eq!(c.place(probe, None).band, c.place(ts, None).band);
    }
}
