//! Finding the traces of work commonly on a machine, for `canary import auto`: shell
//! histories, git repositories under given roots, Thunderbird, Evolution and mutt mail
//! (Maildirs with or without `new/`, `~/mail/*.mbox`), Google Takeout mail and calendars,
//! `.ics` exports, PagerDuty, Opsgenie and Slack exports in Downloads, and ActivityWatch (its
//! export in Downloads, aw-server-rust's database).
//!
//! Where to look is each source's `discover` list in the [registry](super::registry); this
//! module knows how to look ([`Discover`]). Home files come first, then Thunderbird, Maildirs
//! and git repositories under the given roots, each in registry order. Discovery only looks at
//! names, folder shapes and file metadata (size, modification date); it reads no file's
//! content. What it finds is listed to the person, who is asked once, before anything is read. Not for: importing (each candidate names the importer
//! that reads it).

use std::path::{Path, PathBuf};

use super::registry::{Discover, SOURCES};
use crate::event::SourceKind;

/// Something worth importing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub source: SourceKind,
    pub path: PathBuf,
    /// What it is, in a few words ("zsh history", "Thunderbird folder Inbox").
    pub what: String,
    /// Its size in bytes, for a file (a folder's would need a walk).
    pub bytes: Option<u64>,
    /// When it was last modified, from the file system (no clock is read).
    pub modified: Option<std::time::SystemTime>,
}

impl Candidate {
    fn new(source: SourceKind, path: PathBuf, what: impl Into<String>) -> Candidate {
        let meta = std::fs::metadata(&path).ok();
        Candidate {
            source,
            bytes: meta
                .as_ref()
                .filter(|m| m.is_file())
                .map(std::fs::Metadata::len),
            modified: meta.and_then(|m| m.modified().ok()),
            path,
            what: what.into(),
        }
    }
}

/// How deep to look for git repositories under a root.
pub const GIT_DEPTH: usize = 4;

/// Folders never worth descending into while looking for repositories.
const SKIP_DIRS: &[&str] = &[
    "node_modules",
    "target",
    ".cache",
    "vendor",
    ".venv",
    "venv",
    "__pycache__",
];

/// Look under `home` for the usual places, and under `roots` for git repositories.
pub fn discover(home: &Path, roots: &[PathBuf]) -> Vec<Candidate> {
    let mut out = Vec::new();
    // The cheap looks first: single files, then folder walks.
    let phases: [fn(&Discover) -> bool; 4] = [
        |d| {
            matches!(
                d,
                Discover::HomeFile(..) | Discover::FilesIn(..) | Discover::SlackExports(..)
            )
        },
        |d| matches!(d, Discover::ThunderbirdFolders),
        |d| matches!(d, Discover::MaildirTree(..)),
        |d| matches!(d, Discover::GitRepositories),
    ];
    for in_phase in phases {
        for source in SOURCES {
            for place in source.discover.iter().filter(|d| in_phase(d)) {
                look(source.kind, place, home, roots, &mut out);
            }
        }
    }
    out
}

/// Look in one place for `source`.
fn look(
    source: SourceKind,
    place: &Discover,
    home: &Path,
    roots: &[PathBuf],
    out: &mut Vec<Candidate>,
) {
    match *place {
        Discover::HomeFile(rel, what) => {
            let path = home.join(rel);
            if path.is_file() {
                out.push(Candidate::new(source, path, what));
            }
        }
        Discover::MaildirTree(rel, what) => {
            let path = home.join(rel);
            if is_maildir_tree(&path) {
                out.push(Candidate::new(source, path, what));
            }
        }
        Discover::FilesIn(rel, words, ext, what) => {
            for path in sorted_entries(&home.join(rel)) {
                if path.is_file() && named(&path, words, ext) {
                    out.push(Candidate::new(source, path, what));
                }
            }
        }
        Discover::SlackExports(rel) => {
            for path in sorted_entries(&home.join(rel)) {
                if path.join("channels.json").is_file() {
                    out.push(Candidate::new(source, path, "Slack export"));
                }
            }
        }
        Discover::ThunderbirdFolders => thunderbird(source, home, out),
        Discover::GitRepositories => {
            for root in roots {
                git_repos(source, root, GIT_DEPTH, out);
            }
        }
    }
}

/// Thunderbird keeps each folder as an mbox file without extension beside a `.msf` index.
fn thunderbird(source: SourceKind, home: &Path, out: &mut Vec<Candidate>) {
    let Ok(profiles) = std::fs::read_dir(home.join(".thunderbird")) else {
        return;
    };
    for profile in profiles.flatten() {
        for store in ["Mail", "ImapMail"] {
            let Ok(accounts) = std::fs::read_dir(profile.path().join(store)) else {
                continue;
            };
            for account in accounts.flatten() {
                mbox_files(source, &account.path(), 3, out);
            }
        }
    }
}

fn mbox_files(source: SourceKind, dir: &Path, depth: usize, out: &mut Vec<Candidate>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut entries: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() && depth > 0 {
            mbox_files(source, &p, depth - 1, out);
        } else if p.is_file() && p.extension().is_none() && p.with_extension("msf").is_file() {
            let name = p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push(Candidate::new(
                source,
                p.clone(),
                format!("Thunderbird folder {name}"),
            ));
        }
    }
}

/// The entries of a folder, sorted; none when it cannot be read.
fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    paths
}

/// Whether a file's name ends in `.ext` and holds one of `words` (any when there are none).
fn named(path: &Path, words: &[&str], ext: &str) -> bool {
    let Some(name) = path.file_name().map(|n| n.to_string_lossy().to_lowercase()) else {
        return false;
    };
    name.ends_with(&format!(".{ext}"))
        && (words.is_empty() || words.iter().any(|w| name.contains(w)))
}

/// A Maildir (`cur/`; `new/` and `tmp/` are often missing from a copied or synced one) or a
/// folder holding Maildirs.
fn is_maildir_tree(p: &Path) -> bool {
    if !p.is_dir() {
        return false;
    }
    if p.join("cur").is_dir() {
        return true;
    }
    std::fs::read_dir(p)
        .is_ok_and(|entries| entries.flatten().any(|e| e.path().join("cur").is_dir()))
}

/// Repositories (folders holding `.git`, or bare repositories) under `dir`, sorted.
fn git_repos(source: SourceKind, dir: &Path, depth: usize, out: &mut Vec<Candidate>) {
    if dir.join(".git").exists() || (dir.join("HEAD").is_file() && dir.join("objects").is_dir()) {
        out.push(Candidate::new(source, dir.to_path_buf(), "git repository"));
        return;
    }
    if depth == 0 {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut dirs: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter(|e| {
            let name = e.file_name();
            let name = name.to_string_lossy();
            !name.starts_with('.') && !SKIP_DIRS.contains(&name.as_ref())
        })
        .map(|e| e.path())
        .collect();
    dirs.sort();
    for d in dirs {
        git_repos(source, &d, depth - 1, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(p: &Path) {
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, b"x").unwrap();
    }

    #[test]
    fn finds_the_usual_places_and_nothing_else() {
        let home = tempfile::tempdir().unwrap();
        let h = home.path();
        touch(&h.join(".zsh_history"));
        touch(&h.join(".local/share/fish/fish_history"));
        touch(&h.join("Downloads/aw-buckets-export.json"));
        touch(&h.join(".local/share/activitywatch/aw-server-rust/sqlite.db"));
        touch(&h.join(".local/share/activitywatch/aw-server/peewee-sqlite.v2.db"));
        touch(&h.join(".thunderbird/abc.default/Mail/Local Folders/Inbox"));
        touch(&h.join(".thunderbird/abc.default/Mail/Local Folders/Inbox.msf"));
        touch(&h.join(".thunderbird/abc.default/Mail/Local Folders/notes.txt"));
        std::fs::create_dir_all(h.join("Maildir/.Sent/cur")).unwrap();
        std::fs::create_dir_all(h.join("Maildir/.Sent/new")).unwrap();
        std::fs::create_dir_all(h.join("src/infra/.git")).unwrap();
        std::fs::create_dir_all(h.join("src/group/tool/.git")).unwrap();
        std::fs::create_dir_all(h.join("src/web/node_modules/dep/.git")).unwrap();
        std::fs::create_dir_all(h.join("src/infra/sub/.git")).unwrap();

        let found = discover(h, &[h.join("src")]);
        let got: Vec<(SourceKind, String)> = found
            .iter()
            .map(|c| {
                (
                    c.source,
                    c.path.strip_prefix(h).unwrap().display().to_string(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (SourceKind::Zsh, ".zsh_history".to_string()),
                (
                    SourceKind::Fish,
                    ".local/share/fish/fish_history".to_string()
                ),
                (
                    SourceKind::Activitywatch,
                    "Downloads/aw-buckets-export.json".to_string()
                ),
                (
                    SourceKind::Activitywatch,
                    ".local/share/activitywatch/aw-server-rust/sqlite.db".to_string()
                ),
                (
                    SourceKind::Mbox,
                    ".thunderbird/abc.default/Mail/Local Folders/Inbox".to_string()
                ),
                (SourceKind::Maildir, "Maildir".to_string()),
                (SourceKind::Git, "src/group/tool".to_string()),
                (SourceKind::Git, "src/infra".to_string()),
            ]
        );
    }

    #[test]
    fn finds_exports_takeout_and_maildirs_without_new() {
        let home = tempfile::tempdir().unwrap();
        let h = home.path();
        touch(&h.join("mail/work.mbox"));
        touch(&h.join("mail/notes.txt"));
        touch(&h.join("Downloads/Takeout/Mail/All mail Including Spam and Trash.mbox"));
        touch(&h.join("Downloads/Takeout/Calendar/me@example.org.ics"));
        touch(&h.join("Downloads/team-calendar.ics"));
        touch(&h.join("Downloads/incidents-2026.csv"));
        touch(&h.join("Downloads/holiday-photos.csv"));
        touch(&h.join("Downloads/opsgenie-alerts.json"));
        touch(&h.join("Downloads/Acme Slack export/channels.json"));
        std::fs::create_dir_all(h.join("Maildir/cur")).unwrap();

        let found = discover(h, &[]);
        let got: Vec<(SourceKind, String)> = found
            .iter()
            .map(|c| {
                (
                    c.source,
                    c.path.strip_prefix(h).unwrap().display().to_string(),
                )
            })
            .collect();
        let expect = [
            (SourceKind::Mbox, "mail/work.mbox"),
            (
                SourceKind::Mbox,
                "Downloads/Takeout/Mail/All mail Including Spam and Trash.mbox",
            ),
            (SourceKind::Ics, "Downloads/team-calendar.ics"),
            (
                SourceKind::Ics,
                "Downloads/Takeout/Calendar/me@example.org.ics",
            ),
            (SourceKind::Pagerduty, "Downloads/incidents-2026.csv"),
            (SourceKind::Opsgenie, "Downloads/opsgenie-alerts.json"),
            (SourceKind::Slack, "Downloads/Acme Slack export"),
            (SourceKind::Maildir, "Maildir"),
        ];
        let expect: Vec<(SourceKind, String)> =
            expect.iter().map(|(k, p)| (*k, p.to_string())).collect();
        assert_eq!(got, expect);
        // Files carry their size; folders do not.
        assert_eq!(found[0].bytes, Some(1));
        assert!(found[0].modified.is_some());
        assert_eq!(found[7].bytes, None);
    }

    #[test]
    fn an_empty_home_has_nothing() {
        let home = tempfile::tempdir().unwrap();
        assert!(discover(home.path(), &[home.path().join("missing")]).is_empty());
    }
}
