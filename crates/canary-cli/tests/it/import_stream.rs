//! One `canary import` of many paths is one commit stream: each path keeps the counts it has
//! when imported alone, the store ends up with the same events, and importing again finds
//! every record already stored (the stored keys' digests drop them before SQLite).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::common;

use common::{Home, shared_data};

/// Per path (as the summary names it): new, duplicates, skipped and the first skips.
type Counts = BTreeMap<String, (u64, u64, u64, Vec<String>)>;

fn per_path(summary: &serde_json::Value) -> Counts {
    summary["paths"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let n = |k: &str| p[k].as_u64().unwrap();
            let skips = p["first_skipped"]
                .as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_string())
                .collect();
            (
                p["path"].as_str().unwrap().to_string(),
                (n("new"), n("duplicates"), n("skipped"), skips),
            )
        })
        .collect()
}

/// Every event of the store with its key replaced by whether it has one (keys are hashed
/// per store), in a stable order.
fn events(home: &Home) -> Vec<String> {
    let all = home.json(["events", "--json", "--all"]);
    let mut rows: Vec<String> = all
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let mut e = e.clone();
            let obj = e.as_object_mut().unwrap();
            for k in ["key", "parent", "identity", "counterpart", "actor"] {
                if let Some(v) = obj.get_mut(k) {
                    *v = serde_json::Value::Bool(!v.is_null());
                }
            }
            e.to_string()
        })
        .collect();
    rows.sort();
    rows
}

/// Import `paths` one command each, then all in one command in another home: the same
/// counts path by path, the same events, and the same runs.
fn same_as_one_by_one(kind: &str, paths: &[PathBuf]) -> (Home, Counts) {
    let apart = Home::new();
    let mut one_by_one = Counts::new();
    for p in paths {
        let s = apart.json([
            "import".as_ref(),
            kind.as_ref(),
            "--json".as_ref(),
            p.as_os_str(),
        ]);
        one_by_one.extend(per_path(&s));
    }
    let together = Home::new();
    let mut args: Vec<&std::ffi::OsStr> = vec!["import".as_ref(), kind.as_ref(), "--json".as_ref()];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    let all = per_path(&together.json(&args));
    assert_eq!(all, one_by_one);
    assert_eq!(events(&together), events(&apart));
    // The runs' counts and statuses path by path, and the sources' summary (kept at import).
    let listing = |h: &Home| {
        let s = h.json(["sources", "--json"]);
        let mut runs: Vec<String> = s["runs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                let f = |k: &str| r[k].to_string();
                [
                    f("path"),
                    f("new"),
                    f("duplicates"),
                    f("skipped"),
                    f("status"),
                ]
                .join(" ")
            })
            .collect();
        runs.sort();
        (runs, s["sources"].clone())
    };
    let (runs, sources) = listing(&together);
    assert_eq!(runs.len(), paths.len());
    assert_eq!((runs, sources), listing(&apart));
    (together, all)
}

/// A small mbox: `n` messages from `first`, each dated, and one without any date.
fn mbox(path: &Path, first: usize, n: usize) {
    let mut text = String::new();
    for i in first..first + n {
        text.push_str(&format!(
            "From a@example.org Mon Jan  1 00:00:00 2024\nMessage-ID: <{i}@example.org>\n\
             From: a@example.org\nTo: b@example.org\nSubject: s{i}\n\
             Date: Mon, 1 Jan 2024 {:02}:{:02}:00 +0000\n\nbody\n\n",
            i / 60 % 24,
            i % 60
        ));
    }
    text.push_str(&format!(
        "From a@example.org Mon Jan  1 00:00:00 2024\nMessage-ID: <nodate{first}@example.org>\n\
         From: a@example.org\nSubject: undated\n\nbody\n"
    ));
    std::fs::write(path, text).unwrap();
}

#[test]
fn many_files_in_one_command_count_as_one_command_each() {
    let dir = tempfile::tempdir().unwrap();
    // 40 mboxes, each overlapping the one before by 5 messages.
    let paths: Vec<PathBuf> = (0..40)
        .map(|i| {
            let p = dir.path().join(format!("box{i:02}"));
            mbox(&p, i * 20, 25);
            p
        })
        .collect();
    let (home, first) = same_as_one_by_one("mbox", &paths);
    let total = |c: &Counts, i: usize| c.values().map(|v| [v.0, v.1, v.2][i]).sum::<u64>();
    assert_eq!(total(&first, 0), 40 * 20 + 5);
    assert_eq!(total(&first, 1), 39 * 5);
    assert_eq!(total(&first, 2), 40);

    // Read again: every message is already stored, each path says so.
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "import".as_ref(),
        "mbox".as_ref(),
        "--json".as_ref(),
        "--again".as_ref(),
    ];
    args.extend(paths.iter().map(|p| p.as_os_str()));
    let again = per_path(&home.json(&args));
    for (path, (new, dup, skipped, _)) in &again {
        let (n0, d0, s0, _) = &first[path];
        assert_eq!((*new, *dup, *skipped), (0, n0 + d0, *s0), "{path}");
    }
}

#[test]
fn a_zsh_history_read_in_many_pieces_counts_as_one_command_each() {
    let dir = tempfile::tempdir().unwrap();
    let paths: Vec<PathBuf> = (0..25)
        .map(|i| {
            let p = dir.path().join(format!("h{i:02}"));
            let mut text = String::new();
            for j in 0..3_000u64 {
                // Each piece repeats the last 500 lines of the one before.
                let t = 1_700_000_000 + (i as u64 * 2_500 + j) * 7;
                text.push_str(&format!(": {t}:0;cmd {j}\n"));
            }
            text.push_str("not a history line\n");
            std::fs::write(&p, text).unwrap();
            p
        })
        .collect();
    let (_, counts) = same_as_one_by_one("zsh", &paths);
    assert_eq!(counts.values().map(|c| c.0).sum::<u64>(), 25 * 2_500 + 500);
}

#[test]
#[ignore = "needs ../shared/data"]
fn the_real_enron_mboxes_in_one_command_count_as_one_command_each() {
    let dir = shared_data().join("mail/enron-mbox");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    assert_eq!(paths.len(), 11);
    let (_, counts) = same_as_one_by_one("mbox", &paths);
    assert!(
        counts.values().map(|c| c.0).sum::<u64>() > 5_000,
        "{counts:?}"
    );
}
