//! The support network: mentors, friends outside tech, hobbies and activities, with the last
//! contact (`canary support`).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// Kinds of support the plan looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportKind {
    Mentor,
    Friend,
    Hobby,
    Activity,
}

impl SupportKind {
    pub const ALL: [SupportKind; 4] = [
        SupportKind::Mentor,
        SupportKind::Friend,
        SupportKind::Hobby,
        SupportKind::Activity,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SupportKind::Mentor => "mentor",
            SupportKind::Friend => "friend",
            SupportKind::Hobby => "hobby",
            SupportKind::Activity => "activity",
        }
    }

    pub fn parse(s: &str) -> Option<SupportKind> {
        SupportKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// What the kind stands for, in words.
    pub fn describe(self) -> &'static str {
        match self {
            SupportKind::Mentor => "a mentor who keeps healthy hours",
            SupportKind::Friend => "a friend outside tech",
            SupportKind::Hobby => "a hobby away from screens",
            SupportKind::Activity => "a physical activity",
        }
    }
}

/// One person or pastime in the support network.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SupportEntry {
    pub name: String,
    pub kind: SupportKind,
    pub added_at: Timestamp,
    pub last_contact: Option<Timestamp>,
}

impl SupportEntry {
    /// The last contact, or when the entry was added if there was none since.
    pub fn last_seen(&self) -> Timestamp {
        self.last_contact.unwrap_or(self.added_at)
    }
}
