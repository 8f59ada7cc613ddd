//! Metrics: pure functions over classified events, settings and a "now" passed in.
//!
//! One module per metric family, each a small pure function over the prepared events, in
//! the order the report builder runs them:
//!
//! ```text
//! classify ─► worktime ─► days ─► rest, after_hours
//!    │            │         └──► weekly ─► trend
//!    ├─► sleep_window ───────────┘
//!    ├─► heatmap ◄── worktime (minutes per cell)
//!    ├─► communication, meetings (◄── merged working time), interruptions ─► weekly
//!    ├─► vacations ◄── days, worktime
//!    ├─► coverage
//!    └─► personal (the personal events, apart)
//! ```
//!
//! Every constant lives in one versioned table, [`constants`], each with its source;
//! `docs/method.md` explains each. Nothing here reads files or the clock. Not for: turning figures
//! into indicators and a risk level ([`crate::assessment`]).

pub mod after_hours;
pub mod classify;
pub mod communication;
pub mod constants;
pub mod coverage;
pub mod days;
pub mod heatmap;
pub mod interruptions;
pub mod meetings;
pub mod period;
pub mod period_query;
pub mod personal;
pub mod rest;
pub mod sleep_window;
pub mod trend;
pub mod vacations;
pub mod weekly;
pub mod worktime;

#[cfg(test)]
pub(crate) mod testutil;
