//! cli: a non-detached `exec` passes the signals it gets on to its process, as
//! runc does: an engine that stops an exec session (podman exec, a shell's ^C
//! or a hang-up) signals the runtime's process, never the one in the container.
//! The signals go to the runtime's pid alone, not its process group, so only
//! forwarding can reach the process.

use crate::req;

use integ_inside::request::{self as helper, Sleep, WaitSignal};
use integ_inside::Request;
use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;

use crate::areas::support::common::expect_status;
use crate::areas::support::exec_calls::{process_file, running};
use crate::harness::sandbox::Program;
use crate::harness::CliFeature;
use crate::harness::{CaseResult, Exit, Invocation, Sandbox, Verdict};
use crate::{check, check_eq};

cases! {
    exec_forwards_signals: &[req::CLI_EXEC_SIGNAL_FORWARDING], needs &[CliFeature::Exec, CliFeature::ExecProcess];
}

fn exec_forwards_signals(sb: &mut Sandbox) -> CaseResult {
    running(sb)?;
    // A process that catches the signal reports it, and exec exits with its 0.
    let (inv, program) = exec_and_signal(sb, WaitSignal, Signal::SIGTERM)?;
    let r = program.reply_on(&inv)?;
    check_eq!(
        r.name,
        "TERM",
        "signal the process got when `{}` got SIGTERM",
        inv.command
    );
    check_eq!(inv.exit, Exit::Code(0), "exit status of `{}`", inv.command);
    // A process the signal kills: exec exits with 128 + its number.
    let (inv, _) = exec_and_signal(sb, Sleep, Signal::SIGHUP)?;
    check_eq!(
        inv.exit,
        Exit::Code(128 + Signal::SIGHUP as i32),
        "exit status of `{}` after SIGHUP killed its process",
        inv.command
    );
    check!(
        inv.stdout.trim().is_empty(),
        "the process killed by SIGHUP printed {:?}",
        inv.stdout
    );
    expect_status(sb, "running")
}

/// `exec --process F ID` of the helper making `request` (after --ready), with
/// `signal` sent to the runtime's process once the helper is ready.
/// Returns the call and the handle that reads the helper's reply.
fn exec_and_signal<R: Request>(
    sb: &mut Sandbox,
    request: R,
    signal: Signal,
) -> Result<(Invocation, Program<helper::Invocation<R>>), Verdict> {
    let (mut ready, inside) = sb.bundle.ready_fifo(&format!("exec-ready-{}", R::NAME))?;
    let (file, program) = process_file(sb, &helper::Invocation::new(request).ready(inside), |_| {})?;
    let timeout = sb.suite().event_timeout;
    let inv = sb
        .own()
        .call_during(&["exec", "--process", &file], &mut |pid| {
            // A runtime that exits first (it could not exec) ends the wait at once.
            ready.watch(pid);
            ready.wait(timeout, "exec'd process")?;
            kill(Pid::from_raw(pid), signal).map_err(|e| {
                Verdict::Error(format!("send {signal} to the runtime's process {pid}: {e}"))
            })
        })?;
    Ok((inv, program))
}
