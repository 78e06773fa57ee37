//! Building blocks the tests share.

use crate::req;

use integ_inside::request::{Invocation, Spawn, WaitSignal};
use integ_inside::{Request, SignalReport};
use serde::de::DeserializeOwned;

use crate::check;
use crate::harness::sandbox::Program;
use crate::harness::{runtime::removal, CaseResult, CliFeature, Sandbox, Verdict};

/// Creates and starts a container running `integ-inside wait-signal`, and waits
/// until the helper says it is ready for a signal. Returns the container's pid.
pub fn start_waiting(sb: &mut Sandbox) -> Result<i32, Verdict> {
    Ok(start_waiting_program(sb)?.0)
}

/// [`start_waiting`], with the handle that reads the signal the helper reports.
pub fn start_waiting_program(
    sb: &mut Sandbox,
) -> Result<(i32, Program<Invocation<WaitSignal>>), Verdict> {
    let (mut ready, inside) = sb.bundle.ready_fifo("ready")?;
    let program = sb.set_program(&Invocation::new(WaitSignal).ready(inside));
    sb.own().create()?;
    let pid = sb.own().pid()?;
    ready.watch(pid);
    sb.own().start()?;
    ready.wait(sb.suite().event_timeout, "container process")?;
    Ok((pid, program))
}

/// The helper forking `children`, each process appending the signal it gets to
/// `/signals`, all announcing readiness on `ready`.
pub fn spawning(children: u32, ready: String) -> Invocation<Spawn> {
    Invocation::new(Spawn { children })
        .out("/signals")
        .append()
        .ready(ready)
}

/// Sends `signal` (as given on the command line) to a `wait-signal` container and
/// returns what the helper reported receiving.
pub fn signal_and_report(sb: &mut Sandbox, kill_args: &[&str]) -> Result<SignalReport, Verdict> {
    let (pid, program) = start_waiting_program(sb)?;
    let killed = sb.own().try_kill(kill_args)?.expect_ok();
    // A signal given by name or number that kill refuses: the form is runc's
    // (runc-cli#kill), the delivery is the spec's.
    match kill_args {
        [] => killed?,
        _ => killed.map_err(|v| v.charged_to(req::KILL_SIGNAL_NAMES_CLI))?,
    };
    let exit = sb.wait_exit(pid)?;
    check!(
        exit.success(),
        "container process ended with {exit} instead of reporting the signal"
    );
    program.report(sb)
}

/// Checks that the main container's status is `want`.
pub fn expect_status(sb: &mut Sandbox, want: &str) -> CaseResult {
    let got = sb.own().status()?;
    // A status the spec does not define is state_status_values's failure
    // (runtime.md#state; `paused` is runc's, for pause and resume).
    crate::check_for!(
        req::STATE_STATUS_VALUES,
        ["creating", "created", "running", "stopped", "paused"].contains(&got.as_str()),
        "status {got:?} is none of the spec's (want {want:?})"
    );
    check!(got == want, "status is {got:?}, want {want:?}");
    Ok(())
}

/// Checks that an operation the spec says must fail did fail.
pub fn expect_failure(inv: &crate::harness::Invocation, what: &str) -> CaseResult {
    check!(
        !inv.ok(),
        "{what} succeeded (`{}` exited 0) but must fail",
        inv.command
    );
    Ok(())
}

/// `list`'s output, or nothing when the runtime has no `list` (runj): callers
/// then rely on `state` alone.
pub fn listing(sb: &mut Sandbox) -> Result<String, Verdict> {
    if !sb.has_cli(CliFeature::List) {
        return Ok(String::new());
    }
    Ok(sb.call(&["list"])?.stdout)
}

/// Checks that a container whose create failed does not exist: `state` fails and
/// `list` (when the runtime has it) does not show it.
pub fn nothing_left(sb: &mut Sandbox) -> CaseResult {
    let inv = sb.own().try_state()?;
    expect_failure(&inv, "state of a container whose create failed")?;
    if !sb.has_cli(CliFeature::List) {
        return Ok(());
    }
    let list = sb.call(&["list"])?;
    check!(
        !removal::list_shows(&list.stdout, &sb.id),
        "list still shows {} after its create failed",
        sb.id
    );
    Ok(())
}

/// Waits for a started container's process `pid`, the helper set as `program`,
/// to exit 0, then reads the helper's reply and deletes the container.
pub fn finish_helper<R: Request>(
    sb: &mut Sandbox,
    pid: i32,
    program: &Program<R>,
) -> Result<R::Reply, Verdict>
where
    R::Reply: DeserializeOwned,
{
    let exit = sb.wait_exit(pid)?;
    check!(
        exit.success(),
        "container process ended with {exit}; stdout: {:.300}",
        sb.container_stdout()
    );
    let report = program.report(sb)?;
    sb.own().delete()?;
    Ok(report)
}

/// Checks both halves of a container → host TCP exchange: the container got the
/// host listener's reply `host_line`, and the listener got `container_line`.
/// `who` names the container ("container", "jail"), `via` the interface used.
pub fn expect_exchange(
    r: integ_inside::NetReport,
    server: crate::harness::net::host_tcp::OneShotServer,
    lines: (&str, &str),
    who: &str,
    via: &str,
) -> CaseResult {
    let (container_line, host_line) = lines;
    let target = server.addr().to_string();
    check!(
        r.ok,
        "the {who} could not talk to the host's listener {target} through {via}: {}",
        r.error.unwrap_or_default()
    );
    check!(
        r.received.as_deref() == Some(host_line),
        "reply the {who} received: got {:?}, want {host_line:?}",
        r.received
    );
    let got = server.received()?;
    check!(
        got == container_line,
        "line the host's listener received: got {got:?}, want {container_line:?}"
    );
    Ok(())
}
