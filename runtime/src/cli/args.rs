//! jailrun's command line: global options and subcommands, as runc has them.

use crate::log::LogFormat;
use crate::platform::Platform;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// jailrun: a minimal OCI runtime (FreeBSD jails, Linux namespaces).
#[derive(Debug, Parser)]
#[command(name = "jailrun", version, about, disable_version_flag = true)]
pub struct Cli {
    /// Print the version (runc's form, with the spec version).
    #[arg(short = 'v', long, action = clap::ArgAction::Version)]
    pub version: (),
    /// Directory for container state (default /run/jailrun on Linux, /var/run/jailrun on FreeBSD).
    #[arg(long, global = true, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Also write errors and warnings to this file.
    #[arg(long, global = true, value_name = "FILE")]
    pub log: Option<PathBuf>,
    /// Format of --log lines.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// Print debug lines.
    #[arg(long, global = true)]
    pub debug: bool,
    /// Log level (`debug` prints debug lines, as --debug; others change nothing).
    #[arg(long, global = true, value_enum, value_name = "LEVEL")]
    pub log_level: Option<LogLevel>,
    /// Accepted for engines that pass it (podman on systemd hosts): jailrun does no
    /// cgroup work, and refuses a config that would need it.
    #[arg(long, global = true)]
    pub systemd_cgroup: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// `--log-level` (runc's values).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogLevel {
    Debug,
    Info,
    #[value(alias = "warning")]
    Warn,
    Error,
}

/// `list --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a container from a bundle; its process waits for `start`.
    Create {
        id: String,
        /// Bundle directory (holds config.json).
        #[arg(long, short = 'b', default_value = ".")]
        bundle: PathBuf,
        /// Write the container process's PID to this file.
        #[arg(long)]
        pid_file: Option<PathBuf>,
        /// Unix socket that receives the terminal's master (process.terminal).
        #[arg(long)]
        console_socket: Option<PathBuf>,
        /// Print what would be done, without doing it.
        #[arg(long)]
        dry_run: bool,
        /// Platform of the --dry-run plan.
        #[arg(long, requires = "dry_run")]
        platform: Option<Platform>,
        /// Pass descriptors 3 .. 3+N-1 on to the container process.
        #[arg(long, default_value_t = 0, value_name = "N")]
        preserve_fds: u32,
    },
    /// Run the user program of a created container.
    Start { id: String },
    /// Print the state of a container (JSON).
    State { id: String },
    /// Send a signal (default SIGTERM) to a container.
    Kill {
        id: String,
        /// Name (TERM, SIGTERM, term) or number.
        signal: Option<String>,
        /// Signal every process of the container.
        #[arg(long, short = 'a', conflicts_with = "pid")]
        all: bool,
        /// Signal this process of the container (host PID) instead of its init.
        #[arg(long)]
        pid: Option<i32>,
    },
    /// Run another process in a running container.
    Exec(super::exec_args::ExecArgs),
    /// List the host PIDs of a container's processes.
    Ps {
        id: String,
        #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Stop every process of a running container (SIGSTOP; no cgroup freezer).
    Pause { id: String },
    /// Continue every process of a paused container.
    Resume { id: String },
    /// Delete a stopped (or created) container.
    Delete {
        id: String,
        /// Kill the container first if it is running.
        #[arg(long, short = 'f')]
        force: bool,
    },
    /// Print the features this runtime implements (JSON).
    Features,
    /// List containers.
    List {
        #[arg(long, short = 'f', value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Write an example config.json.
    Spec {
        /// Directory to write config.json into (default: the current directory).
        #[arg(long, short = 'b')]
        bundle: Option<PathBuf>,
    },
}

impl Command {
    /// The subcommand's name and the container it names, for the error line.
    pub fn name_and_id(&self) -> (&'static str, Option<&str>) {
        match self {
            Command::Create { id, .. } => ("create", Some(id)),
            Command::Start { id } => ("start", Some(id)),
            Command::State { id } => ("state", Some(id)),
            Command::Kill { id, .. } => ("kill", Some(id)),
            Command::Exec(a) => ("exec", Some(&a.id)),
            Command::Ps { id, .. } => ("ps", Some(id)),
            Command::Pause { id } => ("pause", Some(id)),
            Command::Resume { id } => ("resume", Some(id)),
            Command::Delete { id, .. } => ("delete", Some(id)),
            Command::Features => ("features", None),
            Command::List { .. } => ("list", None),
            Command::Spec { .. } => ("spec", None),
        }
    }
}
