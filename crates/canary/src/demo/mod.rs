//! Built-in data for `canary demo` and for benchmarks, made without reading anything.
//!
//! [`persona`] is Alex, a sysadmin on call in Berlin, over the 26 weeks that end at
//! [`demo_now`]: sustainable for two months, creeping into evenings and weekends, then in the
//! article's "4 AM email syndrome" — night pages, mails sent at 4 AM, short rests, a vacation
//! that was not quite one. Every source format the importers know gets the events its
//! importer would produce, so the whole pipeline can run on it.
//!
//! [`heavy_user`] is a volume generator for benchmarks: about 550 events a day for years.
//!
//! Both are deterministic: all randomness comes from seeded [`fastrand::Rng`]s, time from
//! [`DEMO_NOW`] or the caller, and zones from the bundled database, so the output is the same
//! on every run and machine. They share the per-source emitters in `sources`.

mod answers;
mod clock;
mod days;
mod heavy;
mod persona;
mod sources;

#[cfg(test)]
mod tests;

use jiff::Timestamp;

use crate::privacy::IdentityHasher;

pub use answers::answers;
pub use heavy::heavy_user;
pub use persona::{Persona, persona};

/// The fixed "now" of the demo: a Friday evening in late November, after the change to
/// winter time, so the persona's history spans both UTC offsets of Europe/Berlin.
pub const DEMO_NOW: &str = "2026-11-27T18:30:00+01:00[Europe/Berlin]";

/// The key the demo hashes identities with (`IdentityHasher`), so that a demo store can be
/// given the same key and match the persona's hashed counterparts.
pub const DEMO_HASH_KEY: [u8; 32] = *b"canary demo persona - fixed key!";

/// [`DEMO_NOW`] as an instant.
pub fn demo_now() -> Timestamp {
    jiff::fmt::temporal::DateTimeParser::new()
        .parse_zoned_with(&jiff::tz::TimeZoneDatabase::bundled(), DEMO_NOW)
        .expect("DEMO_NOW is a valid zoned date-time")
        .timestamp()
}

/// The hasher the demo data was made with.
pub fn demo_hasher() -> IdentityHasher {
    IdentityHasher::new(DEMO_HASH_KEY)
}
