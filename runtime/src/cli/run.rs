//! Carrying out one command: the backend of the platform, the lifecycle
//! operation, and what it prints.

use super::args::{Cli, Command, ListFormat};
use super::backend;
use crate::container_id::ContainerId;
use crate::lifecycle::{self, create::CreateOptions, Context, Error};
use crate::log::Log;
use crate::platform::Platform;
use crate::spec::example as spec_example;
use crate::{features, signal};
use std::io::Write;
use std::path::{Path, PathBuf};

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
pub(super) fn run(cli: &Cli, log: &mut Log) -> Result<i32, Error> {
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
