//! The helper's command line as types: one type per subcommand, its arguments as
//! typed fields, and the report it answers with.
//!
//! The suite builds argv from these types ([`Request::to_args`]) and the helper
//! parses its argv back into them ([`parse`]); both directions of every argument
//! live together in `args`, so the two sides cannot disagree.

mod args;
mod parse;

pub use parse::{parse, MAX_SPAWN, USAGE};

use crate::failure::Failure;
use crate::{
    DescriptorsReport, EchoReport, HookReport, IdentityReport, JailReport, MountsReport, NetReport,
    NetworkReport, PathsReport, ProcessReport, ReadReport, SignalReport, SysvReport, WriteReport,
};
use std::net::SocketAddr;
use std::path::PathBuf;

/// One request to the helper: the subcommand, its arguments, and what it answers.
pub trait Request {
    /// The report the helper prints; [`NoReport`] when it prints none.
    type Reply;
    /// The subcommand word (`identity`, `write-file`, ...).
    const NAME: &'static str;
    /// The arguments after the subcommand word.
    fn params(&self) -> Vec<String>;
    /// The helper's argv after its path: options, subcommand and arguments.
    fn to_args(&self) -> Vec<String> {
        let mut args = vec![Self::NAME.to_string()];
        args.extend(self.params());
        args
    }
}

/// The reply of a request that prints no report (`exit`, `sleep`, `help`): it has
/// no value, and no `Deserialize`, so asking the helper for one does not compile.
///
/// ```
/// # use integ_inside::{request::Identity, Request};
/// fn ask<R: Request>(_: &R) where R::Reply: serde::de::DeserializeOwned {}
/// ask(&Identity);
/// ```
/// ```compile_fail
/// # use integ_inside::{request::Exit, Request};
/// fn ask<R: Request>(_: &R) where R::Reply: serde::de::DeserializeOwned {}
/// ask(&Exit { code: 0 });
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoReport {}

/// `process [ARGS...]`: argv, environment, ids, limits, terminal; ARGS are only
/// there to be reported back.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Process {
    pub args: Vec<String>,
}

/// `identity`: hostname and domainname.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Identity;

/// `mounts`: the mounts visible to the process.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mounts;

/// `network`: interfaces and addresses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Network;

/// `jail`: the FreeBSD `security.jail.*` facts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Jail;

/// `descriptors`: open descriptors, cwd, root and executable identities.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Descriptors;

/// `exit CODE`: end with `code`, print nothing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Exit {
    pub code: u8,
}

/// `wait-signal`: block every signal, wait for one, report it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WaitSignal;

/// `spawn N`: fork `children`; each process appends the signal it gets (needs
/// `--out FILE --append`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Spawn {
    pub children: u32,
}

/// `write-file PATH [TEXT]`: create or truncate `path` and write `content`
/// ([`WriteFile::DEFAULT_CONTENT`] when `None`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WriteFile {
    pub path: PathBuf,
    pub content: Option<String>,
}

impl WriteFile {
    /// What `write-file PATH` writes.
    pub const DEFAULT_CONTENT: &'static str = "jailcheck\n";
}

/// `read-file PATH`: the contents of `path`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReadFile {
    pub path: PathBuf,
}

/// `paths PATH...`: whether each path exists, and its mode (at least one path).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Paths {
    pub paths: Vec<PathBuf>,
}

/// `sysv`: try to create a SysV message queue, semaphore set and shared memory.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sysv;

/// `connect ADDR [MESSAGE]`: send `message` ([`Connect::DEFAULT_MESSAGE`] when
/// `None`) over TCP, read the reply line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connect {
    pub address: SocketAddr,
    pub message: Option<String>,
}

impl Connect {
    /// What `connect ADDR` sends.
    pub const DEFAULT_MESSAGE: &'static str = "ping\n";
}

/// `listen ADDR`: accept one TCP connection and echo one line back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listen {
    pub address: SocketAddr,
}

/// `hook LABEL [flags]`: record an OCI hook call, then exit with `exit`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hook {
    /// Names the record in a log of several hooks.
    pub label: String,
    /// `--exit CODE`.
    pub exit: u8,
    /// `--block`: never return (the runtime's hook timeout must end it).
    pub block: bool,
    /// `--kill-parent`: SIGKILL the process that ran the hook, after recording.
    pub kill_parent: bool,
    pub probes: HookProbes,
}

/// What a hook observes besides its own call (all off by default).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HookProbes {
    /// `--container-mounts`: list the mount targets of the state's pid.
    pub container_mounts: bool,
    /// `--await FIFO SECONDS`: wait up to SECONDS for a line on FIFO.
    pub await_fifo: Option<(PathBuf, u64)>,
    /// `--probe-pid-file FILE`: whether the pid in FILE still exists.
    pub pid_file: Option<PathBuf>,
}

/// `tty-echo`: read one line from stdin, report it with the terminal facts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TtyEcho;

/// `sleep`: pause until a signal ends the process.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sleep;

/// `help` (or `--help`): print the usage text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Help;

/// Declares the subcommands: each request type, its word and its reply, and the
/// [`Command`] enum the helper's argv parses into.
macro_rules! commands {
    ($($variant:ident = $name:literal => $reply:ty;)*) => {
        /// One subcommand with its typed arguments.
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum Command {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant($variant),
            )*
        }

        $(
            impl Request for $variant {
                type Reply = $reply;
                const NAME: &'static str = $name;
                fn params(&self) -> Vec<String> {
                    args::Args::params(self)
                }
            }

            impl From<$variant> for Command {
                fn from(request: $variant) -> Command {
                    Command::$variant(request)
                }
            }
        )*

        impl Command {
            /// The subcommand word and its arguments.
            pub fn to_args(&self) -> Vec<String> {
                match self {
                    $(Command::$variant(request) => request.to_args(),)*
                }
            }

            /// Parses the arguments of subcommand `name`; `None` for an unknown name.
            fn parse(name: &str, params: &[String]) -> Option<Result<Command, Failure>> {
                match name {
                    $($name => Some(
                        <$variant as args::Args>::from_params(params).map(Command::$variant)
                    ),)*
                    _ => None,
                }
            }
        }
    };
}

commands! {
    Process = "process" => ProcessReport;
    Identity = "identity" => IdentityReport;
    Mounts = "mounts" => MountsReport;
    Network = "network" => NetworkReport;
    Jail = "jail" => JailReport;
    Descriptors = "descriptors" => DescriptorsReport;
    Exit = "exit" => NoReport;
    WaitSignal = "wait-signal" => SignalReport;
    Spawn = "spawn" => SignalReport;
    WriteFile = "write-file" => WriteReport;
    ReadFile = "read-file" => ReadReport;
    Paths = "paths" => PathsReport;
    Sysv = "sysv" => SysvReport;
    Connect = "connect" => NetReport;
    Listen = "listen" => NetReport;
    Hook = "hook" => HookReport;
    TtyEcho = "tty-echo" => EchoReport;
    Sleep = "sleep" => NoReport;
    Help = "help" => NoReport;
}

/// Where the report goes and whom to tell when ready (the global options).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputOptions {
    /// `--out FILE`: write the report to FILE instead of stdout.
    pub out: Option<PathBuf>,
    /// `--append`: append one line to FILE instead of replacing it.
    pub append: bool,
    /// `--ready FIFO`: announce readiness on this FIFO.
    pub ready: Option<PathBuf>,
}

impl OutputOptions {
    /// The options as they go before the subcommand.
    pub fn to_args(&self) -> Vec<String> {
        let mut args = Vec::new();
        if let Some(out) = &self.out {
            args.extend(["--out".to_string(), args::text(out)]);
        }
        if self.append {
            args.push("--append".to_string());
        }
        if let Some(ready) = &self.ready {
            args.extend(["--ready".to_string(), args::text(ready)]);
        }
        args
    }
}

/// A whole command line: global options and a request (a [`Command`] when the
/// helper parsed it, a request type when the suite builds it).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Invocation<C = Command> {
    pub output: OutputOptions,
    pub command: C,
}

impl<C> Invocation<C> {
    /// `command` without options.
    pub fn new(command: C) -> Self {
        Invocation {
            output: OutputOptions::default(),
            command,
        }
    }

    /// With `--out FILE`.
    pub fn out(mut self, file: impl Into<PathBuf>) -> Self {
        self.output.out = Some(file.into());
        self
    }

    /// With `--append` (after [`Invocation::out`]).
    pub fn append(mut self) -> Self {
        self.output.append = true;
        self
    }

    /// The options, then `command` (the subcommand and its arguments).
    fn before(&self, command: Vec<String>) -> Vec<String> {
        let mut args = self.output.to_args();
        args.extend(command);
        args
    }

    /// With `--ready FIFO`.
    pub fn ready(mut self, fifo: impl Into<PathBuf>) -> Self {
        self.output.ready = Some(fifo.into());
        self
    }
}

impl<R: Request> Request for Invocation<R> {
    type Reply = R::Reply;
    const NAME: &'static str = R::NAME;
    fn params(&self) -> Vec<String> {
        self.command.params()
    }
    fn to_args(&self) -> Vec<String> {
        self.before(self.command.to_args())
    }
}

impl Invocation<Command> {
    /// The argv this invocation was (or would be) parsed from.
    pub fn to_args(&self) -> Vec<String> {
        self.before(self.command.to_args())
    }
}

#[cfg(test)]
mod tests;
