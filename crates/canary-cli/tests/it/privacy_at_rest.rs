//! Privacy at rest on real files: real mail (mbox and Maildir), calendars and an ActivityWatch
//! export imported into a fresh store through the binary, then the store's raw bytes (database,
//! WAL and SHM) searched for the addresses, hosts, Message-IDs, UIDs, bucket ids and import
//! paths taken from those files: none may be there. Importing again adds nothing.

use crate::common;

use std::path::{Path, PathBuf};

use common::{Home, json_of, shared_data};

/// Every `<…>` id and `…@…` address in the `Message-ID`, `In-Reply-To`, `References`, `From`
/// and `To` lines of a mail file, and the hosts of the addresses.
fn mail_secrets(text: &str, out: &mut Vec<String>) {
    for line in text.lines() {
        let lower = line.to_ascii_lowercase();
        if !["message-id:", "in-reply-to:", "references:", "from:", "to:"]
            .iter()
            .any(|h| lower.starts_with(h))
        {
            continue;
        }
        for token in line.split([' ', ',', ';', '"', '\t']) {
            let t = token.trim_matches(|c| c == '<' || c == '>' || c == '(' || c == ')');
            if let Some((local, host)) = t.split_once('@')
                && local.len() >= 3
                && host.contains('.')
                && host.len() >= 6
            {
                out.push(t.to_string());
                out.push(host.to_string());
            }
        }
    }
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// The store's bytes: the database, its WAL and SHM.
fn store_bytes(db: &Path) -> String {
    let mut all = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        all.extend(std::fs::read(PathBuf::from(p)).unwrap_or_default());
    }
    String::from_utf8_lossy(&all).into_owned()
}

#[test]
#[ignore = "needs ../shared/data"]
fn no_address_host_id_or_path_from_real_files_is_in_the_store() {
    let data = shared_data();
    let data = data.canonicalize().unwrap();
    let mbox = [
        data.join("mail/enron-mbox/enron.neal-s.inbox"),
        data.join("mail/mailing-list/r-announce/2001.txt"),
    ];
    let maildir = [
        data.join("mail/notmuch"),
        data.join("mail/enron-maildir/allen-p/sent"),
    ];
    let ics = [
        data.join("calendar/recurring-ical-events/issue_223_thunderbird.ics"),
        data.join("calendar/icalendar-tests/x_location.ics"),
    ];
    let aw = data.join("tracker/activitywatch-desktop-export.json");

    let mut secrets: Vec<String> = Vec::new();
    for f in mbox
        .iter()
        .cloned()
        .chain(maildir.iter().flat_map(|d| files_under(d)))
    {
        let text = String::from_utf8_lossy(&std::fs::read(&f).unwrap()).into_owned();
        mail_secrets(&text, &mut secrets);
        if f.starts_with(&maildir[0]) || f.starts_with(&maildir[1]) {
            // Maildir file names carry the delivering host.
            secrets.push(f.file_name().unwrap().to_string_lossy().into_owned());
        }
    }
    for f in &ics {
        let text = std::fs::read_to_string(f).unwrap();
        for line in text.lines() {
            if let Some(uid) = line.strip_prefix("UID:").map(str::trim)
                && uid.len() >= 8
            {
                secrets.push(uid.to_string());
            }
        }
    }
    let export: serde_json::Value = serde_json::from_slice(&std::fs::read(&aw).unwrap()).unwrap();
    for (id, bucket) in export["buckets"].as_object().unwrap() {
        secrets.push(id.clone());
        if let Some(host) = bucket["hostname"].as_str() {
            secrets.push(host.to_string());
        }
    }
    for p in mbox.iter().chain(&maildir).chain(&ics).chain([&aw]) {
        secrets.push(p.display().to_string());
        secrets.push(p.file_name().unwrap().to_string_lossy().into_owned());
    }
    secrets.push(data.display().to_string());
    secrets.push("allen-p".into()); // the Maildir's user name, in its path
    // Words as short as `sent` (a folder name) are in any store; names that identify are longer.
    secrets.retain(|s| s.len() >= 6);
    secrets.sort();
    secrets.dedup();
    assert!(
        secrets.iter().any(|s| s.contains("git-send-email")),
        "the list holds the correspondents' git-send-email ids"
    );
    assert!(secrets.len() > 500, "{} secrets", secrets.len());

    let home = Home::new();
    home.init(&[]);
    let import = |kind: &str, paths: &[PathBuf]| {
        let out = home
            .canary()
            .args(["import", kind, "--json"])
            .args(paths)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        json_of(&out)
    };
    let mut first = 0;
    for (kind, paths) in [
        ("mbox", &mbox[..]),
        ("maildir", &maildir[..]),
        ("ics", &ics[..]),
        ("activitywatch", std::slice::from_ref(&aw)),
    ] {
        first += import(kind, paths)["new"].as_u64().unwrap();
    }
    assert!(first > 1_000, "{first} events imported");

    let bytes = store_bytes(&home.db());
    let found: Vec<&String> = secrets
        .iter()
        .filter(|s| bytes.contains(s.as_str()))
        .collect();
    assert!(
        found.is_empty(),
        "{} of {} found in the store, e.g. {:?}",
        found.len(),
        secrets.len(),
        &found[..found.len().min(10)]
    );

    // De-duplication works on the hashes: everything again adds nothing.
    for (kind, paths) in [
        ("mbox", &mbox[..]),
        ("maildir", &maildir[..]),
        ("ics", &ics[..]),
        ("activitywatch", std::slice::from_ref(&aw)),
    ] {
        assert_eq!(import(kind, paths)["new"], 0, "{kind} again");
    }
    // The paths are in sources.toml, named by `sources runs`.
    let runs = home.canary().args(["sources", "runs"]).output().unwrap();
    let text = String::from_utf8_lossy(&runs.stdout);
    assert!(text.contains(&aw.display().to_string()), "{text}");
}
