//! The shell-history importers on real files (`../shared/data/shell`) and through the store.
//!
//! Expected counts are established here by a plain byte scan, independently of the
//! importers, and also checked against the figures documented in `data/README.md`.

use crate::common;

use std::collections::HashSet;
use std::path::Path;

use canary::SourceKind;
use canary::privacy::IdentityHasher;
use canary::settings::Identities;
use canary::sources::{ImportContext, ImportError, ImportFn, VecSink, atuin, bash, fish, zsh};
use canary::store::{Store, StoreSink};
use jiff::Timestamp;

const ZSH_2019: &str = "zsh_history-extended-2019";
const ZSH_2017: &str = "zsh_history-extended-2017";
const FISH_2024: &str = "fish_history-2024";

fn context() -> ImportContext {
    ImportContext::new(Identities::default(), IdentityHasher::new([0; 32]))
}

fn import(f: ImportFn, path: &Path) -> Result<VecSink, ImportError> {
    let mut sink = VecSink::default();
    f(path, &context(), &mut sink)?;
    Ok(sink)
}

/// The lines of a file, without the empty piece after a final newline.
fn lines(bytes: &[u8]) -> Vec<&[u8]> {
    let mut lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    if lines.last() == Some(&&b""[..]) {
        lines.pop();
    }
    lines
}

/// Whether a line starts `: <digits>:<digits>;`.
fn is_zsh_header(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b": ") else {
        return false;
    };
    let mut i = 0;
    for sep in [b':', b';'] {
        let start = i;
        while i < rest.len() && rest[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || rest.get(i) != Some(&sep) {
            return false;
        }
        i += 1;
    }
    true
}

/// Extended entries in a zsh history: lines that start `: <digits>:<digits>;`. Also returns how
/// many of them follow a line ending in a backslash, which zsh's own reader would take as
/// continuation lines (see `sources/zsh.rs` for why they are entries).
fn count_zsh_entries(bytes: &[u8]) -> (usize, usize) {
    let mut previous_continues = false;
    let (mut count, mut after_backslash) = (0, 0);
    for line in lines(bytes) {
        if is_zsh_header(line) {
            count += 1;
            after_backslash += usize::from(previous_continues);
        }
        previous_continues = line.last() == Some(&b'\\');
    }
    (count, after_backslash)
}

fn count_fish_entries(bytes: &[u8]) -> usize {
    lines(bytes)
        .iter()
        .filter(|l| l.starts_with(b"- cmd:"))
        .count()
}

fn assert_unique_keys(sink: &VecSink) {
    let keys: HashSet<&str> = sink.events.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys.len(), sink.events.len(), "keys are not unique");
}

/// Import `path` into `store` as one run; returns (new, duplicates, skipped).
fn import_into(store: &mut Store, source: SourceKind, f: ImportFn, path: &Path) -> (u64, u64, u64) {
    let run = store
        .start_run(
            source,
            &path.display().to_string(),
            Timestamp::from_second(1_795_000_000).unwrap(),
        )
        .unwrap();
    let mut sink = StoreSink::new(store, run);
    f(path, &context(), &mut sink).unwrap();
    sink.flush().unwrap();
    (sink.new, sink.duplicates, sink.skipped)
}

#[test]
#[ignore = "needs ../shared/data"]
fn real_histories_yield_every_entry() {
    let data = common::shared_data();
    let shell = data.join("shell");
    let read = |name: &str| std::fs::read(shell.join(name)).unwrap();
    // Independent counts, and the figures documented in data/README.md.
    assert_eq!(count_zsh_entries(&read(ZSH_2019)), (11_330, 5));
    assert_eq!(count_zsh_entries(&read(ZSH_2017)), (169, 0));
    assert_eq!(count_fish_entries(&read(FISH_2024)), 800);
    for (name, f, entries, first) in [
        (ZSH_2019, zsh::import as ImportFn, 11_330, 1_560_318_924),
        (ZSH_2017, zsh::import, 169, 1_511_256_555),
        (FISH_2024, fish::import, 800, 1_714_175_807),
    ] {
        let sink = import(f, &shell.join(name)).unwrap();
        assert_eq!(sink.events.len(), entries, "{name}");
        assert!(sink.skipped.is_empty(), "{name}: {:?}", sink.skipped);
        assert_eq!(sink.events[0].utc.as_second(), first, "{name}");
        assert_unique_keys(&sink);
    }
}

#[test]
#[ignore = "needs ../shared/data"]
fn real_bash_history_without_timestamps_is_refused() {
    let data = common::shared_data();
    let path = data.join("shell/bash_history-no-timestamps");
    let bytes = std::fs::read(&path).unwrap();
    assert!(!lines(&bytes).iter().any(|l| l.first() == Some(&b'#')));
    let entries = lines(&bytes)
        .iter()
        .filter(|l| !l.trim_ascii().is_empty())
        .count();
    let err = import(bash::import, &path).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}: no timestamps: bash wrote this history without HISTTIMEFORMAT, so none of its \
             {entries} entries can be dated",
            path.display()
        )
    );
    let ImportError::Refused { hint, .. } = err else {
        panic!("{err:?}")
    };
    assert!(hint.unwrap().contains("export HISTTIMEFORMAT='%F %T '"));
}

#[test]
#[ignore = "needs ../shared/data"]
fn reimporting_real_histories_adds_nothing() {
    let data = common::shared_data();
    let shell = data.join("shell");
    let mut store = Store::open_in_memory().unwrap();
    let cases = [
        (ZSH_2019, SourceKind::Zsh, zsh::import as ImportFn, 11_330),
        (ZSH_2017, SourceKind::Zsh, zsh::import, 169),
        (FISH_2024, SourceKind::Fish, fish::import, 800),
    ];
    for (name, source, f, count) in cases {
        let path = shell.join(name);
        assert_eq!(
            import_into(&mut store, source, f, &path),
            (count, 0, 0),
            "{name}"
        );
        assert_eq!(
            import_into(&mut store, source, f, &path),
            (0, count, 0),
            "{name}"
        );
    }
    assert_eq!(store.event_count().unwrap(), 11_330 + 169 + 800);
}

/// Grow each kind of history and import again: only the new entries are added.
#[test]
fn grown_histories_add_only_new_entries() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open_in_memory().unwrap();
    // Entries (epoch) before and after growth; repeated seconds on both sides.
    let before = [1_700_000_000i64, 1_700_000_000, 1_700_000_060];
    let after = [1_700_000_060i64, 1_700_000_060, 1_700_000_120];
    let bash_entry: fn(i64) -> String = |t| format!("#{t}\nls\n");
    let zsh_entry: fn(i64) -> String = |t| format!(": {t}:0;ls \\\n-la\n");
    let fish_entry: fn(i64) -> String = |t| format!("- cmd: ls\n  when: {t}\n");
    let formats = [
        (
            "bash_history",
            SourceKind::Bash,
            bash::import as ImportFn,
            bash_entry,
        ),
        ("zsh_history", SourceKind::Zsh, zsh::import, zsh_entry),
        ("fish_history", SourceKind::Fish, fish::import, fish_entry),
    ];
    for (name, source, f, entry) in formats {
        let path = dir.path().join(name);
        let mut text: String = before.iter().map(|&t| entry(t)).collect();
        std::fs::write(&path, &text).unwrap();
        assert_eq!(
            import_into(&mut store, source, f, &path),
            (3, 0, 0),
            "{name}"
        );
        text.extend(after.iter().map(|&t| entry(t)));
        std::fs::write(&path, &text).unwrap();
        assert_eq!(
            import_into(&mut store, source, f, &path),
            (3, 3, 0),
            "{name}"
        );
    }

    let path = dir.path().join("history.db");
    let db = rusqlite::Connection::open(&path).unwrap();
    db.execute_batch(
        "PRAGMA journal_mode = WAL;
         CREATE TABLE history (id TEXT PRIMARY KEY, timestamp INTEGER NOT NULL,
           duration INTEGER NOT NULL, exit INTEGER NOT NULL, command TEXT NOT NULL,
           cwd TEXT NOT NULL, session TEXT NOT NULL, hostname TEXT NOT NULL, deleted_at INTEGER);
         INSERT INTO history VALUES
           ('a1', 1700000000000000000, 5, 0, 'ls', '/', 's', 'h', NULL),
           ('a2', 1700000000500000000, 5, 0, 'cd', '/', 's', 'h', NULL),
           ('a3', 1700000001000000000, 5, 0, 'rm', '/', 's', 'h', 1700000002000000000);",
    )
    .unwrap();
    let (source, f) = (SourceKind::Atuin, atuin::import as ImportFn);
    assert_eq!(import_into(&mut store, source, f, &path), (2, 0, 0));
    db.execute(
        "INSERT INTO history VALUES ('a4', 1700000009000000000, 5, 0, 'pwd', '/', 's', 'h', NULL)",
        [],
    )
    .unwrap();
    assert_eq!(import_into(&mut store, source, f, &path), (1, 2, 0));
    assert_eq!(store.event_count().unwrap(), 6 * 3 + 3);
}
