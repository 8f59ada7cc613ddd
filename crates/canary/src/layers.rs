//! The library's layers, checked: which top-level module may name which, read from the
//! `crate::…` (and root-reaching `super::…`) paths in every source file, comments left out.
//!
//! ```text
//! app ──▶ everything    plan ──▶ report and below    report ──▶ assessment, metrics, model …
//! assessment ──▶ metrics, model, journal    metrics ──▶ model, time, event, settings
//! model ──▶ time ──▶ settings ──▶ privacy    store ──▶ journal, event, sources, privacy    journal ──▶ ∅
//! event ──▶ source_table (the table of sources, a leaf that names nothing)
//! words (counts and durations in words, a leaf every layer may use)
//! ```
//!
//! [`ALLOWED`] is the table of who may depend on whom; a module outside it is not checked
//! (the importers, team mode and the demo sit beside the pipeline). The table itself must be
//! one-way (it is topologically sorted in the test), so no circle can hide in it. A test, not
//! a tool, so that `cargo test` fails the moment an import goes the wrong way.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every checked module with the modules it may name. Modules absent from a list may not be
/// named; `app` sits on top and may name anything.
const ALLOWED: &[(&str, &[&str])] = &[
    ("fsutil", &[]),
    ("privacy", &["fsutil"]),
    ("settings", &["fsutil", "privacy"]),
    ("time", &["settings"]),
    ("source_table", &[]),
    ("event", &["source_table"]),
    ("journal", &[]),
    ("words", &[]),
    ("digest", &[]),
    ("free", &[]),
    ("model", &["time", "words"]),
    ("metrics", &["model", "time", "event", "settings", "words"]),
    (
        "assessment",
        &["model", "metrics", "journal", "settings", "words"],
    ),
    (
        "report",
        &[
            "model",
            "metrics",
            "assessment",
            "journal",
            "event",
            "settings",
            "time",
            "privacy",
            "words",
        ],
    ),
    (
        "plan",
        &[
            "report",
            "model",
            "journal",
            "settings",
            "metrics",
            "assessment",
            "time",
            "words",
        ],
    ),
    (
        "store",
        &["journal", "event", "sources", "privacy", "digest", "free"],
    ),
    (
        "alerts",
        &[
            "model", "journal", "settings", "plan", "time", "metrics", "report", "event",
        ],
    ),
];

/// Modules that may name every other one.
const TOP: &[&str] = &["app"];

/// The source folder of this crate.
fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir` (or the file itself), with its depth below the module's root
/// file (`x.rs` and `x/mod.rs` are 0, `x/y.rs` is 1).
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
                let d = if p.file_name().is_some_and(|n| n == "mod.rs") {
                    depth
                } else {
                    depth + 1
                };
                out.push((p, d));
            }
        }
    } else {
        out.push((path.to_path_buf(), depth));
    }
}

/// The text without `//` comments (doc comments included: a doc link is not a dependency).
pub(crate) fn strip_comments(text: &str) -> String {
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) if !in_string(&l[..i]) => &l[..i],
            _ => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Whether a prefix of a line ends inside a string literal (an odd number of unescaped
/// quotes), so that `"https://…"` is not cut.
fn in_string(prefix: &str) -> bool {
    let mut inside = false;
    let mut escaped = false;
    for c in prefix.chars() {
        match c {
            '\\' if inside => escaped = !escaped,
            '"' if !escaped => inside = !inside,
            _ => escaped = false,
        }
    }
    inside
}

fn ident_at(s: &str) -> &str {
    let end = s
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(s.len());
    &s[..end]
}

/// The first segments of the paths in a `{…}` group that starts at `s` (just after `{`).
fn group_heads(s: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0usize;
    let mut at_start = true;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => at_start = true,
            c if c.is_whitespace() => {}
            _ if at_start && depth == 0 => {
                let id = ident_at(&s[i..]);
                if !id.is_empty() {
                    heads.push(id.to_string());
                }
                at_start = false;
            }
            _ => {}
        }
    }
    heads
}

/// The top-level names a file's code reaches from the crate root: `crate::x…`, `crate::{x,
/// y…}`, and `super::` chains that climb past the module's root file.
pub(crate) fn root_names(text: &str, depth: usize) -> BTreeSet<String> {
    let code = strip_comments(text);
    let mut out = BTreeSet::new();
    let bytes = code.as_bytes();
    let boundary = |i: usize| {
        i == 0
            || !(bytes[i - 1].is_ascii_alphanumeric()
                || bytes[i - 1] == b'_'
                || bytes[i - 1] == b':')
    };
    let mut push = |rest: &str| {
        if let Some(g) = rest.strip_prefix('{') {
            out.extend(group_heads(g));
        } else {
            let id = ident_at(rest);
            if !id.is_empty() {
                out.insert(id.to_string());
            }
        }
    };
    for (i, _) in code.match_indices("crate::") {
        if boundary(i) {
            push(&code[i + "crate::".len()..]);
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
        if k > depth {
            push(rest);
        }
    }
    out
}

/// The crate's top-level modules, each with the other top-level modules its files name.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = src();
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("read lib.rs");
    let mut modules = BTreeSet::new();
    // Names re-exported at the root (`pub use event::{Event, …}`) belong to their module.
    let mut root_alias: BTreeMap<String, String> = BTreeMap::new();
    for line in strip_comments(&lib).lines() {
        let line = line.trim();
        if let Some(m) = line
            .strip_prefix("pub mod ")
            .or_else(|| line.strip_prefix("mod "))
            .and_then(|r| r.strip_suffix(';'))
        {
            modules.insert(m.to_string());
        } else if let Some(r) = line.strip_prefix("pub use ") {
            let module = ident_at(r).to_string();
            let rest = &r[module.len()..];
            let names = match rest.find('{') {
                Some(b) => group_heads(&rest[b + 1..]),
                None => vec![ident_at(rest.trim_start_matches("::")).to_string()],
            };
            for n in names {
                root_alias.insert(n, module.clone());
            }
        }
    }
    let mut g = BTreeMap::new();
    for m in &modules {
        let path = if src.join(m).is_dir() {
            src.join(m)
        } else {
            src.join(format!("{m}.rs"))
        };
        let mut fs = Vec::new();
        files(&path, 0, &mut fs);
        let mut deps = BTreeSet::new();
        for (f, depth) in fs {
            let text = std::fs::read_to_string(&f).expect("read a source file");
            for name in root_names(&text, depth) {
                let target = root_alias.get(&name).cloned().unwrap_or(name);
                if modules.contains(&target) && target != *m {
                    deps.insert(target);
                }
            }
        }
        g.insert(m.clone(), deps);
    }
    g
}

#[test]
fn every_checked_module_names_only_what_the_table_allows() {
    let g = graph();
    let allowed: BTreeMap<&str, &[&str]> = ALLOWED.iter().copied().collect();
    let mut wrong = Vec::new();
    for (m, may) in &allowed {
        let deps = g
            .get(*m)
            .unwrap_or_else(|| panic!("`{m}` is in the table but not a module of the crate"));
        for d in deps {
            if !may.contains(&d.as_str()) {
                wrong.push(format!("{m} → {d}"));
            }
        }
    }
    for t in TOP {
        assert!(g.contains_key(*t), "`{t}` is not a module of the crate");
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers (see src/layers.rs): {wrong:?}"
    );
}

#[test]
fn the_layers_have_no_circle() {
    // Kahn's algorithm over the table: every module must come out, or a circle is left.
    let mut left: BTreeMap<&str, BTreeSet<&str>> = ALLOWED
        .iter()
        .map(|(m, deps)| {
            (
                *m,
                deps.iter().copied().filter(|d| *d != "sources").collect(),
            )
        })
        .collect();
    let mut order = Vec::new();
    while let Some(next) = left
        .iter()
        .find(|(_, deps)| deps.iter().all(|d| !left.contains_key(d)))
        .map(|(m, _)| *m)
    {
        left.remove(next);
        order.push(next);
    }
    assert!(left.is_empty(), "a circle among {:?}", left.keys());
    // And the real graph, restricted to the checked modules and the top, has none either.
    let g = graph();
    let checked: BTreeSet<&str> = ALLOWED
        .iter()
        .map(|(m, _)| *m)
        .chain(TOP.iter().copied())
        .collect();
    let mut left: BTreeMap<&str, BTreeSet<&str>> = g
        .iter()
        .filter(|(m, _)| checked.contains(m.as_str()))
        .map(|(m, deps)| {
            let deps = deps
                .iter()
                .map(String::as_str)
                .filter(|d| checked.contains(d))
                .collect();
            (m.as_str(), deps)
        })
        .collect();
    while let Some(next) = left
        .iter()
        .find(|(_, deps)| deps.iter().all(|d| !left.contains_key(d)))
        .map(|(m, _)| *m)
    {
        left.remove(next);
    }
    assert!(
        left.is_empty(),
        "a circle in the imports among {:?}",
        left.keys()
    );
}

#[test]
fn the_reader_sees_paths_and_groups_and_ignores_comments() {
    let text = "use crate::model::Report;\n\
                use crate::{journal::Checkin, metrics::{period, constants}};\n\
                // use crate::store::Store;\n\
                /// See [`crate::app`].\n\
                let url = \"https://x\"; let t = crate::time::Band::Sleep;\n\
                use super::super::event::Event;\n\
                use super::sibling;";
    let names = root_names(text, 1);
    let want: BTreeSet<String> = ["model", "journal", "metrics", "time", "event"]
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    assert_eq!(names, want);
    // At depth 0, one `super::` already reaches the root.
    assert!(root_names("use super::sibling;", 0).contains("sibling"));
}
