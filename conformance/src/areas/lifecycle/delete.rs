//! Delete: a stopped container is removed with everything create made; a created or
//! running one is refused, unless forced (runtime.md#delete; `--force` is a runc
//! convention).

use crate::areas::support::common::{expect_failure, expect_status, start_waiting};
use crate::check;
use crate::harness::{CaseResult, CliFeature, Sandbox, Verdict};
use crate::req;

cases! {
    delete_stopped: &[req::DELETE_STOPPED, req::DELETE_REMOVES_RESOURCES];
    delete_running_fails: &[req::DELETE_NOT_STOPPED_FAILS];
    delete_created_fails: &[req::DELETE_NOT_STOPPED_FAILS];
    delete_force_running: &[req::DELETE_FORCE_CLI, req::DELETE_REMOVES_RESOURCES], needs &[CliFeature::DeleteForce];
    delete_force_created: &[req::DELETE_CREATED_CLI, req::DELETE_REMOVES_RESOURCES], needs &[CliFeature::DeleteForce];
}

fn delete_stopped(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["exit", "0"]);
    sb.own().run_to_exit()?;
    sb.own().delete()?;
    let inv = sb.own().try_state()?;
    expect_failure(&inv, "state after delete")?;
    // The ID may be used again once deleted.
    sb.own().create()?;
    expect_status(sb, "created")
}

fn delete_running_fails(sb: &mut Sandbox) -> CaseResult {
    let pid = start_waiting(sb)?;
    let inv = sb.own().try_delete(false)?;
    expect_failure(&inv, "delete of a running container without --force")?;
    expect_status(sb, "running")?;
    check!(
        crate::harness::Reaper::global().peek(pid).is_none(),
        "the container process exited after the refused delete"
    );
    Ok(())
}

fn delete_created_fails(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["exit", "0"]);
    sb.own().create()?;
    let inv = sb.own().try_delete(false)?;
    expect_failure(
        &inv,
        "delete of a created (not stopped) container without --force",
    )?;
    expect_status(sb, "created")
}

fn delete_force_running(sb: &mut Sandbox) -> CaseResult {
    let pid = start_waiting(sb)?;
    sb.own().try_delete(true)?.expect_ok()?;
    let inv = sb.own().try_state()?;
    expect_failure(&inv, "state after delete --force")?;
    sb.wait_exit(pid)
        .map(drop)
        .map_err(|_| Verdict::Fail(format!("container process {pid} survived delete --force")))
}

fn delete_force_created(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["write-file", "/ran"]);
    sb.own().create()?;
    let pid = sb.own().pid()?;
    sb.own().try_delete(true)?.expect_ok()?;
    let inv = sb.own().try_state()?;
    expect_failure(&inv, "state after delete --force")?;
    sb.wait_exit(pid)?;
    check!(
        !sb.bundle.rootfs.join("ran").exists(),
        "the user program ran although never started"
    );
    Ok(())
}
