//! Work versus personal: the person's own rules (`[personal]` in the settings), applied by
//! the importers while they still see the names, so that only a flag is stored.
//!
//! Every rule is a list of patterns, matched without regard to case, where `*` stands for any
//! run of characters and `?` for one. A path rule matches the path itself and everything
//! under it; `~` at its start is the home folder. The names (apps, titles, folders, hosts,
//! repositories, accounts) are read at import and never stored: change a rule, then
//! `canary sources forget KIND` and import again to apply it to what was imported before.
//!
//! ```toml
//! [personal]
//! apps = ["spotify", "steam", "discord"]
//! titles = ["*youtube*", "*netflix*"]
//! phone_work_apps = ["com.slack", "com.microsoft.teams", "*outlook*"]
//! dirs = ["~/src/dotfiles", "~/personal"]
//! hosts = ["gaming-pc"]
//! repos = ["~/src/hobby-*"]
//! accounts = ["me@gmail.com"]
//! ```

use std::path::Path;

use serde::{Deserialize, Serialize};

/// Which traces are personal, not work.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct PersonalRules {
    /// Apps (a tracker's `app`: a program, an Android package or label) whose time is personal.
    pub apps: Vec<String>,
    /// Window titles whose time is personal (a browser tab on a video site).
    pub titles: Vec<String>,
    /// A phone's work apps. A phone's foreground apps (ActivityWatch on Android) are personal
    /// except these; while this list is empty the phone's time is left out altogether.
    pub phone_work_apps: Vec<String>,
    /// Working folders whose commands are personal (for histories that record them: atuin).
    pub dirs: Vec<String>,
    /// Hosts whose commands are personal (for histories that record them: atuin).
    pub hosts: Vec<String>,
    /// Git repositories (their folders) whose commits are personal.
    pub repos: Vec<String>,
    /// Mail accounts (addresses) whose mail is personal: sent from one of them, or received
    /// at one of them and at none of the person's other addresses.
    pub accounts: Vec<String>,
}

impl PersonalRules {
    /// Whether no rule is set.
    pub fn is_empty(&self) -> bool {
        *self == PersonalRules::default()
    }

    /// A tracker's window: personal when its app or its title matches.
    pub fn window_is_personal(&self, app: &str, title: &str) -> bool {
        any_matches(&self.apps, app) || any_matches(&self.titles, title)
    }

    /// A phone's app: work only when listed in `phone_work_apps`.
    pub fn phone_app_is_work(&self, names: &[&str]) -> bool {
        names.iter().any(|n| any_matches(&self.phone_work_apps, n))
    }

    /// A shell command run in `dir` (when known) on `host` (when known).
    pub fn command_is_personal(&self, dir: Option<&str>, host: Option<&str>, home: &Path) -> bool {
        dir.is_some_and(|d| self.dirs.iter().any(|p| path_matches(p, d, home)))
            || host.is_some_and(|h| any_matches(&self.hosts, h))
    }

    /// A repository's commits, by the repository's folder.
    pub fn repo_is_personal(&self, repo: &Path, home: &Path) -> bool {
        let repo = repo.to_string_lossy();
        self.repos.iter().any(|p| path_matches(p, &repo, home))
    }

    /// Whether `address` is one of the personal accounts.
    pub fn is_personal_account(&self, address: &str) -> bool {
        any_matches(&self.accounts, address.trim())
    }
}

fn any_matches(patterns: &[String], text: &str) -> bool {
    !text.is_empty() && patterns.iter().any(|p| matches(p.trim(), text))
}

/// Whether `path` is the folder `pattern` names (after `~`) or lies under it.
pub fn path_matches(pattern: &str, path: &str, home: &Path) -> bool {
    let pattern = pattern.trim().trim_end_matches('/');
    if pattern.is_empty() {
        return false;
    }
    let expanded = match pattern.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            format!("{}{rest}", home.to_string_lossy().trim_end_matches('/'))
        }
        _ => pattern.to_string(),
    };
    let path = path.trim_end_matches('/');
    matches(&expanded, path) || matches(&format!("{expanded}/*"), path)
}

/// Wildcard match, case-insensitive: `*` any run of characters (slashes too), `?` one.
pub fn matches(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().flat_map(char::to_lowercase).collect();
    let t: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
    // The classic two-pointer match with one backtrack point: linear in practice, never
    // exponential.
    let (mut i, mut j) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while j < t.len() {
        if i < p.len() && (p[i] == '?' || p[i] == t[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn wildcards_match_without_regard_to_case() {
        assert!(matches("spotify", "Spotify"));
        assert!(matches("*youtube*", "Cats - YouTube — Mozilla Firefox"));
        assert!(matches("com.instagram.*", "com.instagram.android"));
        assert!(matches("a?c", "abc"));
        assert!(!matches("a?c", "ac"));
        assert!(!matches("steam", "steamworks"));
        assert!(matches("", ""));
        assert!(!matches("", "x"));
    }

    #[test]
    fn a_path_rule_covers_the_folder_and_what_is_under_it() {
        let home = Path::new("/home/ana");
        assert!(path_matches(
            "~/src/dotfiles",
            "/home/ana/src/dotfiles",
            home
        ));
        assert!(path_matches(
            "~/src/dotfiles/",
            "/home/ana/src/dotfiles/zsh",
            home
        ));
        assert!(!path_matches(
            "~/src/dotfiles",
            "/home/ana/src/dotfiles-work",
            home
        ));
        assert!(path_matches(
            "~/src/hobby-*",
            "/home/ana/src/hobby-game",
            home
        ));
        assert!(path_matches("/srv/me", "/srv/me/x", home));
        assert!(!path_matches("", "/anything", home));
        assert!(!path_matches("~other/x", "/home/ana/x", home));
    }

    #[test]
    fn rules_by_kind() {
        let r = PersonalRules {
            apps: vec!["discord".into()],
            titles: vec!["*netflix*".into()],
            phone_work_apps: vec!["com.slack".into()],
            hosts: vec!["gaming-pc".into()],
            accounts: vec!["me@gmail.com".into()],
            ..PersonalRules::default()
        };
        assert!(r.window_is_personal("Discord", ""));
        assert!(r.window_is_personal("firefox", "Netflix"));
        assert!(!r.window_is_personal("code", "main.rs"));
        assert!(r.phone_app_is_work(&["Slack", "com.slack"]));
        assert!(!r.phone_app_is_work(&["Instagram", "com.instagram.android"]));
        assert!(r.command_is_personal(None, Some("gaming-pc"), Path::new("/h")));
        assert!(!r.command_is_personal(None, None, Path::new("/h")));
        assert!(r.is_personal_account(" Me@Gmail.com"));
        assert!(!PersonalRules::default().window_is_personal("", ""));
    }

    /// A naive recursive matcher, the definition the fast one must agree with.
    fn naive(p: &[char], t: &[char]) -> bool {
        match (p.first(), t.first()) {
            (None, None) => true,
            (Some('*'), _) => naive(&p[1..], t) || (!t.is_empty() && naive(p, &t[1..])),
            (Some('?'), Some(_)) => naive(&p[1..], &t[1..]),
            (Some(a), Some(b)) => a == b && naive(&p[1..], &t[1..]),
            _ => false,
        }
    }

    proptest! {
        #[test]
        fn agrees_with_the_definition(p in "[ab*?]{0,8}", t in "[ab]{0,10}") {
            let pc: Vec<char> = p.chars().collect();
            let tc: Vec<char> = t.chars().collect();
            prop_assert_eq!(matches(&p, &t), naive(&pc, &tc));
        }
    }
}
