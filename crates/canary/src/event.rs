//! The one record every source is turned into: an [`Event`].
//!
//! An event is a trace of work at an instant (a commit, a command, a sent mail) or over a span
//! (a meeting, an incident being worked, a tracked window). It keeps only what the metrics need:
//! when, for how long, what kind, from which source, how urgent, and hashed identities. It never
//! holds message bodies, subjects or commands — privacy is decided here, at the type level,
//! before anything reaches the store.

use std::fmt;
use std::str::FromStr;

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// What happened. The kind decides how an event counts toward working time
/// (see [`crate::metrics::worktime`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// A git commit authored by someone (see [`Event::actor`]).
    Commit,
    /// A shell command was run (the command itself is never stored).
    Command,
    /// A mail the person sent.
    MailSent,
    /// A mail the person received.
    MailReceived,
    /// A meeting the person attended (a span).
    Meeting,
    /// A whole day out of office or on vacation (a span).
    OutOfOffice,
    /// A public holiday (a span of a day).
    Holiday,
    /// An on-call notification or assignment that interrupted the person.
    Page,
    /// The person acknowledged an incident.
    Ack,
    /// Time spent working an incident, acknowledgement to resolution (a span).
    Incident,
    /// A chat message the person wrote.
    ChatMessage,
    /// A span of active computer use from a time tracker.
    ActiveSpan,
    /// Anything else a user maps from a generic export.
    Other,
}

impl EventKind {
    /// Every kind, in a stable order.
    pub const ALL: [EventKind; 13] = [
        EventKind::Commit,
        EventKind::Command,
        EventKind::MailSent,
        EventKind::MailReceived,
        EventKind::Meeting,
        EventKind::OutOfOffice,
        EventKind::Holiday,
        EventKind::Page,
        EventKind::Ack,
        EventKind::Incident,
        EventKind::ChatMessage,
        EventKind::ActiveSpan,
        EventKind::Other,
    ];

    /// The name used in the store, in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Commit => "commit",
            EventKind::Command => "command",
            EventKind::MailSent => "mail_sent",
            EventKind::MailReceived => "mail_received",
            EventKind::Meeting => "meeting",
            EventKind::OutOfOffice => "out_of_office",
            EventKind::Holiday => "holiday",
            EventKind::Page => "page",
            EventKind::Ack => "ack",
            EventKind::Incident => "incident",
            EventKind::ChatMessage => "chat_message",
            EventKind::ActiveSpan => "active_span",
            EventKind::Other => "other",
        }
    }

    /// Whether this kind marks time away from work rather than work itself.
    pub fn is_absence(self) -> bool {
        matches!(self, EventKind::OutOfOffice | EventKind::Holiday)
    }
}

impl fmt::Display for EventKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An unknown name was given where an [`EventKind`] or [`SourceKind`] was expected.
#[derive(Debug, Clone, thiserror::Error)]
#[error("unknown {what} `{given}` (expected one of: {expected})")]
pub struct UnknownName {
    what: &'static str,
    given: String,
    expected: String,
}

impl FromStr for EventKind {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownName {
                what: "event kind",
                given: s.to_string(),
                expected: EventKind::ALL.map(EventKind::as_str).join(", "),
            })
    }
}

/// Builds [`SourceKind`] from the rows of the source registry
/// ([`crate::sources::registry`]): a variant per row, named and documented by the row, then
/// `Demo`.
macro_rules! source_kinds {
    ($($variant:ident { name: $name:literal, help: $help:expr, continuous: $continuous:literal, $($row:tt)* })*) => {
        /// Which importer (format) an event came from: one per row of the source registry
        /// ([`crate::sources::registry`]), and `Demo`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum SourceKind {
            $(
                #[doc = $help]
                #[serde(rename = $name)]
                $variant,
            )*
            /// Events made by `canary demo`'s persona generator.
            #[serde(rename = "demo")]
            Demo,
        }

        impl SourceKind {
            /// Every source, in a stable order: the registry's, then `Demo`.
            pub const ALL: [SourceKind; [$($name,)* "demo"].len()] =
                [$(SourceKind::$variant,)* SourceKind::Demo];

            /// The name used in the store, in JSON and on the command line.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(SourceKind::$variant => $name,)*
                    SourceKind::Demo => "demo",
                }
            }

            /// Whether the source records work as it happens (a day it saw nothing is
            /// evidence), rather than leaving sparse marks (commits, sent mail): from sparse
            /// sources alone hours are a lower bound and an absent sign is not measured. The
            /// demo persona stands for a full set of sources.
            pub const fn is_continuous(self) -> bool {
                match self {
                    $(SourceKind::$variant => $continuous,)*
                    SourceKind::Demo => true,
                }
            }
        }
    };
}
crate::source_table::source_table!(source_kinds);

impl fmt::Display for SourceKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SourceKind {
    type Err = UnknownName;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        SourceKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| UnknownName {
                what: "source",
                given: s.to_string(),
                expected: SourceKind::ALL.map(SourceKind::as_str).join(", "),
            })
    }
}

/// How urgent the source said an event was (incident urgency, mail priority).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Low,
    Normal,
    High,
}

impl Urgency {
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Low => "low",
            Urgency::Normal => "normal",
            Urgency::High => "high",
        }
    }

    pub fn parse(s: &str) -> Option<Urgency> {
        match s {
            "low" => Some(Urgency::Low),
            "normal" => Some(Urgency::Normal),
            "high" => Some(Urgency::High),
            _ => None,
        }
    }
}

/// One trace of work. Built by importers, stored, classified, measured.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The instant it started, in UTC.
    pub utc: Timestamp,
    /// The UTC offset the source itself recorded, in seconds east of UTC (mail `Date:`, git).
    pub offset: Option<i32>,
    /// How long it lasted, in seconds, for spans (meetings, incidents, tracker spans).
    pub duration: Option<i64>,
    pub kind: EventKind,
    pub source: SourceKind,
    /// The source's natural key (commit id, Message-ID, incident id, …): re-importing the same
    /// record yields the same key, so the store adds it only once per source.
    pub key: String,
    pub urgency: Option<Urgency>,
    /// Who did it: `None` when it is the person themselves (their own shell, a commit matched
    /// to one of their identities), otherwise the keyed hash of the actor's identity.
    pub actor: Option<String>,
    /// The keyed hash of the other party (a mail's correspondent, a chat channel).
    pub counterpart: Option<String>,
    /// The natural key of the record this one answers (a mail's `In-Reply-To`, a chat
    /// thread's parent), for reply latency.
    pub parent: Option<String>,
    /// What it belongs to, for team analysis: an incident's service, a chat channel, a
    /// repository. A name, not personal data; hashed where it could identify a person.
    pub context: Option<String>,
    /// Priority 1 (highest) to 5 when the source gives one (incident `P1`…`P5`, `X-Priority`).
    pub priority: Option<u8>,
    /// Sent by a machine (auto-replies, mailing lists, monitoring): not human load.
    pub automated: bool,
    /// Personal, not work, by the person's own rules (settings `[personal]`, or the whole
    /// source declared personal at import): kept, shown apart, never counted as work.
    pub personal: bool,
    /// A second identity for copies that carry different natural keys: the same sent mail
    /// filed in several folders with different Message-IDs (date, sender, recipients,
    /// subject), the same change committed twice by a rebase or cherry-pick (author, author
    /// time, subject). Stored as a keyed hash; the store keeps one event per identity.
    pub identity: Option<String>,
}

impl Event {
    /// A point event by the person themselves, the common case for personal sources.
    pub fn mine(utc: Timestamp, kind: EventKind, source: SourceKind, key: String) -> Event {
        Event {
            utc,
            offset: None,
            duration: None,
            kind,
            source,
            key,
            urgency: None,
            actor: None,
            counterpart: None,
            parent: None,
            context: None,
            priority: None,
            automated: false,
            personal: false,
            identity: None,
        }
    }

    /// The instant it ended: the start for point events.
    pub fn end(&self) -> Timestamp {
        match self.duration {
            Some(d) if d > 0 => self
                .utc
                .checked_add(jiff::SignedDuration::from_secs(d))
                .unwrap_or(self.utc),
            _ => self.utc,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kind_names_round_trip() {
        for k in EventKind::ALL {
            assert_eq!(k.as_str().parse::<EventKind>().unwrap(), k);
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.as_str())
            );
        }
        for s in SourceKind::ALL {
            assert_eq!(s.as_str().parse::<SourceKind>().unwrap(), s);
            assert_eq!(
                serde_json::to_string(&s).unwrap(),
                format!("\"{}\"", s.as_str())
            );
        }
    }

    #[test]
    fn unknown_kind_lists_the_choices() {
        let err = "sleep".parse::<EventKind>().unwrap_err().to_string();
        assert!(err.starts_with("unknown event kind `sleep` (expected one of: commit, command"));
    }

    #[test]
    fn end_of_point_and_span() {
        let t: Timestamp = "2026-03-01T10:00:00Z".parse().unwrap();
        let mut e = Event::mine(t, EventKind::Meeting, SourceKind::Ics, "m1".into());
        assert_eq!(e.end(), t);
        e.duration = Some(1800);
        assert_eq!(e.end().to_string(), "2026-03-01T10:30:00Z");
    }
}
