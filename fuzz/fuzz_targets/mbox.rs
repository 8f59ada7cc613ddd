//! Fuzz the mbox reader: any bytes, never a panic. The file name is a sent folder's, and the
//! context has identities and emergency rules, so every decision path runs.
#![no_main]

use libfuzzer_sys::fuzz_target;

use canary::privacy::IdentityHasher;
use canary::settings::{EmergencyRules, Identities};
use canary::sources::{ImportContext, VecSink, mbox};

fuzz_target!(|data: &[u8]| {
    let identities = Identities {
        emails: vec!["me@example.org".into()],
        ..Identities::default()
    };
    let emergency = EmergencyRules {
        senders: vec!["@pagerduty.com".into(), "boss@example.org".into()],
        subject_patterns: vec!["down".into(), "URGENT".into()],
        ..EmergencyRules::default()
    };
    let ctx =
        ImportContext::new(identities, IdentityHasher::new([0; 32])).with_emergency(emergency);
    let mut sink = VecSink::default();
    let _ = mbox::read_bytes(
        data,
        std::path::Path::new("Sent Items.mbox"),
        &ctx,
        &mut sink,
    );
});
