//! `schedule.toml`: what `canary schedule install` installed (the kind of schedule, the files
//! written, the folders made, the crontab line), kept beside `config.toml` (0600) so that
//! `canary schedule remove` removes exactly that and `canary status` can say what runs.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::SettingsError;
use crate::privacy::private;

/// The kind of schedule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Scheduler {
    Systemd,
    Launchd,
    Cron,
}

impl Scheduler {
    /// What it is, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Scheduler::Systemd => "a systemd user timer",
            Scheduler::Launchd => "a launchd agent",
            Scheduler::Cron => "a crontab line",
        }
    }
}

/// What `canary schedule install` did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Installed {
    pub scheduler: Scheduler,
    /// How often, as typed (`1h`).
    pub every: String,
    /// When, RFC 3339.
    pub installed_at: String,
    /// The command the job runs.
    pub command: Vec<String>,
    /// Files written.
    #[serde(default)]
    pub files: Vec<PathBuf>,
    /// Folders made for them, outermost first (removed again when empty).
    #[serde(default)]
    pub dirs: Vec<PathBuf>,
    /// The crontab line added.
    #[serde(default)]
    pub cron_line: Option<String>,
    /// Whether there was a crontab before.
    #[serde(default)]
    pub had_crontab: bool,
    /// Whether the scheduler was told (systemctl, launchctl, crontab), rather than the person
    /// being given the commands to run.
    #[serde(default)]
    pub activated: bool,
}

/// Where `schedule.toml` lives: beside `config.toml`.
pub fn schedule_path(config_path: &Path) -> PathBuf {
    config_path.parent().map_or_else(
        || PathBuf::from("schedule.toml"),
        |d| d.join("schedule.toml"),
    )
}

impl Installed {
    /// Read the record; `None` when nothing is installed.
    pub fn load(path: &Path) -> Result<Option<Installed>, SettingsError> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(source) => {
                return Err(SettingsError::Read {
                    path: path.display().to_string(),
                    source,
                });
            }
        };
        toml::from_str(&text)
            .map(Some)
            .map_err(|e| SettingsError::Parse {
                path: path.display().to_string(),
                source: Box::new(e),
            })
    }

    /// Write the record 0600.
    pub fn save(&self, path: &Path) -> Result<(), SettingsError> {
        let body = toml::to_string(self).unwrap_or_default();
        let text = format!(
            "# What `canary schedule install` installed; `canary schedule remove` removes it.\n\n{body}"
        );
        private::write(path, text.as_bytes()).map_err(|source| SettingsError::Write {
            path: path.display().to_string(),
            source,
        })
    }

    /// Files recorded as installed that are not there any more.
    pub fn missing(&self) -> Vec<PathBuf> {
        self.files.iter().filter(|f| !f.exists()).cloned().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let dir = tempfile::tempdir().unwrap();
        let path = schedule_path(&dir.path().join("config.toml"));
        assert_eq!(Installed::load(&path).unwrap(), None);
        let rec = Installed {
            scheduler: Scheduler::Cron,
            every: "1h".into(),
            installed_at: "2026-01-01T00:00:00Z".into(),
            command: vec!["/bin/canary".into(), "sync".into()],
            files: vec![dir.path().join("x")],
            dirs: vec![],
            cron_line: Some("7 * * * * x # mark".into()),
            had_crontab: true,
            activated: true,
        };
        rec.save(&path).unwrap();
        assert_eq!(Installed::load(&path).unwrap(), Some(rec.clone()));
        assert_eq!(rec.missing(), vec![dir.path().join("x")]);
    }
}
