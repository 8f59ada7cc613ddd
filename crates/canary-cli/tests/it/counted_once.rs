//! Counting each thing once across copies with different natural keys: the same sent mail in
//! three sent folders under three Message-IDs (the real Enron `allen-p` Maildir), and the same
//! change committed again by a rebase, imported from two clones.

use std::collections::HashSet;
use std::path::Path;

use crate::common;
use common::{Home, git, shared_data};

/// The header fields of a message file, unfolded, by lower-cased name (first occurrence).
fn headers(bytes: &[u8]) -> std::collections::HashMap<String, String> {
    let text = String::from_utf8_lossy(bytes);
    let mut fields: Vec<(String, String)> = Vec::new();
    for line in text.split('\n').map(|l| l.trim_end_matches('\r')) {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(last) = fields.last_mut() {
                last.1.push(' ');
                last.1.push_str(line.trim());
            }
        } else if let Some((name, value)) = line.split_once(':') {
            fields.push((name.to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    let mut out = std::collections::HashMap::new();
    for (k, v) in fields {
        out.entry(k).or_insert(v);
    }
    out
}

/// Distinct (Date, From, To, Subject) over every message file under `dir`'s sent folders,
/// and how many files there were.
fn distinct_sent(dir: &Path) -> (usize, usize) {
    let mut seen = HashSet::new();
    let mut files = 0;
    for folder in ["sent", "sent_items", "_sent_mail"] {
        for entry in std::fs::read_dir(dir.join(folder).join("cur")).unwrap() {
            let h = headers(&std::fs::read(entry.unwrap().path()).unwrap());
            let field = |k: &str| {
                h.get(k)
                    .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
                    .unwrap_or_default()
            };
            files += 1;
            seen.insert((field("date"), field("from"), field("to"), field("subject")));
        }
    }
    (files, seen.len())
}

#[test]
#[ignore = "needs ../shared/data"]
fn a_sent_mail_filed_in_three_sent_folders_counts_once() {
    let dir = shared_data().join("mail/enron-maildir/allen-p");
    let (files, distinct) = distinct_sent(&dir);
    assert!(
        files > distinct,
        "the sample holds copies: {files} files, {distinct} distinct"
    );

    let home = Home::new();
    home.init(&[]);
    let import = [
        "import".as_ref(),
        "maildir".as_ref(),
        "--json".as_ref(),
        dir.as_os_str(),
    ];
    home.json(import);
    let sent = home.json(["events", "--all", "--kind", "mail_sent", "--json"]);
    assert_eq!(sent.as_array().unwrap().len(), distinct, "{files} files");

    // Importing again adds nothing.
    let again = home.json(import);
    assert_eq!(again["new"], 0, "{again}");
}

#[test]
fn a_rebased_change_imported_from_another_clone_counts_once() {
    let home = Home::new();
    home.init(&["--email", "ana@example.org"]);
    let a = home.dir.path().join("a");
    std::fs::create_dir(&a).unwrap();
    git(&a, &["init", "-q", "-b", "main"], None, "ana@example.org");
    for (i, when) in ["2026-11-02T10:00:00+01:00", "2026-11-03T11:00:00+01:00"]
        .iter()
        .enumerate()
    {
        std::fs::write(a.join("f"), format!("{i}")).unwrap();
        git(&a, &["add", "f"], None, "ana@example.org");
        git(
            &a,
            &["commit", "-qm", &format!("change {i}")],
            Some(when),
            "ana@example.org",
        );
    }
    // A second clone where the same two changes are rebased onto a new root: new commit ids,
    // same authors, author times and subjects.
    let b = home.dir.path().join("b");
    std::fs::create_dir(&b).unwrap();
    git(&b, &["init", "-q", "-b", "main"], None, "ana@example.org");
    std::fs::write(b.join("root"), "r").unwrap();
    git(&b, &["add", "root"], None, "ana@example.org");
    git(
        &b,
        &["commit", "-qm", "root"],
        Some("2026-11-01T09:00:00+01:00"),
        "ana@example.org",
    );
    git(
        &b,
        &["fetch", "-q", a.to_str().unwrap(), "main"],
        None,
        "ana@example.org",
    );
    git(
        &b,
        &["cherry-pick", "FETCH_HEAD~1", "FETCH_HEAD"],
        None,
        "ana@example.org",
    );

    let import = |repo: &Path| {
        home.json([
            "import".as_ref(),
            "git".as_ref(),
            "--json".as_ref(),
            repo.as_os_str(),
        ])
    };
    assert_eq!(import(&a)["new"], 2);
    let second = import(&b);
    // Only the new root is new; the two cherry-picked commits are the same changes.
    assert_eq!(
        (second["new"].as_u64(), second["duplicates"].as_u64()),
        (Some(1), Some(2)),
        "{second}"
    );
    let commits = home.json(["events", "--all", "--kind", "commit", "--json"]);
    assert_eq!(commits.as_array().unwrap().len(), 3);
}
