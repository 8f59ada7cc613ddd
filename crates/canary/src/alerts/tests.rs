use std::collections::HashSet;

use jiff::Timestamp;
use proptest::prelude::*;

use super::*;
use crate::event::{Event, EventKind};
use crate::journal::Journal;
use crate::metrics::testutil::{date, ev, settings, span, ts};
use crate::report::ReportInput;
use crate::settings::{Settings, SleepWindow, TimeOfDay, TimeRange, WeekHours};

fn alerts_at(events: &[Event], s: &Settings, now: &str) -> Vec<Alert> {
    let nobody = HashSet::new();
    let report = crate::report::build(&ReportInput {
        events,
        settings: s,
        now: ts(now),
        my_actors: &nobody,
        since: None,
        until: None,
        weeks: None,
        answers: &[],
        held: &[],
    });
    evaluate(&AlertInput {
        report: &report,
        settings: s,
        journal: &Journal::default(),
        answers: &[],
        checkins: &[],
        now: ts(now),
    })
}

fn of(rule: Rule, alerts: &[Alert]) -> Vec<&Alert> {
    alerts.iter().filter(|a| a.rule == rule).collect()
}

/// Work by day, 8 hours from 09:00, Monday 2026-11-30 to Friday 2026-12-04, from a
/// continuous source.
fn workweek() -> Vec<Event> {
    (0..5)
        .map(|i| {
            let d = date("2026-11-30")
                .checked_add(jiff::Span::new().days(i))
                .unwrap();
            span(&format!("{d}T09:00"), EventKind::ActiveSpan, 8 * 3600)
        })
        .collect()
}

#[test]
fn the_third_night_in_the_sleep_window_fires_once_with_its_evidence() {
    let s = settings();
    let mut events = workweek();
    events.push(ev("2026-12-01T23:30", EventKind::Command));
    events.push(ev("2026-12-03T01:10", EventKind::Commit));
    let now = "2026-12-04T10:00";
    assert!(of(Rule::SleepWindow, &alerts_at(&events, &s, now)).is_empty());
    events.push(ev("2026-12-03T23:45", EventKind::Command));
    let all = alerts_at(&events, &s, now);
    let sleep = of(Rule::SleepWindow, &all);
    assert_eq!(sleep.len(), 1, "{all:#?}");
    let a = sleep[0];
    assert_eq!(a.id, "sleep-window/2026-12-03");
    assert!(a.title.contains("3 of the last 7 nights"), "{}", a.title);
    let text = a.evidence.join("\n");
    assert!(
        text.contains("2026-12-01, 2026-12-02, 2026-12-03"),
        "{text}"
    );
    assert!(
        text.contains("The night of 2026-12-03: 1 event — 23:45 command (zsh)"),
        "{text}"
    );
    // A week later the nights are out of the last seven.
    assert!(
        of(
            Rule::SleepWindow,
            &alerts_at(&events, &s, "2026-12-11T10:00")
        )
        .is_empty()
    );
    // The threshold is the person's.
    let mut four = s.clone();
    four.alerts.sleep_nights = 4;
    assert!(of(Rule::SleepWindow, &alerts_at(&events, &four, now)).is_empty());
}

#[test]
fn hours_past_the_maximum_need_a_continuous_source() {
    let mut s = settings();
    s.max_weekly_hours = 30.0;
    let now = "2026-12-04T19:00";
    let all = alerts_at(&workweek(), &s, now);
    let hours = of(Rule::WeeklyHours, &all);
    assert_eq!(hours.len(), 1, "{all:#?}");
    assert_eq!(hours[0].id, "weekly-hours/2026-W49");
    assert!(
        hours[0].title.contains("passed your 30 h maximum"),
        "{}",
        hours[0].title
    );
    // Commits alone every half hour: hours "at least", never an alert.
    let commits: Vec<Event> = (0..5)
        .flat_map(|d| {
            (0..18).map(move |h| {
                let day = [
                    "2026-11-30",
                    "2026-12-01",
                    "2026-12-02",
                    "2026-12-03",
                    "2026-12-04",
                ][d];
                ev(
                    &format!("{day}T{:02}:{:02}", 8 + h / 2, (h % 2) * 30),
                    EventKind::Commit,
                )
            })
        })
        .collect();
    assert!(of(Rule::WeeklyHours, &alerts_at(&commits, &s, now)).is_empty());
}

#[test]
fn on_pace_by_mid_week() {
    let mut s = settings();
    s.max_weekly_hours = 30.0;
    // Monday and Tuesday 8 h each: 16 h in 2 days, 3 working days left → about 40 h.
    let events = vec![
        span("2026-11-30T09:00", EventKind::ActiveSpan, 8 * 3600),
        span("2026-12-01T09:00", EventKind::ActiveSpan, 8 * 3600),
    ];
    let all = alerts_at(&events, &s, "2026-12-02T09:00");
    let hours = of(Rule::WeeklyHours, &all);
    assert_eq!(hours.len(), 1, "{all:#?}");
    assert!(
        hours[0].title.contains("on pace for about 40 h"),
        "{}",
        hours[0].title
    );
    // On Tuesday it is too early to say.
    assert!(
        of(
            Rule::WeeklyHours,
            &alerts_at(&events, &s, "2026-12-01T20:00")
        )
        .is_empty()
    );
    s.alerts.hours_pace = false;
    assert!(
        of(
            Rule::WeeklyHours,
            &alerts_at(&events, &s, "2026-12-02T09:00")
        )
        .is_empty()
    );
}

#[test]
fn days_in_a_row_without_a_day_off() {
    let s = settings();
    let start = date("2026-11-20");
    let events: Vec<Event> = (0..13)
        .map(|i| {
            let d = start.checked_add(jiff::Span::new().days(i)).unwrap();
            ev(&format!("{d}T10:00"), EventKind::Command)
        })
        .collect();
    let all = alerts_at(&events, &s, "2026-12-02T12:00");
    let streak = of(Rule::NoDayOff, &all);
    assert_eq!(streak.len(), 1, "{all:#?}");
    assert_eq!(streak[0].id, "no-day-off/2026-11-20");
    assert!(streak[0].title.starts_with("13 days in a row"));
    // The same run the next morning, before any activity, is the same occurrence.
    let next = alerts_at(&events, &s, "2026-12-03T07:00");
    assert_eq!(of(Rule::NoDayOff, &next)[0].id, "no-day-off/2026-11-20");
}

#[test]
fn a_daily_source_gone_quiet() {
    let s = settings();
    let start = date("2026-10-01");
    let events: Vec<Event> = (0..40)
        .map(|i| {
            let d = start.checked_add(jiff::Span::new().days(i)).unwrap();
            ev(&format!("{d}T10:00"), EventKind::Command)
        })
        .collect();
    // The last event is on 2026-11-09 (a Monday); three working days later it is quiet.
    assert!(
        of(
            Rule::SourceQuiet,
            &alerts_at(&events, &s, "2026-11-11T12:00")
        )
        .is_empty()
    );
    let all = alerts_at(&events, &s, "2026-11-12T12:00");
    let quiet = of(Rule::SourceQuiet, &all);
    assert_eq!(quiet.len(), 1, "{all:#?}");
    assert_eq!(quiet[0].id, "source-quiet/zsh/2026-11-09");
}

#[test]
fn disabled_means_nothing() {
    let mut s = settings();
    s.alerts.enabled = false;
    let start = date("2026-11-20");
    let events: Vec<Event> = (0..13)
        .map(|i| {
            let d = start.checked_add(jiff::Span::new().days(i)).unwrap();
            ev(&format!("{d}T23:30"), EventKind::Command)
        })
        .collect();
    assert!(alerts_at(&events, &s, "2026-12-02T12:00").is_empty());
}

#[test]
fn delivery_waits_for_the_morning_across_dst() {
    let s = settings();
    let at = |utc: &str| gate(&s, utc.parse::<Timestamp>().unwrap(), 0);
    // 03:30 CEST on the night the clocks go forward: the sleep window.
    assert_eq!(at("2026-03-29T01:30:00Z"), Gate::Wait(Wait::SleepWindow));
    // 07:30 CET on the night the clocks go back: still the sleep window.
    assert_eq!(at("2026-10-25T06:30:00Z"), Gate::Wait(Wait::SleepWindow));
    // 08:30 that Sunday: a day off.
    assert_eq!(at("2026-10-25T07:30:00Z"), Gate::Wait(Wait::OutsideHours));
    // 08:30 on Monday: delivered, three a day.
    assert_eq!(at("2026-10-26T07:30:00Z"), Gate::Now(3));
    assert_eq!(
        gate(&s, "2026-10-26T07:30:00Z".parse().unwrap(), 3),
        Gate::Wait(Wait::DailyLimit)
    );
    let mut opted = s.clone();
    opted.alerts.outside_hours = true;
    assert_eq!(
        gate(&opted, "2026-10-25T07:30:00Z".parse().unwrap(), 0),
        Gate::Now(3)
    );
    assert_eq!(
        gate(&opted, "2026-10-25T06:30:00Z".parse().unwrap(), 0),
        Gate::Wait(Wait::SleepWindow)
    );
}

const ZONES: &[&str] = &[
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Australia/Lord_Howe",
    "America/Santiago",
    "Asia/Kolkata",
    "Pacific/Chatham",
];

fn minute_of(m: u16) -> TimeOfDay {
    TimeOfDay::new((m / 60) as u8, (m % 60) as u8).unwrap()
}

proptest! {
    /// Whatever the settings (zone, sleep window, hours, opt-in, limit) and the instant, an
    /// alert is never delivered inside the sleep window, never past the day's limit, and
    /// outside working hours only with the opt-in.
    #[test]
    fn never_delivered_inside_the_sleep_window(
        zone in 0..ZONES.len(),
        sleep_start in 0u16..1440,
        sleep_end in 0u16..1440,
        work_start in 0u16..1439,
        work_len in 1u16..1440,
        outside in any::<bool>(),
        max in 0u32..6,
        delivered in 0u32..6,
        secs in 1_577_836_800i64..1_893_456_000,
    ) {
        let work_end = (work_start + work_len).min(1439);
        let day = vec![TimeRange::new(minute_of(work_start), minute_of(work_end)).unwrap()];
        let mut s = Settings {
            timezone: ZONES[zone].to_string(),
            sleep: SleepWindow { start: minute_of(sleep_start), end: minute_of(sleep_end) },
            hours: WeekHours { sat: Vec::new(), sun: Vec::new(), mon: day.clone(), tue: day.clone(), wed: day.clone(), thu: day.clone(), fri: day.clone() },
            ..Settings::default()
        };
        s.alerts.outside_hours = outside;
        s.alerts.max_per_day = max;
        let now = Timestamp::from_second(secs).unwrap();
        let local = now.to_zoned(crate::settings::lookup_zone(ZONES[zone]).unwrap());
        let m = local.hour() as u16 * 60 + local.minute() as u16;
        let in_sleep = if sleep_start == sleep_end {
            false
        } else if sleep_start < sleep_end {
            sleep_start <= m && m < sleep_end
        } else {
            m >= sleep_start || m < sleep_end
        };
        let working = (1..=5).contains(&local.weekday().to_monday_one_offset())
            && work_start <= m && m < work_end;
        match gate(&s, now, delivered) {
            Gate::Now(n) => {
                prop_assert!(!in_sleep, "delivered at {local} inside {sleep_start}..{sleep_end}");
                prop_assert!(n >= 1 && n + delivered <= max);
                prop_assert!(outside || working, "delivered at {local} outside hours without the opt-in");
            }
            Gate::Wait(Wait::SleepWindow) => prop_assert!(in_sleep),
            Gate::Wait(_) => {}
        }
    }
}

fn daily(from: &str, days: i64, skip: &[&str]) -> Vec<Event> {
    (0..days)
        .map(|i| date(from).checked_add(jiff::Span::new().days(i)).unwrap())
        .filter(|d| !skip.contains(&d.to_string().as_str()))
        .map(|d| ev(&format!("{d}T10:00"), EventKind::Command))
        .collect()
}

#[test]
fn no_full_weekend_off_in_four_weeks() {
    let s = settings();
    let now = "2026-12-04T10:00";
    let all = alerts_at(&daily("2026-10-26", 39, &[]), &s, now);
    let weekend = of(Rule::NoWeekendOff, &all);
    assert_eq!(weekend.len(), 1, "{all:#?}");
    assert_eq!(weekend[0].id, "no-weekend-off/none-since-2026-10-26");
    // A weekend off two weeks ago: no alert.
    let rested = daily("2026-10-26", 39, &["2026-11-21", "2026-11-22"]);
    assert!(of(Rule::NoWeekendOff, &alerts_at(&rested, &s, now)).is_empty());
    // ... until four weeks have passed since it.
    let later = alerts_at(&rested, &s, "2026-12-20T10:00");
    assert_eq!(
        of(Rule::NoWeekendOff, &later)[0].id,
        "no-weekend-off/2026-11-22"
    );
}

#[test]
fn a_check_in_falls_due_a_week_after_the_last() {
    let s = settings();
    let nobody = HashSet::new();
    let checkins = [crate::journal::Checkin {
        taken_at: Some(ts("2026-11-25T18:00")),
        stress: Some(3),
        sleep: Some(3),
        exercise: None,
        social: None,
        hobby: None,
        note: None,
    }];
    let at = |now: &str| {
        let report = crate::report::build(&ReportInput {
            events: &[],
            settings: &s,
            now: ts(now),
            my_actors: &nobody,
            since: None,
            until: None,
            weeks: None,
            answers: &[],
            held: &[],
        });
        evaluate(&AlertInput {
            report: &report,
            settings: &s,
            journal: &Journal::default(),
            answers: &[],
            checkins: &checkins,
            now: ts(now),
        })
    };
    assert!(of(Rule::CheckinDue, &at("2026-12-01T10:00")).is_empty());
    let due = at("2026-12-02T10:00");
    assert_eq!(of(Rule::CheckinDue, &due)[0].id, "checkin-due/2026-12-02");
    let mut quiet = s.clone();
    quiet.alerts.reminders = false;
    let report = crate::report::build(&ReportInput {
        events: &[],
        settings: &quiet,
        now: ts("2026-12-02T10:00"),
        my_actors: &nobody,
        since: None,
        until: None,
        weeks: None,
        answers: &[],
        held: &[],
    });
    assert!(
        evaluate(&AlertInput {
            report: &report,
            settings: &quiet,
            journal: &Journal::default(),
            answers: &[],
            checkins: &checkins,
            now: ts("2026-12-02T10:00"),
        })
        .is_empty()
    );
}
