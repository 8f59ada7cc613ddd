//! Benchmark of `report::build` over one million events: five years of a heavy user
//! (about 550 events a day of mixed kinds), from the demo's deterministic heavy-user generator.
//!
//! Run with `cargo run --release -p canary --example bench_report`. Prints the median of
//! five runs; the goal is under one second.

use std::collections::HashSet;
use std::hint::black_box;
use std::time::{Duration, Instant};

use canary::report::{ReportInput, build};
use canary::settings::Settings;

fn main() {
    let t0 = Instant::now();
    let now = canary::demo::demo_now();
    let events = canary::demo::heavy_user(5, 1, now);
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
        answers: &[],
        held: &[],
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
