//! `canary import auto`: find the usual sources on this machine, list what was found (kind,
//! path, size, date), ask once — all, choose, or none — and, after the import, sum up per
//! source with the next command to run.
//!
//! Without a terminal nothing is asked: the list is printed and `--yes` is needed to import.

use std::io::IsTerminal;
use std::path::PathBuf;

use anyhow::{Context as _, Result, bail};
use canary::SourceKind;
use canary::app::import::ImportSummary;
use canary::privacy::display_safe;
use canary::sources::discover::{Candidate, discover};

/// The sources to import: everything found with `yes`, else what the person picks.
pub fn choose(roots: &[PathBuf], yes: bool) -> Result<Vec<(SourceKind, PathBuf)>> {
    let home = etcetera::home_dir().context("cannot find your home directory")?;
    let found = discover(&home, roots);
    if found.is_empty() {
        eprintln!(
            "Found nothing to import in the usual places (shell histories, mail folders and mbox files, .ics and Takeout exports, on-call and Slack exports in Downloads, ActivityWatch, git repositories under the folders given)."
        );
        eprintln!("hint: give folders to search for git repositories: `canary import auto ~/src`");
        return Ok(Vec::new());
    }
    // The list first, on stderr with the progress and prompts (stdout keeps the summary).
    eprint!("{}", listing(&found));
    if yes {
        return Ok(found.into_iter().map(|c| (c.source, c.path)).collect());
    }
    if !std::io::stdin().is_terminal() {
        bail!(
            "found {} but cannot ask without a terminal: pass --yes to import them all",
            canary::words::count(found.len(), "source")
        );
    }
    let answer = dialoguer::Select::new()
        .with_prompt(format!("Import {}?", them(found.len())))
        .items(["all", "choose", "none"])
        .default(0)
        .interact()
        .context("cannot ask")?;
    let picked: Vec<usize> = match answer {
        0 => (0..found.len()).collect(),
        1 => dialoguer::MultiSelect::new()
            .with_prompt("Which? (space to pick, enter to import)")
            .items(found.iter().map(short_line).collect::<Vec<_>>())
            .defaults(&vec![true; found.len()])
            .interact()
            .context("cannot ask")?,
        _ => Vec::new(),
    };
    if picked.is_empty() {
        eprintln!("Nothing imported.");
    }
    Ok(found
        .into_iter()
        .enumerate()
        .filter(|(i, _)| picked.contains(i))
        .map(|(_, c)| (c.source, c.path))
        .collect())
}

fn them(n: usize) -> &'static str {
    if n == 1 { "it" } else { "them" }
}

/// What was found, one line each: kind, what it is, size, last modified, path.
pub fn listing(found: &[Candidate]) -> String {
    let mut s = format!(
        "Found {} to import:\n",
        canary::words::count(found.len(), "source")
    );
    for c in found {
        s.push_str(&format!("  {}\n", short_line(c)));
    }
    s
}

fn short_line(c: &Candidate) -> String {
    let size = c.bytes.map(size).unwrap_or_else(|| "folder".to_string());
    let modified = c
        .modified
        .and_then(|m| jiff::Timestamp::try_from(m).ok())
        .map(|t| format!("changed {}", t.strftime("%Y-%m-%d")))
        .unwrap_or_default();
    format!(
        "{:<13} {:<26} {:>8}  {:<18} {}",
        c.source.as_str(),
        c.what,
        size,
        modified,
        display_safe(&c.path.display().to_string())
    )
}

/// Bytes as "512 B", "3.4 KB", "12 MB", "1.2 GB" (powers of 1000).
fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1000 {
        return format!("{bytes} B");
    }
    let mut v = bytes as f64;
    let mut unit = "B";
    for u in UNITS {
        if v < 1000.0 {
            break;
        }
        v /= 1000.0;
        unit = u;
    }
    if v < 10.0 {
        format!("{v:.1} {unit}")
    } else {
        format!("{v:.0} {unit}")
    }
}

/// After `import auto`: per source, what was new, already there and skipped, and the next
/// command to run.
pub fn summary(s: &ImportSummary) -> String {
    use std::collections::BTreeMap;
    let mut by: BTreeMap<&str, (usize, u64, u64, u64, usize)> = BTreeMap::new();
    for p in &s.paths {
        let e = by.entry(p.source.as_str()).or_default();
        e.0 += 1;
        if p.failure.is_some() {
            e.4 += 1;
        } else {
            e.1 += p.new;
            e.2 += p.duplicates;
            e.3 += p.skipped;
        }
    }
    if by.is_empty() {
        return String::new();
    }
    let mut out = String::from("\nImported:\n");
    for (source, (paths, new, dup, skipped, failed)) in &by {
        let failed = if *failed > 0 {
            format!(", {failed} failed")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "  {source:<13} {:<10} {}, {dup} already there, {skipped} skipped{failed}\n",
            canary::words::count(
                *paths,
                if *source == "git" {
                    "repository"
                } else {
                    "path"
                }
            ),
            canary::words::count(*new, "new event"),
        ));
    }
    let next = if s.new > 0 {
        "Next: `canary report` for the picture, or `canary serve` for the dashboard."
    } else {
        "Nothing new: `canary report` shows what the store holds."
    };
    out.push_str(next);
    out.push('\n');
    if s.skipped > 0 {
        out.push_str("The skipped records and why: `canary sources runs`.\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_short() {
        assert_eq!(size(0), "0 B");
        assert_eq!(size(999), "999 B");
        assert_eq!(size(1000), "1.0 KB");
        assert_eq!(size(3_456), "3.5 KB");
        assert_eq!(size(12_345_678), "12 MB");
        assert_eq!(size(1_200_000_000), "1.2 GB");
    }
}
