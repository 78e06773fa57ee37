//! The runc command-line conventions the suite uses or reports on, which a
//! runtime may lack: what each is called, which command it belongs to, where it
//! is described and what the suite does without it.

use std::fmt;

use serde::Serialize;

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
    /// The `exec` command; its flags below are only probed when it exists.
    Exec,
    /// `exec ID COMMAND…`: the program as arguments (runc's form) besides `--process`.
    ExecArgs,
    ExecProcess,
    ExecDetach,
    ExecPidFile,
    ExecTty,
    ExecConsoleSocket,
    ExecPreserveFds,
    /// `exec --env`, `--cwd`, `--user`: the process's settings as flags, beside
    /// the program as arguments.
    ExecEnv,
    ExecCwd,
    ExecUser,
    Ps,
    /// `ps --format json`.
    PsFormat,
    Pause,
    Resume,
}

impl CliFeature {
    /// Every feature, in the order the summary lists them (a command before its flags).
    pub const ALL: [CliFeature; 25] = [
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
        CliFeature::Exec,
        CliFeature::ExecArgs,
        CliFeature::ExecProcess,
        CliFeature::ExecDetach,
        CliFeature::ExecPidFile,
        CliFeature::ExecTty,
        CliFeature::ExecConsoleSocket,
        CliFeature::ExecPreserveFds,
        CliFeature::ExecEnv,
        CliFeature::ExecCwd,
        CliFeature::ExecUser,
        CliFeature::Ps,
        CliFeature::PsFormat,
        CliFeature::Pause,
        CliFeature::Resume,
    ];

    /// The command the flag belongs to (`None` for global flags), or the command
    /// itself for `List`, `Features`, `Exec`, `Ps`, `Pause` and `Resume`.
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
            CliFeature::Exec
            | CliFeature::ExecArgs
            | CliFeature::ExecProcess
            | CliFeature::ExecDetach
            | CliFeature::ExecPidFile
            | CliFeature::ExecTty
            | CliFeature::ExecConsoleSocket
            | CliFeature::ExecPreserveFds
            | CliFeature::ExecEnv
            | CliFeature::ExecCwd
            | CliFeature::ExecUser => Some("exec"),
            CliFeature::Ps | CliFeature::PsFormat => Some("ps"),
            CliFeature::Pause => Some("pause"),
            CliFeature::Resume => Some("resume"),
        }
    }

    /// Whether the feature is a command (rather than a flag or a form of one).
    pub fn is_command(self) -> bool {
        matches!(
            self,
            CliFeature::List
                | CliFeature::Features
                | CliFeature::Exec
                | CliFeature::Ps
                | CliFeature::Pause
                | CliFeature::Resume
        )
    }

    /// The long flag, for flags (`None` for commands and for `ExecArgs`).
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
            CliFeature::ExecProcess => "--process",
            CliFeature::ExecDetach => "--detach",
            CliFeature::ExecPidFile => "--pid-file",
            CliFeature::ExecTty => "--tty",
            CliFeature::ExecConsoleSocket => "--console-socket",
            CliFeature::ExecPreserveFds => "--preserve-fds",
            CliFeature::ExecEnv => "--env",
            CliFeature::ExecCwd => "--cwd",
            CliFeature::ExecUser => "--user",
            CliFeature::PsFormat => "--format",
            _ => return None,
        })
    }

    /// Whether a call with these arguments (its command matched) uses the feature.
    pub(super) fn used_by(self, args: &[&str]) -> bool {
        match (self, self.flag()) {
            (CliFeature::ExecArgs, _) => !args.iter().any(|a| is_flag(a, "--process")),
            (_, Some(flag)) => args.iter().any(|a| is_flag(a, flag)),
            (_, None) => true,
        }
    }

    /// Where the convention is described (the catalogue's `runc-cli#…` form).
    pub fn reference(self) -> &'static str {
        match self.command() {
            None => "runc-cli#global-options",
            Some("create") => "runc-cli#create",
            Some("kill") => "runc-cli#kill",
            Some("delete") => "runc-cli#delete",
            Some("list") => "runc-cli#list",
            Some("features") => "runc-cli#features",
            Some("exec") => "runc-cli#exec",
            Some("ps") => "runc-cli#ps",
            // pause and resume, described together.
            Some(_) => "runc-cli#pause",
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
            _ => "tests needing it are skipped",
        }
    }
}

impl fmt::Display for CliFeature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.command(), self.flag()) {
            _ if *self == CliFeature::ExecArgs => f.write_str("exec with the program as arguments"),
            (None, Some(flag)) => write!(f, "global {flag}"),
            (Some(cmd), Some(flag)) => write!(f, "{cmd} {flag}"),
            (Some(cmd), None) => write!(f, "the {cmd} command"),
            (None, None) => f.write_str("?"),
        }
    }
}

/// `arg` is `flag` or `flag=value`.
pub(super) fn is_flag(arg: &str, flag: &str) -> bool {
    arg == flag || arg.strip_prefix(flag).is_some_and(|r| r.starts_with('='))
}
