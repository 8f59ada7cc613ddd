//! Working-time cases by hand, and property tests of merging and splitting.

use super::*;
use crate::event::{EventKind, SourceKind};
use crate::metrics::classify::prepare;
use crate::metrics::constants::SESSION_GAP_SECS;
use crate::metrics::days::activity;
use crate::metrics::testutil::{date, ev, input, settings, span, ts};
use crate::time::Band;
use proptest::prelude::*;

fn iv(start: i64, end: i64) -> Interval {
    Interval {
        start,
        end,
        offset: None,
        timed: false,
    }
}

fn timed(start: i64, end: i64) -> Interval {
    Interval {
        timed: true,
        ..iv(start, end)
    }
}

#[test]
fn a_gap_between_two_tracker_spans_is_not_bridged() {
    // Two tracked spans 5 minutes apart: the tracker saw the person away, so 10 + 10 min.
    let out = merge(vec![timed(0, 600), timed(900, 1500)], 900);
    assert_eq!(out.iter().map(Interval::len).sum::<i64>(), 1200);
    // A commit inside the gap is estimated work: bridged on both sides.
    let out = merge(vec![timed(0, 600), iv(650, 700), timed(900, 1500)], 900);
    assert_eq!(
        out,
        vec![Interval {
            timed: true,
            ..iv(0, 1500)
        }]
    );
    // Untimed intervals the same distance apart are one session, as before.
    let out = merge(vec![iv(0, 600), iv(900, 1500)], 900);
    assert_eq!(out.iter().map(Interval::len).sum::<i64>(), 1500);
    // Overlapping tracked spans still merge.
    let out = merge(vec![timed(0, 600), timed(600, 700)], 900);
    assert_eq!(out.len(), 1);
}

#[test]
fn the_table_follows_event_kind_order() {
    for (rule, kind) in TABLE.iter().zip(EventKind::ALL) {
        assert_eq!(rule.kind, kind);
        assert!(!rule.why.is_empty());
    }
    assert!(!is_activity(EventKind::MailReceived));
    assert!(!is_activity(EventKind::OutOfOffice));
    assert!(is_activity(EventKind::Page));
}

#[test]
fn intervals_per_kind() {
    let t = ts("2026-03-10T10:00").as_second();
    let at = |kind| interval(&ev("2026-03-10T10:00", kind));
    assert_eq!(at(EventKind::Commit), Some(iv(t - 1200, t)));
    assert_eq!(at(EventKind::Command), Some(iv(t - 120, t)));
    assert_eq!(at(EventKind::MailSent), Some(iv(t - 300, t)));
    assert_eq!(at(EventKind::Page), Some(iv(t, t + 300)));
    assert_eq!(at(EventKind::MailReceived), None);
    assert_eq!(at(EventKind::Holiday), None);
    // Spans: by duration, a default when missing, capped when absurd.
    assert_eq!(at(EventKind::Meeting), Some(iv(t, t + 1800)));
    assert_eq!(at(EventKind::ActiveSpan), None);
    let m = span("2026-03-10T10:00", EventKind::Meeting, 45 * 60);
    assert_eq!(interval(&m), Some(iv(t, t + 2700)));
    let long = span("2026-03-10T10:00", EventKind::Incident, 3 * 86_400);
    assert_eq!(interval(&long), Some(iv(t, t + 8 * 3600)));
    assert_eq!(activity_end(&long).as_second(), t + 8 * 3600);
}

#[test]
fn merge_bridges_gaps_shorter_than_the_session_gap() {
    let g = SESSION_GAP_SECS;
    let merged = merge(
        vec![
            iv(1000, 1100),
            iv(0, 100),
            iv(100 + g - 1, 2000),          // gap just under 15 min: bridged
            iv(2000 + g, 2000 + g + 10),    // gap of exactly 15 min: a new session
            iv(2000 + g + 5, 2000 + g + 8), // inside
        ],
        g,
    );
    assert_eq!(merged, [iv(0, 2000), iv(2000 + g, 2000 + g + 10)]);
    assert!(merge(Vec::new(), g).is_empty());
}

#[test]
fn measure_splits_at_band_edges_and_the_day_boundary() {
    let s = settings();
    let events = [ev("2026-03-10T08:00", EventKind::Command)];
    let p = prepare(&input(
        &events,
        &s,
        "2026-03-12T12:00",
        "2026-03-10",
        "2026-03-11",
    ));
    // Tue 17:00 → 19:00: one hour business, one off-hours.
    // Tue 21:00 → Wed 05:00: 1 h off-hours, 6 h sleep on Tuesday; 1 h sleep on Wednesday.
    let merged = [
        iv(
            ts("2026-03-10T17:00").as_second(),
            ts("2026-03-10T19:00").as_second(),
        ),
        iv(
            ts("2026-03-10T21:00").as_second(),
            ts("2026-03-11T05:00").as_second(),
        ),
    ];
    let m = measure(&p.classifier, &merged, &p.span);
    let h = 3600;
    assert_eq!(m.day_secs[0], [h, 2 * h, 6 * h, 0, 0]);
    assert_eq!(m.day_secs[1], [0, 0, h, 0, 0]);
    assert_eq!(m.cell_secs[1][17], h);
    assert_eq!(m.cell_secs[2][4], h);
    assert_eq!(m.cell_secs.iter().flatten().sum::<i64>(), 10 * h);
    // Time outside the period is not counted.
    let before = [iv(
        ts("2026-03-09T10:00").as_second(),
        ts("2026-03-09T11:00").as_second(),
    )];
    assert_eq!(
        total_secs(&measure(&p.classifier, &before, &p.span).day_secs),
        [0; 5]
    );
}

#[test]
fn own_offset_places_the_time_when_asked() {
    // 14:00Z is 15:00 in Berlin but 23:00 where the person was (+09:00).
    let mut s = settings();
    s.use_event_offset = true;
    let mut e = crate::Event::mine(
        "2026-03-10T14:00:00Z".parse().unwrap(),
        EventKind::MailSent,
        SourceKind::Mbox,
        "k".into(),
    );
    e.offset = Some(9 * 3600);
    let events = [e];
    let p = prepare(&input(
        &events,
        &s,
        "2026-03-12T12:00",
        "2026-03-09",
        "2026-03-15",
    ));
    let m = measure(
        &p.classifier,
        &merge(intervals(&p.items, p.span.now), 900),
        &p.span,
    );
    assert_eq!(total_secs(&m.day_secs), [0, 0, 300, 0, 0]);
    assert_eq!(m.cell_secs[1][22], 300);
}

#[test]
fn summary_of_an_empty_period() {
    let s = settings();
    let p = prepare(&input(
        &[],
        &s,
        "2026-03-12T12:00",
        "2026-03-09",
        "2026-03-15",
    ));
    let m = measure(&p.classifier, &[], &p.span);
    let w = summary(&m, &activity(&p.items, p.span.days()), 0);
    assert_eq!(w.model, "worktime-v1");
    assert_eq!(
        (w.total_hours, w.after_hours_share, w.mean_weekly_hours),
        (0.0, 0.0, 0.0)
    );
    assert!(!w.at_least, "nothing seen is not a lower bound of anything");
    assert_eq!(date("2026-03-09"), p.span.since);
}

#[test]
fn the_weekly_mean_runs_over_the_days_seen_and_commits_alone_are_a_lower_bound() {
    let s = settings();
    // Two commits in the first week of four; nothing after: the sources stopped, the person
    // did not rest for three weeks.
    let events = [
        ev("2026-03-02T10:00", EventKind::Commit),
        ev("2026-03-08T10:00", EventKind::Commit),
    ];
    let p = prepare(&input(
        &events,
        &s,
        "2026-03-29T20:00",
        "2026-03-02",
        "2026-03-29",
    ));
    let merged = merge(intervals(&p.items, p.span.now), SESSION_GAP_SECS);
    let m = measure(&p.classifier, &merged, &p.span);
    let w = summary(&m, &activity(&p.items, p.span.days()), 0);
    // Seven days seen, from the first commit to the last: the mean is the total, not a quarter.
    assert!(w.total_hours > 0.0);
    assert!((w.mean_weekly_hours - w.total_hours).abs() < 1e-9, "{w:?}");
    assert!(w.at_least, "commits alone give a lower bound");
}

// ---------------------------------------------------------------------------------------------

fn raw_intervals() -> impl Strategy<Value = Vec<Interval>> {
    prop::collection::vec((0i64..20_000, 0i64..3_000), 0..60).prop_map(|v| {
        v.into_iter()
            .map(|(s, len)| iv(s, s + len))
            .filter(|i| !i.is_empty())
            .collect()
    })
}

/// Events in the first half of 2026 in Berlin (the spring DST change included), of every kind.
fn events() -> impl Strategy<Value = Vec<crate::Event>> {
    let base = ts("2026-01-01T00:00").as_second();
    prop::collection::vec(
        (
            0i64..181 * 86_400,
            0usize..13,
            prop::option::of(0i64..30_000),
        ),
        0..120,
    )
    .prop_map(move |v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (off, k, dur))| {
                let mut e = crate::Event::mine(
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
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn merging_is_idempotent_and_bounded(raw in raw_intervals(), gap in 0i64..2_000) {
        let merged = merge(raw.clone(), gap);
        prop_assert_eq!(merge(merged.clone(), gap), merged.clone());
        let total: i64 = merged.iter().map(Interval::len).sum();
        let raw_sum: i64 = raw.iter().map(Interval::len).sum();
        let union: i64 = merge(raw.clone(), 0).iter().map(Interval::len).sum();
        // Never less than the union, never more than the raw lengths plus the bridged gaps
        // (each of which is shorter than `gap`).
        prop_assert!(union <= total);
        let bridges = (raw.len() - merged.len()) as i64;
        prop_assert!(total <= raw_sum + bridges * gap, "{} > {} + {} * {}", total, raw_sum, bridges, gap);
        // Sorted, separated by at least the gap, and covering every raw interval.
        for w in merged.windows(2) {
            prop_assert!(w[1].start - w[0].end >= gap);
        }
        for r in &raw {
            prop_assert!(merged.iter().any(|m| m.start <= r.start && r.end <= m.end));
        }
    }

    #[test]
    fn band_totals_match_the_classifier(evs in events()) {
        let s = settings();
        let p = prepare(&input(&evs, &s, "2026-07-10T12:00", "2025-12-20", "2026-07-10"));
        let merged = merge(intervals(&p.items, p.span.now), SESSION_GAP_SECS);
        let m = measure(&p.classifier, &merged, &p.span);
        let mut expected = [0i64; 5];
        for iv in &merged {
            let secs = p.classifier.seconds_by_band(
                jiff::Timestamp::from_second(iv.start).unwrap(),
                jiff::Timestamp::from_second(iv.end).unwrap(),
                None,
            );
            for b in Band::ALL {
                expected[b.index()] += secs[b.index()];
            }
        }
        prop_assert_eq!(total_secs(&m.day_secs), expected);
        let cells: i64 = m.cell_secs.iter().flatten().sum();
        prop_assert_eq!(cells, expected.iter().sum::<i64>());
    }
}
