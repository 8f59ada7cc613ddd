//! The application core on the demo persona in an in-memory store: loading loses nothing the
//! builder needs, the events query matches the figures, share keeps to complete weeks and the
//! chosen figures, and the plan's mutations check what they are given.

use std::collections::BTreeMap;

use jiff::Timestamp;

use super::*;
use crate::event::SourceKind;
use crate::journal::Instrument;
use crate::time::Band;

/// The persona's events and answers in a fresh store, with its settings.
fn persona() -> (Workspace, Timestamp) {
    let p = crate::demo::persona();
    let now = crate::demo::demo_now();
    let mut store = Store::open_in_memory().unwrap();
    let mut by_source: BTreeMap<SourceKind, Vec<Event>> = BTreeMap::new();
    for e in p.events {
        by_source.entry(e.source).or_default().push(e);
    }
    for (source, events) in by_source {
        store.insert_events(source, "demo", events, now).unwrap();
    }
    for set in crate::demo::answers() {
        store.save_answers(&set, &serde_json::Value::Null).unwrap();
    }
    (Workspace::new(store, p.settings, true), now)
}

/// The report built from every event in the store, without the loading window.
fn from_everything(ws: &Workspace, period: &PeriodSpec, now: Timestamp) -> Report {
    let events = ws.store.events(&EventFilter::default()).unwrap();
    let answers = ws.store.answer_sets().unwrap();
    crate::report::build(&ReportInput {
        events: &events,
        settings: &ws.settings,
        now,
        my_actors: &ws.my_actor_hashes().unwrap(),
        since: period.since,
        until: period.until,
        weeks: period.weeks,
        answers: &answers,
        held: &[],
    })
}

#[test]
fn loading_a_period_loses_nothing_the_report_needs() {
    let (ws, now) = persona();
    let d = |s: &str| s.parse::<Date>().unwrap();
    for period in [
        PeriodSpec::default(),
        PeriodSpec::weeks(5),
        PeriodSpec::between(d("2026-08-03"), d("2026-09-13")),
    ] {
        let loaded = ws.report(&period, now).unwrap();
        let whole = from_everything(&ws, &period, now);
        assert_eq!(
            serde_json::to_value(&loaded).unwrap(),
            serde_json::to_value(&whole).unwrap(),
            "{period:?}"
        );
        assert!(loaded.coverage.covered_days > 0, "{period:?}");
    }
}

#[test]
fn the_events_of_the_sleep_band_name_every_sleep_night() {
    let (ws, now) = persona();
    let report = ws.report(&PeriodSpec::default(), now).unwrap();
    let list = ws
        .events(
            &EventQuery {
                band: Some(Band::Sleep),
                ..EventQuery::default()
            },
            now,
        )
        .unwrap();
    assert_eq!(
        (list.since, list.until),
        (report.period.since, report.period.until)
    );
    let nights: std::collections::BTreeSet<Date> = list
        .rows
        .iter()
        .filter(|r| r.activity)
        .map(|r| r.night.expect("a sleep-band event has a night"))
        .collect();
    assert_eq!(nights.len() as u32, report.sleep.nights);
    // One night's query lists only events of that night.
    let night = report.sleep.recent[0].night;
    let one = ws
        .events(
            &EventQuery {
                night: Some(night),
                ..EventQuery::default()
            },
            now,
        )
        .unwrap();
    assert!(!one.rows.is_empty());
    assert!(one.rows.iter().all(|r| r.night == Some(night)));
}

#[test]
fn share_sends_complete_weeks_and_only_the_chosen_figures() {
    let (ws, now) = persona();
    let metrics = ShareMetrics {
        hours: true,
        risk: true,
        ..ShareMetrics::default()
    };
    let weeks = ws.share_body(4, &metrics, now).unwrap();
    let report = ws.report(&PeriodSpec::default(), now).unwrap();
    let complete: Vec<&str> = report
        .weeks
        .iter()
        .filter(|w| w.complete)
        .map(|w| w.week.as_str())
        .collect();
    let sent: Vec<&str> = weeks.iter().map(|w| w.week.as_str()).collect();
    assert_eq!(
        sent,
        complete[complete.len() - 4..],
        "the last four complete"
    );
    assert!(weeks.iter().all(|w| w.hours.is_some()
        && w.after_hours_share.is_none()
        && w.sleep_nights.is_none()
        && w.interruptions.is_none()
        && w.instruments.is_none()));
    let risks: Vec<bool> = weeks.iter().map(|w| w.risk.is_some()).collect();
    assert_eq!(
        risks,
        [false, false, false, true],
        "the level goes with the latest"
    );
}

#[test]
fn the_plan_starts_once_and_its_mutations_check_their_input() {
    let (ws, now) = persona();
    let started = ws.start_plan(now).unwrap();
    assert_eq!(
        started,
        PlanStart::Started {
            on: ws.today(now).unwrap(),
            baseline: true
        }
    );
    assert_eq!(ws.start_plan(now).unwrap(), PlanStart::Running, "only once");
    assert!(ws.journal().unwrap().baseline().is_some());
    assert!(matches!(
        ws.mark_done("no-such-action", now, None),
        Err(AppError::UnknownAction(_))
    ));
    ws.mark_done("w-mail-cutoff", now, Some("done")).unwrap();
    assert!(ws.plan(now).unwrap().progress.0 >= 1);
    assert!(ws.mark_undone("w-mail-cutoff").unwrap());
    assert!(matches!(ws.agree("  ", now), Err(AppError::EmptyAgreement)));
    assert!(matches!(
        ws.set_profile("colour", "blue"),
        Err(AppError::UnknownProfileKey { .. })
    ));
    assert!(matches!(
        ws.set_profile("fund_months", "-1"),
        Err(AppError::BadProfileValue { source: None, .. })
    ));
    assert!(matches!(
        ws.set_profile("resume_updated", "last spring"),
        Err(AppError::BadProfileValue {
            source: Some(_),
            ..
        })
    ));
    assert_eq!(ws.set_profile("fund_months", " 4 ").unwrap(), "4");
}

#[test]
fn answers_are_kept_with_their_scores_and_the_crisis_said() {
    let (ws, now) = persona();
    assert!(matches!(
        ws.record_answers(Instrument::Who5, BTreeMap::new(), now),
        Err(AppError::NoAnswers)
    ));
    let low: BTreeMap<String, u8> = (1..=5).map(|i| (i.to_string(), 1)).collect();
    let r = ws.record_answers(Instrument::Who5, low, now).unwrap();
    assert_eq!(r.scores["score"], 20);
    assert!(r.crisis.is_some_and(|c| c.contains("professional")));
    let kept = ws.store.latest_answers(Instrument::Who5).unwrap().unwrap();
    assert_eq!((kept.set, kept.scores), (r.set, r.scores));
}

#[test]
fn an_empty_store_starts_no_plan_and_restart_clears_it() {
    let p = crate::demo::persona();
    let now = crate::demo::demo_now();
    let mut store = Store::open_in_memory().unwrap();
    let empty = Workspace::new(Store::open_in_memory().unwrap(), p.settings.clone(), true);
    assert_eq!(empty.start_plan(now).unwrap(), PlanStart::NoData);
    let j = empty.journal().unwrap();
    assert_eq!((j.plan_started(), j.baseline()), (None, None));
    assert!(!j.profile.contains_key(BASELINE), "no empty baseline kept");

    // A plan started earlier with an empty baseline (as before) gets its figures later.
    store.profile_set(PLAN_STARTED, "2026-10-01").unwrap();
    store
        .profile_set(
            BASELINE,
            r#"{"hours":null,"after_hours_share":null,"sleep_nights":null}"#,
        )
        .unwrap();
    let mut by_source: BTreeMap<SourceKind, Vec<Event>> = BTreeMap::new();
    for e in p.events {
        by_source.entry(e.source).or_default().push(e);
    }
    for (source, events) in by_source {
        store.insert_events(source, "demo", events, now).unwrap();
    }
    let ws = Workspace::new(store, p.settings, true);
    assert_eq!(
        ws.start_plan(now).unwrap(),
        PlanStart::BaselineKept {
            started: "2026-10-01".parse().unwrap()
        }
    );
    assert!(ws.journal().unwrap().baseline().unwrap().hours.is_some());

    // A new start: both cleared, then started again today with today's figures.
    assert_eq!(
        ws.restart_plan().unwrap(),
        Some("2026-10-01".parse().unwrap())
    );
    let j = ws.journal().unwrap();
    assert_eq!((j.plan_started(), j.baseline()), (None, None));
    assert_eq!(ws.restart_plan().unwrap(), None);
    assert!(matches!(
        ws.start_plan(now).unwrap(),
        PlanStart::Started { baseline: true, .. }
    ));
}

#[test]
fn an_empty_checkin_is_refused_and_never_the_latest() {
    let (ws, now) = persona();
    let before = ws.store.checkins().unwrap().len();
    let note_only = crate::journal::Checkin {
        taken_at: Some(now),
        note: Some("tired".into()),
        ..Default::default()
    };
    assert!(matches!(
        ws.save_checkin(&note_only),
        Err(AppError::EmptyCheckin)
    ));
    assert_eq!(ws.store.checkins().unwrap().len(), before);
    let stress = crate::journal::Checkin {
        taken_at: Some(now),
        stress: Some(3),
        ..Default::default()
    };
    ws.save_checkin(&stress).unwrap();
    assert_eq!(ws.store.checkins().unwrap().len(), before + 1);
}

/// Every figure a dashboard chart links down from is the count of the events its filter
/// lists: a week's and a day's events, a heatmap cell's activity, a night's activity.
#[test]
fn each_figure_is_the_count_of_the_events_its_filter_lists() {
    let (ws, now) = persona();
    let report = ws.report(&PeriodSpec::default(), now).unwrap();
    let count = |q: EventQuery| ws.events(&q, now).unwrap().rows.len() as u64;
    for wk in report.weeks.iter().rev().take(3) {
        let q = EventQuery {
            week: Some(wk.week.clone()),
            ..EventQuery::default()
        };
        assert_eq!(count(q), wk.events, "{}", wk.week);
    }
    let busy = report.days.iter().rev().filter(|d| d.events > 0).take(3);
    for d in busy {
        let q = EventQuery {
            day: Some(d.date),
            ..EventQuery::default()
        };
        assert_eq!(count(q), d.events, "{}", d.date);
    }
    let mut cells = 0;
    for (wd, row) in report.heatmap.counts.iter().enumerate() {
        for (h, &c) in row.iter().enumerate().filter(|(_, c)| **c > 0).take(2) {
            let q = EventQuery {
                weekday: Some(wd as u8),
                hour: Some(h as u8),
                activity_only: true,
                ..EventQuery::default()
            };
            assert_eq!(count(q), u64::from(c), "weekday {wd} hour {h}");
            cells += 1;
        }
    }
    assert!(cells > 5, "the persona works at many hours");
    let night = &report.sleep.recent[0];
    let q = EventQuery {
        night: Some(night.night),
        activity_only: true,
        ..EventQuery::default()
    };
    assert_eq!(count(q), u64::from(night.events), "{}", night.night);
}
