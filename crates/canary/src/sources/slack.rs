//! Importer for slack (being written).

use std::path::Path;

use super::{ImportContext, ImportError, Sink};

/// Import `path`.
pub fn import(path: &Path, _ctx: &ImportContext, _sink: &mut dyn Sink) -> Result<(), ImportError> {
    Err(ImportError::refused(
        path,
        "this importer is not available yet",
        None,
    ))
}
