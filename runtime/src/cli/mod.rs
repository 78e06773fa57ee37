//! The command line (runc conventions) and the one-line error format.

use crate::container_id::ContainerId;
use crate::lifecycle::{self, create::CreateOptions, Context, Error};
use crate::log::{Log, LogFormat};
use crate::platform::backend::Backend;
use crate::platform::Platform;
use crate::spec::example as spec_example;
use crate::{features, signal};
use clap::{Parser, Subcommand, ValueEnum};
use std::io::Write;

pub mod exec_args;
use std::path::{Path, PathBuf};

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
    Exec(crate::cli::exec_args::ExecArgs),
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
    fn name_and_id(&self) -> (&'static str, Option<&str>) {
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

/// Runs jailrun with the process's arguments; returns the exit status.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind;
            if e.kind() == ErrorKind::DisplayVersion {
                print!("{}", version_text());
                return 0;
            }
            if e.kind() == ErrorKind::DisplayHelp {
                let _ = e.print();
                return 0;
            }
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("usage error");
            // Engines read the reason from --log (containerd's shim shows the last
            // JSON error there), so usage errors go there too.
            let args: Vec<String> = std::env::args().skip(1).collect();
            Log::from_raw_args(&args).error(first.trim_start_matches("error: "));
            return 1;
        }
    };
    let debug = cli.debug || cli.log_level == Some(LogLevel::Debug);
    let mut log = match Log::open(cli.log.as_deref(), cli.log_format, debug) {
        Ok(l) => l,
        Err(e) => {
            eprintln!(
                "jailrun: --log {}: {e}",
                cli.log.as_deref().unwrap_or(Path::new("")).display()
            );
            return 1;
        }
    };
    let (name, id) = cli.command.name_and_id();
    let prefix = match id {
        Some(id) => format!("{name} {id}"),
        None => name.to_string(),
    };
    match run(&cli, &mut log) {
        Ok(code) => code,
        Err(e) => {
            log.error(&format!("{prefix}: {}", one_line(&e.to_string())));
            1
        }
    }
}

/// `--version` in runc's form: engines (go-runc, podman info) read the `spec:` line.
pub fn version_text() -> String {
    format!(
        "jailrun version {}\nspec: {}\n",
        env!("CARGO_PKG_VERSION"),
        crate::state::OCI_VERSION
    )
}

fn one_line(s: &str) -> String {
    s.split('\n').map(str::trim).collect::<Vec<_>>().join(" ")
}

/// The backend of the platform jailrun was built for, keeping state under `root`.
fn backend(root: &Path) -> Box<dyn Backend> {
    let _ = root;
    #[cfg(target_os = "linux")]
    return Box::new(crate::platform::linux::LinuxBackend);
    #[cfg(target_os = "freebsd")]
    return Box::new(crate::platform::freebsd::JailBackend::new(
        crate::platform::freebsd::HostSystem,
        root,
    ));
    #[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
    return Box::new(Unsupported);
}

#[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
struct Unsupported;

#[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
impl Backend for Unsupported {
    fn create(
        &self,
        _req: &crate::platform::backend::CreateRequest<'_>,
        _hooks: &mut crate::platform::backend::RuntimeHooks<'_>,
    ) -> Result<crate::platform::backend::Created, crate::platform::backend::BackendError> {
        Err(crate::platform::backend::BackendError::NotOnThisPlatform(
            "create",
        ))
    }
    fn kill_all(
        &self,
        _r: &crate::state::Record,
        _s: i32,
    ) -> Result<(), crate::platform::backend::BackendError> {
        Err(crate::platform::backend::BackendError::NotOnThisPlatform(
            "kill --all",
        ))
    }
    fn destroy(
        &self,
        _r: &crate::state::Record,
    ) -> Result<(), crate::platform::backend::BackendError> {
        Ok(())
    }
}

fn parse_id(id: &str) -> Result<ContainerId, Error> {
    ContainerId::new(id).map_err(|e| Error::Usage(e.to_string()))
}

fn print(text: &str) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(Error::io("stdout"))
}

/// Runs the command; returns the exit status (that of the process for `exec`).
fn run(cli: &Cli, log: &mut Log) -> Result<i32, Error> {
    let root = cli
        .root
        .clone()
        .unwrap_or_else(|| PathBuf::from(Platform::current().default_state_root()));
    let backend = backend(&root);
    let mut ctx = Context {
        store: crate::state::store::StateStore::new(root),
        backend: backend.as_ref(),
        log,
    };
    let done = match &cli.command {
        Command::Exec(a) if a.dry_run => {
            let platform = a.platform.unwrap_or(Platform::current());
            let plan = lifecycle::exec::dry_run(
                &ctx,
                &parse_id(&a.id)?,
                &a.options(cli.debug),
                platform,
                a.bundle.as_deref(),
            )?;
            print(&plan)
        }
        Command::Exec(a) => {
            run_from_sealed_copy()?;
            return lifecycle::exec::exec(&mut ctx, &parse_id(&a.id)?, &a.options(cli.debug));
        }
        Command::Ps { id, format } => {
            let pids = lifecycle::ps::pids(&ctx, &parse_id(id)?)?;
            match format {
                ListFormat::Table => print(&lifecycle::ps::table(&pids)),
                ListFormat::Json => print(&lifecycle::ps::json(&pids)),
            }
        }
        Command::Pause { id } => lifecycle::pause::pause(&mut ctx, &parse_id(id)?),
        Command::Resume { id } => lifecycle::pause::resume(&mut ctx, &parse_id(id)?),
        Command::Create {
            id,
            bundle,
            pid_file,
            console_socket,
            dry_run,
            platform,
            preserve_fds,
        } => {
            let id = parse_id(id)?;
            if *dry_run {
                let platform = platform.unwrap_or(Platform::current());
                let root = cli
                    .root
                    .clone()
                    .unwrap_or_else(|| PathBuf::from(platform.default_state_root()));
                let plan = dry_run_plan(bundle, &id, platform, &root, console_socket.as_deref())?;
                return print(&(plan.trim_end().to_string() + "\n")).map(|()| 0);
            }
            run_from_sealed_copy()?;
            let opts = CreateOptions {
                bundle: bundle.clone(),
                pid_file: pid_file.clone(),
                console_socket: console_socket.clone(),
                preserve_fds: *preserve_fds,
                trace: cli.debug,
            };
            lifecycle::create::create(&mut ctx, &id, &opts)
        }
        Command::Start { id } => lifecycle::start::start(&mut ctx, &parse_id(id)?),
        Command::State { id } => {
            let state = lifecycle::state::state(&ctx, &parse_id(id)?)?;
            print(&(state.to_json() + "\n"))
        }
        Command::Kill {
            id,
            signal,
            all,
            pid,
        } => {
            let id = parse_id(id)?;
            let sig = signal::parse(signal.as_deref().unwrap_or("SIGTERM"))
                .map_err(|e| Error::Usage(e.to_string()))?;
            match pid {
                Some(pid) => lifecycle::kill::kill_pid(&mut ctx, &id, *pid, sig),
                None => lifecycle::kill::kill(&mut ctx, &id, sig, *all),
            }
        }
        Command::Delete { id, force } => {
            lifecycle::delete::delete(&mut ctx, &parse_id(id)?, *force)
        }
        Command::Features => print(&(pretty(&features::document()) + "\n")),
        Command::List { format } => {
            let entries = lifecycle::list::list(&ctx)?;
            match format {
                ListFormat::Table => print(&lifecycle::list::table(&entries)),
                ListFormat::Json => {
                    print(&(serde_json::to_string_pretty(&entries).unwrap_or_default() + "\n"))
                }
            }
        }
        Command::Spec { bundle } => write_spec(bundle.as_deref().unwrap_or(Path::new("."))),
    };
    done.map(|()| 0)
}

/// Before the commands that fork a process into the container: on Linux,
/// re-executes jailrun from a sealed copy of its binary (returns once it runs
/// from one), so the container never holds the host's binary.
fn run_from_sealed_copy() -> Result<(), Error> {
    #[cfg(target_os = "linux")]
    crate::platform::linux::sealed_exe::ensure()?;
    Ok(())
}

fn pretty(v: &serde_json::Value) -> String {
    serde_json::to_string_pretty(v).unwrap_or_default()
}

/// Writes the example config.json into `dir`, refusing to overwrite one.
fn write_spec(dir: &Path) -> Result<(), Error> {
    let path = dir.join("config.json");
    let text = pretty(&spec_example::example(Platform::current())) + "\n";
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists => {
                Error::Usage(format!("{}: file exists; remove it first", path.display()))
            }
            _ => Error::io(path.display().to_string())(e),
        })?;
    f.write_all(text.as_bytes())
        .map_err(Error::io(path.display().to_string()))
}

/// The plan `create` would follow, for `platform`, without touching --root.
fn dry_run_plan(
    bundle: &Path,
    id: &ContainerId,
    platform: Platform,
    root: &Path,
    console_socket: Option<&Path>,
) -> Result<String, Error> {
    match platform {
        Platform::FreeBsd => {
            crate::platform::freebsd::dry_run_in(bundle, id.as_str(), root).map_err(Error::DryRun)
        }
        Platform::Linux => {
            let bundle = crate::spec::bundle::Bundle::load(bundle, Platform::Linux)?;
            let plan = crate::platform::linux::plan::build(&bundle, console_socket)
                .map_err(crate::platform::backend::BackendError::from)?;
            Ok(plan.to_string())
        }
    }
}
