//! Kill: signals by name and number, the default, created and stopped containers,
//! and `--all` (runtime.md#kill; the CLI forms are runc conventions).

use crate::req;

use std::collections::BTreeSet;

use integ_inside::request::{self as helper, WriteFile};

use crate::areas::support::common::{expect_failure, expect_status, signal_and_report, spawning};
use crate::harness::CliFeature;
use crate::harness::{CaseResult, Exit, Sandbox, Verdict};
use crate::{check, check_eq};

cases! {
    signal_by_sig_name: &[req::KILL_SENDS_SIGNAL, req::KILL_SIGNAL_NAMES_CLI];
    signal_by_bare_name: &[req::KILL_SENDS_SIGNAL, req::KILL_SIGNAL_NAMES_CLI];
    signal_by_number: &[req::KILL_SENDS_SIGNAL, req::KILL_SIGNAL_NAMES_CLI];
    default_is_sigterm: &[req::KILL_SIGNAL_NAMES_CLI];
    sigkill_running: &[req::KILL_SENDS_SIGNAL];
    kill_created: &[req::KILL_CREATED];
    kill_stopped_fails: &[req::KILL_STOPPED_FAILS];
    kill_all_reaches_every_process: &[req::KILL_ALL_CLI], needs &[CliFeature::KillAll];
}

fn signal_by_sig_name(sb: &mut Sandbox) -> CaseResult {
    let r = signal_and_report(sb, &["SIGUSR1"])?;
    check_eq!(r.name.as_str(), "USR1", "signal received");
    Ok(())
}

fn signal_by_bare_name(sb: &mut Sandbox) -> CaseResult {
    let r = signal_and_report(sb, &["USR2"])?;
    check_eq!(r.name.as_str(), "USR2", "signal received");
    Ok(())
}

fn signal_by_number(sb: &mut Sandbox) -> CaseResult {
    let num = libc::SIGHUP.to_string();
    let r = signal_and_report(sb, &[&num])?;
    check_eq!(r.name.as_str(), "HUP", "signal received");
    Ok(())
}

fn default_is_sigterm(sb: &mut Sandbox) -> CaseResult {
    let r = signal_and_report(sb, &[])?;
    check_eq!(r.name.as_str(), "TERM", "signal received");
    Ok(())
}

fn sigkill_running(sb: &mut Sandbox) -> CaseResult {
    let pid = crate::areas::support::common::start_waiting(sb)?;
    sb.own().try_kill(&["KILL"])?.expect_ok()?;
    check_eq!(
        sb.wait_exit(pid)?,
        Exit::Signal(libc::SIGKILL),
        "container process end"
    );
    expect_status(sb, "stopped")
}

fn kill_created(sb: &mut Sandbox) -> CaseResult {
    sb.set_program(&WriteFile::new("/ran"));
    sb.own().create()?;
    let pid = sb.own().pid()?;
    sb.own().try_kill(&["KILL"])?.expect_ok()?;
    let exit = sb.wait_exit(pid)?;
    check_eq!(exit, Exit::Signal(libc::SIGKILL), "container process end");
    expect_status(sb, "stopped")?;
    check!(
        !sb.bundle.rootfs.join("ran").exists(),
        "the user program ran although never started"
    );
    Ok(())
}

fn kill_stopped_fails(sb: &mut Sandbox) -> CaseResult {
    sb.set_program(&helper::Exit { code: 0 });
    sb.own().run_to_exit()?;
    let inv = sb.own().try_kill(&["KILL"])?;
    expect_failure(&inv, "kill of a stopped container")?;
    expect_status(sb, "stopped")
}

fn kill_all_reaches_every_process(sb: &mut Sandbox) -> CaseResult {
    const CHILDREN: u32 = 3;
    let (mut ready, inside) = sb.bundle.ready_fifo("ready")?;
    let program = sb.set_program(&spawning(CHILDREN, inside));
    sb.own().create()?;
    let pid = sb.own().pid()?;
    ready.watch(pid);
    sb.own().start()?;
    ready.wait(sb.suite().event_timeout, "container processes")?;
    sb.own().try_kill(&["--all", "USR1"])?.expect_ok()?;
    let exit = sb.wait_exit(pid)?;
    check!(exit.success(), "container init ended with {exit}");
    let text = sb.read_rootfs("/signals").unwrap_or_default();
    let reports: Vec<_> = text
        .lines()
        .map(|line| program.parse(line))
        .collect::<Result<_, _>>()
        .map_err(|e| {
            Verdict::Fail(format!(
                "the container processes wrote a bad signal log {text:?}: {e}"
            ))
        })?;
    let pids: BTreeSet<i32> = reports
        .iter()
        .filter(|r| r.name == "USR1")
        .map(|r| r.pid)
        .collect();
    check_eq!(
        pids.len(),
        CHILDREN as usize + 1,
        "processes that received SIGUSR1 (log: {text:?})"
    );
    Ok(())
}
