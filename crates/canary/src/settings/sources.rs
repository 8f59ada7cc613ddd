//! `sources.toml`: the files and folders the person imported, by path, kept beside
//! `config.toml` (0600) and out of the store.
//!
//! The store records each import run with the keyed hash of its path
//! ([`crate::store::ImportRun::path_id`]), never the path, which names the user and their
//! folders. What a later command needs to name or read a source again — its kind, path and
//! options (`canary sources runs` shows the path; a future `canary sync` re-reads it) — is
//! here, in a file of the config folder that only its owner can read, so a copied or stolen
//! store carries no paths.
//!
//! ```toml
//! [[source]]
//! id = "3f9a…"              # the run's path_id
//! kind = "mbox"
//! path = "/home/me/mail/Sent"
//! options = { timezone = "Europe/Berlin" }
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::SettingsError;
use crate::privacy::private;

/// One imported path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceRecord {
    /// The keyed hash of the canonical path, as the store's runs record it.
    pub id: String,
    /// The importer that read it (`mbox`, `ics`, …).
    pub kind: String,
    /// The canonical path.
    pub path: String,
    /// The format options it was imported with (`-o KEY=VALUE`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
}

/// Every imported path, in the order first imported.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourcesFile {
    #[serde(default, rename = "source")]
    pub sources: Vec<SourceRecord>,
}

/// Where `sources.toml` lives: beside `config.toml`.
pub fn sources_path(config_path: &Path) -> PathBuf {
    config_path
        .parent()
        .map_or_else(|| PathBuf::from("sources.toml"), |d| d.join("sources.toml"))
}

impl SourcesFile {
    /// Read the file; a missing file is an empty list.
    pub fn load(path: &Path) -> Result<SourcesFile, SettingsError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Self::default()),
            Err(source) => {
                return Err(SettingsError::Read {
                    path: path.display().to_string(),
                    source,
                });
            }
        };
        toml::from_str(&text).map_err(|e| SettingsError::Parse {
            path: path.display().to_string(),
            source: Box::new(e),
        })
    }

    /// Write the file 0600 (atomically, in a 0700 folder).
    pub fn save(&self, path: &Path) -> Result<(), SettingsError> {
        let body = toml::to_string(self).unwrap_or_default();
        let text = format!(
            "# The files and folders imported into Canary's store, kept here and not in the store\n\
             # (which records only a keyed hash of each path). Written by `canary import`.\n\n{body}"
        );
        private::write(path, text.as_bytes()).map_err(|source| SettingsError::Write {
            path: path.display().to_string(),
            source,
        })
    }

    /// Record an imported path (replacing what was recorded under the same id); whether that
    /// changed anything (a path imported again as before does not, and needs no write).
    pub fn record(&mut self, record: SourceRecord) -> bool {
        self.record_all([record])
    }

    /// Record each of `records` as [`SourcesFile::record`] does; whether any changed anything.
    /// One pass over what is recorded, whatever the number of records (an import of thousands
    /// of mbox files records each).
    pub fn record_all(&mut self, records: impl IntoIterator<Item = SourceRecord>) -> bool {
        let mut at: std::collections::HashMap<String, usize> = self
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        let mut changed = false;
        for record in records {
            match at.get(&record.id) {
                Some(&i) if self.sources[i] == record => {}
                Some(&i) => {
                    self.sources[i] = record;
                    changed = true;
                }
                None => {
                    at.insert(record.id.clone(), self.sources.len());
                    self.sources.push(record);
                    changed = true;
                }
            }
        }
        changed
    }

    /// The path recorded for a run's `path_id`.
    pub fn path_of(&self, id: &str) -> Option<&str> {
        self.sources
            .iter()
            .find(|s| s.id == id)
            .map(|s| s.path.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_replaces_by_id() {
        let dir = tempfile::tempdir().unwrap();
        let path = sources_path(&dir.path().join("canary/config.toml"));
        assert_eq!(SourcesFile::load(&path).unwrap(), SourcesFile::default());
        let mut f = SourcesFile::default();
        let rec = |id: &str, p: &str| SourceRecord {
            id: id.into(),
            kind: "mbox".into(),
            path: p.into(),
            options: BTreeMap::from([("timezone".to_string(), "UTC".to_string())]),
        };
        assert!(f.record(rec("a", "/x")));
        assert!(f.record(rec("b", "/y")));
        assert!(
            !f.record(rec("b", "/y")),
            "the same record again changes nothing"
        );
        assert!(f.record(rec("a", "/z")));
        // Many at once: the same as one by one, a repeat within them included.
        assert!(!f.record_all([rec("a", "/z"), rec("b", "/y")]));
        assert!(f.record_all([rec("c", "/1"), rec("b", "/2"), rec("c", "/3")]));
        let ids: Vec<(&str, &str)> = f
            .sources
            .iter()
            .map(|s| (s.id.as_str(), s.path.as_str()))
            .collect();
        assert_eq!(ids, [("a", "/z"), ("b", "/2"), ("c", "/3")]);
        f.save(&path).unwrap();
        let back = SourcesFile::load(&path).unwrap();
        assert_eq!(back, f);
        assert_eq!(back.path_of("a"), Some("/z"));
        assert_eq!(back.path_of("d"), None);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&path), 0o600);
            assert_eq!(mode(path.parent().unwrap()), 0o700);
        }
    }
}
