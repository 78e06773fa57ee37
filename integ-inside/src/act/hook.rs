//! `hook LABEL`: stands in for an OCI hook and records how the runtime ran it.

use super::signals;
use crate::failure::Failure;
use crate::output::Output;
use crate::sys;
use integ_inside::HookReport;
use std::io::Read;
use std::os::unix::fs::MetadataExt;

/// Reads the state JSON on stdin, records the report, then exits with `exit` or,
/// with `block`, never returns (the runtime's hook timeout must kill it). With
/// `kill_parent` it first sends SIGKILL to the process that ran it: the runtime,
/// killed at a known point of its work.
pub fn hook(
    label: &str,
    exit: i32,
    block: bool,
    kill_parent: bool,
    output: &Output,
) -> Result<i32, Failure> {
    let mut stdin = Vec::new();
    std::io::stdin()
        .read_to_end(&mut stdin)
        .map_err(|e| Failure::runtime(format!("hook {label}: reading stdin"), e))?;
    let root =
        std::fs::metadata("/").map_err(|e| Failure::runtime(format!("hook {label}: stat /"), e))?;
    let report = HookReport {
        label: label.to_string(),
        args: sys::arguments(),
        env: sys::environment(),
        stdin: String::from_utf8_lossy(&stdin).into_owned(),
        cwd: sys::cwd(),
        hostname: sys::hostname(),
        root_dev: root.dev(),
        root_ino: root.ino(),
        // SAFETY: getpid cannot fail.
        pid: unsafe { libc::getpid() },
    };
    output.emit(&report)?;
    if kill_parent {
        // SAFETY: getppid cannot fail; kill only sends a signal.
        if unsafe { libc::kill(libc::getppid(), libc::SIGKILL) } != 0 {
            return Err(Failure::runtime(
                format!("hook {label}: kill parent"),
                sys::last_error(),
            ));
        }
    }
    if block {
        signals::pause_forever();
    }
    Ok(exit)
}
