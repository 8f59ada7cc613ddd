//! Helpers shared by the library's integration tests.

use std::path::PathBuf;

/// The real test files in `../shared/data` beside the project, or `None` (with a printed
/// reason) when they are absent — as in a user's clone. CI sets `CANARY_REQUIRE_DATA=1`, which
/// turns their absence into a failure so those tests always run there. `CANARY_DATA` points
/// elsewhere.
#[allow(dead_code)]
pub fn shared_data() -> Option<PathBuf> {
    let dir = std::env::var_os("CANARY_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    if dir.is_dir() {
        return Some(dir);
    }
    if std::env::var_os("CANARY_REQUIRE_DATA").is_some_and(|v| v == "1") {
        panic!(
            "CANARY_REQUIRE_DATA=1 but the shared test data is not at {}",
            dir.display()
        );
    }
    eprintln!(
        "skipping: the shared test data is not at {} (set CANARY_DATA)",
        dir.display()
    );
    None
}
