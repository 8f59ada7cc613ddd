//! Canary's pipeline: sources → store → metrics → assessment → report.
//!
//! Data flows one way. Importers ([`sources`]) turn files into [`event::Event`]s and push them
//! into the [`store`]; [`metrics`] are pure functions of events, [`settings`] and a "now"
//! passed in; [`assessment`] turns measurements into indicators and a risk level; [`report`]
//! assembles the model that the terminal, JSON output and dashboard all present. Nothing in
//! metrics, assessment or report reads a file or the clock.

pub mod alerts;
pub mod app;
pub mod assessment;
pub mod demo;
pub mod digest;
pub mod event;
pub mod free;
pub mod fsutil;
pub mod journal;
pub mod metrics;
pub mod model;
pub mod plan;
pub mod privacy;
pub mod report;
pub mod settings;
mod source_table;
pub mod sources;
pub mod store;
pub mod team;
pub mod time;
pub mod words;

pub use event::{Event, EventKind, SourceKind, Urgency};
pub use settings::Settings;

#[cfg(test)]
mod layers;
