//! PagerDuty exports: REST API JSON (incidents, log entries, raw analytics) and the web UI's
//! incidents CSV, as a file or a folder of them. The format is decided by content, not by the
//! file name; `json` and `web_csv` (private modules) describe the shapes read.
//!
//! What becomes events (all of them the person's own, `actor` `None`, `parent` the incident id
//! on pages and acks, `context` the service name, `urgency` from `urgency` and `priority` from
//! `priority.summary` — `P1` → 1, `SEV-2` → 2):
//!
//! - [`EventKind::Page`](crate::EventKind::Page): each notification or assignment to the
//!   person, keyed `<incident>/page/<utc secs>`. Pages to one incident no more than 60 s after
//!   the last kept one are the same interruption and dropped (the first is kept).
//! - [`EventKind::Ack`](crate::EventKind::Ack): each acknowledgement by the person, keyed
//!   `<incident>/ack/<utc secs>`.
//! - [`EventKind::Incident`](crate::EventKind::Incident): the engaged span, from the person's
//!   first acknowledgement (or first page when no acknowledgement is known) to the resolution,
//!   keyed `<incident>/engaged`. An incident not yet resolved has no span; one resolved before
//!   it was engaged is reported as skipped.
//!
//! Who the person is: an assignee, notified user or acknowledger whose `id` (or `email`, or
//! display name) is one of `identities.oncall_ids`, or whose `email` is one of
//! `identities.emails`. **With no on-call id declared, every interruption in the export is
//! taken as the person's** — right for a personal export, wrong for a team's — and an incident
//! that names no one at all (a resolved incident from `GET /incidents`, whose assignments
//! PagerDuty has emptied; a basic CSV report) is taken to have paged the person when it was
//! created, engaged until it was resolved. The CLI warns when it imports that way. With ids
//! declared, such an incident cannot be attributed and is reported as skipped, with the advice
//! to import its log entries.
//!
//! Records about one incident in several files of a folder (its incident record, its log
//! entries, an analytics row) are combined: exact times from incidents and log entries win over
//! times estimated from analytics or CSV rows. Importing a second folder later adds only new
//! keys: a page estimated from a CSV row and the same page read later from log entries a few
//! seconds apart would both be kept, so prefer importing related files together.
//!
//! Bad records (no time, an unparseable time, no id) are skipped with `file: incidents[3] (id):
//! reason` for JSON and `file:line: reason` for CSV. Emergency rules are not applied here: the
//! events carry urgency and priority, and the metrics decide.

pub(crate) mod facts;
pub(crate) mod files;
mod json;
pub mod people;
pub(crate) mod values;
mod web_csv;

use std::path::Path;

use self::facts::{Collector, Rules};
use self::files::{Shape, Vendor};
use super::{ImportContext, ImportError, Sink};
use crate::event::SourceKind;
use crate::settings::Identities;

/// How PagerDuty incidents become events.
const RULES: Rules = Rules {
    source: SourceKind::Pagerduty,
    engage_without_ack: true,
    infer_page_at_creation: true,
};

const VENDOR: Vendor = Vendor {
    rules: RULES,
    what: "PagerDuty incidents, log entries or incidents CSV",
    collect,
    hint: json::HINT,
};

/// Whether an import with these identities takes every interruption in an export as the
/// person's (no on-call id declared): the CLI warns about it.
pub fn takes_every_interruption(identities: &Identities) -> bool {
    identities.oncall_ids.iter().all(|id| id.trim().is_empty())
}

/// Import a PagerDuty export: a JSON or CSV file, or a folder of them.
pub fn import(path: &Path, ctx: &ImportContext, sink: &mut dyn Sink) -> Result<(), ImportError> {
    files::import(path, ctx, sink, &VENDOR)
}

/// Everyone a PagerDuty export (file or folder) names as assigned, notified or acknowledging,
/// and the records skipped reading it; refused exactly when [`import`] would be.
pub fn responders(path: &Path) -> Result<people::Named, ImportError> {
    people::named(path, &VENDOR)
}

/// Read a PagerDuty JSON response from `bytes`; `path` names it in skips and errors.
pub fn read_json(
    bytes: &[u8],
    path: &Path,
    ctx: &ImportContext,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let vendor = Vendor {
        collect: json::collect,
        ..VENDOR
    };
    files::read(bytes, path, ctx, sink, &vendor)
}

/// Read a PagerDuty incidents CSV from `bytes`; `path` names it in skips and errors.
pub fn read_csv(
    bytes: &[u8],
    path: &Path,
    ctx: &ImportContext,
    sink: &mut dyn Sink,
) -> Result<(), ImportError> {
    let vendor = Vendor {
        collect: web_csv::collect,
        ..VENDOR
    };
    files::read(bytes, path, ctx, sink, &vendor)
}

/// Read one file's bytes, JSON or CSV by content.
fn collect(
    bytes: &[u8],
    file: &Path,
    ctx: &ImportContext,
    c: &mut Collector<'_>,
) -> Result<(), ImportError> {
    match files::sniff(bytes) {
        Shape::Json => json::collect(bytes, file, ctx, c),
        Shape::Text => web_csv::collect(bytes, file, ctx, c),
        Shape::Empty => Err(ImportError::refused(
            file,
            "the file is empty",
            Some(json::HINT),
        )),
        Shape::Binary => Err(ImportError::refused(
            file,
            "a binary file, not a PagerDuty export (JSON or CSV)",
            Some(json::HINT),
        )),
    }
}

#[cfg(test)]
mod tests;
