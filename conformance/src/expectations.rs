//! Expectations files: known deviations of a runtime, each with a reason.
//!
//! Format: one entry per line, `TEST-NAME: reason`; `#` starts a comment line.
//! Every test named must exist, and every reason cites the spec section the runtime
//! deviates from (`runtime.md#delete`, `config-linux.md#network-devices`, or
//! `runc-cli#…` for a convention). A deviation from a requirement newer than the
//! spec version the runtime declares says `version gap`. A reason that starts
//! with `intermittent:` is a deviation seen only sometimes (a race the runtime
//! loses now and then): a pass is then a pass, not an unexpected one.

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
            if !cites_section(reason) {
                return Err(format!(
                    "line {}: the reason for {name} cites no spec section (doc.md#anchor)",
                    n + 1
                ));
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

/// Whether an entry's reason marks a deviation seen only sometimes.
pub fn is_intermittent(reason: &str) -> bool {
    reason.starts_with("intermittent:")
}

/// Whether `reason` names a section: `something.md#anchor` or `runc-cli#anchor`.
fn cites_section(reason: &str) -> bool {
    reason.split_whitespace().any(|word| {
        let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '#' && c != '.');
        match word.split_once('#') {
            Some((doc, anchor)) => {
                (doc.ends_with(".md") || doc == "runc-cli")
                    && !anchor.is_empty()
                    && anchor
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-')
            }
            None => false,
        }
    })
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
        let text =
            "# c\n\nprocess::umask: config.md#posix-platform-user: runc keeps the parent's\n";
        let e = Expectations::parse(text, &known()).expect("parse");
        assert_eq!(
            e.reason("process::umask"),
            Some("config.md#posix-platform-user: runc keeps the parent's")
        );
    }

    #[test]
    fn a_reason_must_cite_the_spec_section() {
        let err = Expectations::parse("process::umask: runc keeps it\n", &known()).unwrap_err();
        assert!(err.contains("cites no spec section"), "{err}");
        assert!(cites_section("(runtime.md#lifecycle step 9)"));
        assert!(cites_section("runc-cli#delete: runc"));
        assert!(!cites_section("see config.md"));
    }

    /// Every shipped expectations file: reasons cite sections, and an entry is marked
    /// `version gap` exactly when the test's requirements are all newer than the spec
    /// version the runtime declares.
    #[test]
    fn shipped_expectations_cite_sections_and_mark_version_gaps() {
        use crate::catalogue::{self, version};
        let declared = [
            ("runc.txt", version::V1_0_2),
            ("jailrun.txt", version::V1_3_0),
        ];
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/expectations");
        let all = crate::areas::all();
        let names: Vec<String> = all.iter().map(|(n, _)| n.clone()).collect();
        for (file, declares) in declared {
            let e = Expectations::load(&dir.join(file), &names).unwrap_or_else(|e| panic!("{e}"));
            for (test, reason) in &e.entries {
                let case = all.iter().find(|(n, _)| n == test).map(|(_, c)| c);
                let reqs = case.map(|c| c.requirements).unwrap_or_default();
                let newer = !reqs.is_empty()
                    && reqs
                        .iter()
                        .filter_map(|id| catalogue::find(id))
                        .all(|r| r.since > declares);
                assert_eq!(
                    reason.contains("version gap"),
                    newer,
                    "{file}: {test}: `version gap` must be said exactly when {reqs:?} are newer \
                     than {declares}: {reason}"
                );
            }
        }
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
