//! Unit tests of the Maildir reader on folder trees built in a temporary directory.

use super::*;
use crate::event::EventKind;
use crate::sources::{SinkError, VecSink, test_context};
use crate::{Event, sources::mail::Origin};
use proptest::prelude::*;

fn msg(id: &str) -> String {
    format!(
        "Message-ID: <{id}>\nDate: Mon, 14 May 2001 17:15:00 -0700\nFrom: a@b.c\nTo: d@e.f\n\nbody\n"
    )
}

fn write(root: &Path, rel: &str, content: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, content).unwrap();
}

/// Events and skips from importing `root`, plus the progress reports.
#[derive(Default)]
struct Recorder {
    inner: VecSink,
    total: Option<u64>,
    done: Vec<u64>,
}

impl Sink for Recorder {
    fn event(&mut self, event: Event) -> Result<(), SinkError> {
        self.inner.event(event)
    }
    fn skip(&mut self, at: Location, reason: String) {
        self.inner.skip(at, reason);
    }
    fn total(&mut self, total: u64) {
        self.total = Some(total);
    }
    fn progress(&mut self, done: u64) {
        self.done.push(done);
    }
}

fn run(root: &Path) -> Recorder {
    let mut sink = Recorder::default();
    import(root, &test_context(), &mut sink).unwrap();
    sink
}

fn kinds(sink: &Recorder) -> Vec<(String, EventKind)> {
    let mut out: Vec<_> = sink
        .inner
        .events
        .iter()
        .map(|e| (e.key.clone(), e.kind))
        .collect();
    out.sort();
    out
}

#[test]
fn nested_layouts_and_what_is_not_mail() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("Maildir");
    for (rel, id) in [
        ("cur/1.a:2,S", "inbox-1"),
        ("new/2.a", "inbox-2"),
        (".Sent/cur/3.a:2,S", "sent-1"),
        (".INBOX.sub/new/4.a", "sub-1"),
        ("Work/Sent Items/cur/5.a", "sent-2"), // LAYOUT=fs
        ("archive/sent_items/1_", "sent-3"),   // CMU layout
        ("archive/inbox/1_", "inbox-3"),
        ("archive/inbox/2_", "inbox-1"), // the same message filed twice
    ] {
        write(&root, rel, msg(id).as_bytes());
    }
    write(&root, "tmp/9.a", msg("being-delivered").as_bytes());
    write(&root, ".Sent/tmp/9.b", msg("being-delivered").as_bytes());
    write(&root, "archive/tmp/1_", msg("folder-named-tmp").as_bytes());
    for meta in [
        "dovecot-uidlist",
        "dovecot.index.log",
        "maildirfolder",
        "courierimapuiddb",
        ".uidvalidity",
        ".notmuch/xapian/record.glass",
        "subscriptions",
    ] {
        write(&root, meta, b"\x00\x01 not mail");
    }
    write(&root, "cur/photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00");
    write(&root, "cur/undated", b"Message-ID: <u@x>\nFrom: a@b.c\n\n");

    let sink = run(&root);
    let want = [
        ("<folder-named-tmp>", EventKind::MailReceived),
        ("<inbox-1>", EventKind::MailReceived),
        ("<inbox-2>", EventKind::MailReceived),
        ("<inbox-3>", EventKind::MailReceived),
        ("<sent-1>", EventKind::MailSent),
        ("<sent-2>", EventKind::MailSent),
        ("<sent-3>", EventKind::MailSent),
        ("<sub-1>", EventKind::MailReceived),
    ]
    .map(|(k, kind)| (k.to_string(), kind));
    assert_eq!(kinds(&sink), want);
    let skips: Vec<String> = sink
        .inner
        .skipped
        .iter()
        .map(|(at, why)| format!("{}: {why}", at.file.strip_prefix(&root).unwrap().display()))
        .collect();
    assert_eq!(
        skips,
        [
            "cur/photo.jpg: not a mail message: no header fields",
            "cur/undated: no `Date:` header and no `Received:` date",
        ]
    );
    assert_eq!(sink.total, Some(11));
    assert_eq!(sink.done.last(), Some(&11));
}

#[test]
fn the_imported_folder_itself_can_be_the_sent_folder() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join(".Sent");
    write(&root, "cur/1", msg("1").as_bytes());
    assert_eq!(
        kinds(&run(&root)),
        [("<1>".to_string(), EventKind::MailSent)]
    );
}

#[test]
fn only_the_header_prefix_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut big = msg("big").into_bytes();
    big.extend(std::iter::repeat_n(b'x', 4 << 20));
    write(dir.path(), "cur/big", &big);
    // Headers longer than the cap are cut, not read whole.
    let mut huge =
        b"Message-ID: <huge@x>\nDate: Mon, 14 May 2001 17:15:00 +0000\nX-Long: ".to_vec();
    huge.extend(std::iter::repeat_n(b'y', 1 << 20));
    write(dir.path(), "cur/huge", &huge);
    let mut buf = Vec::new();
    read_prefix(&dir.path().join("cur/big"), &mut buf, |_| {}).unwrap();
    assert!(buf.len() <= CHUNK);
    read_prefix(&dir.path().join("cur/huge"), &mut buf, |_| {}).unwrap();
    assert_eq!(buf.len(), HEADER_CAP);
    let keys: Vec<String> = run(dir.path())
        .inner
        .events
        .iter()
        .map(|e| e.key.clone())
        .collect();
    assert_eq!(keys, ["<big>", "<huge@x>"]);
}

#[test]
fn procmail_from_lines_and_crlf() {
    let dir = tempfile::tempdir().unwrap();
    let text = format!("From a@b.c Mon Apr 18 14:24:49 2022\n{}", msg("p")).replace('\n', "\r\n");
    write(dir.path(), "new/1", text.as_bytes());
    let sink = run(dir.path());
    assert_eq!(sink.inner.events.len(), 1);
    assert_eq!(sink.inner.events[0].offset, Some(-7 * 3600));
}

#[test]
fn files_and_missing_paths_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("box.mbox");
    std::fs::write(&file, msg("1")).unwrap();
    let mut sink = VecSink::default();
    let err = import(&file, &test_context(), &mut sink).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{}: this is a file, not a mail folder", file.display())
    );
    let ImportError::Refused { hint, .. } = err else {
        panic!()
    };
    assert!(hint.unwrap().contains("canary import mbox"));
    let missing = dir.path().join("nope");
    let err = import(&missing, &test_context(), &mut sink).unwrap_err();
    assert!(matches!(err, ImportError::Open { .. }), "{err:?}");
}

#[test]
fn an_empty_folder_is_empty() {
    let dir = tempfile::tempdir().unwrap();
    let sink = run(dir.path());
    assert!(sink.inner.events.is_empty() && sink.inner.skipped.is_empty());
    assert_eq!(sink.total, Some(0));
}

proptest! {
    #[test]
    fn any_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..3000), from in any::<bool>()) {
        let mut bytes = if from { b"From ".to_vec() } else { Vec::new() };
        bytes.extend(input);
        let _ = read_message(&bytes, Origin::default(), &test_context(), &mut Seen::default());
    }
}
