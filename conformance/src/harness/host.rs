//! Host commands the suite runs itself (ip, ifconfig, mount -p, jls), through the
//! reaper and with a timeout.

use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::Duration;

use super::reaper::{Reaper, Waited};

/// Runs `program args…`, returns its stdout when it exits 0, else an error line.
pub fn output(program: &str, args: &[&str]) -> Result<String, String> {
    output_in(program, args, |_| {})
}

/// [`output`] for the runtime under test: in its fixed environment (see
/// `runtime_env`), never jailcheck's.
pub fn runtime_output(program: &str, args: &[&str]) -> Result<String, String> {
    output_in(program, args, super::runtime_env::apply)
}

fn output_in(program: &str, args: &[&str], env: fn(&mut Command)) -> Result<String, String> {
    let dir = tempfile::tempdir().map_err(|e| format!("tempdir: {e}"))?;
    let out_path = dir.path().join("out");
    let err_path = dir.path().join("err");
    let out = std::fs::File::create(&out_path).map_err(|e| e.to_string())?;
    let err = std::fs::File::create(&err_path).map_err(|e| e.to_string())?;
    let mut cmd = Command::new(program);
    env(&mut cmd);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(out)
        .stderr(err)
        .process_group(0);
    let child = Reaper::global()
        .spawn(&mut cmd)
        .map_err(|e| format!("{program}: {e}"))?;
    let pid = child.id() as i32;
    match Reaper::global().wait(pid, Duration::from_secs(20)) {
        Waited::Exited(exit) if exit.success() => {
            Ok(std::fs::read_to_string(&out_path).unwrap_or_default())
        }
        Waited::Exited(exit) => Err(format!(
            "{program} {}: {exit}: {}",
            args.join(" "),
            std::fs::read_to_string(&err_path)
                .unwrap_or_default()
                .trim()
        )),
        _ => {
            let _ = nix::sys::signal::killpg(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGKILL,
            );
            Err(format!("{program} {}: timed out", args.join(" ")))
        }
    }
}
