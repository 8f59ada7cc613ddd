//! Metrics: pure functions over classified events, settings and a "now" passed in.
