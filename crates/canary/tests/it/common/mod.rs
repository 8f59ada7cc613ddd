//! Helpers shared by the library's integration tests.

use std::path::PathBuf;

/// The real test files in `../shared/data` beside the project (`CANARY_DATA` points
/// elsewhere). Tests that call this are `#[ignore = "needs ../shared/data"]`: a user's clone
/// lists them as ignored, and `cargo test -- --include-ignored` (CI) runs them, where missing
/// data is a failure, never a skip.
#[allow(dead_code)]
pub fn shared_data() -> PathBuf {
    let dir = std::env::var_os("CANARY_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    assert!(
        dir.is_dir(),
        "the shared test data is not at {} (set CANARY_DATA, or run without --include-ignored)",
        dir.display()
    );
    dir
}
