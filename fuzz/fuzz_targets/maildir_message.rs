//! Fuzz the reading of one Maildir message file's start: any bytes, never a panic. Each input
//! is read twice with the same set of seen keys, so the duplicate path runs too.
#![no_main]

use libfuzzer_sys::fuzz_target;

use canary::privacy::IdentityHasher;
use canary::settings::{EmergencyRules, Identities};
use canary::sources::ImportContext;
use canary::sources::mail::{Origin, Seen};
use canary::sources::maildir;

fuzz_target!(|data: &[u8]| {
    let identities = Identities {
        emails: vec!["me@example.org".into()],
        ..Identities::default()
    };
    let emergency = EmergencyRules {
        senders: vec!["@pagerduty.com".into()],
        subject_patterns: vec!["down".into()],
        ..EmergencyRules::default()
    };
    let ctx =
        ImportContext::new(identities, IdentityHasher::new([0; 32])).with_emergency(emergency);
    let mut seen = Seen::default();
    let sent = data.first().is_some_and(|b| b & 1 == 1);
    let origin = Origin { sent_folder: sent };
    let _ = maildir::read_message(data, origin, &ctx, &mut seen);
    let _ = maildir::read_message(data, origin, &ctx, &mut seen);
});
