//! `canary import` of a path read before: unchanged, it is not read again; grown, only its
//! new part is read; `--again` reads it whole. Checked on the real mbox files.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::common::{Home, shared_data};

fn mbox_dir() -> PathBuf {
    shared_data().join("mail/enron-mbox")
}

/// Two real mailboxes: the first is imported, the second is what is added to it.
fn two_mailboxes() -> (Vec<u8>, Vec<u8>) {
    let read = |name: &str| std::fs::read(mbox_dir().join(name)).unwrap();
    (read("enron.neal-s.inbox"), read("enron.kitchen-l.inbox"))
}

/// A home whose settings are made (`canary init`).
fn initialised() -> Home {
    let home = Home::new();
    home.init(&[]);
    home
}

/// The import's text output (one line per path).
fn import(home: &Home, path: &Path, flags: &[&str]) -> String {
    let mut args = vec!["import", "mbox"];
    args.extend_from_slice(flags);
    args.push(path.to_str().unwrap());
    home.text(args)
}

fn import_json(home: &Home, path: &Path, flags: &[&str]) -> serde_json::Value {
    let mut args = vec!["import", "mbox", "--json"];
    args.extend_from_slice(flags);
    args.push(path.to_str().unwrap());
    home.json(args)["paths"][0].clone()
}

#[test]
#[ignore = "needs ../shared/data"]
fn a_mailbox_read_before_is_read_as_far_as_it_changed() {
    let (first, second) = two_mailboxes();
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::write(&inbox, &first).unwrap();

    let home = initialised();
    let whole = import_json(&home, &inbox, &[]);
    assert_eq!(whole["read"], "whole");
    let first_new = whole["new"].as_u64().unwrap();
    assert!(first_new > 100, "{whole}");

    // Unchanged: not read, and said so.
    let text = import(&home, &inbox, &[]);
    assert!(
        text.contains("unchanged since it was last read, not read again"),
        "{text}"
    );
    let unchanged = import_json(&home, &inbox, &[]);
    assert_eq!(
        (unchanged["read"].as_str(), unchanged["new"].as_u64()),
        (Some("unchanged"), Some(0))
    );

    // Grown by a second real mailbox: only the new part is read, and it brings what that
    // mailbox brings, as a file of its own, to a store that holds the first.
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&inbox)
        .unwrap();
    f.write_all(&second).unwrap();
    drop(f);
    let grown = import_json(&home, &inbox, &[]);
    assert_eq!(
        grown["read"],
        format!("from byte {}", first.len()),
        "{grown}"
    );
    let alone_home = initialised();
    let (first_file, alone_file) = (dir.path().join("first"), dir.path().join("second"));
    std::fs::write(&first_file, &first).unwrap();
    std::fs::write(&alone_file, &second).unwrap();
    import_json(&alone_home, &first_file, &[]);
    let alone = import_json(&alone_home, &alone_file, &[]);
    assert_eq!(
        (&grown["new"], &grown["duplicates"], &grown["skipped"]),
        (&alone["new"], &alone["duplicates"], &alone["skipped"]),
        "{grown} vs {alone}"
    );

    // `--again`: read whole, nothing new, every message counted as already imported.
    let again = import_json(&home, &inbox, &["--again"]);
    assert_eq!(again["read"], "whole");
    assert_eq!(again["new"], 0);
    let messages =
        |v: &serde_json::Value| v["new"].as_u64().unwrap() + v["duplicates"].as_u64().unwrap();
    assert_eq!(
        messages(&again),
        messages(&whole) + messages(&grown),
        "{again}"
    );
    let text = import(&home, &inbox, &["--again"]);
    assert!(text.contains(": 0 new, "), "{text}");
}

/// A mailbox its mail client rewrote (a message expunged, others filed in front of the rest)
/// is read whole, with the mailbox's stored keys at hand: what is stored counts as already
/// imported without its event being made, and the store ends as one that read the new
/// messages as a file of their own.
#[test]
#[ignore = "needs ../shared/data"]
fn a_mailbox_rewritten_is_read_whole_and_keeps_only_what_is_new() {
    let (first, second) = two_mailboxes();
    // The first mailbox without its first message (up to its second separator).
    let expunged = {
        let at = first
            .windows(6)
            .skip(1)
            .position(|w| w == b"\nFrom ")
            .expect("two messages")
            + 2;
        first[at..].to_vec()
    };
    let dir = tempfile::tempdir().unwrap();
    let inbox = dir.path().join("inbox");
    std::fs::write(&inbox, &first).unwrap();
    let home = initialised();
    let whole = import_json(&home, &inbox, &[]);
    std::fs::write(&inbox, [&second[..], &expunged[..]].concat()).unwrap();
    let rewritten = import_json(&home, &inbox, &[]);
    assert_eq!(
        rewritten["read"], "whole (replaced or rewritten)",
        "{rewritten}"
    );

    // The same messages into a store that holds the first mailbox, from a path never read.
    let apart = initialised();
    let (first_file, other_file) = (dir.path().join("first"), dir.path().join("other"));
    std::fs::write(&first_file, &first).unwrap();
    std::fs::write(&other_file, [&second[..], &expunged[..]].concat()).unwrap();
    import_json(&apart, &first_file, &[]);
    let other = import_json(&apart, &other_file, &[]);
    assert_eq!(
        (
            &rewritten["new"],
            &rewritten["duplicates"],
            &rewritten["skipped"]
        ),
        (&other["new"], &other["duplicates"], &other["skipped"]),
        "{rewritten} vs {other}"
    );
    let new = rewritten["new"].as_u64().unwrap();
    assert!(
        new > 50,
        "the second mailbox's messages are new: {rewritten}"
    );
    assert!(
        rewritten["duplicates"].as_u64().unwrap() + 1 >= whole["new"].as_u64().unwrap(),
        "the first mailbox's are stored: {rewritten} after {whole}"
    );
    // Event for event (time, kind, flags; keys are hashed with each store's own key).
    let events = |h: &Home| {
        let mut all: Vec<String> = h
            .json(["events", "--json", "--all"])
            .as_array()
            .unwrap()
            .iter()
            .map(std::string::ToString::to_string)
            .collect();
        all.sort();
        all
    };
    let (ours, theirs) = (events(&home), events(&apart));
    assert_eq!(ours.len() as u64, whole["new"].as_u64().unwrap() + new);
    assert_eq!(ours, theirs);
}
