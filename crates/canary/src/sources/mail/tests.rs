//! Unit tests of the mail header handling: case tables for each decision, and properties
//! (any bytes never panic).

use super::*;
use crate::sources::test_context;
use proptest::prelude::*;

fn ctx_with(emails: &[&str], senders: &[&str], patterns: &[&str]) -> ImportContext {
    let mut ctx = test_context();
    ctx.identities.emails = emails
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    ctx.emergency.senders = senders
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    ctx.emergency.subject_patterns = patterns
        .iter()
        .map(std::string::ToString::to_string)
        .collect();
    ctx
}

fn read(block: &str, origin: Origin, ctx: &ImportContext) -> Outcome {
    read_headers(
        block.as_bytes(),
        SourceKind::Mbox,
        origin,
        ctx,
        &mut Seen::default(),
    )
}

fn event(block: &str, origin: Origin, ctx: &ImportContext) -> Event {
    match read(block, origin, ctx) {
        Outcome::Event(e) => *e,
        other => panic!("{other:?}"),
    }
}

const RECEIVED: &str = "Message-ID: <1@x>\r\nDate: Mon, 14 May 2001 17:15:00 -0700 (PDT)\r\n\
From: Boss <Boss@Example.com>\r\nTo: me@example.org, other@example.org\r\n\
Subject: =?UTF-8?Q?Server_DOWN?=\r\nIn-Reply-To: <0@x> <00@x>\r\n";

#[test]
fn a_received_mail() {
    let ctx = test_context();
    let e = event(RECEIVED, Origin::default(), &ctx);
    assert_eq!(e.kind, EventKind::MailReceived);
    assert_eq!(e.source, SourceKind::Mbox);
    assert_eq!(e.key, "<1@x>");
    assert_eq!(e.utc.to_string(), "2001-05-15T00:15:00Z");
    assert_eq!(e.offset, Some(-7 * 3600));
    assert_eq!(e.counterpart, Some(ctx.hasher.hash("boss@example.com")));
    assert_eq!(e.parent.as_deref(), Some("<0@x>"));
    assert_eq!(
        (e.actor, e.urgency, e.priority, e.automated),
        (None, None, None, false)
    );
    assert_eq!((e.duration, e.context), (None, None));
}

#[test]
fn sent_by_address_folder_or_label() {
    let me = ctx_with(&["boss@example.com"], &[], &[]);
    let nobody = test_context();
    let sent = Origin { sent_folder: true };
    let label = format!("{RECEIVED}X-Gmail-Labels: Opened,Sent\r\n");
    for (block, origin, ctx, kind) in [
        (RECEIVED, Origin::default(), &me, EventKind::MailSent),
        (RECEIVED, sent, &nobody, EventKind::MailSent),
        (&label, Origin::default(), &nobody, EventKind::MailSent),
        (
            RECEIVED,
            Origin::default(),
            &nobody,
            EventKind::MailReceived,
        ),
    ] {
        let e = event(block, origin, ctx);
        assert_eq!(e.kind, kind, "{block} {origin:?}");
        let other = match kind {
            EventKind::MailSent => "me@example.org",
            _ => "boss@example.com",
        };
        assert_eq!(e.counterpart, Some(ctx.hasher.hash(other)));
    }
}

#[test]
fn urgency_and_priority() {
    for (fields, urgency, priority) in [
        ("X-Priority: 1 (Highest)", Some(Urgency::High), Some(1)),
        ("X-Priority: 2", Some(Urgency::High), Some(2)),
        ("X-Priority: 3 (Normal)", Some(Urgency::Normal), Some(3)),
        ("X-Priority: 5", Some(Urgency::Low), Some(5)),
        ("X-Priority: 9", None, None),
        ("Importance: High", Some(Urgency::High), None),
        ("importance: low", Some(Urgency::Low), None),
        ("Priority: urgent", Some(Urgency::High), None),
        ("Priority: non-urgent", Some(Urgency::Low), None),
        ("X-MSMail-Priority: Normal", Some(Urgency::Normal), None),
        (
            "Importance: low\r\nX-Priority: 1",
            Some(Urgency::Low),
            Some(1),
        ),
        ("Importance: whatever", None, None),
    ] {
        let e = event(
            &format!("{RECEIVED}{fields}\r\n"),
            Origin::default(),
            &test_context(),
        );
        assert_eq!((e.urgency, e.priority), (urgency, priority), "{fields}");
    }
}

#[test]
fn emergencies_by_sender_or_subject() {
    let block = format!("{RECEIVED}X-Priority: 5\r\n");
    for (senders, patterns, high) in [
        (&["boss@example.com"][..], &[][..], true),
        (&["BOSS@example.com "], &[], true),
        (&["@example.com"], &[], true),
        (&["@ample.com"], &[], false),
        (&["other@example.com"], &[], false),
        (&[], &["server down"], true),
        (&[], &["DOWN"], true),
        (&[], &["up"], false),
        (&[], &["", " "], false),
    ] {
        let e = event(&block, Origin::default(), &ctx_with(&[], senders, patterns));
        let want = if high { Urgency::High } else { Urgency::Low };
        assert_eq!(e.urgency, Some(want), "{senders:?} {patterns:?}");
        assert_eq!(e.priority, Some(5));
    }
}

#[test]
fn automated_mail() {
    for (fields, automated) in [
        ("Auto-Submitted: auto-replied", true),
        ("Auto-Submitted: auto-generated (vacation)", true),
        ("Auto-Submitted: no", false),
        ("Auto-Submitted: No (comment)", false),
        ("Precedence: bulk", true),
        ("Precedence: list", true),
        ("Precedence: junk", true),
        ("Precedence: first-class", false),
        ("List-Id: notmuch <notmuch.notmuchmail.org>", true),
        ("List-Id: ", false),
        ("X-Other: bulk", false),
    ] {
        let e = event(
            &format!("{RECEIVED}{fields}\r\n"),
            Origin::default(),
            &test_context(),
        );
        assert_eq!(e.automated, automated, "{fields}");
    }
}

#[test]
fn dates_fall_back_to_the_last_received() {
    let received = "Received: from b by c; Tue, 15 May 2001 10:00:00 +0200\r\n\
Received: from a by b; Tue, 15 May 2001 09:00:00 +0200\r\n";
    for (date, want, offset) in [
        ("", "2001-05-15T07:00:00Z", 7200),
        ("Date: someday\r\n", "2001-05-15T07:00:00Z", 7200),
        (
            "Date: Mon, 14 May 2001 17:15:00 +0000\r\n",
            "2001-05-14T17:15:00Z",
            0,
        ),
    ] {
        let block = format!("Message-ID: <1@x>\r\n{date}{received}");
        let e = event(&block, Origin::default(), &test_context());
        assert_eq!(e.utc.to_string(), want, "{date}");
        assert_eq!(e.offset, Some(offset));
    }
}

#[test]
fn undatable_and_headerless_messages_are_skipped_with_a_reason() {
    let ctx = test_context();
    for (block, reason) in [
        (
            "Message-ID: <1@x>\r\n",
            "no `Date:` header and no `Received:` date",
        ),
        (
            "Message-ID: <1@x>\r\nDate: someday\r\nReceived: from a by b\r\n",
            "unreadable date `Date: someday` and no `Received:` date",
        ),
        (
            "Date:\r\n",
            "unreadable date `Date:` and no `Received:` date",
        ),
        ("", "not a mail message: no header fields"),
        ("just text\r\n", "not a mail message: no header fields"),
    ] {
        assert_eq!(
            read(block, Origin::default(), &ctx),
            Outcome::Skip(reason.into())
        );
    }
    let long = format!("Date: {}\r\n", "x".repeat(200));
    let Outcome::Skip(reason) = read(&long, Origin::default(), &ctx) else {
        panic!()
    };
    assert!(reason.len() < 130 && reason.contains('…'), "{reason}");
}

#[test]
fn keys_without_message_id_are_stable_and_keep_no_subject() {
    let a = "Date: Mon, 14 May 2001 17:15:00 +0000\r\nFrom: a@b.c\r\nTo: d@e.f\r\nSubject: secret plans\r\n";
    let folded = "Date: Mon, 14 May 2001\r\n 17:15:00 +0000\r\nFrom: A <A@B.C>\r\nTo: d@e.f\r\nSubject: secret\r\n  plans\r\n";
    let other = a.replace("plans", "plan");
    let key = |b: &str| message_key(&Fields::scan(b.as_bytes()));
    assert!(key(a).starts_with("hash:") && key(a).len() == 37);
    assert_eq!(key(a), key(folded));
    assert_ne!(key(a), key(&other));
    assert!(!key(a).contains("secret"));
    assert_eq!(key("Message-ID: <x@y>\r\nSubject: s\r\n"), "<x@y>");
}

#[test]
fn a_key_seen_before_is_a_duplicate() {
    let ctx = test_context();
    let mut seen = Seen::default();
    let block = RECEIVED.as_bytes();
    let first = read_headers(block, SourceKind::Mbox, Origin::default(), &ctx, &mut seen);
    assert!(matches!(first, Outcome::Event(_)));
    let again = read_headers(block, SourceKind::Mbox, Origin::default(), &ctx, &mut seen);
    assert_eq!(again, Outcome::Duplicate);
}

#[test]
fn parent_falls_back_to_the_last_reference() {
    let block = "Message-ID: <1@x>\r\nDate: Mon, 14 May 2001 17:15:00 +0000\r\n\
References: <a@x>\r\n <b@x>\r\n";
    let e = event(block, Origin::default(), &test_context());
    assert_eq!(e.parent.as_deref(), Some("<b@x>"));
}

proptest! {
    #[test]
    fn any_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..2000)) {
        let ctx = ctx_with(&["a@b.c"], &["@x.org"], &["down"]);
        let _ = read_headers(&input, SourceKind::Maildir, Origin::default(), &ctx, &mut Seen::default());
    }

    #[test]
    fn header_like_bytes_never_panic(
        parts in prop::collection::vec(
            prop::sample::select(vec![
                "Date:", "From:", "To:", "Subject:", "Message-ID:", "Received:", "X-Priority:",
                "In-Reply-To:", "References:", " ", "\r\n", "\n", "\t", "<", ">", "@", "(", ")",
                "\"", ";", ",", "=?UTF-8?Q?", "?=", "Mon, 1 Jan 2001 10:00:00 +0000", "12:", "99",
                "é", "\u{0}",
            ]),
            0..120,
        )
    ) {
        let ctx = ctx_with(&["a@b.c"], &["@x.org"], &["down"]);
        let block = parts.concat();
        let _ = read_headers(block.as_bytes(), SourceKind::Maildir, Origin::default(), &ctx, &mut Seen::default());
    }
}

#[test]
fn mail_of_a_personal_account_is_personal() {
    let mut ctx = ctx_with(&["ana@work.example"], &[], &[]);
    ctx.personal.accounts = vec!["ana@gmail.com".into()];
    let mail = |from: &str, to: &str| {
        format!(
            "From: {from}\nTo: {to}\nDate: Tue, 10 Mar 2026 10:00:00 +0100\nMessage-ID: <{from}{to}@x>\n\n"
        )
    };
    let cases = [
        // Sent from the personal account: sent, personal.
        (
            "ana@gmail.com",
            "mum@example.org",
            EventKind::MailSent,
            true,
        ),
        // Sent from work: work.
        (
            "ana@work.example",
            "bob@work.example",
            EventKind::MailSent,
            false,
        ),
        // Received at the personal account only: personal.
        (
            "mum@example.org",
            "ana@gmail.com",
            EventKind::MailReceived,
            true,
        ),
        // Received at both addresses: work too, so not personal.
        (
            "bob@example.org",
            "ana@gmail.com, ana@work.example",
            EventKind::MailReceived,
            false,
        ),
        // Received at work: work.
        (
            "bob@example.org",
            "ana@work.example",
            EventKind::MailReceived,
            false,
        ),
    ];
    for (from, to, kind, personal) in cases {
        let e = event(&mail(from, to), Origin::default(), &ctx);
        assert_eq!((e.kind, e.personal), (kind, personal), "{from} → {to}");
    }
}

#[test]
fn copies_under_different_message_ids_share_one_identity() {
    let ctx = ctx_with(&["ana@work.example"], &[], &[]);
    let copy = |id: &str, subject: &str| {
        format!(
            "From: ana@work.example\nTo: bob@example.org\nSubject: {subject}\nDate: Tue, 10 Mar 2026 10:00:00 +0100\nMessage-ID: <{id}>\n\n"
        )
    };
    let a = event(&copy("1@x", "Re: plan"), Origin::default(), &ctx);
    let b = event(&copy("2@x", "Re: plan"), Origin::default(), &ctx);
    let c = event(&copy("3@x", "Re: other"), Origin::default(), &ctx);
    assert_ne!(a.key, b.key);
    assert_eq!(a.identity, b.identity);
    assert_ne!(a.identity, c.identity);
    // The identity holds no header text (the store hashes it again with its key).
    assert!(!a.identity.as_deref().unwrap().contains("plan"));
}

#[test]
fn seen_spreads_digests_over_its_tables_and_forgets_none() {
    let mut seen = Seen::default();
    assert!(seen.is_empty());
    let keys: Vec<String> = (0..50_000).map(|i| format!("<{i}@example.org>")).collect();
    assert!(keys.iter().all(|k| seen.first(digest(k))), "all new");
    assert!(keys.iter().all(|k| !seen.first(digest(k))), "all seen");
    assert_eq!(seen.len(), 50_000);
    // Digests that differ only in the bits that pick the table are different keys.
    let mut other = Seen::default();
    assert!(other.first(1));
    assert!(other.first(1 | 1 << 127));
    assert!(!other.first(1 | 1 << 127));
    assert_eq!(other.len(), 2);
}

#[test]
fn a_key_seen_before_the_window_is_not_made_into_an_event() {
    let ctx = test_context();
    let block = RECEIVED.as_bytes();
    let mut seen = Seen::default();
    let first = Scanned::new(block, SourceKind::Mbox, Origin::default(), &ctx, &seen).unwrap();
    assert!(first.event.is_ok());
    assert!(!seen.contains(first.digest));
    assert_eq!(
        first.clone().finish(&mut seen),
        Outcome::Event(first.event.unwrap())
    );
    assert!(seen.contains(first.digest));
    // Read again once the key is known: no event is made, and it is a duplicate.
    let again = Scanned::new(block, SourceKind::Mbox, Origin::default(), &ctx, &seen).unwrap();
    assert_eq!(again.digest, first.digest);
    assert!(again.event.is_err());
    assert_eq!(again.finish(&mut seen), Outcome::Duplicate);
}

#[test]
fn a_key_the_store_holds_is_a_duplicate_whose_event_is_not_made() {
    use crate::digest::{KeySet, of_key};
    use crate::sources::StoredKeys;
    let block = RECEIVED.as_bytes();
    let key = message_key(&Fields::scan(block));
    let scan = |ctx: &ImportContext, seen: &Seen| {
        Scanned::new(block, SourceKind::Mbox, Origin::default(), ctx, seen).unwrap()
    };
    let with = |stored: Option<StoredKeys>| {
        let mut ctx = test_context();
        ctx.resume.stored = stored;
        ctx
    };
    let set = |keys: &[&str]| {
        std::sync::Arc::new(KeySet::from_digests(
            keys.iter().map(|k| of_key(k)).collect(),
        ))
    };
    let hasher = test_context().hasher;
    // Kept hashed (mail's keys are): the key is asked about as the store keeps it.
    let hashed = with(Some(StoredKeys {
        keys: set(&[&hasher.hash_key(&key)]),
        hashed: true,
    }));
    let mut seen = Seen::default();
    let stored = scan(&hashed, &seen);
    assert!(stored.stored);
    assert!(stored.event.is_err(), "no event made");
    assert_eq!(stored.finish(&mut seen), Outcome::Duplicate);
    // It is remembered as seen: a second copy in the same read is a duplicate too.
    assert_eq!(scan(&hashed, &seen).finish(&mut seen), Outcome::Duplicate);
    // The plain key in a set of hashed keys, another key, or no set: an event.
    for ctx in [
        with(Some(StoredKeys {
            keys: set(&[&key]),
            hashed: true,
        })),
        with(Some(StoredKeys {
            keys: set(&["<other@example.org>"]),
            hashed: true,
        })),
        with(None),
    ] {
        let fresh = scan(&ctx, &Seen::default());
        assert!(!fresh.stored);
        assert!(matches!(
            fresh.finish(&mut Seen::default()),
            Outcome::Event(_)
        ));
    }
    // A source whose keys are kept as they are.
    let plain = with(Some(StoredKeys {
        keys: set(&[&key]),
        hashed: false,
    }));
    assert!(scan(&plain, &Seen::default()).stored);
}
