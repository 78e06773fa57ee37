//! Runtime command-line profiles: which of the runc command-line conventions the
//! runtime under test has (found by reading its `--help`, see `cli_probe`, or named
//! with `--cli`), and the command lines the sandbox builds from them.
//!
//! A runtime without global `--root` keeps its state in one place: tests are then
//! isolated by their unique container IDs alone. A test that needs a flag or command
//! the runtime lacks is skipped with the reason: the command line is a CONVENTION,
//! not the spec, so its absence is never a MUST failure.

use std::fmt;
use std::path::Path;

use serde::Serialize;

use super::verdict::Verdict;

/// The upstream commits the built-in runj and ocijail profiles were read from.
pub const RUNJ_COMMIT: &str = "samuelkarp/runj@02137f66db70d98b44135598b2646622661ae642";
pub const OCIJAIL_COMMIT: &str = "dfr/ocijail@79e49b14bdb34ef8b7ccd9e8e6d79b480d7c6697";

/// A runc convention the suite uses (or reports on) that a runtime may lack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CliFeature {
    Root,
    Log,
    LogFormat,
    CreateBundle,
    PidFile,
    ConsoleSocket,
    KillAll,
    DeleteForce,
    List,
    Features,
}

impl CliFeature {
    /// Every feature, in the order the summary lists them.
    pub const ALL: [CliFeature; 10] = [
        CliFeature::Root,
        CliFeature::Log,
        CliFeature::LogFormat,
        CliFeature::CreateBundle,
        CliFeature::PidFile,
        CliFeature::ConsoleSocket,
        CliFeature::KillAll,
        CliFeature::DeleteForce,
        CliFeature::List,
        CliFeature::Features,
    ];

    /// The command the flag belongs to (`None` for global flags), or the command
    /// itself for `List` and `Features`.
    pub fn command(self) -> Option<&'static str> {
        match self {
            CliFeature::Root | CliFeature::Log | CliFeature::LogFormat => None,
            CliFeature::CreateBundle | CliFeature::PidFile | CliFeature::ConsoleSocket => {
                Some("create")
            }
            CliFeature::KillAll => Some("kill"),
            CliFeature::DeleteForce => Some("delete"),
            CliFeature::List => Some("list"),
            CliFeature::Features => Some("features"),
        }
    }

    /// The long flag, for flags (`None` for the two commands).
    pub fn flag(self) -> Option<&'static str> {
        Some(match self {
            CliFeature::Root => "--root",
            CliFeature::Log => "--log",
            CliFeature::LogFormat => "--log-format",
            CliFeature::CreateBundle => "--bundle",
            CliFeature::PidFile => "--pid-file",
            CliFeature::ConsoleSocket => "--console-socket",
            CliFeature::KillAll => "--all",
            CliFeature::DeleteForce => "--force",
            CliFeature::List | CliFeature::Features => return None,
        })
    }

    /// Where the convention is described (the catalogue's `runc-cli#…` form).
    pub fn reference(self) -> &'static str {
        match self {
            CliFeature::Root | CliFeature::Log | CliFeature::LogFormat => "runc-cli#global-options",
            CliFeature::CreateBundle | CliFeature::PidFile | CliFeature::ConsoleSocket => {
                "runc-cli#create"
            }
            CliFeature::KillAll => "runc-cli#kill",
            CliFeature::DeleteForce => "runc-cli#delete",
            CliFeature::List => "runc-cli#list",
            CliFeature::Features => "runc-cli#features",
        }
    }

    /// What the suite does without it.
    pub fn fallback(self) -> &'static str {
        match self {
            CliFeature::Root => {
                "tests are isolated by unique container IDs; the leak check reads state, \
                 list and the host instead of a state directory"
            }
            CliFeature::CreateBundle => "the bundle is passed after the ID",
            CliFeature::PidFile => "pids come from state",
            CliFeature::DeleteForce => "the guard kills, waits for stopped, then deletes",
            CliFeature::List => "leak checks use state alone",
            CliFeature::Log | CliFeature::LogFormat => "not used by the suite",
            CliFeature::ConsoleSocket | CliFeature::KillAll | CliFeature::Features => {
                "tests needing it are skipped"
            }
        }
    }
}

impl fmt::Display for CliFeature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.command(), self.flag()) {
            (None, Some(flag)) => write!(f, "global {flag}"),
            (Some(cmd), Some(flag)) => write!(f, "{cmd} {flag}"),
            (Some(cmd), None) => write!(f, "the {cmd} command"),
            (None, None) => f.write_str("?"),
        }
    }
}

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
            // --pid-file, --console-socket; kill.cpp --all; delete.cpp --force; and it
            // has list and features.
            KnownCli::Ocijail => CliProfile::new("--cli ocijail", Vec::new()),
            KnownCli::Runj => {
                let at = |file: &str| format!("{file} at {RUNJ_COMMIT}");
                let global = at("runj has no global flags (cmd/runj/main.go)");
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
        let mut line = Vec::with_capacity(args.len() + 2);
        let root = match root {
            StateRoot::Sandbox(p) => self.has(CliFeature::Root).then_some(p),
            StateRoot::Other(p) => {
                self.require(CliFeature::Root)?;
                Some(p)
            }
        };
        if let Some(p) = root {
            line.extend(["--root".to_string(), p.display().to_string()]);
        }
        // Global flags the test passes itself (`--log FILE state ID`) come first.
        let mut at = 0;
        while let Some(arg) = args.get(at).filter(|a| a.starts_with("--")) {
            let global = [CliFeature::Root, CliFeature::Log, CliFeature::LogFormat]
                .into_iter()
                .find(|f| f.flag().is_some_and(|flag| is_flag(arg, flag)));
            if let Some(feature) = global {
                self.require(feature)?;
                at += usize::from(!arg.contains('='));
            }
            at += 1;
        }
        let command = args.get(at).copied().unwrap_or("");
        for feature in CliFeature::ALL {
            if feature.command() != Some(command) {
                continue;
            }
            match feature.flag() {
                None => self.require(feature)?,
                Some(flag) if args.iter().any(|a| is_flag(a, flag)) => match feature {
                    CliFeature::CreateBundle | CliFeature::PidFile => {}
                    _ => self.require(feature)?,
                },
                Some(_) => {}
            }
        }
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

/// `arg` is `flag` or `flag=value`.
fn is_flag(arg: &str, flag: &str) -> bool {
    arg == flag || arg.strip_prefix(flag).is_some_and(|r| r.starts_with('='))
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
        assert!(CliProfile::known(KnownCli::Ocijail)
            .summary()
            .contains("every runc convention"));
    }
}
