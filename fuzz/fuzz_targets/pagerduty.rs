//! Fuzz the PagerDuty readers (JSON and CSV): any bytes, never a panic. The first byte picks
//! whose export it is (everyone's, or one declared id) and a time zone option, so that both
//! attribution paths and zoned parsing are exercised.
#![no_main]

use canary::event::SourceKind;
use canary::privacy::IdentityHasher;
use canary::settings::Identities;
use canary::sources::{ImportContext, VecSink, pagerduty, registry};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (mode, body) = data.split_first().unwrap_or((&0, data));
    let mut identities = Identities::default();
    if mode & 1 == 1 {
        identities.oncall_ids = vec!["PXPGF42".into()];
        identities.emails = vec!["me@example.org".into()];
    }
    let mut ctx = ImportContext::new(identities, IdentityHasher::new([0; 32]));
    if mode & 2 == 2 {
        ctx.options = registry::get(SourceKind::Pagerduty)
            .expect("the pagerduty importer")
            .check_options([("timezone", "Europe/Berlin")])
            .expect("an option the pagerduty importer takes");
    }
    let path = std::path::Path::new("fuzz");
    let _ = pagerduty::read_json(body, path, &ctx, &mut VecSink::default());
    let _ = pagerduty::read_csv(body, path, &ctx, &mut VecSink::default());
});
