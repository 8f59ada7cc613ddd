//! The per-source emitters both generators share: one method per trace a person leaves
//! (a command burst, a commit, a mail, a meeting, a page and its incident, …), each producing
//! the event the matching importer would make — its source kind, natural key, own UTC offset
//! where the format records one, urgency, and hashed counterpart.
//!
//! Keys look like the real thing (40-hex commit ids, `<…@example.org>` Message-IDs, PagerDuty
//! `Q…`/`R…` ids, Slack `channel/ts`, zsh `<epoch>:<n>`) and are unique per source by
//! construction: opaque ids come from a bijective mix of a counter, and the keys that depend
//! on time order (zsh, ActivityWatch) are given out by [`Emitter::finish`] after sorting.

use jiff::Timestamp;
use jiff::tz::TimeZone;

use super::clock::zone;
use crate::event::{Event, EventKind, SourceKind, Urgency};
use crate::privacy::IdentityHasher;

/// Someone the person mails with or works beside.
#[derive(Debug, Clone)]
pub(crate) struct Contact {
    hash: String,
    zone: TimeZone,
    domain: &'static str,
    /// How often the person writes to them (0: never, e.g. an alerting robot).
    send_weight: u32,
    /// How often they write to the person.
    receive_weight: u32,
}

/// The fictional people, channels, services and repositories of the demo, hashed once.
#[derive(Debug, Clone)]
pub(crate) struct Cast {
    pub contacts: Vec<Contact>,
    /// Slack channel ids and their hashes, with how often the person writes there.
    channels: Vec<(&'static str, String, u32)>,
    services: Vec<String>,
    repos: Vec<String>,
}

/// Contact indices with a role in the story.
pub(crate) const SAM: usize = 0;
pub(crate) const PRIYA: usize = 1;
pub(crate) const MANAGER: usize = 2;
/// The colleagues who share the on-call rotation and the repositories.
pub(crate) const COLLEAGUES: [usize; 2] = [SAM, PRIYA];

/// Slack channel indices.
pub(crate) const INCIDENTS: usize = 1;

const CONTACTS: &[(&str, &str, u32, u32)] = &[
    // address, zone, send weight, receive weight
    ("sam.keller@example.org", "Europe/Berlin", 10, 8),
    ("priya.nair@example.org", "Europe/Lisbon", 8, 7),
    ("jordan.weiss@example.org", "Europe/Berlin", 7, 6),
    ("helpdesk@example.org", "Europe/Berlin", 5, 9),
    ("dev-team@example.org", "Europe/Berlin", 4, 5),
    ("security@example.org", "Europe/Berlin", 2, 3),
    ("support@vendor.example.com", "America/New_York", 3, 3),
    ("noc@hosting.example.net", "Asia/Singapore", 1, 2),
    ("alerts@monitoring.example.org", "UTC", 0, 6),
    ("noreply@ci.example.org", "UTC", 0, 5),
];

const CHANNELS: &[(&str, u32)] = &[
    ("C02OPS7K1", 8),  // #ops
    ("C02INC9Q4", 2),  // #incidents
    ("C02INFRA5X", 6), // #team-infra
    ("D02JORDAN3", 2), // direct messages with the manager
    ("C02RANDOM8", 1), // #random
];

const SERVICES: &[&str] = &[
    "postgres-primary",
    "mail-relay",
    "k8s-prod",
    "backup",
    "vpn-gateway",
    "ldap",
];

const REPOS: &[&str] = &[
    "infra-ansible",
    "monitoring-config",
    "backup-scripts",
    "dns-zones",
];

impl Cast {
    /// Whether the person ever writes to this contact (robots are not answered).
    pub(crate) fn answerable(&self, contact: usize) -> bool {
        self.contacts[contact].send_weight > 0
    }

    pub(crate) fn new(hasher: &IdentityHasher) -> Cast {
        Cast {
            contacts: CONTACTS
                .iter()
                .map(|&(addr, z, send_weight, receive_weight)| Contact {
                    hash: hasher.hash(addr),
                    zone: zone(z),
                    domain: addr.split_once('@').map_or("example.org", |(_, d)| d),
                    send_weight,
                    receive_weight,
                })
                .collect(),
            channels: CHANNELS
                .iter()
                .map(|&(id, w)| (id, hasher.hash(id), w))
                .collect(),
            services: SERVICES
                .iter()
                .map(|s| hasher.hash(&format!("service:{s}")))
                .collect(),
            repos: REPOS
                .iter()
                .map(|r| hasher.hash(&format!("repo:{r}")))
                .collect(),
        }
    }
}

/// How densely a stretch of work leaves traces, per hour.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rates {
    /// Bursts of shell commands.
    pub bursts: f64,
    /// Commands per burst, as a half-open range.
    pub burst_len: (u32, u32),
    pub commits: f64,
    pub mails: f64,
    /// Chat exchanges (one to three messages each).
    pub chats: f64,
}

/// Pick an index by weight.
fn weighted(rng: &mut fastrand::Rng, weights: impl Iterator<Item = u32> + Clone) -> usize {
    let total: u32 = weights.clone().sum();
    let mut x = rng.u32(0..total.max(1));
    for (i, w) in weights.enumerate() {
        if x < w {
            return i;
        }
        x -= w;
    }
    0
}

/// A bijection on `u64` (the SplitMix64 finaliser): distinct counters give distinct ids that
/// look random.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
const HEX: &[u8; 16] = b"0123456789abcdef";

/// Turns the moments of a working life into events.
pub(crate) struct Emitter {
    pub rng: fastrand::Rng,
    /// The person's zone, for the offsets of their own commits and mails.
    zone: TimeZone,
    pub cast: Cast,
    events: Vec<Event>,
    /// Counter behind every opaque id.
    seq: u64,
}

impl Emitter {
    pub(crate) fn new(seed: u64, zone: TimeZone, cast: Cast, capacity: usize) -> Emitter {
        Emitter {
            rng: fastrand::Rng::with_seed(seed),
            zone,
            cast,
            events: Vec::with_capacity(capacity),
            seq: 0,
        }
    }

    /// A uniform draw in `[lo, hi)` seconds (or `lo` when the range is empty).
    pub(crate) fn secs(&mut self, lo: i64, hi: i64) -> i64 {
        if hi > lo { self.rng.i64(lo..hi) } else { lo }
    }

    /// Whether something with probability `p` happens.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.rng.f64() < p
    }

    /// The gap to the next event of a Poisson process with `per_hour` events an hour.
    fn gap(&mut self, per_hour: f64) -> i64 {
        let u = 1.0 - self.rng.f64(); // (0, 1]
        (-u.ln() * 3600.0 / per_hour).ceil() as i64
    }

    fn next_seq(&mut self) -> u64 {
        self.seq += 1;
        mix(self.seq ^ 0x5eed_cafe)
    }

    /// An opaque upper-case id: `prefix`, 13 characters carrying a unique 64-bit value, then
    /// random characters up to `len`.
    fn opaque(&mut self, prefix: &str, len: usize) -> String {
        let mut v = self.next_seq();
        let mut s = String::with_capacity(len.max(prefix.len() + 13));
        s.push_str(prefix);
        for _ in 0..13 {
            s.push(BASE32[(v & 31) as usize] as char);
            v >>= 5;
        }
        while s.len() < len {
            s.push(BASE32[self.rng.usize(0..32)] as char);
        }
        s
    }

    /// A fake 40-hex commit id, unique by its first 16 digits.
    fn commit_id(&mut self) -> String {
        let mut s = String::with_capacity(40);
        let unique = self.next_seq();
        for part in [unique, self.rng.u64(..), self.rng.u64(..)] {
            for i in (0..16).rev() {
                if s.len() < 40 {
                    s.push(HEX[((part >> (i * 4)) & 15) as usize] as char);
                }
            }
        }
        s
    }

    fn ts(secs: i64) -> Timestamp {
        Timestamp::from_second(secs).expect("demo instants are in range")
    }

    fn offset_in(zone: &TimeZone, secs: i64) -> i32 {
        zone.to_offset(Self::ts(secs)).seconds()
    }

    fn push(&mut self, secs: i64, kind: EventKind, source: SourceKind, key: String) -> &mut Event {
        self.events
            .push(Event::mine(Self::ts(secs), kind, source, key));
        self.events.last_mut().expect("just pushed")
    }

    /// A stretch of work at the keyboard from `start` to `end` (UTC seconds): ActivityWatch
    /// spans with short AFK gaps, and bursts of commands, commits, mails and chat at `rates`.
    pub(crate) fn session(&mut self, start: i64, end: i64, rates: &Rates) {
        let mut t = start;
        while t < end {
            let stop = (t + self.secs(600, 3000)).min(end);
            if stop - t >= 60 {
                self.push(
                    t,
                    EventKind::ActiveSpan,
                    SourceKind::Activitywatch,
                    String::new(),
                )
                .duration = Some(stop - t);
            }
            t = stop + self.secs(60, 240);
        }
        if rates.bursts > 0.0 {
            let mut t = start + self.gap(rates.bursts) / 2;
            while t < end {
                let n = self
                    .rng
                    .u32(rates.burst_len.0..rates.burst_len.1.max(rates.burst_len.0 + 1));
                t = self.commands(t, n, end);
                t += self.gap(rates.bursts);
            }
        }
        if rates.commits > 0.0 {
            let mut t = start + self.gap(rates.commits);
            while t < end {
                self.commit(t, None);
                t += self.gap(rates.commits);
            }
        }
        if rates.mails > 0.0 {
            let mut t = start + self.gap(rates.mails);
            while t < end {
                let to = self.pick_recipient();
                let urgency = self.chance(0.01).then_some(Urgency::High);
                self.mail_sent(t, to, urgency, None);
                t += self.gap(rates.mails);
            }
        }
        if rates.chats > 0.0 {
            let mut t = start + self.gap(rates.chats);
            while t < end {
                let channel = weighted(&mut self.rng, self.cast.channels.iter().map(|c| c.2));
                let n = self.rng.u32(1..4);
                self.chat(t, channel, n, end);
                t += self.gap(rates.chats);
            }
        }
    }

    /// `n` shell commands from `start`, a few seconds to a minute apart, none after `end`.
    /// Returns the time of the last.
    pub(crate) fn commands(&mut self, start: i64, n: u32, end: i64) -> i64 {
        let mut t = start;
        for i in 0..n {
            if i > 0 {
                t += if self.chance(0.8) {
                    self.secs(2, 25)
                } else {
                    self.secs(25, 150)
                };
            }
            if t > end {
                break;
            }
            // The key is given out by `finish`, once the order of same-second commands is known.
            self.push(t, EventKind::Command, SourceKind::Zsh, String::new());
        }
        t
    }

    /// A commit by the person (`author: None`) or by a contact, with the author's UTC offset.
    pub(crate) fn commit(&mut self, t: i64, author: Option<usize>) {
        let (offset, actor) = match author {
            None => (Self::offset_in(&self.zone, t), None),
            Some(i) => {
                let c = &self.cast.contacts[i];
                (Self::offset_in(&c.zone, t), Some(c.hash.clone()))
            }
        };
        let repo = self.cast.repos[weighted(&mut self.rng, [5u32, 3, 2, 1].into_iter())].clone();
        let key = self.commit_id();
        let e = self.push(t, EventKind::Commit, SourceKind::Git, key);
        e.offset = Some(offset);
        e.actor = actor;
        e.counterpart = Some(repo);
    }

    /// Someone the person writes to, by how often they do.
    pub(crate) fn pick_recipient(&mut self) -> usize {
        weighted(
            &mut self.rng,
            self.cast.contacts.iter().map(|c| c.send_weight),
        )
    }

    /// Someone who writes to the person, by how often they do.
    pub(crate) fn pick_sender(&mut self) -> usize {
        weighted(
            &mut self.rng,
            self.cast.contacts.iter().map(|c| c.receive_weight),
        )
    }

    /// A mail the person sent, dated in their zone.
    pub(crate) fn mail_sent(
        &mut self,
        t: i64,
        to: usize,
        urgency: Option<Urgency>,
        in_reply_to: Option<String>,
    ) {
        let id = self.opaque("", 20);
        let key = format!("<{id}.{}@example.org>", self.rng.u32(100_000..1_000_000));
        let offset = Self::offset_in(&self.zone, t);
        let counterpart = self.cast.contacts[to].hash.clone();
        let e = self.push(t, EventKind::MailSent, SourceKind::Mbox, key);
        e.offset = Some(offset);
        e.urgency = urgency;
        e.counterpart = Some(counterpart);
        e.parent = in_reply_to;
    }

    /// A mail the person received, dated in the sender's zone; returns its Message-ID.
    pub(crate) fn mail_received(
        &mut self,
        t: i64,
        from: usize,
        urgency: Option<Urgency>,
    ) -> String {
        let id = self.opaque("", 16);
        let c = &self.cast.contacts[from];
        let key = format!("<{}@{}>", id.to_ascii_lowercase(), c.domain);
        let offset = Self::offset_in(&c.zone, t);
        let counterpart = c.hash.clone();
        let e = self.push(t, EventKind::MailReceived, SourceKind::Mbox, key.clone());
        e.offset = Some(offset);
        e.urgency = urgency;
        e.counterpart = Some(counterpart);
        key
    }

    /// A machine-sent notification (monitoring, a mailing list): received, not human load.
    pub(crate) fn mail_automated(&mut self, t: i64) {
        let id = self.opaque("", 16).to_ascii_lowercase();
        let key = format!("<{id}@alerts.example.net>");
        let e = self.push(t, EventKind::MailReceived, SourceKind::Mbox, key);
        e.offset = Some(0);
        e.automated = true;
    }

    /// `n` Slack messages in a channel from `start`, none after `end`.
    pub(crate) fn chat(&mut self, start: i64, channel: usize, n: u32, end: i64) {
        let mut t = start;
        for _ in 0..n {
            if t > end {
                break;
            }
            self.seq += 1;
            let (id, hash, _) = &self.cast.channels[channel];
            let key = format!("{id}/{t}.{:06}", self.seq % 1_000_000);
            let hash = hash.clone();
            self.push(t, EventKind::ChatMessage, SourceKind::Slack, key)
                .counterpart = Some(hash);
            t += self.secs(15, 120);
        }
    }

    /// A calendar meeting of `minutes`; `uid` names a recurring series (the occurrence is
    /// keyed by its start), `None` makes a one-off.
    pub(crate) fn meeting(&mut self, t: i64, minutes: i64, uid: Option<&str>) {
        let key = match uid {
            Some(uid) => {
                let start = Self::ts(t).strftime("%Y%m%dT%H%M%SZ");
                format!("{uid}@example.org/{start}")
            }
            None => format!("{}@example.org", self.opaque("", 24).to_ascii_lowercase()),
        };
        self.push(t, EventKind::Meeting, SourceKind::Ics, key)
            .duration = Some(minutes * 60);
    }

    /// A whole day out of office, `start` to `end` (local midnights in UTC seconds).
    pub(crate) fn out_of_office(&mut self, start: i64, end: i64) {
        let key = format!(
            "{}@example.org",
            self.opaque("OOF-", 24).to_ascii_lowercase()
        );
        self.push(start, EventKind::OutOfOffice, SourceKind::Ics, key)
            .duration = Some(end - start);
    }

    /// A PagerDuty incident paging `responder` (`None`: the person) at `page`: the notification
    /// (sometimes repeated on a second channel within a minute), the acknowledgement after
    /// `ack_after` seconds and the engaged time until `work` seconds later. Returns the UTC
    /// seconds of the acknowledgement and of the resolution.
    pub(crate) fn incident(
        &mut self,
        page: i64,
        urgency: Urgency,
        responder: Option<usize>,
        ack_after: i64,
        work: i64,
    ) -> (i64, i64) {
        let actor = responder.map(|i| self.cast.contacts[i].hash.clone());
        let which = self.rng.usize(0..self.cast.services.len());
        let service = self.cast.services[which].clone();
        // The service's name, as the PagerDuty importer keeps it in `context` (a name, not
        // personal data); `counterpart` keeps the hash the persona's figures were made with.
        let name = SERVICES[which].to_string();
        let incident = self.opaque("Q", 14);
        let ack = page + ack_after.max(1);
        let mut notifications = vec![page];
        if self.chance(0.2) {
            notifications.push(page + self.secs(15, 50));
        }
        for t in notifications.into_iter().filter(|&t| t < ack) {
            let key = self.opaque("R", 26);
            let e = self.push(t, EventKind::Page, SourceKind::Pagerduty, key);
            e.urgency = Some(urgency);
            e.actor = actor.clone();
            e.counterpart = Some(service.clone());
            // As the PagerDuty importer names them: the incident and its service.
            e.parent = Some(incident.clone());
            e.context = Some(name.clone());
        }
        let key = self.opaque("R", 26);
        let e = self.push(ack, EventKind::Ack, SourceKind::Pagerduty, key);
        e.urgency = Some(urgency);
        e.actor = actor.clone();
        e.counterpart = Some(service.clone());
        e.parent = Some(incident.clone());
        e.context = Some(name);
        let e = self.push(ack, EventKind::Incident, SourceKind::Pagerduty, incident);
        e.urgency = Some(urgency);
        e.duration = Some(work.max(60));
        e.actor = actor;
        e.counterpart = Some(service);
        (ack, ack + work.max(60))
    }

    /// The events between `lo` and `hi` (UTC seconds, inclusive), sorted by time, with the
    /// order-dependent keys filled in: zsh `<epoch>:<n>` (n counts commands in the same
    /// second) and ActivityWatch event ids in time order.
    pub(crate) fn finish(self, lo: i64, hi: i64) -> Vec<Event> {
        let mut events = self.events;
        events.retain(|e| (lo..=hi).contains(&e.utc.as_second()));
        events.sort_by_key(|e| e.utc);
        let (mut last_second, mut n, mut span_id) = (i64::MIN, 0u32, 0u64);
        for e in &mut events {
            match e.source {
                SourceKind::Zsh => {
                    let s = e.utc.as_second();
                    n = if s == last_second { n + 1 } else { 0 };
                    last_second = s;
                    e.key = format!("{s}:{n}");
                }
                SourceKind::Activitywatch => {
                    span_id += 1;
                    e.key = format!("aw-watcher-afk_alex-laptop/{span_id}");
                }
                _ => {}
            }
        }
        events
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opaque_ids_are_unique_and_shaped() {
        let hasher = IdentityHasher::new([3; 32]);
        let mut em = Emitter::new(1, zone("UTC"), Cast::new(&hasher), 0);
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..10_000 {
            let q = em.opaque("Q", 14);
            assert_eq!(q.len(), 14);
            assert!(q.starts_with('Q'));
            assert!(seen.insert(q));
        }
        let c = em.commit_id();
        assert_eq!(c.len(), 40);
        assert!(
            c.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
    }
}
