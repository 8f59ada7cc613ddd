//! Team mode: on-call fairness, single points of failure, rotation proposals and the cost of
//! burnout. Pure functions over data the caller has read; one module per concern. The formulas
//! and their sources are in `docs/method.md`, Part IV.

pub mod cost;
pub mod demo;
pub mod discover;
pub mod everyone;
pub mod fairness;
pub mod oncall;
pub mod roster;
pub mod rotate;
pub mod spof;

pub use roster::{Defaults, Member, Roster, RosterError};
