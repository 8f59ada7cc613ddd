//! `canary import auto`: find the usual sources on this machine and ask before reading each.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};
use canary::SourceKind;
use canary::sources::discover::discover;

/// The sources to import: everything found with `yes`, else those the person accepts.
pub fn choose(roots: &[PathBuf], yes: bool) -> Result<Vec<(SourceKind, PathBuf)>> {
    let home = etcetera::home_dir().context("cannot find your home directory")?;
    let found = discover(&home, roots);
    if found.is_empty() {
        eprintln!(
            "Found no shell history, mail folder, ActivityWatch export or git repository in the usual places."
        );
        eprintln!("hint: give folders to search for git repositories: `canary import auto ~/src`");
        return Ok(Vec::new());
    }
    if !yes && !std::io::stdin().is_terminal() {
        bail!(
            "found {} sources but cannot ask without a terminal: pass --yes to import them all",
            found.len()
        );
    }
    let mut chosen = Vec::new();
    for c in found {
        let take = yes
            || dialoguer::Confirm::new()
                .with_prompt(format!(
                    "Import {} at {}?",
                    c.what,
                    canary::privacy::display_safe(&c.path.display().to_string())
                ))
                .default(true)
                .interact()
                .context("cannot ask")?;
        if take {
            chosen.push((c.source, c.path));
        }
    }
    Ok(chosen)
}
