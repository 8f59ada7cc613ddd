//! Fuzz the iCalendar importer: any bytes, never a panic; also with a window and a zone, so
//! that recurrence expansion runs on whatever calcard makes of the input.
#![no_main]

use libfuzzer_sys::fuzz_target;

use canary::event::SourceKind;
use canary::privacy::IdentityHasher;
use canary::settings::Identities;
use canary::sources::{ImportContext, VecSink, ics, registry};

fuzz_target!(|data: &[u8]| {
    let path = std::path::Path::new("fuzz.ics");
    let mut ctx = ImportContext::new(
        Identities {
            emails: vec!["me@example.com".into()],
            ..Identities::default()
        },
        IdentityHasher::new([0; 32]),
    );
    let mut sink = VecSink::default();
    let _ = ics::read_bytes(data, path, &ctx, &mut sink);
    let window = [
        ("timezone", "Europe/Berlin"),
        ("since", "2020-01-01"),
        ("until", "2021-12-31"),
    ];
    ctx.options = registry::get(SourceKind::Ics)
        .expect("the ics importer")
        .check_options(window)
        .expect("options the ics importer takes");
    let mut sink = VecSink::default();
    let _ = ics::read_bytes(data, path, &ctx, &mut sink);
});
