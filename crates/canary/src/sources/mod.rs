//! Importers: one module per format, each turning a file or folder into [`Event`]s.
//!
//! Every importer has the same shape, [`ImportFn`]: it reads a path and pushes what it finds
//! into a [`Sink`]. Failing to open or recognise the input is an [`ImportError`]; a bad record
//! is data — the importer calls [`Sink::skip`] with `file:line: reason` and carries on. The sink
//! does batching, progress and storage, so importers never touch the database and their tests
//! can collect into a [`VecSink`].

pub mod atuin;
pub mod bash;
pub mod fish;
pub mod git;
pub mod zsh;

use std::path::{Path, PathBuf};

use crate::event::{Event, SourceKind};
use crate::privacy::IdentityHasher;
use crate::settings::Identities;

/// What an importer needs besides the path: who the person is and how to hash others.
#[derive(Debug, Clone)]
pub struct ImportContext {
    pub identities: Identities,
    pub hasher: IdentityHasher,
}

impl ImportContext {
    pub fn new(identities: Identities, hasher: IdentityHasher) -> ImportContext {
        ImportContext { identities, hasher }
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
    /// The amount of work ahead (bytes or records), once known.
    fn total(&mut self, _total: u64) {}
    /// Work done so far, in the same unit as `total`.
    fn progress(&mut self, _done: u64) {}
}

/// An input could not be imported at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
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

/// The importer for a source, if Canary has one.
pub fn importer(source: SourceKind) -> Option<ImportFn> {
    Some(match source {
        SourceKind::Git => git::import,
        SourceKind::Bash => bash::import,
        SourceKind::Zsh => zsh::import,
        SourceKind::Fish => fish::import,
        SourceKind::Atuin => atuin::import,
        _ => return None,
    })
}

/// A sink that keeps everything in memory: for tests and for callers that want the events.
#[derive(Debug, Default)]
pub struct VecSink {
    pub events: Vec<Event>,
    pub skipped: Vec<(Location, String)>,
}

impl Sink for VecSink {
    fn event(&mut self, event: Event) -> Result<(), SinkError> {
        self.events.push(event);
        Ok(())
    }

    fn skip(&mut self, at: Location, reason: String) {
        self.skipped.push((at, reason));
    }
}

/// A context for tests: no identities, a fixed key.
#[cfg(test)]
pub(crate) fn test_context() -> ImportContext {
    ImportContext::new(Identities::default(), IdentityHasher::new([0; 32]))
}
