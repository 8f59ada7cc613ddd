//! The Canary team server: members share **weekly aggregates only** (never events); a manager
//! sees a group's figures for a week only when at least `k` members (never fewer than 5)
//! reported that week, and every figure carries calibrated noise, so that even someone who
//! knows every other member's figures (an admin who enrolled members of their own) cannot
//! work out one person's. See `docs/design.md`, "Team server", for the threat model.
//!
//! - [`model`]: the wire format (a figure is absent, `null` when unmeasured, or a value).
//! - [`store`]: the SQLite store (tokens hashed with a keyed BLAKE3, weekly rows, releases);
//!   [`migrate`] its schema versions; [`audit`] the audit log.
//! - [`aggregate`] and [`noise`]: what a manager is shown of a week.
//! - [`server`]: the axum router and handlers; [`gate`]: authentication, rate limits and the
//!   audit entry of every request.
//! - [`tls`]: HTTPS for the server (rustls with the ring provider).
//! - [`client`]: the blocking client (ureq over rustls): `https://` to any host, `http://`
//!   to loopback only; used by the `canary team` client commands and the tests.

pub mod aggregate;
pub mod audit;
pub mod client;
pub mod gate;
pub mod migrate;
pub mod model;
pub mod noise;
pub mod server;
pub mod store;
pub mod tls;

pub use client::{Client, ClientError};
pub use model::{Figure, InstrumentShare, ShareBody, WeekShare};
pub use server::{Config, router, serve, serve_blocking, serve_tls};
pub use store::{Role, Store};

/// The smallest group a manager may ever see; a configured value below it is raised to it.
pub const MIN_GROUP: u32 = 5;

/// Errors of the store and server.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("the team database failed")]
    Db(#[from] rusqlite::Error),
    #[error("randomness unavailable: {0}")]
    Random(String),
    #[error("{0}")]
    Invalid(String),
    #[error("TLS: {0}")]
    Tls(String),
}
