//! Skip reasons never copy raw input: a CSV cell (a command with its password, a 10 MB blob,
//! an escape sequence) is never quoted, other importers quote at most 40 escaped characters,
//! and nothing from the input reaches the terminal or the store raw — at import and again in
//! `canary sources runs`.

use crate::common;

use std::path::{Path, PathBuf};

use common::Home;

fn store_bytes(db: &Path) -> Vec<u8> {
    let mut all = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut p = db.as_os_str().to_owned();
        p.push(suffix);
        all.extend(std::fs::read(PathBuf::from(p)).unwrap_or_default());
    }
    all
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// `canary import csv` of `file` with the wrong column as the timestamp; stdout+stderr, then
/// `sources runs` (text and JSON).
fn import_csv(home: &Home, file: &Path) -> (Vec<u8>, Vec<u8>) {
    let out = home
        .canary()
        .args(["import", "csv"])
        .arg(file)
        .args(["-o", "timestamp=cmd", "-o", "kind=command"])
        .output()
        .unwrap();
    let mut shown = out.stdout.clone();
    shown.extend(&out.stderr);
    let mut later = Vec::new();
    for args in [&["sources", "runs"][..], &["sources", "runs", "--json"]] {
        let o = home.canary().args(args).output().unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        later.extend(o.stdout);
        later.extend(o.stderr);
    }
    (shown, later)
}

#[test]
fn a_password_in_a_csv_cell_is_not_kept_or_shown() {
    let home = Home::new();
    home.init(&[]);
    let file = home.dir.path().join("log.csv");
    std::fs::write(
        &file,
        "when,cmd\n2026-11-20T10:00:00Z,mysql -u root -pS3cretPassw0rd\n",
    )
    .unwrap();
    let (shown, later) = import_csv(&home, &file);
    let text = String::from_utf8_lossy(&shown);
    assert!(text.contains("log.csv:2"), "the line is named: {text}");
    assert!(text.contains("column `cmd`"), "the column is named: {text}");
    for (what, bytes) in [
        ("import output", &shown),
        ("sources runs", &later),
        ("store", &store_bytes(&home.db())),
    ] {
        assert!(
            !contains(bytes, b"S3cretPassw0rd"),
            "password in the {what}"
        );
    }
}

#[test]
fn an_escape_sequence_in_a_cell_or_a_rule_never_reaches_the_terminal() {
    let home = Home::new();
    home.init(&[]);
    let file = home.dir.path().join("esc.csv");
    std::fs::write(
        &file,
        "when,cmd\n2026-11-20T10:00:00Z,\"\x1b]0;pwned\x07\x1b[2J\x1b[31mred\"\n",
    )
    .unwrap();
    let (shown, later) = import_csv(&home, &file);
    assert!(String::from_utf8_lossy(&shown).contains("esc.csv:2"));
    for (what, bytes) in [("import output", &shown), ("sources runs", &later)] {
        assert!(!bytes.contains(&0x1b), "ESC in the {what}");
        assert!(!bytes.contains(&0x07), "BEL in the {what}");
    }
    assert!(!contains(&store_bytes(&home.db()), b"pwned"));

    // An RRULE the importer cannot read is quoted (it is not a secret), escaped.
    let ics = home.dir.path().join("evil.ics");
    std::fs::write(
        &ics,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x1\r\n\
         DTSTART:20261120T100000Z\r\nDTEND:20261120T110000Z\r\n\
         RRULE:FREQ=\x1b]0;pwned\x07\x1b[2J\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .unwrap();
    let out = home
        .canary()
        .arg("import")
        .arg("ics")
        .arg(&ics)
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(said.contains("RRULE `FREQ=\\e]0;pwned"), "{said}");
    let runs = home.canary().args(["sources", "runs"]).output().unwrap();
    for bytes in [&out.stdout, &out.stderr, &runs.stdout, &runs.stderr] {
        assert!(!bytes.contains(&0x1b), "{}", String::from_utf8_lossy(bytes));
    }
}

#[test]
fn a_10_mb_cell_does_not_become_a_10_mb_reason() {
    let home = Home::new();
    home.init(&[]);
    let file = home.dir.path().join("big.csv");
    let mut text = String::from("when,cmd\n2026-11-20T10:00:00Z,");
    text.push_str(&"A".repeat(10 * 1024 * 1024));
    text.push('\n');
    std::fs::write(&file, text).unwrap();
    let (shown, later) = import_csv(&home, &file);
    assert!(
        shown.len() < 4_096,
        "{} bytes of import output",
        shown.len()
    );
    assert!(later.len() < 8_192, "{} bytes of sources runs", later.len());
    assert!(!contains(&store_bytes(&home.db()), &[b'A'; 64]));
}

#[test]
fn a_mail_date_is_quoted_short_and_escaped() {
    let home = Home::new();
    home.init(&[]);
    let mbox = home.dir.path().join("box");
    let junk = format!("\x1b[2J{}", "9".repeat(5_000));
    std::fs::write(
        &mbox,
        format!("From x\nMessage-ID: <a@b.example>\nDate: {junk}\n\nbody\n"),
    )
    .unwrap();
    let out = home
        .canary()
        .arg("import")
        .arg("mbox")
        .arg(&mbox)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("unreadable date"), "{text}");
    assert!(!out.stdout.contains(&0x1b));
    assert!(!text.contains(&"9".repeat(41)), "{text}");
}
