//! The team roster (TOML): each member's name, on-call ids, mail addresses, time zone, working
//! hours, sleep window and unavailability. Every member is measured against their own
//! boundaries, never the team's.
//!
//! ```toml
//! [[member]]
//! name = "Ana"
//! oncall_ids = ["PXPGF42"]
//! emails = ["ana@example.org"]
//! timezone = "Europe/Berlin"
//! sleep = { start = "23:00", end = "07:00" }
//! unavailable = [{ start = "2026-12-21", end = "2027-01-03" }]
//!
//! [defaults]                  # optional: for responders the exports name but the roster lacks
//! timezone = "Europe/Berlin"  # default UTC; `hours` and `sleep` as a member's
//! ```

use std::path::Path;

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use crate::settings::{Identities, Settings, SettingsError, SleepWindow, Vacation, WeekHours};

/// A roster could not be read or is invalid.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    #[error("cannot read {path}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("cannot parse {path}")]
    Parse {
        path: String,
        source: Box<toml::de::Error>,
    },
    #[error("{path}: member `{name}`")]
    Member {
        path: String,
        name: String,
        source: SettingsError,
    },
    #[error("{path}: [defaults]")]
    Defaults { path: String, source: SettingsError },
    #[error("{0}")]
    Invalid(String),
}

/// One team member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub name: String,
    #[serde(default)]
    pub oncall_ids: Vec<String>,
    #[serde(default)]
    pub emails: Vec<String>,
    /// Names used in git commits, besides the mail addresses.
    #[serde(default)]
    pub git_names: Vec<String>,
    #[serde(default = "utc")]
    pub timezone: String,
    #[serde(default)]
    pub hours: WeekHours,
    #[serde(default)]
    pub sleep: SleepWindow,
    #[serde(default)]
    pub unavailable: Vec<Vacation>,
}

fn utc() -> String {
    "UTC".to_string()
}

impl Member {
    /// A member with default hours and sleep window in `timezone`.
    pub fn new(name: &str, oncall_id: &str, timezone: &str) -> Member {
        Member {
            name: name.to_string(),
            oncall_ids: vec![oncall_id.to_string()],
            emails: Vec::new(),
            git_names: Vec::new(),
            timezone: timezone.to_string(),
            hours: WeekHours::default(),
            sleep: SleepWindow::default(),
            unavailable: Vec::new(),
        }
    }

    /// The member's own boundaries as personal settings (for the band classifier).
    pub fn settings(&self) -> Settings {
        Settings {
            timezone: self.timezone.clone(),
            hours: self.hours.clone(),
            sleep: self.sleep,
            vacations: self.unavailable.clone(),
            identities: self.identities(),
            ..Settings::default()
        }
    }

    pub fn identities(&self) -> Identities {
        Identities {
            emails: self.emails.clone(),
            git_names: self.git_names.clone(),
            oncall_ids: self.oncall_ids.clone(),
            ..Identities::default()
        }
    }

    /// Whether the member declared themselves unavailable on any day from `start` to `end`.
    pub fn unavailable_between(&self, start: Date, end: Date) -> bool {
        self.unavailable
            .iter()
            .any(|v| v.start <= end && v.end >= start)
    }

    /// Whether `who` (a mail address or name, case-insensitive) is this member.
    pub fn is(&self, who: &str) -> bool {
        let w = who.trim();
        self.name.eq_ignore_ascii_case(w)
            || self
                .emails
                .iter()
                .chain(&self.git_names)
                .chain(&self.oncall_ids)
                .any(|e| e.trim().eq_ignore_ascii_case(w))
    }
}

/// The boundaries of anyone the exports name who is not in the roster: a zone, working hours
/// and a sleep window, the same shapes as a member's (UTC and the standard hours and sleep
/// window when absent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Defaults {
    #[serde(default = "utc")]
    pub timezone: String,
    #[serde(default)]
    pub hours: WeekHours,
    #[serde(default)]
    pub sleep: SleepWindow,
}

impl Default for Defaults {
    fn default() -> Self {
        Defaults {
            timezone: utc(),
            hours: WeekHours::default(),
            sleep: SleepWindow::default(),
        }
    }
}

impl Defaults {
    /// A member measured with these boundaries, known by `oncall_ids` and `emails`.
    pub fn member(&self, name: &str, oncall_ids: Vec<String>, emails: Vec<String>) -> Member {
        Member {
            name: name.to_string(),
            oncall_ids,
            emails,
            git_names: Vec::new(),
            timezone: self.timezone.clone(),
            hours: self.hours.clone(),
            sleep: self.sleep,
            unavailable: Vec::new(),
        }
    }
}

/// The team.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roster {
    #[serde(default, rename = "member")]
    pub members: Vec<Member>,
    /// Boundaries for responders not listed (`[defaults]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub defaults: Option<Defaults>,
}

impl Roster {
    pub fn load(path: &Path) -> Result<Roster, RosterError> {
        let text = std::fs::read_to_string(path).map_err(|source| RosterError::Read {
            path: path.display().to_string(),
            source,
        })?;
        Roster::parse(&text, &path.display().to_string())
    }

    /// Parse and validate a roster; `path` names it in errors.
    pub fn parse(text: &str, path: &str) -> Result<Roster, RosterError> {
        let roster: Roster = toml::from_str(text).map_err(|e| RosterError::Parse {
            path: path.to_string(),
            source: Box::new(e),
        })?;
        if roster.members.is_empty() && roster.defaults.is_none() {
            return Err(RosterError::Invalid(format!(
                "{path}: no [[member]] declared (nor [defaults])"
            )));
        }
        if let Some(d) = &roster.defaults {
            let s = d.member("[defaults]", Vec::new(), Vec::new()).settings();
            s.validate()
                .and_then(|_| s.zone().map(|_| ()))
                .map_err(|source| RosterError::Defaults {
                    path: path.to_string(),
                    source,
                })?;
        }
        let mut names = std::collections::BTreeSet::new();
        for m in &roster.members {
            if !names.insert(m.name.to_lowercase()) {
                return Err(RosterError::Invalid(format!(
                    "{path}: member `{}` is declared twice",
                    m.name
                )));
            }
            m.settings()
                .validate()
                .and_then(|_| m.settings().zone().map(|_| ()))
                .map_err(|source| RosterError::Member {
                    path: path.to_string(),
                    name: m.name.clone(),
                    source,
                })?;
        }
        Ok(roster)
    }

    /// The boundaries for anyone not listed: `[defaults]`, else UTC and the standard ones.
    pub fn defaults(&self) -> Defaults {
        self.defaults.clone().unwrap_or_default()
    }

    /// The member that `who` (an address, git name or on-call id) names.
    pub fn find(&self, who: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.is(who))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_roster_reads_each_members_own_boundaries() {
        let r = Roster::parse(
            r#"
[[member]]
name = "Ana"
oncall_ids = ["P1"]
timezone = "Europe/Berlin"
sleep = { start = "23:00", end = "07:00" }
unavailable = [{ start = "2026-12-21", end = "2027-01-03" }]
[[member]]
name = "Bo"
"#,
            "roster.toml",
        )
        .unwrap();
        assert_eq!(r.members.len(), 2);
        assert_eq!(r.members[1].timezone, "UTC");
        let s = r.members[0].settings();
        assert_eq!(s.sleep.start.minutes(), 23 * 60);
        assert!(
            r.members[0]
                .unavailable_between("2026-12-28".parse().unwrap(), "2027-01-10".parse().unwrap())
        );
        assert_eq!(r.find("p1").unwrap().name, "Ana");
        assert_eq!(r.defaults(), Defaults::default());
    }

    #[test]
    fn defaults_have_a_members_shapes_and_may_stand_alone() {
        let r = Roster::parse(
            "[defaults]\ntimezone = \"Asia/Tokyo\"\nsleep = { start = \"23:30\", end = \"06:30\" }\n",
            "roster.toml",
        )
        .unwrap();
        assert!(r.members.is_empty());
        let m = r.defaults().member("X", vec!["P9".into()], Vec::new());
        assert_eq!(m.timezone, "Asia/Tokyo");
        assert_eq!(m.settings().sleep.start.minutes(), 23 * 60 + 30);
        assert_eq!(m.hours, WeekHours::default());
    }

    #[test]
    fn bad_rosters_are_refused_with_the_member_named() {
        let e = Roster::parse(
            "[[member]]\nname = \"A\"\ntimezone = \"Mars/Base\"\n",
            "r.toml",
        )
        .unwrap_err();
        assert!(e.to_string().contains("member `A`"), "{e}");
        assert!(Roster::parse("", "r.toml").is_err());
        let e = Roster::parse("[defaults]\ntimezone = \"Mars/Base\"\n", "r.toml").unwrap_err();
        assert!(e.to_string().contains("[defaults]"), "{e}");
        assert!(Roster::parse("[[member]]\nname=\"A\"\n[[member]]\nname=\"a\"\n", "r").is_err());
    }
}
