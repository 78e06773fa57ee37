//! `hook LABEL`: stands in for an OCI hook and records how the runtime ran it.

use super::hook_probe;
use super::signals;
use crate::failure::Failure;
use crate::output::Output;
use crate::sys;
use integ_inside::request::Hook;
use integ_inside::HookReport;
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::time::Duration;

/// Reads the state JSON on stdin, runs the probes asked for, records the report,
/// then exits with `exit` or, with `block`, never returns (the runtime's hook
/// timeout must kill it).
/// With `kill_parent` it then sends SIGKILL to the process that ran it: the
/// runtime, killed at a known point of its work.
pub fn hook(request: &Hook, output: &Output) -> Result<i32, Failure> {
    let Hook {
        label,
        exit,
        block,
        kill_parent,
        probes,
    } = request;
    let mut stdin = Vec::new();
    std::io::stdin()
        .read_to_end(&mut stdin)
        .map_err(|e| Failure::runtime(format!("hook {label}: reading stdin"), e))?;
    let root =
        std::fs::metadata("/").map_err(|e| Failure::runtime(format!("hook {label}: stat /"), e))?;
    let stdin = String::from_utf8_lossy(&stdin).into_owned();
    let report = HookReport {
        label: label.clone(),
        args: sys::arguments(),
        env: sys::environment(),
        container_mounts: probes
            .container_mounts
            .then(|| hook_probe::container_mounts(&stdin))
            .flatten(),
        awaited: probes
            .await_fifo
            .as_ref()
            .map(|(fifo, secs)| hook_probe::await_line(fifo, Duration::from_secs(*secs))),
        pid_alive: probes.pid_file.as_deref().and_then(hook_probe::pid_alive),
        stdin,
        cwd: sys::cwd(),
        hostname: sys::hostname(),
        root_dev: root.dev(),
        root_ino: root.ino(),
        // SAFETY: getpid cannot fail.
        pid: unsafe { libc::getpid() },
    };
    output.emit(&report)?;
    if *kill_parent {
        // SAFETY: getppid cannot fail; kill only sends a signal.
        if unsafe { libc::kill(libc::getppid(), libc::SIGKILL) } != 0 {
            return Err(Failure::runtime(
                format!("hook {label}: kill parent"),
                sys::last_error(),
            ));
        }
    }
    if *block {
        signals::pause_forever();
    }
    Ok(i32::from(*exit))
}
