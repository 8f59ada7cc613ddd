//! Fuzz the Opsgenie alert reader: any bytes, never a panic. The first byte picks whose
//! export it is and whether the time unit is forced.
#![no_main]

use canary::event::SourceKind;
use canary::privacy::IdentityHasher;
use canary::settings::Identities;
use canary::sources::{ImportContext, VecSink, opsgenie, registry};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (mode, body) = data.split_first().unwrap_or((&0, data));
    let mut identities = Identities::default();
    if mode & 1 == 1 {
        identities.oncall_ids = vec!["agent_smith@opsgenie.com".into()];
    }
    let mut ctx = ImportContext::new(identities, IdentityHasher::new([0; 32]));
    if mode & 2 == 2 {
        ctx.options = registry::get(SourceKind::Opsgenie)
            .expect("the opsgenie importer")
            .check_options([("time_unit", "s")])
            .expect("an option the opsgenie importer takes");
    }
    let _ = opsgenie::read_json(
        body,
        std::path::Path::new("fuzz"),
        &ctx,
        &mut VecSink::default(),
    );
});
