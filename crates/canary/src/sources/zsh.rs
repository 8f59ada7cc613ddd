//! Importer stub for zsh (to be written).

use std::path::Path;

use super::{ImportContext, ImportError, Sink};

/// Import zsh history from `path`.
pub fn import(path: &Path, _ctx: &ImportContext, _sink: &mut dyn Sink) -> Result<(), ImportError> {
    Err(ImportError::refused(path, "not implemented yet", None))
}
