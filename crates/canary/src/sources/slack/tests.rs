//! Unit tests of the Slack importer: subtypes, attribution, keys, and the export folder.

use super::*;
use crate::privacy::IdentityHasher;
use crate::settings::Identities;
use crate::sources::VecSink;

fn context(chat_ids: &[&str], all_users: bool) -> ImportContext {
    let identities = Identities {
        chat_ids: chat_ids
            .iter()
            .map(std::string::ToString::to_string)
            .collect(),
        ..Identities::default()
    };
    let all_users = if all_users { "true" } else { "false" };
    let options = crate::sources::test_options(SourceKind::Slack, &[("all_users", all_users)]);
    ImportContext::new(identities, IdentityHasher::new([0; 32])).with_options(options)
}

fn channel(private: bool) -> Channel {
    Channel {
        id: "C1".into(),
        name: "ops".into(),
        folder: "ops".into(),
        private,
    }
}

fn day(json: &str, ctx: &ImportContext) -> (Counts, VecSink) {
    let mut sink = VecSink::default();
    let counts = read_day(
        json.as_bytes(),
        Path::new("ops/d.json"),
        &channel(false),
        ctx,
        &mut sink,
    )
    .unwrap();
    (counts, sink)
}

#[test]
fn subtypes_that_are_not_authored_messages_are_ignored() {
    let json = r#"[
      {"type":"message","user":"U1","ts":"1700000000.000100","text":"plain"},
      {"type":"message","subtype":"thread_broadcast","user":"U1","ts":"1700000001.000200","thread_ts":"1700000000.000100"},
      {"type":"message","subtype":"me_message","user":"U1","ts":"1700000002.000000"},
      {"type":"message","subtype":"file_share","user":"U1","ts":"1700000003.000000"},
      {"type":"message","subtype":"channel_join","user":"U1","ts":"1700000004.000000"},
      {"type":"message","subtype":"channel_leave","user":"U1","ts":"1700000005.000000"},
      {"type":"message","subtype":"channel_topic","user":"U1","ts":"1700000006.000000"},
      {"type":"message","subtype":"channel_purpose","user":"U1","ts":"1700000007.000000"},
      {"type":"message","subtype":"bot_message","bot_id":"B1","ts":"1700000008.000000"},
      {"type":"message","subtype":"bot_add","user":"U1","bot_id":"B1","ts":"1700000009.000000"},
      {"type":"message","subtype":"message_changed","ts":"1700000010.000000","message":{"user":"U1","ts":"1700000000.000100"}},
      {"type":"message","subtype":"message_deleted","ts":"1700000011.000000"},
      {"type":"message","subtype":"tombstone","user":"USLACKBOT","hidden":true,"ts":"1700000012.000000"},
      {"type":"message","subtype":17,"user":"U1","ts":"1700000013.000000"},
      {"type":"message","user":"U1","ts":"1700000014.000000","hidden":true},
      {"type":"reaction","user":"U1","ts":"1700000015.000000"},
      {"type":"message","user":"U1","bot_id":"B2","ts":"1700000016.000000"}
    ]"#;
    let (counts, sink) = day(json, &context(&["U1"], false));
    assert_eq!(
        counts,
        Counts {
            imported: 5,
            others: 0,
            ignored: 12
        }
    );
    assert!(sink.skipped.is_empty(), "{:?}", sink.skipped);
    let keys: Vec<&str> = sink.events.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(
        keys,
        [
            "C1/1700000000.000100",
            "C1/1700000001.000200",
            "C1/1700000002.000000",
            "C1/1700000003.000000",
            "C1/1700000016.000000"
        ]
    );
    let automated: Vec<bool> = sink.events.iter().map(|e| e.automated).collect();
    assert_eq!(automated, [false, false, false, false, true]);
}

#[test]
fn a_message_event_has_time_thread_and_hashed_channel() {
    let json = r#"[
      {"type":"message","user":"U1","ts":"1700000000.123456","thread_ts":"1700000000.123456"},
      {"type":"message","user":"u1","ts":"1700000060.000001","thread_ts":"1700000000.123456"}
    ]"#;
    let ctx = context(&[" U1 "], false);
    let (_, sink) = day(json, &ctx);
    let [parent, reply] = &sink.events[..] else {
        panic!("{:?}", sink.events)
    };
    assert_eq!(parent.utc.to_string(), "2023-11-14T22:13:20.123456Z");
    assert_eq!(
        (parent.kind, parent.source),
        (EventKind::ChatMessage, SourceKind::Slack)
    );
    assert_eq!(
        (parent.actor.as_deref(), parent.parent.as_deref()),
        (None, None)
    );
    assert_eq!(reply.parent.as_deref(), Some("C1/1700000000.123456"));
    assert_eq!(reply.key, "C1/1700000060.000001");
    assert_eq!(parent.context.as_deref(), Some("ops"));
    assert_eq!(parent.counterpart, Some(ctx.hasher.hash("C1")));
    assert_eq!(reply.duration, None);
}

#[test]
fn private_conversations_keep_only_a_hash() {
    let ctx = context(&["U1"], false);
    let mut sink = VecSink::default();
    let json = br#"[{"type":"message","user":"U1","ts":"1700000000.000000"}]"#;
    read_day(json, Path::new("x"), &channel(true), &ctx, &mut sink).unwrap();
    let e = &sink.events[0];
    assert_eq!(e.context, Some(ctx.hasher.hash("C1")));
    assert_eq!(e.context, e.counterpart);
}

#[test]
fn others_are_left_out_unless_all_users() {
    let json = r#"[
      {"type":"message","user":"U1","ts":"1700000000.000000"},
      {"type":"message","user":"U2","ts":"1700000001.000000"}
    ]"#;
    let (counts, sink) = day(json, &context(&["U1"], false));
    assert_eq!((counts.imported, counts.others), (1, 1));
    assert_eq!(sink.events.len(), 1);

    let ctx = context(&["U1"], true);
    let (counts, sink) = day(json, &ctx);
    assert_eq!((counts.imported, counts.others), (2, 0));
    assert_eq!(sink.events[0].actor, None);
    assert_eq!(sink.events[1].actor, Some(ctx.hasher.hash("U2")));
}

#[test]
fn bad_messages_and_bad_files_are_skipped_with_a_reason() {
    let json = r#"[
      {"type":"message","user":"U1","ts":"1700000000.000000"},
      "text",
      {"type":"message","user":"U1"},
      {"type":"message","user":"U1","ts":"17e8"},
      {"type":"message","user":"U1","ts":"1.1234567890"},
      {"type":"message","ts":"1700000001.000000"},
      {"type":"message","user":"U1","ts":"99999999999999.0"},
      {"type":"message","user":"U1","ts":"1700000002","thread_ts":"garbage"}
    ]"#;
    let (counts, sink) = day(json, &context(&["U1"], false));
    assert_eq!(counts.imported, 2);
    assert_eq!(sink.events[1].parent, None);
    assert_eq!(
        sink.skip_lines(),
        [
            "ops/d.json: message #2: not a JSON object",
            "ops/d.json: message #3: no `ts`",
            "ops/d.json: message #4: `ts` \"17e8\" is not `<seconds>.<micros>`",
            "ops/d.json: message #5: `ts` \"1.1234567890\" is not `<seconds>.<micros>`",
            "ops/d.json: message #6: no `user`",
            "ops/d.json: message #7: `ts` \"99999999999999.0\" is out of range",
        ]
    );
    for (bytes, reason) in [
        (&b"{\"a\":1}"[..], "not a JSON array of messages"),
        (
            b"[{\"ts\":",
            "not valid JSON: EOF while parsing a value at line 1 column 7",
        ),
    ] {
        let mut sink = VecSink::default();
        let ctx = context(&["U1"], false);
        read_day(bytes, Path::new("f.json"), &channel(false), &ctx, &mut sink).unwrap();
        assert_eq!(sink.skip_lines(), [format!("f.json: {reason}")]);
    }
}

/// Write a small export into a temporary folder.
fn export(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    dir
}

const CHANNELS: &str = r#"[{"id":"C1","name":"ops"},{"id":"C2","name":"quiet"},{"no":"id"}]"#;
const MESSAGE: &str = r#"[{"type":"message","user":"U1","ts":"1700000000.000000"}]"#;

#[test]
fn an_export_folder_with_every_kind_of_conversation() {
    let dir = export(&[
        ("channels.json", CHANNELS),
        ("groups.json", r#"[{"id":"G1","name":"secret"}]"#),
        (
            "mpims.json",
            r#"[{"id":"G2","name":"mpdm-a--b-1"},{"id":"G3","name":"../up"}]"#,
        ),
        ("dms.json", r#"[{"id":"D1","members":["U1","U2"]}]"#),
        ("users.json", "not even read"),
        ("ops/2023-11-14.json", MESSAGE),
        ("ops/2023-11-15.json", "[{]"),
        ("ops/notes.txt", "ignored"),
        ("secret/2023-11-14.json", MESSAGE),
        ("mpdm-a--b-1/2023-11-14.json", MESSAGE),
        ("D1/2023-11-14.json", MESSAGE),
        ("stray/2023-11-14.json", MESSAGE),
    ]);
    let ctx = context(&["U1"], false);
    let mut sink = VecSink::default();
    let counts = read_export(dir.path(), &ctx, &mut sink).unwrap();
    assert_eq!(counts.imported, 4);
    let mut keys: Vec<&str> = sink.events.iter().map(|e| e.key.as_str()).collect();
    keys.sort();
    assert_eq!(
        keys,
        [
            "C1/1700000000.000000",
            "D1/1700000000.000000",
            "G1/1700000000.000000",
            "G2/1700000000.000000"
        ]
    );
    let public: Vec<_> = sink
        .events
        .iter()
        .filter(|e| e.context.as_deref() == Some("ops"))
        .collect();
    assert_eq!(public.len(), 1);
    let root = dir.path().display().to_string();
    let skipped: Vec<String> = sink
        .skip_lines()
        .iter()
        .map(|s| s.replace(&root, ""))
        .collect();
    assert_eq!(
        skipped,
        [
            "/channels.json: entry #3: no `id`",
            "/mpims.json: entry #2: folder name \"../up\" is not a plain name",
            "/stray: folder not named in channels.json, groups.json, mpims.json or dms.json",
            "/ops/2023-11-15.json: not valid JSON: key must be a string at line 1 column 3",
        ]
    );
}

#[test]
fn refusals_say_what_to_do() {
    let refusal = |dir: &Path, ctx: &ImportContext| {
        let err = read_export(dir, ctx, &mut VecSink::default()).unwrap_err();
        let ImportError::Refused { reason, hint, .. } = err else {
            panic!("{err:?}")
        };
        (reason, hint.unwrap_or_default())
    };
    let dir = export(&[
        ("channels.json", CHANNELS),
        ("ops/2023-11-14.json", MESSAGE),
    ]);
    let (reason, hint) = refusal(dir.path(), &context(&[], false));
    assert_eq!(
        reason,
        "no chat user ids declared, so none of these messages can be told to be yours"
    );
    assert!(
        hint.contains("canary config set identities.chat_ids U…"),
        "{hint}"
    );
    assert!(hint.contains("-o all_users=true"), "{hint}");

    let mut sink = VecSink::default();
    read_export(dir.path(), &context(&[], true), &mut sink).unwrap();
    assert_eq!(sink.events.len(), 1);

    let empty = export(&[("general/2023-11-14.json", MESSAGE)]);
    let (reason, hint) = refusal(empty.path(), &context(&["U1"], false));
    assert_eq!(reason, "no channels.json: not a Slack workspace export");
    assert!(hint.contains("unzipped folder"));
    let (reason, _) = refusal(&empty.path().join("x.zip"), &context(&["U1"], false));
    assert_eq!(
        reason,
        "a zipped Slack export: unzip it and import the folder"
    );

    let bad = export(&[("channels.json", "{")]);
    let (reason, _) = refusal(bad.path(), &context(&["U1"], false));
    assert!(reason.starts_with("not valid JSON: EOF"), "{reason}");
}

#[test]
fn ts_parsing() {
    assert_eq!(parse_ts("1700000000").unwrap().as_second(), 1_700_000_000);
    assert_eq!(
        parse_ts("1700000000.5").unwrap().subsec_nanosecond(),
        500_000_000
    );
    assert_eq!(parse_ts("0.000001").unwrap().as_microsecond(), 1);
    for bad in [
        "", ".", "1.", ".1", "-1.0", "+1.0", "1.0.0", " 1", "1,5", "١٢",
    ] {
        assert!(parse_ts(bad).is_err(), "{bad:?}");
    }
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_bytes(input in prop::collection::vec(any::<u8>(), 0..500)) {
            let ctx = context(&["U1"], true);
            let _ = read_day(&input, Path::new("f"), &channel(false), &ctx, &mut VecSink::default());
            let _ = parse_list(&input, false, false);
        }

        #[test]
        fn message_like_json(
            parts in prop::collection::vec(
                prop::sample::select(vec![
                    "[", "]", "{", "}", ",", ":", "\"ts\"", "\"user\"", "\"U1\"", "\"subtype\"",
                    "\"thread_ts\"", "\"1.5\"", "\"99999999999999999999.1\"", "null", "true",
                    "\"bot_id\"", "\"hidden\"", "1e400", "\"\"",
                ]),
                0..60,
            )
        ) {
            let ctx = context(&["U1"], true);
            let input = parts.concat();
            let _ = read_day(input.as_bytes(), Path::new("f"), &channel(true), &ctx, &mut VecSink::default());
        }
    }
}
