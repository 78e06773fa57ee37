//! The OCI state document as the runtime prints it (runtime.md#state).

use serde_json::{Map, Value};

use crate::harness::verdict::Verdict;

/// A parsed `state` output; fields are optional so the tests can say which is missing.
#[derive(Debug, Clone)]
pub struct State {
    pub raw: Value,
}

impl State {
    /// Parses the runtime's `state` output; not JSON is the runtime's failure.
    pub fn parse(text: &str) -> Result<State, Verdict> {
        let raw: Value = serde_json::from_str(text)
            .map_err(|e| Verdict::Fail(format!("state output is not JSON ({e}): {text:.200}")))?;
        if !raw.is_object() {
            return Err(Verdict::Fail(format!(
                "state output is not an object: {text:.200}"
            )));
        }
        Ok(State { raw })
    }

    pub fn status(&self) -> Option<&str> {
        self.raw.get("status").and_then(Value::as_str)
    }

    pub fn id(&self) -> Option<&str> {
        self.raw.get("id").and_then(Value::as_str)
    }

    /// The pid, when present and positive.
    pub fn pid(&self) -> Option<i32> {
        self.raw
            .get("pid")
            .and_then(Value::as_i64)
            .filter(|p| *p > 0)
            .and_then(|p| i32::try_from(p).ok())
    }

    pub fn bundle(&self) -> Option<&str> {
        self.raw.get("bundle").and_then(Value::as_str)
    }

    pub fn oci_version(&self) -> Option<&str> {
        self.raw.get("ociVersion").and_then(Value::as_str)
    }

    pub fn annotations(&self) -> Option<&Map<String, Value>> {
        self.raw.get("annotations").and_then(Value::as_object)
    }
}
