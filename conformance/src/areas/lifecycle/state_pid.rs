//! The pid in `state` is the container process (runtime.md#state), while created
//! and while running. Every test that needs the process checks this too (through
//! `Container::pid`), so a wrong pid fails `state_pid` instead of skipping them.

use crate::req;

use crate::areas::support::common::start_waiting;
use crate::check_eq;
use crate::harness::{CaseResult, Sandbox};

cases! {
    state_pid_is_container_process: &[req::STATE_PID, req::STATE_PID_LINUX];
}

fn state_pid_is_container_process(sb: &mut Sandbox) -> CaseResult {
    // Checked once created (inside start_waiting), then again once running.
    let created = start_waiting(sb)?;
    let running = sb.own().pid()?;
    check_eq!(running, created, "pid once running vs pid once created");
    sb.own().try_kill(&["KILL"])?.expect_ok()?;
    sb.wait_exit(running)?;
    Ok(())
}
