//! The report end to end: empty input, the default period, and that the parts add up.

use std::collections::HashSet;

use proptest::prelude::*;

use super::*;
use crate::event::{EventKind, SourceKind};
use crate::metrics::testutil::{date, ev, nobody, settings, span, ts};
use crate::model::{RiskLevel, Status};

/// A report input over an explicit period, without answers.
fn input<'a>(
    events: &'a [crate::event::Event],
    settings: &'a Settings,
    now: &str,
    since: &str,
    until: &str,
) -> ReportInput<'a> {
    ReportInput {
        events,
        settings,
        now: ts(now),
        my_actors: nobody(),
        since: Some(date(since)),
        until: Some(date(until)),
        weeks: None,
        answers: &[],
        held: &[],
    }
}

#[test]
fn empty_input_gives_an_unknown_friendly_report() {
    let s = settings();
    let me = HashSet::new();
    let r = build(&ReportInput {
        events: &[],
        settings: &s,
        now: ts("2026-03-18T10:00"),
        my_actors: &me,
        since: None,
        until: None,
        weeks: None,
        answers: &[],
        held: &[],
    });
    assert_eq!(r.schema, SCHEMA);
    assert_eq!(r.timezone, "Europe/Berlin");
    assert_eq!(r.generated_at, ts("2026-03-18T10:00"));
    assert_eq!(
        (r.period.since, r.period.until),
        (date("2025-09-22"), date("2026-03-18"))
    );
    assert_eq!(r.period.days, 178);
    assert_eq!(r.weeks.len(), 26);
    assert_eq!(r.days.len(), 178);
    assert_eq!(r.weeks[0].week, "2025-W39");
    assert!(
        r.weeks
            .iter()
            .all(|w| w.hours == 0.0 && w.covered_days == 0)
    );
    assert_eq!(r.worktime.total_hours, 0.0);
    assert_eq!(r.worktime.after_hours_share, 0.0);
    assert_eq!(r.rest.shortest_rest_hours, None);
    assert_eq!(r.rest.days_since_full_weekend_off, None);
    assert_eq!(r.sleep.nights, 0);
    assert_eq!(r.limits.avg_17_weeks, None);
    assert_eq!(r.trend.recent_hours, None);
    assert_eq!(
        (
            r.coverage.covered_days,
            r.coverage.confidence,
            r.coverage.enough_for_verdict
        ),
        (0, 0.0, false)
    );
    assert_eq!((r.excluded.before_1990, r.excluded.in_future), (0, 0));
    assert_eq!(r.risk.level, RiskLevel::Unknown);
    assert_eq!(r.risk.rule, crate::assessment::RULE);
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["worktime"]["model"], "worktime-v1");
    assert_eq!(json["period"]["since"], "2025-09-22");
}

#[test]
fn a_small_week_end_to_end() {
    // Monday: 09:00-17:00 tracked, a mail at 21:00. Tuesday 02:30 a page (Monday's night).
    // Saturday: a commit at 11:00. Plus a commit dated 1979 and one in the future.
    let mut old = ev("2026-03-10T10:00", EventKind::Commit);
    old.utc = "1979-05-01T12:00:00Z".parse().unwrap();
    let events = vec![
        span("2026-03-09T09:00", EventKind::ActiveSpan, 8 * 3600),
        ev("2026-03-09T21:00", EventKind::MailSent),
        ev("2026-03-10T02:30", EventKind::Page),
        ev("2026-03-14T11:00", EventKind::Commit),
        ev("2026-03-20T11:00", EventKind::Commit),
        old,
    ];
    let s = settings();
    let r = build(&input(
        &events,
        &s,
        "2026-03-15T20:00",
        "2026-03-09",
        "2026-03-15",
    ));
    // 8 h + 5 min + 5 min + 20 min.
    assert!((r.worktime.total_hours - (8.0 + 0.5)).abs() < 1e-9);
    assert!((r.worktime.by_band.business - 8.0).abs() < 1e-9);
    assert!((r.worktime.after_hours_share - 0.5 / 8.5).abs() < 1e-9);
    assert_eq!(r.worktime.days_off_worked, 1);
    assert_eq!(r.weeks.len(), 1);
    assert!((r.weeks[0].hours - 8.5).abs() < 1e-9);
    assert_eq!(r.sleep.nights, 1);
    assert_eq!(r.sleep.recent[0].night, date("2026-03-09"));
    assert_eq!(r.rest.last_full_weekend_off, None);
    assert_eq!(r.coverage.covered_days, 2);
    assert_eq!((r.excluded.before_1990, r.excluded.in_future), (1, 1));
    assert_eq!(r.days[0].last.as_deref(), Some("2026-03-10T02:30:00+01:00"));
    assert_eq!(r.heatmap.counts[1][2], 1);
}

#[test]
fn reversed_dates_are_swapped_and_other_actors_ignored() {
    let mut theirs = ev("2026-03-10T10:00", EventKind::Commit);
    theirs.actor = Some("colleague".into());
    let events = vec![theirs];
    let s = settings();
    let r = build(&input(
        &events,
        &s,
        "2026-03-15T20:00",
        "2026-03-15",
        "2026-03-09",
    ));
    assert_eq!(
        (r.period.since, r.period.until),
        (date("2026-03-09"), date("2026-03-15"))
    );
    assert_eq!(r.coverage.covered_days, 0);
}

fn events() -> impl Strategy<Value = Vec<Event>> {
    let base = ts("2025-10-01T00:00").as_second();
    prop::collection::vec(
        (
            0i64..200 * 86_400,
            0usize..13,
            prop::option::of(0i64..40_000),
        ),
        0..150,
    )
    .prop_map(move |v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (off, k, dur))| {
                let mut e = Event::mine(
                    jiff::Timestamp::from_second(base + off).unwrap(),
                    EventKind::ALL[k],
                    SourceKind::Demo,
                    i.to_string(),
                );
                e.duration = dur;
                e
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn the_parts_add_up(evs in events(), weeks in 1u32..30) {
        let s = settings();
        let me = HashSet::new();
        let r = build(&ReportInput {
            events: &evs,
            settings: &s,
            now: ts("2026-04-10T15:00"),
            my_actors: &me,
            since: None,
            until: None,
            weeks: Some(weeks),
            answers: &[],
        held: &[],
        });
        let eps = 1e-6;
        prop_assert!((r.worktime.total_hours - r.worktime.by_band.total()).abs() < eps);
        let week_sum: f64 = r.weeks.iter().map(|w| w.hours).sum();
        prop_assert!((week_sum - r.worktime.total_hours).abs() < eps, "{} vs {}", week_sum, r.worktime.total_hours);
        let day_sum: f64 = r.days.iter().map(|d| d.hours).sum();
        prop_assert!((day_sum - r.worktime.total_hours).abs() < eps);
        for w in &r.weeks {
            prop_assert!((w.hours - w.by_band.total()).abs() < eps);
            prop_assert!((0.0..=1.0).contains(&w.after_hours_share));
            prop_assert_eq!(w.pages_by_band.total(), w.pages);
            prop_assert!(w.pages_emergency <= w.pages);
        }
        for d in &r.days {
            prop_assert!((d.hours - d.by_band.total()).abs() < eps);
            prop_assert!(d.hours <= 25.0 + eps);
        }
        let minutes: u64 = r.heatmap.minutes.iter().flatten().map(|&m| u64::from(m)).sum();
        prop_assert!((minutes as f64 - r.worktime.total_hours * 60.0).abs() <= 168.0 * 0.5 + eps);
        prop_assert_eq!(r.weeks.len(), weeks as usize);
        let night_sum: u32 = r.weeks.iter().map(|w| w.sleep_nights).sum();
        prop_assert_eq!(night_sum, r.sleep.nights);
        let event_sum: u64 = r.weeks.iter().map(|w| w.events).sum();
        prop_assert_eq!(event_sum, r.days.iter().map(|d| d.events).sum::<u64>());
        prop_assert!((0.0..1.0).contains(&r.coverage.confidence));
    }
}

/// Sparse events only (commits from git, sent mail from maildir) at any time over 200 days.
fn sparse_events() -> impl Strategy<Value = Vec<Event>> {
    let base = ts("2025-10-01T00:00").as_second();
    prop::collection::vec((0i64..200 * 86_400, any::<bool>()), 0..400).prop_map(move |v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (off, mail))| {
                let (kind, source) = if mail {
                    (EventKind::MailSent, SourceKind::Maildir)
                } else {
                    (EventKind::Commit, SourceKind::Git)
                };
                Event::mine(
                    jiff::Timestamp::from_second(base + off).unwrap(),
                    kind,
                    source,
                    i.to_string(),
                )
            })
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the settings and the period, sparse sources alone never give a measured verdict
    /// that needs what they cannot see: no sign is "does not hold" on their silence, boundaries
    /// are never "clear" on it, and neither the level "low" nor the stage "sustainable" stands
    /// on fewer known high-risk signs than the rule needs.
    #[test]
    fn not_measured_is_never_a_verdict(
        evs in sparse_events(),
        weeks in 1u32..40,
        until_day in 0i64..260,
        max in 20.0f64..80.0,
        sleep_start in 20u8..24,
        sleep_len in 5u8..10,
    ) {
        let mut s = settings();
        s.max_weekly_hours = max;
        s.sleep.start = crate::settings::TimeOfDay::new(sleep_start, 0).unwrap();
        s.sleep.end = crate::settings::TimeOfDay::new((sleep_start + sleep_len) % 24, 0).unwrap();
        let me = HashSet::new();
        let until = crate::metrics::period::add_days(date("2025-10-01"), until_day);
        let r = build(&ReportInput {
            events: &evs,
            settings: &s,
            now: ts("2026-06-30T12:00"),
            my_actors: &me,
            since: None,
            until: Some(until),
            weeks: Some(weeks),
            answers: &[],
            held: &[],
        });
        for i in &r.risk.indicators {
            match i.id.as_str() {
                "hours_over_50" | "work_in_sleep_window" | "weekend_work" => {
                    prop_assert_ne!(i.status, Status::DoesNotHold, "{}: {}", i.id, i.evidence);
                }
                "clear_boundaries" => prop_assert_ne!(i.status, Status::Holds, "{}", i.evidence),
                _ => {}
            }
        }
        let known = crate::assessment::known_high(&r.risk.indicators, r.coverage.enough_for_verdict);
        if known < crate::assessment::thresholds::MIN_KNOWN_HIGH_FOR_LOW {
            prop_assert_ne!(r.risk.level, RiskLevel::Low, "{:?}", r.risk.reasons);
            prop_assert_ne!(r.risk.stage.name.as_str(), "sustainable");
        }
        if r.coverage.covered_days > 0 {
            prop_assert!(r.worktime.at_least);
        }
    }
}

#[test]
fn the_stage_reads_lately_from_the_same_weeks_as_the_level() {
    // Six weeks of shell work, half of it in the evening: too few weeks for the 12-week
    // trend, enough for the checklist's recent weeks — and so for the stage.
    let mut evs = Vec::new();
    for day in 0..42 {
        let d = crate::metrics::period::add_days(date("2026-02-02"), day);
        if d.weekday().to_monday_one_offset() > 5 {
            continue;
        }
        evs.push(ev(&format!("{d}T10:00"), EventKind::Command));
        evs.push(ev(&format!("{d}T20:30"), EventKind::Command));
    }
    let s = settings();
    let r = build(&input(
        &evs,
        &s,
        "2026-03-16T09:00",
        "2026-02-02",
        "2026-03-15",
    ));
    assert_eq!(
        r.trend.recent_after_hours_share, None,
        "no 12-week trend yet"
    );
    assert_eq!(r.risk.stage.stage, Some(1), "{:?}", r.risk.stage);
    assert!(
        r.risk.stage.reasons[0]
            .text
            .contains("in evenings and off-hours lately"),
        "{:?}",
        r.risk.stage.reasons
    );
}
