//! What the doubles' integration tests share: the workspace, and the suite's own
//! binaries, found next to the doubles (one target directory: `cargo build
//! --workspace`, which `make test` runs, builds them all).

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The binary `name` of another package of the workspace, built next to the doubles;
/// Err is one line naming the missing binary.
pub fn sibling(name: &str) -> Result<PathBuf, String> {
    let path = Path::new(env!("CARGO_BIN_EXE_jailcheck-broken-runtime")).with_file_name(name);
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} is missing: build it with `cargo build --workspace` (make test does)",
            path.display()
        ))
    }
}

/// The suite's binary, `jailcheck`.
pub fn jailcheck() -> Result<PathBuf, String> {
    sibling("jailcheck")
}
