//! A heavy user for benchmarks: years of a busy sysadmin's traces, about 550 events a day,
//! mostly shell commands, built from the same days and emitters as the persona with denser
//! rates. Five years come to about a million events.

use jiff::Timestamp;
use jiff::civil::Weekday;

use super::clock::{DayClock, zone};
use super::days::{Life, Shape};
use super::demo_hasher;
use super::sources::{COLLEAGUES, Cast, Emitter, Rates};
use crate::event::Event;

/// Desk work of someone who lives in a terminal.
const BULK: Rates = Rates {
    bursts: 12.0,
    burst_len: (4, 18),
    commits: 0.9,
    mails: 1.5,
    chats: 3.0,
};

/// `years` of events ending at `end`, sorted by time, from `seed`. The same arguments give
/// the same events.
pub fn heavy_user(years: u32, seed: u64, end: Timestamp) -> Vec<Event> {
    let berlin = zone("Europe/Berlin");
    let hi = end.as_second();
    let lo = hi - (f64::from(years) * 365.2425 * 86_400.0) as i64;
    let first = berlin
        .to_datetime(Timestamp::from_second(lo).unwrap_or(end))
        .date();
    let last = berlin.to_datetime(end).date();
    let days = usize::try_from((hi - lo) / 86_400).unwrap_or(0) + 1;
    let em = Emitter::new(seed, berlin.clone(), Cast::new(&demo_hasher()), days * 580);
    let mut life = Life::new(em);

    let mut shape = Shape::sustainable();
    let mut on_call = false;
    let mut day = first;
    while day <= last {
        if day == first || day.weekday() == Weekday::Monday {
            // Each week is calm, creeping or heavy at random, on call two weeks in five.
            let load = life.em.rng.f64();
            shape = match life.em.rng.u32(0..3) {
                0 => Shape::sustainable(),
                1 => Shape::creeping(load),
                _ => Shape::heavy(load),
            };
            shape.work = BULK;
            shape.evening_rates = BULK;
            on_call = life.em.chance(0.4);
        }
        let clock = DayClock::new(&berlin, day);
        let weekend = matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday);
        life.received(&clock, !weekend, &shape);
        if weekend {
            life.weekend(&clock, &shape);
        } else {
            life.colleague_commits(&clock);
            life.workday(&clock, &shape, &[]);
        }
        let responder = (!on_call).then(|| COLLEAGUES[day.day() as usize % 2]);
        life.on_call(&clock, &shape, responder);
        life.four_am(&clock, &shape);
        match day.tomorrow() {
            Ok(next) => day = next,
            Err(_) => break,
        }
    }
    life.finish(lo, hi)
}
