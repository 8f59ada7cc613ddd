//! The mail importers on real mail (`../shared/data/mail`) and through the store.
//!
//! Expected counts are established here by a plain line scan — a message starts at a line
//! beginning `From ` (mbox) or is a file (folders); its header lines run to the first empty
//! line; its key is its `Message-ID:` line — independently of the importers, and checked
//! against figures written down once from that scan.

use crate::common;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use canary::privacy::IdentityHasher;
use canary::settings::Identities;
use canary::sources::{ImportContext, ImportError, ImportFn, VecSink, maildir, mbox};
use canary::store::{Store, StoreSink};
use canary::{EventKind, SourceKind};
use jiff::Timestamp;

/// Each Enron mbox file and its message count (`grep -c '^From '`).
const ENRON_MBOX: [(&str, usize); 11] = [
    ("enron.dasovich-j.sent_items", 1436),
    ("enron.kitchen-l.inbox", 140),
    ("enron.kitchen-l.sent_items", 1132),
    ("enron.neal-s._sent_mail", 454),
    ("enron.neal-s.inbox", 257),
    ("enron.neal-s.sent", 422),
    ("enron.neal-s.sent_items", 226),
    ("enron.scott-s._sent_mail", 991),
    ("enron.scott-s.inbox", 443),
    ("enron.scott-s.sent", 937),
    ("enron.scott-s.sent_items", 674),
];

fn context(emails: &[&str]) -> ImportContext {
    let identities = Identities {
        emails: emails
            .iter()
            .map(std::string::ToString::to_string)
            .collect(),
        ..Identities::default()
    };
    ImportContext::new(identities, IdentityHasher::new([0; 32]))
}

fn import(f: ImportFn, path: &Path, ctx: &ImportContext) -> VecSink {
    let mut sink = VecSink::default();
    f(path, ctx, &mut sink).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    sink
}

/// The header lines of a message: up to the first empty line.
fn header_lines(lines: &[&[u8]]) -> Vec<Vec<u8>> {
    lines
        .iter()
        .take_while(|l| !l.trim_ascii().is_empty())
        .map(|l| l.to_vec())
        .collect()
}

/// The value of the first header line named `name` (case-insensitive), trimmed.
fn field(headers: &[Vec<u8>], name: &str) -> Option<String> {
    headers.iter().find_map(|l| {
        let (n, v) = l.split_at(l.iter().position(|&b| b == b':')?);
        n.eq_ignore_ascii_case(name.as_bytes())
            .then(|| String::from_utf8_lossy(&v[1..]).trim().to_string())
    })
}

/// The header lines of each message of an mbox file: split at every line starting `From `.
fn mbox_headers(path: &Path) -> Vec<Vec<Vec<u8>>> {
    let bytes = std::fs::read(path).unwrap();
    let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with(b"From "))
        .collect();
    starts
        .iter()
        .map(|&i| header_lines(&lines[i + 1..]))
        .collect()
}

/// The message files of a folder, `tmp/` aside, and their header lines.
fn folder_headers(root: &Path) -> Vec<(PathBuf, Vec<Vec<u8>>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().unwrap() != "tmp" {
                    stack.push(path);
                }
            } else {
                let bytes = std::fs::read(&path).unwrap();
                let lines: Vec<&[u8]> = bytes.split(|&b| b == b'\n').collect();
                out.push((path, header_lines(&lines)));
            }
        }
    }
    out
}

/// Distinct Message-IDs among messages' headers.
fn unique_ids<'a>(headers: impl Iterator<Item = &'a Vec<Vec<u8>>>) -> usize {
    let ids: HashSet<String> = headers
        .map(|h| field(h, "message-id").expect("every real message has a Message-ID"))
        .collect();
    ids.len()
}

fn count_kinds(sink: &VecSink) -> BTreeMap<EventKind, usize> {
    let mut out = BTreeMap::new();
    for e in &sink.events {
        *out.entry(e.kind).or_default() += 1;
    }
    out
}

fn assert_unique_keys(sink: &VecSink) {
    let keys: HashSet<&str> = sink.events.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys.len(), sink.events.len(), "keys are not unique");
}

#[test]
#[ignore = "needs ../shared/data"]
fn every_enron_mbox_file_yields_every_message() {
    let data = common::shared_data();
    let dir = data.join("mail/enron-mbox");
    for (name, messages) in ENRON_MBOX {
        let path = dir.join(name);
        let headers = mbox_headers(&path);
        assert_eq!(headers.len(), messages, "{name}");
        assert_eq!(unique_ids(headers.iter()), messages, "{name}");
        let sink = import(mbox::import, &path, &context(&[]));
        assert_eq!(sink.events.len(), messages, "{name}");
        assert!(sink.skipped.is_empty(), "{name}: {:?}", sink.skipped);
        assert_unique_keys(&sink);
        // Folder names decide the kind when no identity is declared.
        let kind = match name.contains("sent") {
            true => EventKind::MailSent,
            false => EventKind::MailReceived,
        };
        assert!(sink.events.iter().all(|e| e.kind == kind), "{name}");
        // Dates come from `Date:` (2022 is the separators' conversion year).
        assert!(sink.events.iter().all(|e| e.offset.is_some()));
        let years: HashSet<i16> = sink
            .events
            .iter()
            .map(|e| e.utc.to_zoned(jiff::tz::TimeZone::UTC).year())
            .collect();
        assert!(
            years.iter().all(|y| (1999..=2002).contains(y)),
            "{name}: {years:?}"
        );
    }
}

/// The folder a Maildir message file is filed in (`allen-p/sent/cur/1.` → `sent`).
fn maildir_folder(file: &Path) -> String {
    let folder = file
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .file_name()
        .unwrap();
    folder.to_str().unwrap().to_string()
}

#[test]
#[ignore = "needs ../shared/data"]
fn a_mailbox_splits_by_folder_and_the_persons_address() {
    let data = common::shared_data();
    let root = data.join("mail/enron-maildir/allen-p");
    let me = "phillip.allen@enron.com";
    let found = folder_headers(&root);
    let by_folder = |f: &(PathBuf, Vec<Vec<u8>>)| {
        ["sent", "sent_items", "_sent_mail"].contains(&maildir_folder(&f.0).as_str())
    };
    let by_address = |f: &(PathBuf, Vec<Vec<u8>>)| {
        field(&f.1, "from").is_some_and(|a| a.eq_ignore_ascii_case(me))
    };
    let sent_elsewhere = found
        .iter()
        .filter(|f| !by_folder(f) && by_address(f))
        .count();
    let received_in_sent = found
        .iter()
        .filter(|f| by_folder(f) && !by_address(f))
        .count();
    let sent = found
        .iter()
        .filter(|f| by_folder(f) || by_address(f))
        .count();
    // Both clues matter in this mailbox.
    assert!(
        sent_elsewhere > 900 && received_in_sent > 250,
        "{sent_elsewhere} {received_in_sent}"
    );
    let sink = import(maildir::import, &root, &context(&[me]));
    let kinds = count_kinds(&sink);
    assert_eq!(kinds.get(&EventKind::MailSent), Some(&sent));
    assert_eq!(
        kinds.get(&EventKind::MailReceived),
        Some(&(found.len() - sent))
    );
}

#[test]
#[ignore = "needs ../shared/data"]
fn enron_maildirs_yield_every_message_and_their_impossible_years() {
    let data = common::shared_data();
    for (user, files) in [("allen-p", 3034), ("skilling-j", 2887)] {
        let root = data.join("mail/enron-maildir").join(user);
        let found = folder_headers(&root);
        assert_eq!(found.len(), files, "{user}");
        assert_eq!(unique_ids(found.iter().map(|(_, h)| h)), files, "{user}");
        let impossible = found
            .iter()
            .filter(|(_, h)| {
                let date = field(h, "date").unwrap();
                date.contains(" 0001 ") || date.contains(" 1979 ")
            })
            .count();
        let sent_files = found
            .iter()
            .filter(|(p, _)| {
                ["sent", "sent_items", "_sent_mail"].contains(&maildir_folder(p).as_str())
            })
            .count();

        let sink = import(maildir::import, &root, &context(&[]));
        assert_eq!(sink.events.len(), files, "{user}");
        assert!(sink.skipped.is_empty(), "{user}: {:?}", sink.skipped);
        assert_unique_keys(&sink);
        let early = Timestamp::from_second(631_152_000).unwrap(); // 1990-01-01
        let dated_impossible = sink.events.iter().filter(|e| e.utc < early).count();
        assert_eq!(dated_impossible, impossible, "{user}");
        assert_eq!(
            count_kinds(&sink).get(&EventKind::MailSent),
            Some(&sent_files),
            "{user}"
        );
    }
}

#[test]
#[ignore = "needs ../shared/data"]
fn the_whole_enron_maildir_holds_17_impossible_years() {
    let data = common::shared_data();
    let sink = import(
        maildir::import,
        &data.join("mail/enron-maildir"),
        &context(&[]),
    );
    assert_eq!(sink.events.len(), 3034 + 2887);
    let years: Vec<i16> = sink
        .events
        .iter()
        .map(|e| e.utc.to_zoned(jiff::tz::TimeZone::UTC).year())
        .filter(|&y| y < 1990)
        .collect();
    assert_eq!(years.len(), 17);
    assert_eq!(
        years.iter().filter(|&&y| y == 1).count(),
        1,
        "0001 stays 0001"
    );
}

#[test]
#[ignore = "needs ../shared/data"]
fn the_cmu_layout_and_notmuch_folders() {
    let data = common::shared_data();
    for (rel, files, unique) in [
        ("mail/enron-cmu-layout", 43, 43),
        ("mail/notmuch", 263, 228),
    ] {
        let root = data.join(rel);
        let found = folder_headers(&root);
        assert_eq!(found.len(), files, "{rel}");
        assert_eq!(unique_ids(found.iter().map(|(_, h)| h)), unique, "{rel}");
        let sink = import(maildir::import, &root, &context(&[]));
        assert_eq!(sink.events.len(), unique, "{rel}");
        assert!(sink.skipped.is_empty(), "{rel}: {:?}", sink.skipped);
        assert_unique_keys(&sink);
    }
    // The CMU `_sent_mail` folders are sent mail.
    let sink = import(
        maildir::import,
        &data.join("mail/enron-cmu-layout"),
        &context(&[]),
    );
    assert_eq!(count_kinds(&sink).get(&EventKind::MailSent), Some(&15));
}

/// All the Enron files back to back, twice (32 MB, several chunks): each message once.
#[test]
#[ignore = "needs ../shared/data"]
fn concatenated_enron_files_yield_each_message_once() {
    let data = common::shared_data();
    let mut bytes = Vec::new();
    for _ in 0..2 {
        for (name, _) in ENRON_MBOX {
            bytes.extend(std::fs::read(data.join("mail/enron-mbox").join(name)).unwrap());
        }
    }
    let total: usize = ENRON_MBOX.iter().map(|(_, n)| n).sum();
    assert_eq!(total, 7112);
    let mut sink = VecSink::default();
    mbox::read_bytes(&bytes, Path::new("all"), &context(&[]), &mut sink).unwrap();
    assert_eq!(sink.events.len(), total);
    assert!(sink.skipped.is_empty());
    assert_unique_keys(&sink);
}

#[test]
#[ignore = "needs ../shared/data"]
fn pipermail_archives_read_as_mbox() {
    let data = common::shared_data();
    let dir = data.join("mail/mailing-list/r-announce");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 30);
    let (mut messages, mut events, mut sent) = (0, 0, 0);
    for path in &files {
        let headers = mbox_headers(path);
        // Pipermail archives some posts twice: the same Message-ID, one event.
        let unique = unique_ids(headers.iter());
        let sink = import(
            mbox::import,
            path,
            &context(&["maechler@stat.math.ethz.ch"]),
        );
        assert_eq!(sink.events.len(), unique, "{}", path.display());
        assert!(sink.skipped.is_empty(), "{:?}", sink.skipped);
        messages += headers.len();
        events += unique;
        sent += sink
            .events
            .iter()
            .filter(|e| e.kind == EventKind::MailSent)
            .count();
    }
    assert_eq!((messages, events), (699, 684));
    // The obfuscated `user at host` sender is still recognised.
    assert!(sent > 0);
}

#[test]
#[ignore = "needs ../shared/data"]
fn a_folder_given_as_mbox_is_refused_with_a_hint() {
    let data = common::shared_data();
    let mut sink = VecSink::default();
    for path in [
        data.join("mail/enron-maildir"),
        data.join("mail/enron-cmu-layout/enron_mail/allen-p/_sent_mail/1_"),
    ] {
        let err = mbox::import(&path, &context(&[]), &mut sink).unwrap_err();
        let ImportError::Refused { hint, .. } = &err else {
            panic!("{err:?}")
        };
        assert!(
            hint.as_deref().unwrap().contains("canary import maildir"),
            "{err}"
        );
    }
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
    f(path, &context(&[]), &mut sink).unwrap();
    sink.flush().unwrap();
    (sink.new, sink.duplicates, sink.skipped)
}

#[test]
#[ignore = "needs ../shared/data"]
fn importing_real_mail_twice_adds_nothing() {
    let data = common::shared_data();
    let mut store = Store::open_in_memory().unwrap();
    let mut total = 0;
    // A message's second identity, computed here from the raw fields: sent or not (the
    // folder's name), Date, From, To and Subject, whitespace collapsed. The same mail filed
    // in `sent`, `sent_items` and `_sent_mail` under different Message-IDs is one.
    let collapse = |v: Option<String>| {
        v.unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut seen: HashSet<(bool, String, String, String, String)> = HashSet::new();
    for (name, messages) in ENRON_MBOX {
        let path = data.join("mail/enron-mbox").join(name);
        let n = messages as u64;
        let sent = name.contains("sent");
        let new = mbox_headers(&path)
            .iter()
            .filter(|h| {
                seen.insert((
                    sent,
                    collapse(field(h, "date")),
                    collapse(field(h, "from")).to_lowercase(),
                    collapse(field(h, "to")),
                    collapse(field(h, "subject")),
                ))
            })
            .count() as u64;
        assert_eq!(
            import_into(&mut store, SourceKind::Mbox, mbox::import, &path),
            (new, n - new, 0),
            "{name}"
        );
        assert_eq!(
            import_into(&mut store, SourceKind::Mbox, mbox::import, &path),
            (0, n, 0)
        );
        total += new;
    }
    assert!(
        total < ENRON_MBOX.iter().map(|(_, n)| *n as u64).sum::<u64>(),
        "the sample's sent folders hold copies"
    );
    // (folder, message files, distinct Message-IDs): notmuch's folders hold 35 copies.
    for (rel, files, unique_ids) in [
        ("mail/enron-maildir", 3034 + 2887, 3034 + 2887),
        ("mail/notmuch", 263, 228),
    ] {
        let path = data.join(rel);
        let f = maildir::import as ImportFn;
        // The copies within one import count with the duplicates, so new + duplicates is
        // every message file read, the first time as the second; copies under other
        // Message-IDs (the same sent mail in three sent folders) are duplicates too.
        let (new, dup, skipped) = import_into(&mut store, SourceKind::Maildir, f, &path);
        assert_eq!((new + dup, skipped), (files, 0), "{rel}");
        assert!(
            new <= unique_ids,
            "{rel}: {new} new of {unique_ids} Message-IDs"
        );
        assert_eq!(
            import_into(&mut store, SourceKind::Maildir, f, &path),
            (0, files, 0)
        );
        total += new;
    }
    assert_eq!(store.event_count().unwrap(), total);
}
