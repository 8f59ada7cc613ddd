//! The CLI's one-way rules, checked from the source: no command module names another, and
//! the argument declarations (`cli`), the presentation (`render`, `style`) and the context
//! never name a command.
//!
//! ```text
//! main ──► cmd (dispatch) ──► cmd/<command> ──► cli, context, render, style ──► canary (app …)
//! ```
//!
//! A command module is a child of `cmd/` (a file or a folder, e.g. `team/` with its
//! subcommands); a file named `<command>_<part>.rs` is a part of `<command>`. `cmd/mod.rs`
//! dispatches, so it names every command. Comments do not count.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Edges allowed for now, each with why. A listed edge that no longer exists fails the test,
/// so the list only shrinks. Empty: no command names another.
const PENDING: &[(&str, &str, &str)] = &[];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The text without `//` comments.
fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if l[..i].matches('"').count() % 2 == 0 => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The first segments of the paths in a `{…}` group starting just after its `{`.
fn group_heads(s: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let (mut depth, mut at_start) = (0usize, true);
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => at_start = true,
            c if c.is_whitespace() => {}
            _ if at_start && depth == 0 => {
                heads.push(ident_at(&s[i..]).to_string());
                at_start = false;
            }
            _ => {}
        }
    }
    heads
}

fn heads(rest: &str) -> Vec<String> {
    match rest.strip_prefix('{') {
        Some(g) => group_heads(g),
        None => vec![ident_at(rest).to_string()],
    }
}

/// The children of `cmd/` a file names: `crate::cmd::x`, `crate::cmd::{x, y}`, and `super::x`
/// chains that climb to `cmd/` itself. `depth` is the file's depth below its command's root
/// file (`cmd/x.rs` and `cmd/x/mod.rs` are 0, `cmd/x/y.rs` is 1).
fn commands_named(text: &str, depth: usize) -> BTreeSet<String> {
    let code = strip_comments(text);
    let boundary = |i: usize| {
        i == 0
            || !code[..i]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':')
    };
    let mut out = BTreeSet::new();
    for (i, _) in code.match_indices("crate::cmd::") {
        if boundary(i) {
            out.extend(heads(&code[i + "crate::cmd::".len()..]));
        }
    }
    for (i, _) in code.match_indices("super::") {
        if !boundary(i) {
            continue;
        }
        let mut rest = &code[i..];
        let mut k = 0;
        while let Some(r) = rest.strip_prefix("super::") {
            rest = r;
            k += 1;
        }
        if k == depth + 1 {
            out.extend(heads(rest));
        }
    }
    out.retain(|h| !h.is_empty() && h != "*");
    out
}

/// Every `.rs` file under `path` with its depth below the command's root file.
fn files(path: &Path, depth: usize, out: &mut Vec<(PathBuf, usize)>) {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)
            .expect("read a source folder")
            .map(|e| e.expect("a folder entry").path())
            .collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                files(&p, depth + 1, out);
            } else if p.extension().is_some_and(|e| e == "rs") {
                let is_mod = p.file_name().is_some_and(|n| n == "mod.rs");
                out.push((p, if is_mod { depth } else { depth + 1 }));
            }
        }
    } else {
        out.push((path.to_path_buf(), depth));
    }
}

/// The commands: children of `cmd/`, by name; parts (`<command>_<part>`) map to their command.
fn commands() -> (BTreeSet<String>, impl Fn(&str) -> String) {
    let names: BTreeSet<String> = std::fs::read_dir(src().join("cmd"))
        .expect("read cmd/")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "rs"))
        .map(|p| {
            p.file_stem()
                .expect("a name")
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n != "mod")
        .collect();
    let all = names.clone();
    let group = move |n: &str| {
        n.split_once('_')
            .map(|(head, _)| head)
            .filter(|head| all.contains(*head))
            .unwrap_or(n)
            .to_string()
    };
    let commands = names.iter().map(|n| group(n)).collect();
    (commands, group)
}

/// Every (command, command it names) edge between different commands.
fn edges() -> BTreeSet<(String, String)> {
    let (_, group) = commands();
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(src().join("cmd")).expect("read cmd/") {
        let path = entry.expect("an entry").path();
        let name = path
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        if name == "mod" {
            continue;
        }
        let mut fs = Vec::new();
        files(&path, 0, &mut fs);
        for (f, depth) in fs {
            let text = std::fs::read_to_string(&f).expect("read a source file");
            for named in commands_named(&text, depth) {
                let (from, to) = (group(&name), group(&named));
                if from != to {
                    out.insert((from, to));
                }
            }
        }
    }
    out
}

#[test]
fn no_command_names_another() {
    let found = edges();
    let pending: BTreeSet<(String, String)> = PENDING
        .iter()
        .map(|(a, b, _)| (a.to_string(), b.to_string()))
        .collect();
    let wrong: Vec<_> = found.difference(&pending).collect();
    assert!(
        wrong.is_empty(),
        "a command module names another (move what they share to render/, cli/ or canary::app): {wrong:?}"
    );
    let stale: Vec<_> = pending.difference(&found).collect();
    assert!(
        stale.is_empty(),
        "these exemptions are no longer needed: remove them from PENDING in src/layers.rs: {stale:?}"
    );
}

#[test]
fn arguments_presentation_and_context_never_name_a_command() {
    let mut fs = Vec::new();
    for p in ["cli.rs", "cli", "render", "context.rs", "style.rs"] {
        files(&src().join(p), 0, &mut fs);
    }
    let wrong: Vec<String> = fs
        .iter()
        .filter(|(f, _)| {
            let text = strip_comments(&std::fs::read_to_string(f).expect("read a source file"));
            text.contains("crate::cmd")
        })
        .map(|(f, _)| f.display().to_string())
        .collect();
    assert!(
        wrong.is_empty(),
        "these files name `crate::cmd` (one way only: cmd → cli): {wrong:?}"
    );
}

#[test]
fn the_reader_sees_command_paths_and_groups() {
    let text = "use crate::cmd::{plan, report::compute};\n\
                // use crate::cmd::events;\n\
                use super::serve::Snapshot;\n\
                use super::super::assess;";
    let at_root: BTreeSet<String> = ["plan", "report", "serve"]
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(commands_named(text, 0), at_root);
    let nested: BTreeSet<String> = ["plan", "report", "assess"]
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(commands_named(text, 1), nested);
    let (commands, group) = commands();
    assert!(commands.contains("serve") && commands.contains("team"));
    assert_eq!(group("serve_pages"), "serve");
    assert_eq!(group("hook_scripts"), "hook");
}
