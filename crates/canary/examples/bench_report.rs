//! Benchmark of `report::build` over one million events: five years of a heavy user
//! (about 550 events a day of mixed kinds), generated deterministically.
//!
//! Run with `cargo run --release -p canary --example bench_report`. Prints the median of
//! five runs; the goal is under one second.

use std::collections::HashSet;
use std::hint::black_box;
use std::time::{Duration, Instant};

use canary::event::{Event, EventKind, SourceKind};
use canary::report::{ReportInput, build};
use canary::settings::Settings;
use jiff::Timestamp;

const DAYS: i64 = 5 * 365 + 1;
const TARGET: usize = 1_000_000;

/// (kind, source, events per weekday before scaling, span length range in minutes)
const MIX: &[(EventKind, SourceKind, u32, (i64, i64))] = &[
    (EventKind::Command, SourceKind::Zsh, 300, (0, 0)),
    (EventKind::ChatMessage, SourceKind::Slack, 100, (0, 0)),
    (EventKind::MailReceived, SourceKind::Maildir, 60, (0, 0)),
    (EventKind::MailSent, SourceKind::Maildir, 30, (0, 0)),
    (
        EventKind::ActiveSpan,
        SourceKind::Activitywatch,
        25,
        (2, 60),
    ),
    (EventKind::Commit, SourceKind::Git, 20, (0, 0)),
    (EventKind::Other, SourceKind::Csv, 5, (0, 0)),
    (EventKind::Meeting, SourceKind::Ics, 4, (30, 90)),
    (EventKind::Page, SourceKind::Pagerduty, 3, (0, 0)),
    (EventKind::Ack, SourceKind::Pagerduty, 2, (0, 0)),
    (EventKind::Incident, SourceKind::Pagerduty, 1, (10, 180)),
];

/// A second of the local day: mostly working hours, some evening, a little night.
fn second_of_day(rng: &mut fastrand::Rng) -> i64 {
    let r = rng.u32(0..100);
    let (from, to) = match r {
        0..90 => (8 * 3600, 19 * 3600),
        90..98 => (19 * 3600, 23 * 3600),
        _ => (0, 24 * 3600),
    };
    rng.i64(from..to)
}

fn generate() -> (Vec<Event>, Timestamp) {
    let mut rng = fastrand::Rng::with_seed(0x00ca_ba2a);
    let start: Timestamp = "2021-03-29T00:00:00+01:00".parse().unwrap();
    let base = start.as_second();
    let mut events = Vec::with_capacity(TARGET + 1000);
    let mut n = 0u64;
    'days: for day in 0..DAYS {
        let day_start = base + day * 86_400;
        // A week of vacation every ~four months, recorded as an out-of-office span.
        if day % 120 == 60 {
            let mut e = Event::mine(
                Timestamp::from_second(day_start).unwrap(),
                EventKind::OutOfOffice,
                SourceKind::Ics,
                format!("oof-{day}"),
            );
            e.duration = Some(7 * 86_400);
            events.push(e);
        }
        // Quieter weekends.
        let weekday = (day % 7) as u32; // 0 = Monday
        let scale = if weekday >= 5 { 4 } else { 12 };
        for &(kind, source, count, (lo, hi)) in MIX {
            let count = count * scale / 10 + rng.u32(0..=count / 10 + 1);
            for _ in 0..count {
                let t = day_start - 3600 + second_of_day(&mut rng);
                let mut e = Event::mine(
                    Timestamp::from_second(t).unwrap(),
                    kind,
                    source,
                    format!("{n}"),
                );
                if hi > 0 {
                    e.duration = Some(rng.i64(lo..=hi) * 60);
                }
                events.push(e);
                n += 1;
                if events.len() >= TARGET {
                    break 'days;
                }
            }
        }
    }
    let now = Timestamp::from_second(base + DAYS * 86_400).unwrap();
    (events, now)
}

fn main() {
    let t0 = Instant::now();
    let (events, now) = generate();
    eprintln!("generated {} events in {:.2?}", events.len(), t0.elapsed());
    let settings = Settings {
        timezone: "Europe/Berlin".into(),
        ..Settings::default()
    };
    let me = HashSet::new();
    let input = ReportInput {
        events: &events,
        settings: &settings,
        now,
        my_actors: &me,
        since: None,
        until: None,
        weeks: Some(260),
    };
    let mut times: Vec<Duration> = Vec::new();
    let mut last = None;
    for _ in 0..5 {
        let t = Instant::now();
        let report = black_box(build(black_box(&input)));
        times.push(t.elapsed());
        last = Some(report);
    }
    times.sort();
    let r = last.unwrap();
    println!(
        "report::build over {} events, {} weeks: median {:.3?} (min {:.3?}, max {:.3?})",
        events.len(),
        r.weeks.len(),
        times[2],
        times[0],
        times[4]
    );
    println!(
        "  total {:.0} h, mean {:.1} h/week, after-hours share {:.2}, sleep nights {}, covered days {}",
        r.worktime.total_hours,
        r.worktime.mean_weekly_hours,
        r.worktime.after_hours_share,
        r.sleep.nights,
        r.coverage.covered_days
    );
}
