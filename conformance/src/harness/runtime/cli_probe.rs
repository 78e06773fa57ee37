//! Finds out which runc conventions a runtime's command line has by reading its
//! `--help` and each command's `--help`: harmless calls every runtime answers.

use std::path::Path;

use crate::harness::runtime::cli_profile::{CliFeature, CliProfile};
use crate::harness::runtime::driver::{CallIo, RuntimeCli};

/// Reads the runtime's help texts and builds its profile. Fails only when even
/// `RUNTIME --help` does not answer.
pub fn probe(runtime: &RuntimeCli, dir: &Path) -> Result<CliProfile, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let name = runtime
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| runtime.path.display().to_string());
    let help = |args: &[&str]| -> Result<String, String> {
        let owned: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let prefix = dir.join(args.join("-"));
        let inv = runtime
            .run_raw(
                &owned,
                &CallIo {
                    prefix: &prefix,
                    cwd: None,
                },
            )
            .map_err(|v| v.to_string())?;
        if inv.ok() {
            Ok(format!("{}\n{}", inv.stdout, inv.stderr))
        } else {
            Err(format!("`{}` failed ({})", inv.command, inv.exit))
        }
    };
    let top = help(&["--help"]).map_err(|e| {
        format!("cannot read the command line of {name}: {e}; name it with --cli runc|runj|ocijail")
    })?;
    // A command the general help lists exists even when its own help fails.
    let listed = |cmd: &str| {
        top.lines()
            .any(|l| l.split_whitespace().next() == Some(cmd))
    };
    let mut missing: Vec<(CliFeature, String)> = Vec::new();
    let mut notes = Vec::new();
    let mut commands: Vec<(&str, Result<String, String>)> = Vec::new();
    for feature in CliFeature::ALL {
        let cmd = feature.command().unwrap_or("");
        // A missing command's flags are not listed again (`ALL` has it first).
        let command_missing = missing
            .iter()
            .any(|(f, _)| f.is_command() && f.command() == Some(cmd));
        if command_missing {
            continue;
        }
        if feature.is_command() {
            match command_help(&mut commands, cmd, &top, &name, &help) {
                Err(why) if listed(cmd) => notes.push(assumed(&why, cmd)),
                Err(why) => missing.push((feature, format!("no {cmd} command: {why}"))),
                Ok(_) => {}
            }
            continue;
        }
        let Some(flag) = feature.flag() else {
            // ExecArgs: a runtime whose help marks --process required (CLI11's
            // `REQUIRED`) takes no program as arguments.
            if let Ok(text) = command_help(&mut commands, cmd, &top, &name, &help) {
                if process_required(text) {
                    let why = format!("`{name} exec --help` marks --process REQUIRED");
                    missing.push((feature, why));
                }
            }
            continue;
        };
        let (text, whose) = match feature.command() {
            None => (Ok(top.as_str()), format!("`{name} --help`")),
            Some(cmd) => (
                command_help(&mut commands, cmd, &top, &name, &help),
                format!("`{name} {cmd} --help`"),
            ),
        };
        match text {
            Ok(text) if mentions_flag(text, flag) => {}
            Ok(_) => missing.push((feature, format!("{whose} does not list {flag}"))),
            Err(why) if listed(cmd) => notes.push(assumed(&why, cmd)),
            Err(why) => missing.push((feature, format!("no {cmd} command: {why}"))),
        }
    }
    notes.dedup();
    let profile = CliProfile::new(format!("probed from {name}'s --help"), missing);
    Ok(profile.with_notes(notes))
}

/// The note for a feature whose help could not be read: the runc convention is
/// assumed, so a test using it fails visibly rather than being skipped.
fn assumed(why: &str, cmd: &str) -> String {
    format!("{why}, so {cmd} is assumed to have runc's flags")
}

/// The help text of `cmd`, asked once: an error when the command fails to answer
/// or answers with the general help (so it is not a command of the runtime).
fn command_help<'c>(
    cache: &'c mut Vec<(&'static str, Result<String, String>)>,
    cmd: &'static str,
    top: &str,
    name: &str,
    help: &dyn Fn(&[&str]) -> Result<String, String>,
) -> Result<&'c str, String> {
    let i = match cache.iter().position(|(c, _)| *c == cmd) {
        Some(i) => i,
        None => {
            let got = help(&[cmd, "--help"]).and_then(|text| {
                if text.trim() == top.trim() {
                    Err(format!(
                        "`{name} {cmd} --help` prints the general help: there is no {cmd} command"
                    ))
                } else {
                    Ok(text)
                }
            });
            cache.push((cmd, got));
            cache.len() - 1
        }
    };
    cache[i].1.as_deref().map_err(Clone::clone)
}

/// Whether an exec help text marks `--process` as required.
fn process_required(text: &str) -> bool {
    text.lines()
        .any(|l| mentions_flag(l, "--process") && l.to_ascii_lowercase().contains("required"))
}

/// Whether a help text lists `flag` as an option: the flag as a word of its own
/// (`--root value`, `-b,--bundle TEXT`, `--log=FILE`), not a prefix of another
/// (`--rootless`, `--log-format`).
pub fn mentions_flag(text: &str, flag: &str) -> bool {
    text.match_indices(flag).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + flag.len()..].chars().next();
        let starts = before.is_none_or(|c| c.is_whitespace() || matches!(c, ',' | '[' | '|' | '('));
        let ends = after.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'));
        starts && ends
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_whole_words() {
        assert!(mentions_flag("   --root value   root dir", "--root"));
        assert!(mentions_flag("  -b,--bundle TEXT:DIR  Path", "--bundle"));
        assert!(mentions_flag("  -f, --force  Kill", "--force"));
        assert!(mentions_flag("--log=FILE", "--log"));
        assert!(!mentions_flag("  --rootless value", "--root"));
        assert!(!mentions_flag("  --log-format TEXT", "--log"));
        assert!(!mentions_flag("  x--root", "--root"));
    }

    #[test]
    fn a_required_process_flag_means_no_args_form() {
        assert!(process_required(
            "  --process TEXT:PATH(existing) REQUIRED\n  Path to a file"
        ));
        assert!(!process_required(
            "   --process value, -p value          path to the process.json"
        ));
    }
}
