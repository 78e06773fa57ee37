//! Hook setups the hooks and features areas share.

use crate::areas::support::common::start_waiting;
use crate::harness::bundle::hooks::{HookKind, HookLog};
use crate::harness::{Sandbox, Verdict};

/// Adds one logging hook per kind, labelled with the kind's key.
pub fn one_of_each(sb: &mut Sandbox, log: &HookLog, kinds: &[HookKind]) {
    for kind in kinds {
        log.add(&mut sb.config, *kind, kind.key(), &[]);
    }
}

/// The whole lifecycle with a program that is still running when poststart runs:
/// create, start, signal, wait for the exit, delete. Returns the container's pid.
pub fn lifecycle_with_running_program(sb: &mut Sandbox) -> Result<i32, Verdict> {
    let pid = start_waiting(sb)?;
    sb.own().try_kill(&["TERM"])?.expect_ok()?;
    sb.wait_exit(pid)?;
    sb.own().delete()?;
    Ok(pid)
}
