//! Fuzz the Slack day-file and conversation-list readers: any bytes, never a panic.
#![no_main]

use std::path::Path;

use canary::event::SourceKind;
use canary::privacy::IdentityHasher;
use canary::settings::Identities;
use canary::sources::slack::{self, Channel};
use canary::sources::{ImportContext, VecSink, registry};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let identities = Identities {
        chat_ids: vec!["U1".into()],
        ..Identities::default()
    };
    let all_users = data.first().is_some_and(|b| b & 1 == 1);
    let options = registry::get(SourceKind::Slack)
        .expect("the slack importer")
        .check_options([("all_users", if all_users { "true" } else { "false" })])
        .expect("an option the slack importer takes");
    let ctx = ImportContext::new(identities, IdentityHasher::new([0; 32])).with_options(options);
    let channel = Channel {
        id: "C1".into(),
        name: "general".into(),
        folder: "general".into(),
        private: data.len() % 2 == 0,
    };
    let mut sink = VecSink::default();
    let _ = slack::read_day(data, Path::new("fuzz"), &channel, &ctx, &mut sink);
    let _ = slack::parse_list(data, false, all_users);
});
