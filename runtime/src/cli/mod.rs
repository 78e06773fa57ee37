//! The command line (runc conventions) and the one-line error format: `args`
//! holds the options, `run` carries out a command through the lifecycle.

mod args;
pub mod exec_args;
mod run;

use crate::log::Log;
use crate::platform::backend::Backend;
use args::{Cli, LogLevel};
use clap::Parser;
use std::path::Path;

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
    match run::run(&cli, &mut log) {
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
