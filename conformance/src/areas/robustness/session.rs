//! The container process is cut off from its caller's session: engines (and
//! jailcheck) run each runtime call in a process group of its own and kill that
//! group when the call times out. A container process left in the caller's
//! session and group dies with it; runc's container process, and each process
//! `runc exec` starts, leads a session of its own (setsid(2) in `runc init`).
//! The check is made from the host with getsid(2), which Linux and FreeBSD
//! (sys/kern/kern_prot.c) answer for any process the caller can see.

use crate::req;

use nix::unistd::{getpgid, getsid, Pid};

use crate::areas::support::exec_calls::{exec_detached, running};
use crate::check;
use crate::harness::sandbox::read_pid_file;
use crate::harness::{CaseResult, CliFeature, Sandbox, Verdict};

cases! {
    container_process_in_own_session: &[req::ROBUST_OWN_SESSION];
    exec_process_in_own_session: &[req::ROBUST_OWN_SESSION], needs &[
            CliFeature::Exec,
            CliFeature::ExecProcess,
            CliFeature::ExecDetach,
            CliFeature::ExecPidFile,
        ];
}

/// Fails when process `pid` (`what`) shares jailcheck's session: every runtime
/// call is in that session, so the process is in it too, and in the process
/// group of the call that made it unless it changed group.
fn not_in_callers_session(pid: i32, what: &str) -> CaseResult {
    let ours = getsid(None).map_err(|e| Verdict::Error(format!("getsid(0): {e}")))?;
    let theirs = getsid(Some(Pid::from_raw(pid)))
        .map_err(|e| Verdict::Fail(format!("getsid({pid}) of {what}: {e}")))?;
    let group = getpgid(Some(Pid::from_raw(pid)))
        .map(|g| g.to_string())
        .unwrap_or_else(|e| format!("unknown: {e}"));
    check!(
        theirs != ours,
        "{what} {pid} is in its caller's session {ours} (process group {group}): a caller \
         that kills its runtime call's process group, as engines do on a timeout, kills \
         it too; runc's leads a session of its own"
    );
    Ok(())
}

fn container_process_in_own_session(sb: &mut Sandbox) -> CaseResult {
    let (mut ready, inside) = sb.bundle.ready_fifo("ready")?;
    sb.helper_args(&["--ready", &inside, "wait-signal"]);
    sb.own().create()?;
    let pid = sb.own().pid()?;
    // Between create and start, when the caller's create call has just ended.
    not_in_callers_session(pid, "the created container process")?;
    ready.watch(pid);
    sb.own().start()?;
    ready.wait(sb.suite().event_timeout, "container process")?;
    // The program itself: the same process, after execve.
    not_in_callers_session(pid, "the container's program")
}

fn exec_process_in_own_session(sb: &mut Sandbox) -> CaseResult {
    running(sb)?;
    let (mut ready, inside) = sb.bundle.ready_fifo("exec-ready")?;
    let (pid_file, pf) = exec_detached(sb, &["--ready", &inside, "wait-signal"])?;
    let pid = read_pid_file(&pid_file)
        .ok_or_else(|| Verdict::Fail(format!("exec --pid-file {pf} holds no pid")))?;
    ready.watch(pid);
    ready.wait(sb.suite().event_timeout, "exec'd process")?;
    not_in_callers_session(pid, "the process exec started")?;
    nix::sys::signal::kill(Pid::from_raw(pid), nix::sys::signal::Signal::SIGUSR1)
        .map_err(|e| Verdict::Fail(format!("the exec'd process {pid} is gone: {e}")))?;
    let exit = sb.wait_exit(pid)?;
    check!(exit.success(), "the exec'd process ended with {exit}");
    Ok(())
}
