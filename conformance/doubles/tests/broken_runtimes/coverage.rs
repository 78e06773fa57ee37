//! The self-test's own bookkeeping, checked without root: every MUST has a mode or
//! a written reason, every mode exists in the wrapper, and the README agrees.

use std::collections::BTreeSet;
use std::process::Command;

use jailcheck::catalogue::{self, Level};

use crate::modes::{MODES, WITHOUT_MODE};
use crate::support::workspace;

/// Every MUST requirement has a mode or is listed without one (not both), and every
/// mode names a requirement of the catalogue.
pub fn every_must_has_a_mode_or_a_reason() -> Result<(), String> {
    let with_mode: BTreeSet<&str> = MODES.iter().map(|m| m.breaks).collect();
    let without: BTreeSet<&str> = WITHOUT_MODE.iter().map(|(id, _)| *id).collect();
    let mut problems = Vec::new();
    for r in catalogue::all().filter(|r| r.level == Level::Must) {
        match (
            with_mode.contains(r.id.as_str()),
            without.contains(r.id.as_str()),
        ) {
            (false, false) => problems.push(format!(
                "MUST {} has no broken mode: add one (tests/broken_runtimes/modes.rs) or \
                 list it in WITHOUT_MODE and the README with the reason",
                r.id
            )),
            (true, true) => problems.push(format!("{} has a mode and is listed without one", r.id)),
            _ => {}
        }
    }
    for id in with_mode.iter().chain(without.iter()) {
        if catalogue::find(id).is_none() {
            problems.push(format!("{id} is not in the catalogue"));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// Every mode of the table is one `jailcheck-broken-runtime --list-modes` knows.
pub fn every_mode_exists_in_the_wrapper() -> Result<(), String> {
    let out = Command::new(env!("CARGO_BIN_EXE_jailcheck-broken-runtime"))
        .arg("--list-modes")
        .output()
        .map_err(|e| format!("run the wrapper: {e}"))?;
    let listed = String::from_utf8_lossy(&out.stdout);
    let known: BTreeSet<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let missing: Vec<&str> = MODES
        .iter()
        .map(|m| m.name)
        .filter(|n| !known.contains(n))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("modes the wrapper does not have: {missing:?}"))
    }
}

/// The README's self-test section lists exactly the requirements without a mode,
/// as `- \`ID\`: reason` lines, with the same reasons.
pub fn readme_lists_the_requirements_without_a_mode() -> Result<(), String> {
    let path = workspace().join("README.md");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let section: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("### MUST requirements without a broken mode"))
        .skip(1)
        .take_while(|l| !l.starts_with('#'))
        .collect();
    let listed: Vec<(String, String)> = section
        .iter()
        .filter_map(|l| l.strip_prefix("- `"))
        .filter_map(|l| l.split_once("`: "))
        .map(|(id, why)| (id.to_string(), why.trim().to_string()))
        .collect();
    let want: Vec<(String, String)> = WITHOUT_MODE
        .iter()
        .map(|(id, why)| (id.to_string(), why.to_string()))
        .collect();
    if listed == want {
        Ok(())
    } else {
        Err(format!(
            "README.md, section \"MUST requirements without a broken mode\", lists\n{listed:#?}\n\
             but tests/broken_runtimes/modes.rs WITHOUT_MODE has\n{want:#?}"
        ))
    }
}
