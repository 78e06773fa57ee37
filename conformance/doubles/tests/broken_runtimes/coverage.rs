//! The self-test's own bookkeeping, checked without root, on the modes and the
//! MUSTs without one that the areas define (each area's `broken.rs`).

use std::collections::BTreeSet;
use std::process::Command;

use jailcheck::areas::{broken_modes, unbroken};
use jailcheck::catalogue::{self, Level};

/// Every MUST requirement has a mode or a reason it has none, not both, and every
/// reason is for a MUST.
pub fn every_must_has_a_mode_or_a_reason() -> Result<(), String> {
    let with_mode: BTreeSet<&str> = broken_modes()
        .flat_map(|m| m.breaks.iter().map(|id| id.as_str()))
        .collect();
    let without: BTreeSet<&str> = unbroken().map(|u| u.requirement.as_str()).collect();
    let mut problems = Vec::new();
    for r in catalogue::all() {
        let (moded, reasoned) = (with_mode.contains(&*r.id), without.contains(&*r.id));
        match (r.level == Level::Must, moded, reasoned) {
            (true, false, false) => problems.push(format!(
                "MUST {} has no broken mode: add one to the broken.rs of its area, or an \
                 Unbroken entry there with the reason",
                r.id
            )),
            (_, true, true) => problems.push(format!("{} has a mode and a reason for none", r.id)),
            (false, _, true) => {
                problems.push(format!("{} is not a MUST but has an Unbroken entry", r.id))
            }
            _ => {}
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// No two modes share a name (the wrapper selects them by name), and none is
/// `none`, the name of passing everything through.
pub fn mode_names_are_unique() -> Result<(), String> {
    let mut seen = BTreeSet::new();
    let twice: Vec<&str> = broken_modes()
        .map(|m| m.name)
        .filter(|n| !seen.insert(*n) || *n == "none")
        .collect();
    if twice.is_empty() {
        Ok(())
    } else {
        Err(format!("mode names defined twice, or `none`: {twice:?}"))
    }
}

/// The wrapper binary the self-test runs knows every mode the areas define (a
/// wrapper built from another version of the library would not).
pub fn the_wrapper_lists_every_mode() -> Result<(), String> {
    let out = Command::new(env!("CARGO_BIN_EXE_jailcheck-broken-runtime"))
        .arg("--list-modes")
        .output()
        .map_err(|e| format!("run the wrapper: {e}"))?;
    let listed = String::from_utf8_lossy(&out.stdout);
    let known: BTreeSet<&str> = listed
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .collect();
    let missing: Vec<&str> = broken_modes()
        .map(|m| m.name)
        .filter(|n| !known.contains(n))
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!("modes the wrapper does not list: {missing:?}"))
    }
}
