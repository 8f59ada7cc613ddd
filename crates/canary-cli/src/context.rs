//! Where the settings and the store live, and "now": resolved once per command from flags,
//! environment variables and the XDG base directories.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use canary::Settings;
use canary::app::Workspace;
use canary::store::Store;
use etcetera::BaseStrategy;
use jiff::Timestamp;

use crate::cli::Cli;

/// What every command needs to find its way.
#[derive(Debug, Clone)]
pub struct Context {
    pub config_path: PathBuf,
    pub db_path: PathBuf,
    pub now: Timestamp,
}

impl Context {
    #[allow(clippy::disallowed_methods)] // the front end reads the clock once, unless --now
    pub fn from_cli(cli: &Cli) -> Result<Context> {
        let base = || etcetera::choose_base_strategy().context("cannot find your home directory");
        let config_path = match &cli.config {
            Some(p) => p.clone(),
            None => base()?.config_dir().join("canary").join("config.toml"),
        };
        let db_path = match &cli.db {
            Some(p) => p.clone(),
            None => base()?.data_dir().join("canary").join("canary.db"),
        };
        let now = match &cli.now {
            Some(s) => parse_instant(s).with_context(|| format!("--now {s}"))?,
            None => Timestamp::now(),
        };
        // The settings name the person's addresses and hours: a config.toml (or its folder)
        // readable by others is tightened whatever the command, with a notice.
        tighten_file(&config_path);
        Ok(Context {
            config_path,
            db_path,
            now,
        })
    }

    /// Whether the settings file exists (`canary init` has been run).
    pub fn has_settings(&self) -> bool {
        self.config_path.exists()
    }

    pub fn settings(&self) -> Result<Settings> {
        load_settings(&self.config_path)
    }

    /// The store of a command that reads it. A store that does not exist is refused, never
    /// created: a mistyped `--db` must not look like an empty history.
    pub fn store(&self) -> Result<Store> {
        if !self.db_path.exists() {
            return Err(MissingStore {
                path: self.db_path.clone(),
            }
            .into());
        }
        self.open_store()
    }

    /// Open (or create) the store, saying which of its files were tightened to owner-only.
    fn open_store(&self) -> Result<Store> {
        // The store's own errors name its path and the cause.
        let store = Store::open(&self.db_path)?;
        for p in store.tightened() {
            eprintln!("{}", canary::privacy::private::notice(p));
        }
        Ok(store)
    }

    /// Where `sources.toml` (the imported paths, kept out of the store) lives.
    pub fn sources_path(&self) -> PathBuf {
        canary::settings::sources::sources_path(&self.config_path)
    }

    /// The imported paths; a file that cannot be read is reported and taken as empty.
    pub fn sources_file(&self) -> canary::settings::sources::SourcesFile {
        let path = self.sources_path();
        tighten_file(&path);
        canary::settings::sources::SourcesFile::load(&path).unwrap_or_else(|e| {
            eprintln!("warning: {e}");
            Default::default()
        })
    }

    /// Import runs with the paths `sources.toml` knows filled in.
    pub fn runs_with_paths(&self, store: &Store) -> Result<Vec<canary::store::ImportRun>> {
        let file = self.sources_file();
        let mut runs = store.runs()?;
        for r in &mut runs {
            r.path = file.path_of(&r.path_id).map(str::to_string);
        }
        Ok(runs)
    }

    /// The store of a command that writes to it (init, import, check-ins, the journal,
    /// restore), created with its folder when it does not exist yet.
    pub fn store_or_create(&self) -> Result<Store> {
        self.open_store()
    }

    /// The settings and the store together, for the application core (reading: the store
    /// must exist).
    pub fn workspace(&self) -> Result<Workspace> {
        let settings = self.settings()?;
        Ok(Workspace::new(self.store()?, settings, self.has_settings()))
    }

    /// The store with default settings, for writes to the journal that read no settings
    /// (marking an action done, an agreement, a profile value, a questionnaire): the settings
    /// file is not read, so a broken one does not stop them.
    pub fn journal_workspace(&self) -> Result<Workspace> {
        Ok(Workspace::new(
            self.store_or_create()?,
            Settings::default(),
            false,
        ))
    }
}

/// A command that reads the store was pointed at a path where there is none.
#[derive(Debug)]
pub struct MissingStore {
    pub path: PathBuf,
}

impl std::fmt::Display for MissingStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "there is no Canary store at {}", self.path.display())
    }
}

impl std::error::Error for MissingStore {}

impl MissingStore {
    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        "start one with `canary init` and fill it with `canary import …` (or try \
         `canary demo`); if you meant another store, check --db / CANARY_DB"
    }
}

/// Tighten a private file readable by others (and its folder, when it is Canary's own), with a
/// one-line notice each.
pub fn tighten_file(path: &Path) {
    use canary::privacy::private;
    if let Some(dir) = path
        .parent()
        .filter(|d| d.is_dir() && private::is_own_folder(d))
        && private::tighten(dir, true).unwrap_or(false)
    {
        eprintln!("{}", private::notice(dir));
    }
    if private::tighten(path, false).unwrap_or(false) {
        eprintln!("{}", private::notice(path));
    }
}

pub fn load_settings(path: &Path) -> Result<Settings> {
    tighten_file(path);
    Settings::load(path).with_context(|| format!("cannot load settings from {}", path.display()))
}

/// An RFC 3339 instant, or a zoned datetime like `2026-11-27T18:30+01:00[Europe/Berlin]`.
pub fn parse_instant(s: &str) -> Result<Timestamp> {
    if let Ok(t) = s.parse::<Timestamp>() {
        return Ok(t);
    }
    let z: jiff::Zoned = s
        .parse()
        .context("expected an RFC 3339 instant such as 2026-11-27T18:30:00Z")?;
    Ok(z.timestamp())
}
