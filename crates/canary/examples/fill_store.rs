//! Fill a store with distinct synthetic events, for timing reads against its size:
//! `cargo run --release -p canary --example fill_store -- DB YEARS SEED [YEARS_AGO]`.
//!
//! Adds `canary::demo::heavy_user(YEARS, SEED, …)` — about 200,000 events a year, ending
//! YEARS_AGO (default 0) years before the demo's "now" — through `Store::insert_events` (the
//! importers' sink), one run per source. Keys and identities are prefixed with the seed, so
//! runs with different seeds add distinct events and never repeat one. `fill_store DB 1 1`
//! makes a store of 0.2 M events; adding `fill_store DB 10 2 1` makes one of 2.2 M events with
//! the same last 26 weeks (the default report's window), the rest older.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

use canary::store::Store;

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(db), Some(years), Some(seed)) = (args.next(), args.next(), args.next()) else {
        eprintln!("usage: fill_store DB YEARS SEED");
        std::process::exit(2);
    };
    let years: u32 = years.parse().expect("YEARS is a number");
    let seed: u64 = seed.parse().expect("SEED is a number");
    let ago: i64 = args
        .next()
        .map_or(0, |a| a.parse().expect("YEARS_AGO is a number"));
    let now = canary::demo::demo_now();
    let end = now
        .checked_sub(jiff::SignedDuration::from_hours(ago * 8_766))
        .expect("YEARS_AGO is in range");
    let t = Instant::now();
    let mut by_source: BTreeMap<_, Vec<_>> = BTreeMap::new();
    for mut e in canary::demo::heavy_user(years, seed, end) {
        e.key = format!("s{seed}:{}", e.key);
        e.identity = e.identity.map(|i| format!("s{seed}:{i}"));
        by_source.entry(e.source).or_default().push(e);
    }
    let mut store = Store::open(&PathBuf::from(&db)).expect("the store opens");
    let (mut new, mut dup) = (0, 0);
    for (source, events) in by_source {
        let (n, d) = store
            .insert_events(source, "fill_store", events, now)
            .expect("the events are stored");
        new += n;
        dup += d;
    }
    eprintln!(
        "{new} new, {dup} duplicates; the store holds {} events ({:.1?})",
        store.event_count().expect("count"),
        t.elapsed()
    );
}
