//! `--report FILE`: the whole run as JSON, and the reader `jailcheck compare` uses.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::Run;
use crate::outcome::Outcome;

/// The schema number of the JSON report. Raise it when a field changes meaning or
/// goes away; readers refuse every other number.
pub const SCHEMA: u32 = 1;

/// Serializes the run, pretty-printed.
pub fn render(run: &Run) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(run)
}

/// Why a report could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: not a jailcheck JSON report: {source}", path.display())]
    Json {
        path: PathBuf,
        source: serde_json::Error,
    },
    #[error("{}: report schema {found}, but this jailcheck reads schema {SCHEMA} only", path.display())]
    Schema { path: PathBuf, found: String },
}

/// A report as read back: the fields `jailcheck compare` shows.
#[derive(Debug, Clone, Deserialize)]
pub struct StoredRun {
    pub date: String,
    pub runtime: String,
    pub runtime_version: Option<String>,
    pub host: StoredHost,
    pub spec_version: StoredSpec,
    pub tests: Vec<StoredRecord>,
}

/// The machine a stored run ran on.
#[derive(Debug, Clone, Deserialize)]
pub struct StoredHost {
    pub os: String,
    pub release: String,
    pub arch: String,
}

/// The spec version a stored run judged against, and where it came from.
#[derive(Debug, Clone, Deserialize)]
pub struct StoredSpec {
    pub version: String,
    pub source: String,
}

/// One test of a stored run.
#[derive(Debug, Clone, Deserialize)]
pub struct StoredRecord {
    pub name: String,
    pub outcome: Outcome,
    pub checks: Vec<StoredCheck>,
    pub message: Option<String>,
}

/// One requirement a stored test judged, and how.
#[derive(Debug, Clone, Deserialize)]
pub struct StoredCheck {
    pub requirement: String,
    pub outcome: Outcome,
}

/// Reads a report written by `--report`, refusing any schema but [`SCHEMA`].
pub fn read(path: &Path) -> Result<StoredRun, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|source| ReadError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(path, &text)
}

/// Parses a report's text; `path` only names it in errors.
pub fn parse(path: &Path, text: &str) -> Result<StoredRun, ReadError> {
    let json_error = |source| ReadError::Json {
        path: path.to_path_buf(),
        source,
    };
    let value: serde_json::Value = serde_json::from_str(text).map_err(json_error)?;
    let schema = value.get("schema");
    if schema.and_then(serde_json::Value::as_u64) != Some(u64::from(SCHEMA)) {
        return Err(ReadError::Schema {
            path: path.to_path_buf(),
            found: schema.map_or("none".to_string(), |s| s.to_string()),
        });
    }
    serde_json::from_value(value).map_err(json_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{record, sample};

    #[test]
    fn a_written_report_reads_back() {
        let run = sample(vec![record("t_one", Outcome::Fail, "no domainname")]);
        let text = render(&run).expect("serializes");
        let back = parse(Path::new("r.json"), &text).expect("reads back");
        assert_eq!(back.tests.len(), 1);
        assert_eq!(back.tests[0].checks[0].outcome, Outcome::Fail);
        assert_eq!(back.spec_version.version, "1.0.2");
        assert_eq!(back.date, run.date);
    }

    #[test]
    fn other_schemas_are_refused_by_name_and_number() {
        let run = sample(vec![]);
        let text = render(&run)
            .expect("serializes")
            .replace("\"schema\": 1", "\"schema\": 7");
        let err = parse(Path::new("old/r.json"), &text).expect_err("schema 7 refused");
        assert_eq!(
            err.to_string(),
            "old/r.json: report schema 7, but this jailcheck reads schema 1 only"
        );
        let err = parse(Path::new("r.json"), "{\"runtime\": \"x\"}").expect_err("no schema");
        assert_eq!(
            err.to_string(),
            "r.json: report schema none, but this jailcheck reads schema 1 only"
        );
    }
}
