//! Fuzz the zsh history parser: any bytes, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut sink = canary::sources::VecSink::default();
    let _ = canary::sources::zsh::read(data, std::path::Path::new("fuzz"), &mut sink);
});
