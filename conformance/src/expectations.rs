//! Expectations files: known deviations of a runtime, each with a reason.
//!
//! Format: one entry per line, `TEST-NAME: reason`; `#` starts a comment line.
//! Every test named must exist, and every entry needs a reason.

use std::collections::BTreeMap;
use std::path::Path;

/// Test name → why the runtime is expected to fail it.
#[derive(Debug, Default, Clone)]
pub struct Expectations {
    pub entries: BTreeMap<String, String>,
}

impl Expectations {
    /// Reads and checks an expectations file against the known test names.
    pub fn load(path: &Path, known: &[String]) -> Result<Expectations, String> {
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("--expectations {}: {e}", path.display()))?;
        Self::parse(&text, known).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Parses expectations text; errors name the line.
    pub fn parse(text: &str, known: &[String]) -> Result<Expectations, String> {
        let mut entries = BTreeMap::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (name, reason) = split_entry(line)
                .filter(|(name, _)| !name.is_empty() && !name.contains(char::is_whitespace))
                .ok_or_else(|| format!("line {}: expected `TEST-NAME: reason`", n + 1))?;
            if reason.is_empty() {
                return Err(format!("line {}: {name} has no reason", n + 1));
            }
            if !known.iter().any(|k| k == name) {
                return Err(format!("line {}: unknown test {name}", n + 1));
            }
            entries.insert(name.to_string(), reason.to_string());
        }
        Ok(Expectations { entries })
    }

    /// The reason a test is expected to fail, if it is.
    pub fn reason(&self, test: &str) -> Option<&str> {
        self.entries.get(test).map(String::as_str)
    }
}

/// Splits `area::name: reason` at the colon that ends the name.
fn split_entry(line: &str) -> Option<(&str, &str)> {
    let end = line
        .find(": ")
        .or_else(|| line.strip_suffix(':').map(str::len))?;
    Some((line[..end].trim(), line.get(end + 1..).unwrap_or("").trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn known() -> Vec<String> {
        vec!["process::umask".to_string()]
    }

    #[test]
    fn parses_entries_and_comments() {
        let e = Expectations::parse("# c\n\nprocess::umask: runc keeps the parent's\n", &known())
            .expect("parse");
        assert_eq!(e.reason("process::umask"), Some("runc keeps the parent's"));
    }

    #[test]
    fn rejects_unknown_tests_and_missing_reasons() {
        assert!(Expectations::parse("process::nope: x\n", &known())
            .unwrap_err()
            .contains("unknown test"));
        assert!(Expectations::parse("process::umask:\n", &known())
            .unwrap_err()
            .contains("no reason"));
        assert!(Expectations::parse("garbage line\n", &known()).is_err());
    }
}
