//! Fuzz the ActivityWatch export reader: any bytes, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut sink = canary::sources::VecSink::default();
    let _ =
        canary::sources::activitywatch::read_bytes(data, std::path::Path::new("fuzz"), &mut sink);
});
