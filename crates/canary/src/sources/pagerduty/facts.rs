//! What the on-call importers know about one incident (or Opsgenie alert), gathered from every
//! record and file that mentions it, and the one place that turns it into events.
//!
//! Both PagerDuty and Opsgenie readers fill a [`Collector`] per file: each incident is a
//! [`Case`] keyed by its id, holding its metadata (service, urgency, priority, creation and
//! resolution) and the person's own pages and acknowledgements. Times read from the record
//! itself (an assignment's `at`, a log entry's `created_at`) are *exact*; times reckoned from
//! aggregates (an analytics row's creation plus `seconds_to_first_ack`, a CSV row) are
//! *estimated* and used only when nothing exact is known about the incident. A file's collector
//! is merged into the import's only when the whole file was read, so a file refused half-way
//! leaves nothing behind, and records about one incident in several files (incidents, their
//! log entries, analytics) make one set of events.
//!
//! [`Collector::emit`] applies the rules shared by both vendors: pages to the same incident
//! within [`DEDUP_WINDOW_SECS`] of the last kept one are one interruption (the first is kept);
//! engaged time runs from the person's first acknowledgement (or, where the vendor allows it,
//! first page) to the resolution. Keys are `<incident>/page/<utc secs>`,
//! `<incident>/ack/<utc secs>` and `<incident>/engaged`, so importing again adds nothing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jiff::SignedDuration;

pub use super::people::PersonRef;
pub use super::values::Instant;
use crate::event::{Event, EventKind, SourceKind, Urgency};
use crate::sources::{ImportContext, Location, Sink, SinkError};

/// Pages to the same incident no more than this many seconds after the last kept one are the
/// same interruption (a push, an SMS and a call for one notification rule).
pub const DEDUP_WINDOW_SECS: i64 = 60;

/// Who the person is on call: their declared on-call ids and mail addresses.
#[derive(Debug, Clone, Copy)]
pub struct Who<'a> {
    ids: &'a [String],
    emails: &'a [String],
}

impl<'a> Who<'a> {
    pub fn new(ctx: &'a ImportContext) -> Who<'a> {
        Who {
            ids: &ctx.identities.oncall_ids,
            emails: &ctx.identities.emails,
        }
    }

    /// No on-call id declared: every interruption in the export is taken as the person's.
    pub fn everyone(&self) -> bool {
        self.ids.iter().all(|id| id.trim().is_empty())
    }

    /// Whether `value` (a user id, address or name) is one of the person's identities.
    pub fn is(&self, value: &str) -> bool {
        let v = value.trim();
        !v.is_empty()
            && self
                .ids
                .iter()
                .chain(self.emails)
                .any(|id| id.trim().eq_ignore_ascii_case(v))
    }

    /// Whether the record is the person's: always without declared ids, else when any of
    /// `values` is one of their identities.
    pub fn mine<'v>(&self, values: impl IntoIterator<Item = &'v str>) -> bool {
        self.everyone() || values.into_iter().any(|v| self.is(v))
    }
}

/// The person's pages and acknowledgements of one incident, from one kind of evidence.
#[derive(Debug, Clone, Default)]
pub struct Involvement {
    pub pages: Vec<Instant>,
    pub acks: Vec<Instant>,
}

impl Involvement {
    fn is_empty(&self) -> bool {
        self.pages.is_empty() && self.acks.is_empty()
    }

    fn extend(&mut self, other: Involvement) {
        self.pages.extend(other.pages);
        self.acks.extend(other.acks);
    }
}

/// Everything known about one incident or alert.
#[derive(Debug, Clone)]
pub struct Case {
    /// Where it was first seen, and the record's index path (`incidents[3]`, empty for CSV).
    pub at: Location,
    pub label: String,
    pub context: Option<String>,
    pub urgency: Option<Urgency>,
    pub priority: Option<u8>,
    pub created: Option<Instant>,
    pub resolved: Option<Instant>,
    /// Engaged seconds from an aggregate, used as the span when no resolution is known.
    pub engaged_secs: Option<i64>,
    pub exact: Involvement,
    pub estimated: Involvement,
    /// The export named someone (anyone) as assigned, notified or acknowledging.
    pub named_anyone: bool,
}

/// Keep the first `Some`.
pub fn fill<T>(slot: &mut Option<T>, value: Option<T>) {
    if slot.is_none() {
        *slot = value;
    }
}

impl Case {
    fn new(at: Location, label: String) -> Case {
        Case {
            at,
            label,
            context: None,
            urgency: None,
            priority: None,
            created: None,
            resolved: None,
            engaged_secs: None,
            exact: Involvement::default(),
            estimated: Involvement::default(),
            named_anyone: false,
        }
    }

    /// Record a creation time, keeping the earliest.
    pub fn created_at(&mut self, t: Instant) {
        self.created = Some(self.created.map_or(t, |c| c.min(t)));
    }

    fn merge(&mut self, other: Case) {
        fill(&mut self.context, other.context);
        fill(&mut self.urgency, other.urgency);
        fill(&mut self.priority, other.priority);
        if let Some(c) = other.created {
            self.created_at(c);
        }
        fill(&mut self.resolved, other.resolved);
        fill(&mut self.engaged_secs, other.engaged_secs);
        self.exact.extend(other.exact);
        self.estimated.extend(other.estimated);
        self.named_anyone |= other.named_anyone;
    }

    fn why(&self, id: &str, reason: &str) -> String {
        if self.label.is_empty() {
            format!("{id}: {reason}")
        } else {
            format!("{} ({id}): {reason}", self.label)
        }
    }
}

/// How a vendor's incidents become events.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    pub source: SourceKind,
    /// Engaged time may start at the first page when no acknowledgement is known
    /// (PagerDuty: assignment; not Opsgenie, whose alerts often close by themselves).
    pub engage_without_ack: bool,
    /// With no declared ids, an incident that names no one paged the person at creation.
    pub infer_page_at_creation: bool,
}

/// The incidents and skipped records read so far.
#[derive(Debug)]
pub struct Collector<'a> {
    pub who: Who<'a>,
    pub cases: BTreeMap<String, Case>,
    pub skips: Vec<(Location, String)>,
    /// Everyone the records read name as assigned, notified, acknowledging or owning, whoever
    /// the person is (see [`super::people`]).
    pub people: BTreeSet<PersonRef>,
}

impl<'a> Collector<'a> {
    pub fn new(ctx: &'a ImportContext) -> Collector<'a> {
        Collector {
            who: Who::new(ctx),
            cases: BTreeMap::new(),
            skips: Vec::new(),
            people: BTreeSet::new(),
        }
    }

    /// Record that the export names `person` (nothing when it names no one).
    pub fn saw(&mut self, person: Option<PersonRef>) {
        self.people.extend(person);
    }

    /// The case for incident `id`, created at `at` / `label` if new.
    pub fn case(&mut self, id: &str, at: &Location, label: &str) -> &mut Case {
        self.cases
            .entry(id.to_string())
            .or_insert_with(|| Case::new(at.clone(), label.to_string()))
    }

    pub fn skip(&mut self, file: &Path, line: Option<u64>, reason: String) {
        let at = Location {
            file: file.to_path_buf(),
            line,
        };
        self.skips.push((at, reason));
    }

    /// Add what another (per-file) collector read.
    pub fn merge(&mut self, other: Collector<'_>) {
        for (id, case) in other.cases {
            match self.cases.get_mut(&id) {
                Some(c) => c.merge(case),
                None => {
                    self.cases.insert(id, case);
                }
            }
        }
        self.skips.extend(other.skips);
        self.people.extend(other.people);
    }

    /// Push the events and skips into `sink`.
    pub fn emit(self, rules: Rules, sink: &mut dyn Sink) -> Result<(), SinkError> {
        let everyone = self.who.everyone();
        for (at, reason) in self.skips {
            sink.skip(at, reason);
        }
        for (id, case) in &self.cases {
            let inv = if case.exact.is_empty() {
                &case.estimated
            } else {
                &case.exact
            };
            if inv.is_empty() && !case.named_anyone && !everyone {
                let why = "the export names no one as paged or acknowledging, so it cannot \
                           tell whether it was yours (resolved PagerDuty incidents lose their \
                           assignments: import the incident's log entries too)";
                sink.skip(case.at.clone(), case.why(id, why));
                continue;
            }
            let mut pages = inv.pages.clone();
            if pages.is_empty() && !case.named_anyone && everyone && rules.infer_page_at_creation {
                // Without declared ids, an incident that names no one paged the person.
                pages.extend(case.created);
            }
            pages.sort();
            let pages = dedup_pages(&pages);
            let mut acks = inv.acks.clone();
            acks.sort();
            acks.dedup_by_key(|a| a.utc.as_second());
            let event = |t: &Instant, kind, key: String| {
                let mut e = Event::mine(t.utc, kind, rules.source, key);
                e.offset = t.offset;
                e.urgency = case.urgency;
                e.priority = case.priority;
                e.context = case.context.clone();
                e
            };
            for p in &pages {
                let mut e = event(
                    p,
                    EventKind::Page,
                    format!("{id}/page/{}", p.utc.as_second()),
                );
                e.parent = Some(id.clone());
                sink.event(e)?;
            }
            for a in &acks {
                let mut e = event(a, EventKind::Ack, format!("{id}/ack/{}", a.utc.as_second()));
                e.parent = Some(id.clone());
                sink.event(e)?;
            }
            let start = acks.first().or(if rules.engage_without_ack {
                pages.first()
            } else {
                None
            });
            let Some(start) = start else { continue };
            let end = case.resolved.or_else(|| {
                case.engaged_secs
                    .and_then(|s| start.plus(SignedDuration::from_secs(s)))
            });
            let Some(end) = end else { continue };
            if end.utc < start.utc {
                let why = format!(
                    "resolved at {} before it was engaged at {}: no engaged time",
                    end.utc, start.utc
                );
                sink.skip(case.at.clone(), case.why(id, &why));
                continue;
            }
            let mut e = event(start, EventKind::Incident, format!("{id}/engaged"));
            e.duration = Some(end.utc.as_second() - start.utc.as_second());
            sink.event(e)?;
        }
        Ok(())
    }
}

/// Sorted pages without those within [`DEDUP_WINDOW_SECS`] of the last kept one.
pub fn dedup_pages(sorted: &[Instant]) -> Vec<Instant> {
    let mut kept: Vec<Instant> = Vec::new();
    for p in sorted {
        match kept.last() {
            Some(k) if p.utc.as_second() - k.utc.as_second() <= DEDUP_WINDOW_SECS => {}
            _ => kept.push(*p),
        }
    }
    kept
}

/// Where a file's records are reported.
pub fn location(file: &Path, line: Option<u64>) -> Location {
    Location {
        file: PathBuf::from(file),
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sources::pagerduty::values::parse_instant;

    fn t(s: &str) -> Instant {
        parse_instant(s, None).unwrap()
    }

    #[test]
    fn pages_within_sixty_seconds_of_the_last_kept_are_one() {
        let ps: Vec<Instant> = [
            "2026-03-10T02:00:00Z",
            "2026-03-10T02:00:20Z",
            "2026-03-10T02:01:00Z",
            "2026-03-10T02:01:01Z",
            "2026-03-10T02:01:50Z",
            "2026-03-10T02:03:00Z",
        ]
        .map(t)
        .to_vec();
        let kept: Vec<String> = dedup_pages(&ps).iter().map(|p| p.utc.to_string()).collect();
        // 02:01:00 is exactly 60 s after the first: the same interruption. 02:01:50 is within
        // 60 s of 02:01:01, the last one kept.
        assert_eq!(
            kept,
            [
                "2026-03-10T02:00:00Z",
                "2026-03-10T02:01:01Z",
                "2026-03-10T02:03:00Z"
            ]
        );
    }
}
