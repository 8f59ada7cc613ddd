//! Mail sent outside hours and how fast after-hours mail was answered.

use serde::Serialize;

/// Mail: what was sent outside hours and how fast after-hours mail was answered.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Communication {
    /// Whether any mail source has events in the period.
    pub measured: bool,
    pub mail_sent: u32,
    /// Sent outside business hours (any band but business).
    pub sent_after_hours: u32,
    /// Sent on a working day before its first declared working range starts.
    pub sent_before_work: u32,
    /// Sent from the evening on (see `docs/method.md`).
    pub sent_after_dinner: u32,
    /// Days with mail sent before work or after dinner.
    pub days_before_work_or_after_dinner: u32,
    /// Human (not automated) mail received outside business hours.
    pub received_after_hours: u32,
    /// Of those, how many the person answered, and how fast (median minutes).
    pub replied_after_hours: u32,
    pub median_reply_minutes: Option<f64>,
    /// Answered within an hour: "always on".
    pub replied_within_hour: u32,
    /// Automated mail received (lists, notifications), not counted as load.
    pub automated_received: u32,
}
