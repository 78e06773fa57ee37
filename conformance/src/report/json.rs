//! `--report FILE`: the whole run as JSON.

use super::Run;

/// Serializes the run, pretty-printed.
pub fn render(run: &Run) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(run)
}
