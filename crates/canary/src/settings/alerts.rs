//! `[alerts]`: the thresholds of the alert rules, when alerts may reach the person, and how
//! many a day. Every default and why it was chosen is in docs/method.md ("Alerts").

use serde::{Deserialize, Serialize};

use super::SettingsError;

/// The alert settings; every field has a default, so `[alerts]` may be left out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AlertSettings {
    /// Whether the rules run at all.
    pub enabled: bool,
    /// Nights with activity in the sleep window, of the last 7, that make an alert.
    pub sleep_nights: u32,
    /// Warn from mid-week when the week is on pace to pass `max_weekly_hours` (not only once
    /// it has passed it).
    pub hours_pace: bool,
    /// Days in a row with activity (no day off) that make an alert.
    pub streak_days: u32,
    /// Weeks without a full weekend off that make an alert.
    pub weekend_weeks: u32,
    /// Working days without a new event from a source that used to have them daily.
    pub quiet_days: u32,
    /// Days after the last check-in when the next one is due.
    pub checkin_days: u32,
    /// Remind of a due check-in, questionnaire retake and monthly review.
    pub reminders: bool,
    /// Opt in: deliver outside working hours too (days off, evenings). Never inside the
    /// sleep window, whatever this says.
    pub outside_hours: bool,
    /// At most this many alerts delivered per local day (0: keep them for `canary alerts`).
    pub max_per_day: u32,
    /// Deliver as a desktop notification (otherwise, and when there is no notification
    /// service, the next `canary` command and the prompt hook print them once).
    pub desktop: bool,
    /// A local `sendmail` program the weekly digest may be mailed through, to the person's
    /// first address in `identities.emails` only; empty: never mailed.
    pub sendmail: String,
    /// Write the last complete week's digest at the first sync after the week ends (so every
    /// Monday when the schedule runs), into the data folder's `digests/`, and say so like an
    /// alert.
    pub weekly_digest: bool,
    /// Also mail that digest to yourself through `sendmail` (which must be set).
    pub mail_digest: bool,
}

impl Default for AlertSettings {
    fn default() -> Self {
        AlertSettings {
            enabled: true,
            sleep_nights: 3,
            hours_pace: true,
            streak_days: 12,
            weekend_weeks: 4,
            quiet_days: 3,
            checkin_days: 7,
            reminders: true,
            outside_hours: false,
            max_per_day: 3,
            desktop: true,
            sendmail: String::new(),
            weekly_digest: true,
            mail_digest: false,
        }
    }
}

/// The `config set` keys of `[alerts]`, with a line each.
pub const KEYS: &[(&str, &str)] = &[
    ("alerts.enabled", "true or false: run the alert rules"),
    (
        "alerts.sleep_nights",
        "nights of the last 7 with sleep-window activity that make an alert (1-7, default 3)",
    ),
    (
        "alerts.hours_pace",
        "true to warn from mid-week when the week is on pace to pass max_weekly_hours",
    ),
    (
        "alerts.streak_days",
        "days in a row without a day off that make an alert (default 12)",
    ),
    (
        "alerts.weekend_weeks",
        "weeks without a full weekend off that make an alert (default 4)",
    ),
    (
        "alerts.quiet_days",
        "working days without events from a daily source that make an alert (default 3)",
    ),
    (
        "alerts.checkin_days",
        "days after a check-in when the next is due (default 7)",
    ),
    (
        "alerts.reminders",
        "true to remind of due check-ins, questionnaires and the monthly review",
    ),
    (
        "alerts.outside_hours",
        "true to deliver outside working hours too (never in the sleep window)",
    ),
    (
        "alerts.max_per_day",
        "alerts delivered per day at most (default 3; 0 keeps them for `canary alerts`)",
    ),
    ("alerts.desktop", "true to deliver as desktop notifications"),
    (
        "alerts.sendmail",
        "a local sendmail program to mail the weekly digest to yourself, or empty",
    ),
    (
        "alerts.weekly_digest",
        "true to write last week's digest at the first sync of a new week (default true)",
    ),
    (
        "alerts.mail_digest",
        "true to mail that digest to yourself through alerts.sendmail",
    ),
];

/// The limits each number must keep, with its key.
const RANGES: &[(&str, u32, u32)] = &[
    ("alerts.sleep_nights", 1, 7),
    ("alerts.streak_days", 2, 366),
    ("alerts.weekend_weeks", 1, 52),
    ("alerts.quiet_days", 1, 90),
    ("alerts.checkin_days", 1, 90),
    ("alerts.max_per_day", 0, 24),
];

impl AlertSettings {
    fn number(&mut self, key: &str) -> Option<&mut u32> {
        Some(match key {
            "alerts.sleep_nights" => &mut self.sleep_nights,
            "alerts.streak_days" => &mut self.streak_days,
            "alerts.weekend_weeks" => &mut self.weekend_weeks,
            "alerts.quiet_days" => &mut self.quiet_days,
            "alerts.checkin_days" => &mut self.checkin_days,
            "alerts.max_per_day" => &mut self.max_per_day,
            _ => return None,
        })
    }

    /// Check every number against its range.
    pub fn validate(&self) -> Result<(), SettingsError> {
        let mut copy = self.clone();
        for &(key, lo, hi) in RANGES {
            let v = *copy.number(key).expect("every range names a number");
            if !(lo..=hi).contains(&v) {
                return Err(SettingsError::BadValue {
                    key: key.to_string(),
                    reason: format!("{v} is not between {lo} and {hi}"),
                });
            }
        }
        Ok(())
    }

    /// Set one `alerts.*` key from its text; `None` when the key is not one of them.
    pub fn set(&mut self, key: &str, value: &str) -> Option<Result<(), SettingsError>> {
        let bad = |reason: &str| SettingsError::BadValue {
            key: key.to_string(),
            reason: reason.to_string(),
        };
        let flag = |v: &str| {
            v.trim()
                .parse::<bool>()
                .map_err(|_| bad("expected true or false"))
        };
        let result = match key {
            "alerts.enabled" => flag(value).map(|v| self.enabled = v),
            "alerts.hours_pace" => flag(value).map(|v| self.hours_pace = v),
            "alerts.reminders" => flag(value).map(|v| self.reminders = v),
            "alerts.outside_hours" => flag(value).map(|v| self.outside_hours = v),
            "alerts.desktop" => flag(value).map(|v| self.desktop = v),
            "alerts.weekly_digest" => flag(value).map(|v| self.weekly_digest = v),
            "alerts.mail_digest" => flag(value).map(|v| self.mail_digest = v),
            "alerts.sendmail" => {
                self.sendmail = value.trim().to_string();
                Ok(())
            }
            _ => {
                let n = value.trim().parse::<u32>();
                let slot = self.number(key)?;
                n.map(|n| *slot = n)
                    .map_err(|_| bad("expected a whole number"))
            }
        };
        Some(result)
    }
}
