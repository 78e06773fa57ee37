//! Runtime command-line profiles: which of the runc command-line conventions the
//! runtime under test has (found by reading its `--help`, see `cli_probe`, or named
//! with `--cli`), and the command lines the sandbox builds from them.
//!
//! A runtime without global `--root` keeps its state in one place: tests are then
//! isolated by their unique container IDs alone. A test that needs a flag or command
//! the runtime lacks is skipped with the reason: the command line is a CONVENTION,
//! not the spec, so its absence is never a MUST failure.

use std::path::Path;

use serde::Serialize;

use crate::harness::runtime::cli_feature::is_flag;
pub use crate::harness::runtime::cli_feature::CliFeature;
use crate::harness::verdict::Verdict;

/// The upstream commits the built-in runj and ocijail profiles were read from.
pub const RUNJ_COMMIT: &str = "samuelkarp/runj@02137f66db70d98b44135598b2646622661ae642";
pub const OCIJAIL_COMMIT: &str = "dfr/ocijail@79e49b14bdb34ef8b7ccd9e8e6d79b480d7c6697";

/// What ocijail's exec has instead of runc's `--env`, `--cwd` and `--user`.
const EXEC_FLAGS: &str = "ocijail's exec takes the process's settings from --process alone \
                          (exec::exec in ocijail/exec.cpp adds no --env, --cwd or --user)";

/// The command lines `--cli` can name instead of probing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum KnownCli {
    Runc,
    Runj,
    Ocijail,
}

/// A feature the runtime lacks, and what showed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    pub feature: CliFeature,
    /// `global --root`, `delete --force`, …
    pub name: String,
    pub reason: String,
    pub fallback: &'static str,
}

/// What the runtime's command line has, as far as the suite uses it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CliProfile {
    /// How it was found: `probed`, or `--cli runj` and the like.
    pub source: String,
    pub missing: Vec<Missing>,
    /// What could not be read and was assumed to be as runc has it.
    pub notes: Vec<String>,
}

/// Which `--root` a call uses.
#[derive(Debug, Clone, Copy)]
pub enum StateRoot<'a> {
    /// The sandbox's own: dropped when the runtime has no `--root`.
    Sandbox(&'a Path),
    /// Another root, to show isolation: the call needs `--root`.
    Other(&'a Path),
}

impl CliProfile {
    /// A profile lacking these features, each with its reason.
    pub fn new(source: impl Into<String>, missing: Vec<(CliFeature, String)>) -> CliProfile {
        let mut missing: Vec<Missing> = missing
            .into_iter()
            .map(|(feature, reason)| Missing {
                feature,
                name: feature.to_string(),
                reason,
                fallback: feature.fallback(),
            })
            .collect();
        missing.sort_by_key(|m| m.feature);
        missing.dedup_by_key(|m| m.feature);
        CliProfile {
            source: source.into(),
            missing,
            notes: Vec::new(),
        }
    }

    /// The same profile with notes on what was assumed.
    pub fn with_notes(mut self, notes: Vec<String>) -> CliProfile {
        self.notes = notes;
        self
    }

    /// runc's command line: every convention the suite uses.
    pub fn runc() -> CliProfile {
        CliProfile::new("--cli runc", Vec::new())
    }

    /// The built-in profile of a known runtime, read from its sources.
    pub fn known(which: KnownCli) -> CliProfile {
        match which {
            KnownCli::Runc => CliProfile::runc(),
            // ocijail/main.cpp adds --root, --log, --log-format; create.cpp --bundle,
            // --pid-file, --console-socket; kill.cpp --all; delete.cpp --force; exec.cpp
            // --process, --detach, --pid-file, --tty, --console-socket, --preserve-fds;
            // and it has list and features.
            KnownCli::Ocijail => {
                let at = |file: &str| format!("{file} at {OCIJAIL_COMMIT}");
                let lacks = |cmd: &str| {
                    at(&no_command(
                        "ocijail",
                        cmd,
                        "ocijail/main.cpp:26-33 registers create, start, delete, exec, kill, \
                         state, list and features",
                    ))
                };
                CliProfile::new(
                    "--cli ocijail",
                    vec![
                        (
                            CliFeature::ExecArgs,
                            at(
                                "ocijail's exec takes only the ID, and --process is required \
                                (ocijail/exec.cpp:25-30)",
                            ),
                        ),
                        (CliFeature::ExecEnv, at(EXEC_FLAGS)),
                        (CliFeature::ExecCwd, at(EXEC_FLAGS)),
                        (CliFeature::ExecUser, at(EXEC_FLAGS)),
                        (CliFeature::Ps, lacks("ps")),
                        (CliFeature::Pause, lacks("pause")),
                        (CliFeature::Resume, lacks("resume")),
                    ],
                )
            }
            KnownCli::Runj => {
                let at = |file: &str| format!("{file} at {RUNJ_COMMIT}");
                let global = at("runj has no global flags (cmd/runj/main.go)");
                let lacks = |cmd: &str| {
                    at(&no_command(
                        "runj",
                        cmd,
                        "cmd/runj/main.go:18-24 registers state, create, start, kill, delete \
                         and the ext and demo extensions",
                    ))
                };
                CliProfile::new(
                    "--cli runj",
                    vec![
                        (CliFeature::Root, global.clone()),
                        (CliFeature::Log, global.clone()),
                        (CliFeature::LogFormat, global),
                        (
                            CliFeature::DeleteForce,
                            at("runj delete takes only the ID (cmd/runj/delete.go)"),
                        ),
                        (
                            CliFeature::List,
                            at("runj has no list command (cmd/runj/main.go)"),
                        ),
                        (
                            CliFeature::Features,
                            at("runj has no features command (cmd/runj/main.go)"),
                        ),
                        (CliFeature::Exec, lacks("exec")),
                        (CliFeature::Ps, lacks("ps")),
                        (CliFeature::Pause, lacks("pause")),
                        (CliFeature::Resume, lacks("resume")),
                    ],
                )
            }
        }
    }

    /// Whether the runtime has this feature.
    pub fn has(&self, feature: CliFeature) -> bool {
        !self.missing.iter().any(|m| m.feature == feature)
    }

    /// A skip naming the convention, when the runtime lacks it.
    pub fn require(&self, feature: CliFeature) -> Result<(), Verdict> {
        match self.missing.iter().find(|m| m.feature == feature) {
            None => Ok(()),
            Some(m) => Err(Verdict::Skip(format!(
                "needs {} (CONVENTION, {}), which this runtime's command line lacks: {}",
                m.name,
                feature.reference(),
                m.reason
            ))),
        }
    }

    /// The arguments of one runtime call: `--root` when the runtime has it, then
    /// `args` adapted to the profile (bundle by position, no `--pid-file`), or a
    /// skip when the call needs a flag or command the runtime lacks.
    pub fn line(&self, root: StateRoot, args: &[&str]) -> Result<Vec<String>, Verdict> {
        for feature in uses(root, args) {
            match feature {
                // Adapted below rather than needed.
                CliFeature::CreateBundle | CliFeature::PidFile => {}
                _ => self.require(feature)?,
            }
        }
        let mut line = Vec::with_capacity(args.len() + 2);
        let root = match root {
            StateRoot::Sandbox(p) => self.has(CliFeature::Root).then_some(p),
            StateRoot::Other(p) => Some(p),
        };
        if let Some(p) = root {
            line.extend(["--root".to_string(), p.display().to_string()]);
        }
        let command = args.get(command_at(args)).copied().unwrap_or("");
        let mut rest: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        if command == "create" {
            if !self.has(CliFeature::PidFile) {
                take_flag(&mut rest, "--pid-file");
            }
            if !self.has(CliFeature::CreateBundle) {
                // `create [flags] ID BUNDLE`: the ID is the sandbox's last argument.
                if let Some(bundle) = take_flag(&mut rest, "--bundle") {
                    rest.push(bundle);
                }
            }
        }
        line.extend(rest);
        Ok(line)
    }

    /// One line for the console: what the command line lacks and what the suite
    /// does instead.
    pub fn summary(&self) -> String {
        let mut line = if self.missing.is_empty() {
            format!(
                "command line ({}): has every runc convention the suite uses",
                self.source
            )
        } else {
            let items: Vec<String> = self
                .missing
                .iter()
                .map(|m| format!("{} ({})", m.name, m.fallback))
                .collect();
            format!("command line ({}): lacks {}", self.source, items.join("; "))
        };
        for note in &self.notes {
            line.push_str("; ");
            line.push_str(note);
        }
        line
    }
}

/// The conventions a call with these arguments uses (the sandbox's own state
/// root and `create --bundle` aside, which every runtime has in some form, the
/// bundle by position): global flags, another `--root`, the command when it is
/// one a runtime may lack, and its flags.
pub fn uses(root: StateRoot, args: &[&str]) -> Vec<CliFeature> {
    let mut used = Vec::new();
    if let StateRoot::Other(_) = root {
        used.push(CliFeature::Root);
    }
    let at = command_at(args);
    used.extend(args[..at].iter().filter_map(|arg| global_flag(arg)));
    let command = args.get(at).copied().unwrap_or("");
    used.extend(
        CliFeature::ALL
            .into_iter()
            .filter(|f| f.command() == Some(command) && f.used_by(args))
            .filter(|f| *f != CliFeature::CreateBundle),
    );
    used.sort();
    used.dedup();
    used
}

/// The command of a call (`create`, `state`, …), after any global flags.
pub fn command<'a>(args: &[&'a str]) -> &'a str {
    args.get(command_at(args)).copied().unwrap_or("")
}

/// The global flag `arg` is, if it is one the suite knows.
fn global_flag(arg: &str) -> Option<CliFeature> {
    [CliFeature::Root, CliFeature::Log, CliFeature::LogFormat]
        .into_iter()
        .find(|f| f.flag().is_some_and(|flag| is_flag(arg, flag)))
}

/// Where the command is: after the global flags the test passes itself
/// (`--log FILE state ID`), each with its value.
fn command_at(args: &[&str]) -> usize {
    let mut at = 0;
    while let Some(arg) = args.get(at).filter(|a| a.starts_with("--")) {
        if global_flag(arg).is_some() {
            at += usize::from(!arg.contains('='));
        }
        at += 1;
    }
    at.min(args.len())
}

/// Why a runtime lacks a command: where its sources register the ones it has.
fn no_command(runtime: &str, cmd: &str, registered: &str) -> String {
    format!("{runtime} has no {cmd} command ({registered})")
}

/// Removes `flag VALUE` (or `flag=VALUE`) from `args`; returns the value.
fn take_flag(args: &mut Vec<String>, flag: &str) -> Option<String> {
    let i = args.iter().position(|a| is_flag(a, flag))?;
    let arg = args.remove(i);
    match arg.split_once('=') {
        Some((_, value)) => Some(value.to_string()),
        None if i < args.len() => Some(args.remove(i)),
        None => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn runc_lines_get_the_sandbox_root() {
        let line = CliProfile::runc()
            .line(StateRoot::Sandbox(Path::new("/r")), &["state", "x"])
            .expect("line");
        assert_eq!(line, strings(&["--root", "/r", "state", "x"]));
    }

    #[test]
    fn runj_lines_have_no_root_and_need_it_for_another_root() {
        let runj = CliProfile::known(KnownCli::Runj);
        let line = runj
            .line(StateRoot::Sandbox(Path::new("/r")), &["state", "x"])
            .expect("line");
        assert_eq!(line, strings(&["state", "x"]));
        let other = runj.line(StateRoot::Other(Path::new("/o")), &["state", "x"]);
        let Err(Verdict::Skip(why)) = other else {
            panic!("want a skip, got {other:?}");
        };
        assert!(
            why.contains("global --root") && why.contains("CONVENTION"),
            "{why}"
        );
    }

    #[test]
    fn missing_flags_and_commands_skip() {
        let runj = CliProfile::known(KnownCli::Runj);
        let root = StateRoot::Sandbox(Path::new("/r"));
        for args in [&["delete", "--force", "x"][..], &["list"], &["features"]] {
            assert!(
                matches!(runj.line(root, args), Err(Verdict::Skip(_))),
                "{args:?}"
            );
        }
        assert!(runj.line(root, &["delete", "x"]).is_ok());
        let logged = ["--log", "/l", "--log-format", "json", "state", "x"];
        assert!(matches!(runj.line(root, &logged), Err(Verdict::Skip(_))));
        let line = CliProfile::runc().line(root, &logged).expect("line");
        assert_eq!(line[2..], strings(&logged)[..]);
        assert!(runj.line(root, &["kill", "--all", "x", "KILL"]).is_ok());
    }

    #[test]
    fn bundle_goes_after_the_id_and_pid_file_is_dropped_when_absent() {
        let p = CliProfile::new(
            "probed",
            vec![
                (CliFeature::CreateBundle, "no --bundle".into()),
                (CliFeature::PidFile, "no --pid-file".into()),
            ],
        );
        let args = ["create", "--bundle", "/b", "--pid-file", "/p", "id1"];
        let line = p
            .line(StateRoot::Sandbox(Path::new("/r")), &args)
            .expect("line");
        assert_eq!(line, strings(&["--root", "/r", "create", "id1", "/b"]));
        assert!(p.require(CliFeature::PidFile).is_err());
    }

    #[test]
    fn summary_names_what_is_missing() {
        let s = CliProfile::known(KnownCli::Runj).summary();
        assert!(
            s.contains("global --root") && s.contains("delete --force"),
            "{s}"
        );
        assert!(s.contains("the list command") && s.contains("the features command"));
        let ocijail = CliProfile::known(KnownCli::Ocijail).summary();
        assert!(
            ocijail.contains("exec with the program as arguments")
                && !ocijail.contains("global --root"),
            "{ocijail}"
        );
        assert!(CliProfile::runc()
            .summary()
            .contains("every runc convention"));
    }

    #[test]
    fn exec_needs_the_args_form_only_without_process() {
        let ocijail = CliProfile::known(KnownCli::Ocijail);
        let root = StateRoot::Sandbox(Path::new("/r"));
        let by_args = ocijail.line(root, &["exec", "x", "/bin/true"]);
        let Err(Verdict::Skip(why)) = by_args else {
            panic!("want a skip, got {by_args:?}");
        };
        assert!(why.contains("runc-cli#exec") && why.contains("--process is required"));
        let by_file = ["exec", "--detach", "--process", "/p.json", "x"];
        assert!(ocijail.line(root, &by_file).is_ok());
        let runj = CliProfile::known(KnownCli::Runj);
        let Err(Verdict::Skip(why)) = runj.line(root, &by_file) else {
            panic!("runj has no exec");
        };
        assert!(why.starts_with("needs the exec command"), "{why}");
    }
}
