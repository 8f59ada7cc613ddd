//! What mbox and Maildir share: turning one message's header block into an [`Event`].
//!
//! Both importers find where a message starts (in an mbox's window, or the first bytes of
//! a Maildir file) and hand it to [`read_headers`], which scans its header block once
//! ([`headers`]), keys it ([`message_key`]), and — unless that key was already seen in this
//! import ([`Seen`]) or, for a path read again, is stored already — dates it ([`date`]),
//! decides sent or received ([`folder`], the person's identities), hashes the other party
//! ([`address`]), and reads urgency, priority and automation from the fields that carry them.
//!
//! Privacy: bodies are never read, and the subject is looked at in memory only — to match
//! the person's emergency patterns, to key a message that has no Message-ID, and in the
//! digest of its second identity ([`identity`]) — and then dropped; only its hash can end up
//! in a key or an identity.

pub mod address;
pub mod date;
pub mod folder;
pub mod headers;

use std::collections::HashSet;

use crate::digest::BuildLow64;
use crate::event::{Event, EventKind, SourceKind, Urgency};
use crate::sources::ImportContext;
use headers::{Fields, unfold};

/// The most of a message's start that is read as its header block: enough for any real
/// header (Gmail's `X-Gmail-Labels`, long `Received:` chains), bounded for garbage.
pub const HEADER_CAP: usize = 64 * 1024;

/// What is known about a message besides its headers.
#[derive(Debug, Clone, Copy, Default)]
pub struct Origin {
    /// It was filed in a sent folder (see [`folder::is_sent_path`]).
    pub sent_folder: bool,
}

/// Keys seen so far in one import: the same message in two folders (or twice in one mbox)
/// becomes one event.
///
/// Memory stays flat however large the input: it holds 72 bits of each key's [`digest`] —
/// 8 bits choose one of [`SEEN_SHARDS`] tables, the low 64 bits are kept in it — so about
/// 13 bytes a distinct message (hash-table slack included; 2.6 M messages ≈ 35 MB), and a
/// table that grows copies only its own share (a single table of 128-bit digests doubling at
/// 2 M messages held both copies, 100 MB, at once). Two different keys are taken for one (the
/// later message dropped as a duplicate) with odds of about n²/2⁷³ for n distinct messages:
/// 7·10⁻¹⁰ at 2.6 M, 10⁻¹⁰ at a million. (4,096 tables cost 5 % more CPU on a fresh import of
/// 71k messages, in allocations and rehashes; 256 cost nothing measurable.)
#[derive(Debug)]
pub struct Seen(Vec<HashSet<u64, BuildLow64>>);

/// How many tables a [`Seen`] spreads its digests over.
pub const SEEN_SHARDS: usize = 1 << 8;

impl Default for Seen {
    fn default() -> Seen {
        // Empty tables allocate nothing.
        Seen((0..SEEN_SHARDS).map(|_| HashSet::default()).collect())
    }
}

impl Seen {
    /// Whether the key with this digest was seen.
    pub fn contains(&self, digest: u128) -> bool {
        let shard = (digest >> (128 - 8)) as usize;
        self.0[shard].contains(&(digest as u64))
    }

    /// Whether the key with this digest is new; remembers it.
    pub fn first(&mut self, digest: u128) -> bool {
        let shard = (digest >> (128 - 8)) as usize;
        self.0[shard].insert(digest as u64)
    }

    /// How many digests are held.
    pub fn len(&self) -> usize {
        self.0.iter().map(HashSet::len).sum()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(HashSet::is_empty)
    }
}

/// A key's 128-bit digest ([`Seen`] keeps 72 bits of it).
pub fn digest(key: &str) -> u128 {
    crate::digest::of_key(key)
}

/// What became of one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Event(Box<Event>),
    /// Its key was already seen in this import.
    Duplicate,
    /// It cannot be imported, and why.
    Skip(String),
}

/// A message read as far as it can be without shared state — its key's digest and its event
/// (or why it has none) — so mbox windows and Maildir files can be read on several threads;
/// only [`Scanned::finish`], which asks whether the key was seen, runs in file order. A copy
/// of a message seen before is read in full too, and then dropped: copies are a minority, and
/// reading each header block once costs less than reading the new ones twice.
#[derive(Debug, Clone)]
pub struct Scanned {
    pub digest: u128,
    /// Its key is among the store's ([`crate::sources::Resume::stored`]).
    pub stored: bool,
    /// The event, or why the message cannot be imported.
    pub event: Result<Box<Event>, String>,
}

impl Scanned {
    /// Read one message from its start (see [`Fields::scan`]); the body, if `message` holds
    /// it, is not looked at. A message without any header field is a skip, with its reason.
    /// A key already in `seen` (read before this window or block) or among the stored keys of
    /// a path read again ([`crate::sources::Resume::stored`]) can only be a duplicate: its
    /// event is not made.
    pub fn new(
        message: &[u8],
        source: SourceKind,
        origin: Origin,
        ctx: &ImportContext,
        seen: &Seen,
    ) -> Result<Scanned, String> {
        let fields = Fields::scan(message);
        if fields.count == 0 {
            return Err("not a mail message: no header fields".into());
        }
        let key = message_key(&fields);
        let digest = digest(&key);
        // A key seen before in this import, or stored already (a path read again whole), can
        // only be a duplicate: its event is not made.
        let seen_before = seen.contains(digest);
        let stored = !seen_before
            && ctx
                .resume
                .stored
                .as_ref()
                .is_some_and(|s| s.holds(&key, &ctx.hasher));
        let event = if seen_before || stored {
            Err(String::new())
        } else {
            to_event(&fields, key, source, origin, ctx).map(Box::new)
        };
        Ok(Scanned {
            digest,
            stored,
            event,
        })
    }

    /// The event, unless its key was seen already in this import or is stored.
    pub fn finish(self, seen: &mut Seen) -> Outcome {
        if !seen.first(self.digest) || self.stored {
            return Outcome::Duplicate;
        }
        match self.event {
            Ok(e) => Outcome::Event(e),
            Err(reason) => Outcome::Skip(reason),
        }
    }
}

/// Read one message from its start: [`Scanned::new`] then [`Scanned::finish`].
pub fn read_headers(
    message: &[u8],
    source: SourceKind,
    origin: Origin,
    ctx: &ImportContext,
    seen: &mut Seen,
) -> Outcome {
    match Scanned::new(message, source, origin, ctx, seen) {
        Ok(scanned) => scanned.finish(seen),
        Err(reason) => Outcome::Skip(reason),
    }
}

/// The message's natural key: its Message-ID as `<id>`, or for a message without one
/// `hash:` and 32 hex digits of a digest of its Date, From, To and (a digest of) Subject.
pub fn message_key(fields: &Fields<'_>) -> String {
    if let Some(id) = fields.message_id.and_then(address::first_id) {
        return id;
    }
    let mut h = blake3::Hasher::new();
    let subject = blake3::hash(&unfold(fields.subject.unwrap_or_default()));
    let from = fields.from.and_then(address::first_address);
    for part in [
        &unfold(fields.date.unwrap_or_default())[..],
        from.as_deref().unwrap_or_default().as_bytes(),
        &unfold(fields.to.unwrap_or_default())[..],
        subject.as_bytes(),
    ] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    format!("hash:{}", &h.finalize().to_hex()[..32])
}

fn to_event(
    fields: &Fields<'_>,
    key: String,
    source: SourceKind,
    origin: Origin,
    ctx: &ImportContext,
) -> Result<Event, String> {
    let when = match fields.date.map(|d| (d, date::parse(d))) {
        Some((_, Some(d))) => d,
        other => fields
            .last_received
            .and_then(date::parse_received)
            .ok_or_else(|| match other {
                Some((raw, _)) => format!(
                    "unreadable date `Date:{}` and no `Received:` date",
                    shorten(raw)
                ),
                None => "no `Date:` header and no `Received:` date".into(),
            })?,
    };
    let from = fields.from.and_then(address::first_address);
    let from_personal = from
        .as_deref()
        .is_some_and(|a| ctx.personal.is_personal_account(a));
    let sent = from.as_deref().is_some_and(|a| ctx.is_me(a, ""))
        || from_personal
        || origin.sent_folder
        || fields.gmail_labels.is_some_and(folder::has_sent_label);
    let (kind, other) = if sent {
        (
            EventKind::MailSent,
            fields.to.and_then(address::first_address),
        )
    } else {
        (EventKind::MailReceived, from.clone())
    };
    let (mut urgency, priority) = urgency(fields);
    if is_emergency(fields, from.as_deref(), ctx) {
        urgency = Some(Urgency::High);
    }
    let mut event = Event::mine(when.utc, kind, source, key);
    event.offset = when.offset;
    event.urgency = urgency;
    event.priority = priority;
    event.counterpart = other.map(|a| ctx.hasher.hash(&a));
    event.parent = fields
        .in_reply_to
        .and_then(address::first_id)
        .or_else(|| fields.references.and_then(address::last_id));
    event.automated = is_automated(fields);
    event.personal = if sent {
        from_personal
    } else {
        received_personally(fields, ctx)
    };
    event.identity = Some(identity(fields, from.as_deref(), kind, when.utc));
    Ok(event)
}

/// Whether a received mail came to a personal account only: its first `To:` address is one
/// of `[personal] accounts` and none of the person's work addresses (`identities.emails`)
/// appears in `To:`.
fn received_personally(fields: &Fields<'_>, ctx: &ImportContext) -> bool {
    let Some(to) = fields.to else { return false };
    if !address::first_address(to).is_some_and(|a| ctx.personal.is_personal_account(&a)) {
        return false;
    }
    let to = String::from_utf8_lossy(&unfold(to)).to_lowercase();
    !ctx.identities
        .emails
        .iter()
        .map(|e| e.trim().to_lowercase())
        .any(|e| !e.is_empty() && to.contains(&e))
}

/// The message's second identity, whatever its Message-ID: sent or received, the instant it
/// was dated, the sender's address, the recipients and the subject. The same mail filed in
/// `sent`, `sent_items` and `_sent_mail` under three Message-IDs has one identity, and the
/// store keeps one event per identity (it hashes this with its key before writing it).
/// `from` is the sender's address as [`address::first_address`] reads it.
pub fn identity(
    fields: &Fields<'_>,
    from: Option<&str>,
    kind: EventKind,
    utc: jiff::Timestamp,
) -> String {
    let mut h = blake3::Hasher::new();
    for part in [
        kind.as_str().as_bytes(),
        &utc.as_second().to_le_bytes(),
        from.unwrap_or_default().as_bytes(),
        unfold(fields.to.unwrap_or_default()).trim_ascii(),
        unfold(fields.subject.unwrap_or_default()).trim_ascii(),
    ] {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    format!("mail:{}", h.finalize().to_hex())
}

/// A raw value for a message: unfolded, at most 40 characters, escaped.
fn shorten(raw: &[u8]) -> String {
    let head = &raw[..raw.len().min(4 * crate::privacy::EXCERPT_CHARS + 4)];
    let text = crate::privacy::excerpt_bytes(&unfold(head), crate::privacy::EXCERPT_CHARS);
    match text.as_str() {
        "" => String::new(),
        t if head.len() < raw.len() && !t.ends_with('…') => format!(" {t}…"),
        t => format!(" {t}"),
    }
}

/// Urgency from `Importance`, `X-Priority`, `Priority` and `X-MSMail-Priority` (the first
/// that says something), and the `X-Priority` digit.
pub fn urgency(fields: &Fields<'_>) -> (Option<Urgency>, Option<u8>) {
    let digit = fields.x_priority.and_then(|v| {
        let d = *v.trim_ascii().first()?;
        (b'1'..=b'5').contains(&d).then(|| d - b'0')
    });
    let word = |v: Option<&[u8]>| {
        let v = v?.trim_ascii();
        let end = v
            .iter()
            .position(|b| !(b.is_ascii_alphabetic() || *b == b'-'))
            .unwrap_or(v.len());
        Some(v[..end].to_ascii_lowercase())
    };
    let importance = word(fields.importance).and_then(|w| match w.as_slice() {
        b"high" => Some(Urgency::High),
        b"normal" => Some(Urgency::Normal),
        b"low" => Some(Urgency::Low),
        _ => None,
    });
    let x_priority = digit.map(|d| match d {
        1 | 2 => Urgency::High,
        3 => Urgency::Normal,
        _ => Urgency::Low,
    });
    let priority = word(fields.priority).and_then(|w| match w.as_slice() {
        b"urgent" => Some(Urgency::High),
        b"normal" => Some(Urgency::Normal),
        b"non-urgent" => Some(Urgency::Low),
        _ => None,
    });
    let ms = word(fields.x_msmail_priority).and_then(|w| match w.as_slice() {
        b"high" => Some(Urgency::High),
        b"normal" => Some(Urgency::Normal),
        b"low" => Some(Urgency::Low),
        _ => None,
    });
    (importance.or(x_priority).or(priority).or(ms), digit)
}

/// Sent by a machine: `Auto-Submitted:` other than `no`, `Precedence: bulk|list|junk`
/// (or `auto_reply`), or any `List-Id:`.
pub fn is_automated(fields: &Fields<'_>) -> bool {
    let first_word = |v: &[u8]| {
        let v = v.trim_ascii();
        let end = v
            .iter()
            .position(|b| b.is_ascii_whitespace() || *b == b';' || *b == b'(')
            .unwrap_or(v.len());
        v[..end].to_ascii_lowercase()
    };
    fields
        .auto_submitted
        .is_some_and(|v| !matches!(first_word(v).as_slice(), b"no" | b""))
        || fields.precedence.is_some_and(|v| {
            matches!(
                first_word(v).as_slice(),
                b"bulk" | b"list" | b"junk" | b"auto_reply"
            )
        })
        || fields.list_id.is_some_and(|v| !v.trim_ascii().is_empty())
}

/// The person's emergency rules: a sender they listed (an address, or `@domain` for a whole
/// domain), or a subject holding one of their patterns (case-insensitive, after decoding
/// RFC 2047 encoded words). The subject is dropped afterwards.
fn is_emergency(fields: &Fields<'_>, from: Option<&str>, ctx: &ImportContext) -> bool {
    let rules = &ctx.emergency;
    if let Some(from) = from {
        let listed = rules.senders.iter().any(|s| {
            let s = s.trim();
            if s.starts_with('@') {
                let (from, s) = (from.as_bytes(), s.as_bytes());
                from.len() > s.len() && from[from.len() - s.len()..].eq_ignore_ascii_case(s)
            } else {
                !s.is_empty() && s.eq_ignore_ascii_case(from)
            }
        });
        if listed {
            return true;
        }
    }
    if rules.subject_patterns.iter().all(|p| p.trim().is_empty()) {
        return false;
    }
    let Some(raw) = fields.subject else {
        return false;
    };
    let subject = match mail_parser::parsers::MessageStream::new(raw).parse_unstructured() {
        mail_parser::HeaderValue::Text(t) => t.to_lowercase(),
        _ => String::from_utf8_lossy(raw).to_lowercase(),
    };
    rules.subject_patterns.iter().any(|p| {
        let p = p.trim().to_lowercase();
        !p.is_empty() && subject.contains(&p)
    })
}

#[cfg(test)]
mod tests;
