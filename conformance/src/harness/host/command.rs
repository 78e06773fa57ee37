//! Host commands the suite runs itself (ip, ifconfig, mount -p, jls), through the
//! reaper and with a timeout.

use std::os::unix::process::CommandExt;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::harness::runtime::reaper::{Exit, Reaper, Waited};

/// Runs `program args…`, returns its stdout when it exits 0, else an error line.
pub fn output(program: &str, args: &[&str]) -> Result<String, String> {
    stdout_of(program, run(program, args, |_| {})?, args)
}

/// [`output`] for the runtime under test: in its fixed environment (see
/// `runtime_env`), never jailcheck's.
pub fn runtime_output(program: &str, args: &[&str]) -> Result<String, String> {
    stdout_of(
        program,
        run(program, args, crate::harness::runtime::runtime_env::apply)?,
        args,
    )
}

/// Runs `program args…` and says whether it exited 0; an error only when it could
/// not be run or did not finish (a question asked through an exit status, such as
/// `kldstat -q -m NAME`).
pub fn succeeds(program: &str, args: &[&str]) -> Result<bool, String> {
    run(program, args, |_| {}).map(|run| run.exit.success())
}

/// How a host command ended, with what it wrote.
struct Ran {
    exit: Exit,
    stdout: String,
    stderr: String,
}

fn stdout_of(program: &str, run: Ran, args: &[&str]) -> Result<String, String> {
    if run.exit.success() {
        return Ok(run.stdout);
    }
    Err(format!(
        "{program} {}: {}: {}",
        args.join(" "),
        run.exit,
        run.stderr.trim()
    ))
}

fn run(program: &str, args: &[&str], env: fn(&mut Command)) -> Result<Ran, String> {
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
        Waited::Exited(exit) => Ok(Ran {
            exit,
            stdout: std::fs::read_to_string(&out_path).unwrap_or_default(),
            stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
        }),
        _ => {
            let _ = nix::sys::signal::killpg(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGKILL,
            );
            Err(format!("{program} {}: timed out", args.join(" ")))
        }
    }
}
