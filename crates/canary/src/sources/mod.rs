//! Importers: one module per format, each turning a file or folder into [`Event`]s.
//!
//! Every importer has the same shape, [`ImportFn`]: it reads a path and pushes what it finds
//! into a [`Sink`]. Failing to open or recognise the input is an [`ImportError`]; a bad record
//! is data — the importer calls [`Sink::skip`] with `file:line: reason` and carries on. The sink
//! does batching, progress and storage, so importers never touch the database and their tests
//! can collect into a [`VecSink`].
//!
//! Which importers exist, their names, help, options and where `canary import auto` finds
//! them is the [`registry`]; their options are typed and checked by [`options`].

pub mod activitywatch;
pub mod atuin;
pub mod bash;
pub mod bounded;
pub mod discover;
pub mod fish;
pub mod generic_csv;
pub mod git;
pub mod history;
pub mod ics;
pub mod mail;
pub mod maildir;
pub mod mbox;
pub mod opsgenie;
pub mod options;
pub mod pagerduty;
pub mod registry;
pub mod slack;
pub mod zsh;

use std::path::{Path, PathBuf};

use crate::event::Event;
use crate::privacy::IdentityHasher;
use crate::settings::{EmergencyRules, Identities, PersonalRules};
pub use options::Options;

/// What an importer needs besides the path: who the person is, what counts as an emergency,
/// how to hash others, and format options given on the command line.
#[derive(Debug, Clone)]
pub struct ImportContext {
    pub identities: Identities,
    pub emergency: EmergencyRules,
    pub hasher: IdentityHasher,
    /// Format options, checked against the importer's row in the [`registry`]; read them with
    /// [`Options::get`] and the importer's keys.
    pub options: Options,
    /// The person's rules for what is personal, not work; importers that see the names
    /// (apps, titles, folders, hosts, repositories, accounts) apply them and set
    /// [`Event::personal`].
    pub personal: PersonalRules,
    /// The home folder, for `~` in path rules.
    pub home: PathBuf,
    /// What an earlier read already covered (`canary sync`); the default reads everything.
    pub resume: Resume,
}

/// Where an import resumes: what `canary sync` knows an earlier read of the same path
/// covered. Each importer honours the part that applies to it; the default reads everything.
#[derive(Debug, Clone, Default)]
pub struct Resume {
    /// Zsh, bash and fish histories and mbox files: start at this byte offset, the start of
    /// a line (of an entry, of a `From ` separator) where the last read ended.
    pub offset: u64,
    /// Git: commit ids the branches pointed at last time; the walk stops at them.
    pub known_tips: Vec<String>,
    /// Maildir: message files read last time (unchanged name and mtime), passed over.
    pub known_files: Option<std::sync::Arc<std::collections::HashSet<PathBuf>>>,
    /// ActivityWatch's database: read only events ending at or after this instant (µs since
    /// the epoch), with the earlier ones they overlap (see
    /// [`activitywatch::read_database_since`]). Exports are read whole.
    pub since_micros: Option<i64>,
    /// The keys the source had stored when a path read before is read whole again (`--again`,
    /// another reader, a mailbox its mail client rewrote). mbox and Maildir count a message
    /// whose key is among them as already imported without making its event; the store would
    /// refuse it anyway. It changes nothing of what is read.
    pub stored: Option<StoredKeys>,
}

/// The keys a source had stored, as the store keeps them ([`Resume::stored`]).
#[derive(Debug, Clone)]
pub struct StoredKeys {
    pub keys: std::sync::Arc<crate::digest::KeySet>,
    /// Whether the store keeps this source's keys hashed (with the context's hasher).
    pub hashed: bool,
}

impl StoredKeys {
    /// Whether the record with this key (as the importer makes it) is stored.
    pub fn holds(&self, key: &str, hasher: &IdentityHasher) -> bool {
        if self.hashed {
            self.keys.contains(&hasher.hash_key(key))
        } else {
            self.keys.contains(key)
        }
    }
}

impl Resume {
    /// Whether it reads everything (nothing known from an earlier read; [`Resume::stored`]
    /// does not change what is read).
    pub fn is_whole(&self) -> bool {
        self.offset == 0
            && self.known_tips.is_empty()
            && self.known_files.is_none()
            && self.since_micros.is_none()
    }
}

impl ImportContext {
    pub fn new(identities: Identities, hasher: IdentityHasher) -> ImportContext {
        ImportContext {
            identities,
            emergency: EmergencyRules::default(),
            hasher,
            options: Options::default(),
            personal: PersonalRules::default(),
            home: PathBuf::new(),
            resume: Resume::default(),
        }
    }

    /// The same context with the person's rules for what is personal, and their home folder.
    pub fn with_personal(mut self, personal: PersonalRules, home: PathBuf) -> ImportContext {
        self.personal = personal;
        self.home = home;
        self
    }

    /// The same context with the person's emergency rules.
    pub fn with_emergency(mut self, emergency: EmergencyRules) -> ImportContext {
        self.emergency = emergency;
        self
    }

    /// The same context with format options (see [`registry::Source::check_options`]).
    pub fn with_options(mut self, options: Options) -> ImportContext {
        self.options = options;
        self
    }

    /// The same context resuming where an earlier read ended.
    pub fn with_resume(mut self, resume: Resume) -> ImportContext {
        self.resume = resume;
        self
    }

    /// Whether an email or name is one of the person's own identities.
    pub fn is_me(&self, email: &str, name: &str) -> bool {
        let email = email.trim();
        let name = name.trim();
        self.identities
            .emails
            .iter()
            .any(|e| e.trim().eq_ignore_ascii_case(email))
            || (!name.is_empty() && self.identities.git_names.iter().any(|n| n.trim() == name))
    }
}

/// Where a skipped record was: a file and, for line-oriented formats, a 1-based line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: PathBuf,
    pub line: Option<u64>,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{l}", self.file.display()),
            None => write!(f, "{}", self.file.display()),
        }
    }
}

/// The sink could not take an event (the store failed). Stops the import.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SinkError(pub String);

/// Where importers push what they read.
pub trait Sink {
    /// Take one event.
    fn event(&mut self, event: Event) -> Result<(), SinkError>;
    /// Record a skipped record and why.
    fn skip(&mut self, at: Location, reason: String);
    /// Another record skipped for a reason already recorded at the same place (each
    /// occurrence of a repeating calendar entry): counted, not recorded again.
    fn skip_again(&mut self) {}
    /// A record this import has already passed on (the same message twice in one mbox or
    /// Maildir): not an event again, but counted with the records already imported.
    fn repeat(&mut self) {}
    /// The amount of work ahead (bytes or records), once known.
    fn total(&mut self, _total: u64) {}
    /// Work done so far, in the same unit as `total`.
    fn progress(&mut self, _done: u64) {}
    /// A file of a folder input was opened and read (Maildir): `key` is its
    /// [`maildir::file_key`], what `canary sync` compares with the next time.
    fn file_read(&mut self, _key: String) {}
}

/// A sink that marks every event personal before passing it on: an input the person
/// declared personal as a whole (`-o personal=true`).
pub struct PersonalSink<'a>(pub &'a mut dyn Sink);

impl Sink for PersonalSink<'_> {
    fn event(&mut self, mut event: Event) -> Result<(), SinkError> {
        event.personal = true;
        self.0.event(event)
    }
    fn skip(&mut self, at: Location, reason: String) {
        self.0.skip(at, reason);
    }
    fn skip_again(&mut self) {
        self.0.skip_again();
    }
    fn repeat(&mut self) {
        self.0.repeat();
    }
    fn total(&mut self, total: u64) {
        self.0.total(total);
    }
    fn progress(&mut self, done: u64) {
        self.0.progress(done);
    }
    fn file_read(&mut self, key: String) {
        self.0.file_read(key);
    }
}

/// An input could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {}", path.display())]
    Open {
        path: PathBuf,
        source: std::io::Error,
    },
    /// The input is not what the importer reads, or cannot be used (e.g. bash history
    /// without timestamps). `hint` tells the user what to do.
    #[error("{path}: {reason}")]
    Refused {
        path: PathBuf,
        reason: String,
        hint: Option<String>,
    },
    /// The input ended before the size it had when it was opened: another program truncated
    /// or rewrote it during the import (mutt rewrites mbox folders in place). What was read
    /// up to there is kept.
    #[error(
        "{path}: the file shrank from {expected} to {read} bytes while it was read (another \
         program truncated or rewrote it); the {records} {unit} read up to there are kept: \
         import it again once it is written"
    )]
    Shrank {
        path: PathBuf,
        expected: u64,
        read: u64,
        records: u64,
        unit: &'static str,
    },
    #[error(transparent)]
    Sink(#[from] SinkError),
}

impl ImportError {
    pub fn refused(path: &Path, reason: impl Into<String>, hint: Option<&str>) -> ImportError {
        ImportError::Refused {
            path: path.to_path_buf(),
            reason: reason.into(),
            hint: hint.map(str::to_string),
        }
    }

    pub fn open(path: &Path, source: std::io::Error) -> ImportError {
        ImportError::Open {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// The shape every importer has.
pub type ImportFn = fn(&Path, &ImportContext, &mut dyn Sink) -> Result<(), ImportError>;

/// A sink that keeps everything in memory: for tests and for callers that want the events.
#[derive(Debug, Default)]
pub struct VecSink {
    pub events: Vec<Event>,
    pub skipped: Vec<(Location, String)>,
    /// Records skipped again for a reason already in `skipped`.
    pub skipped_again: u64,
}

impl VecSink {
    /// The natural keys of the events, in order.
    pub fn keys(&self) -> Vec<String> {
        self.events.iter().map(|e| e.key.clone()).collect()
    }

    /// The skipped records as `file:line: reason`, in order.
    pub fn skip_lines(&self) -> Vec<String> {
        self.skipped
            .iter()
            .map(|(at, why)| format!("{at}: {why}"))
            .collect()
    }
}

impl Sink for VecSink {
    fn event(&mut self, event: Event) -> Result<(), SinkError> {
        self.events.push(event);
        Ok(())
    }

    fn skip(&mut self, at: Location, reason: String) {
        self.skipped.push((at, reason));
    }

    fn skip_again(&mut self) {
        self.skipped_again += 1;
    }
}

/// A context for tests: no identities, a fixed key.
#[cfg(test)]
pub(crate) fn test_context() -> ImportContext {
    ImportContext::new(Identities::default(), IdentityHasher::new([0; 32]))
}

/// Options for `kind`'s importer, for tests; panics on options its row refuses.
#[cfg(test)]
pub(crate) fn test_options(kind: crate::event::SourceKind, pairs: &[(&str, &str)]) -> Options {
    let source = registry::get(kind).expect("an importable source");
    match source.check_options(pairs.iter().copied()) {
        Ok(options) => options,
        Err(e) => panic!("{e}"),
    }
}
