//! Fuzz the generic CSV reader under a few option sets chosen by the first byte: any bytes,
//! never a panic.
#![no_main]

use std::path::Path;

use canary::event::SourceKind;
use canary::privacy::IdentityHasher;
use canary::settings::Identities;
use canary::sources::{ImportContext, VecSink, generic_csv, registry};
use libfuzzer_sys::fuzz_target;

const OPTION_SETS: [&[(&str, &str)]; 4] = [
    &[("timestamp", "t")],
    &[
        ("timestamp", "t"),
        ("end", "e"),
        ("kind_column", "k"),
        ("urgency_column", "u"),
    ],
    &[
        ("timestamp", "t"),
        ("duration", "d"),
        ("key_column", "k"),
        ("timezone", "Europe/Berlin"),
    ],
    &[
        ("timestamp", "t"),
        ("delimiter", "tab"),
        ("kind", "meeting"),
    ],
];

fuzz_target!(|data: &[u8]| {
    let Some((&choice, input)) = data.split_first() else {
        return;
    };
    let options = registry::get(SourceKind::Csv)
        .expect("the csv importer")
        .check_options(
            OPTION_SETS[usize::from(choice) % OPTION_SETS.len()]
                .iter()
                .copied(),
        )
        .expect("options the csv importer takes");
    let ctx = ImportContext::new(Identities::default(), IdentityHasher::new([0; 32]))
        .with_options(options);
    let mut sink = VecSink::default();
    let _ = generic_csv::read_bytes(input, Path::new("fuzz"), &ctx, &mut sink);
});
