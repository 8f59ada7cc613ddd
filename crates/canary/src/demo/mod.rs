//! The demo persona (to be written).
