//! Links `canary` as a position-dependent executable on Linux with glibc.
//!
//! A position-independent executable is relocated by the dynamic loader at every start: for
//! `canary` that is 62,740 relocations written into 1.5 MB of tables and vtables, copied page
//! by page — about 2 ms of each command's life, as much as all the rest of `canary check`
//! (measured in docs/performance.md, *Process start*). Linked at a fixed address, nothing
//! is relocated. What is given up is the address randomisation of the executable's own
//! code and data (libraries, stack and heap are still randomised); docs/design.md says why
//! that is the right trade here. `CANARY_BUILD_PIE=1` builds a PIE as before, for a
//! packager whose policy asks for one.

fn main() {
    println!("cargo:rerun-if-env-changed=CANARY_BUILD_PIE");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    let pie = std::env::var_os("CANARY_BUILD_PIE").is_some_and(|v| v == "1");
    if os == "linux" && env == "gnu" && !pie {
        println!("cargo:rustc-link-arg-bin=canary=-no-pie");
    }
}
