//! Hooks that fail or hang: creation and start hooks abort the operation and tear
//! the container down, poststop hooks only warn, timeouts abort the hook
//! (runtime.md#lifecycle, config.md#posix-platform-hooks).

use crate::req;

use std::time::Duration;

use crate::areas::support::common::expect_failure;
use crate::areas::support::control::{self, Upto};
use crate::check;
use crate::harness::bundle::hooks::{HookKind, HookLog};
use crate::harness::host::container_pid;
use crate::harness::runtime::reaper::Waited;
use crate::harness::{CaseResult, Reaper, Sandbox, State, Verdict};

cases! {
    prestart_failure_fails_create: &[req::HOOKS_CREATE_FAILURE];
    create_runtime_failure_fails_create: &[req::HOOKS_CREATE_FAILURE];
    create_container_failure_fails_create: &[req::HOOKS_CREATE_FAILURE];
    create_failure_runs_poststop: &[req::HOOKS_FAILURE_RUNS_POSTSTOP];
    start_container_failure_fails_start: &[req::HOOKS_START_CONTAINER_FAILURE];
    poststart_failure_fails_start: &[req::HOOKS_POSTSTART_FAILURE];
    poststop_failure_delete_succeeds: &[req::HOOKS_POSTSTOP_FAILURE_WARNS];
    poststop_failure_remaining_hooks_run: &[req::HOOKS_POSTSTOP_FAILURE_WARNS];
    timeout_aborts_create: &[req::HOOKS_TIMEOUT, req::HOOKS_CREATE_FAILURE];
    timeout_in_poststop_warns: &[req::HOOKS_TIMEOUT, req::HOOKS_POSTSTOP_FAILURE_WARNS];
}

/// The shortest timeout the spec allows (whole seconds, greater than zero).
const TIMEOUT_SECS: u64 = 1;

/// The container process's pid as a runtime-namespace hook read it on stdin, when
/// the state had one (a creation hook reads status `creating`, where pid is optional).
fn pid_from(log: &HookLog, label: &str) -> Result<Option<i32>, Verdict> {
    let report = log.report(label)?;
    Ok(State::parse(&report.stdin)?.pid())
}

/// Fails unless `pid` is gone (exited, or never reparented to us and vanished).
fn expect_gone(sb: &Sandbox, pid: i32, what: &str) -> CaseResult {
    match Reaper::global().wait(pid, sb.suite().event_timeout) {
        Waited::Exited(_) | Waited::NotOurs => Ok(()),
        Waited::TimedOut => {
            let _ = nix::sys::signal::kill(
                nix::unistd::Pid::from_raw(pid),
                nix::sys::signal::Signal::SIGKILL,
            );
            Err(Verdict::Fail(format!(
                "{what} (pid {pid}) still running after {:?}",
                sb.suite().event_timeout
            )))
        }
    }
}

/// Fails unless the main container no longer exists.
fn expect_destroyed(sb: &mut Sandbox, why: &str) -> CaseResult {
    let state = sb.own().try_state()?;
    check!(
        !state.ok(),
        "the container still exists after {why}: {}",
        state.stdout.trim()
    );
    Ok(())
}

/// A creation hook of `kind` exits 1: create must fail, leave no container, and the
/// program and later hooks must not run. A prestart probe, which runs first, reads
/// the container process's pid.
fn creation_hook_fails(sb: &mut Sandbox, kind: HookKind) -> CaseResult {
    control::accepted(sb, Upto::Create, &[])?;
    let log = HookLog::new(sb)?;
    log.add(&mut sb.config, HookKind::Prestart, "probe", &[]);
    log.add_failing(&mut sb.config, kind);
    log.add(&mut sb.config, kind, "after", &[]);
    sb.helper_args(&["write-file", "/ran"]);
    let create = sb.own().try_create(&[])?;
    let labels = log.labels()?;
    check!(
        labels.iter().any(|l| l == "failing"),
        "the failing {} hook never ran (hooks run: {labels:?}); create: {}",
        kind.key(),
        create.first_error_line()
    );
    expect_failure(
        &create,
        &format!("create with a failing {} hook", kind.key()),
    )?;
    check!(
        !labels.iter().any(|l| l == "after"),
        "the {} hook after the failing one still ran",
        kind.key()
    );
    // Only a pid that is still the container process is waited for (and killed): a
    // wrong one must never be.
    if let Some(pid) = pid_from(&log, "probe")? {
        if container_pid::mismatch(pid, &sb.bundle.rootfs).is_none() {
            expect_gone(sb, pid, "the container process")?;
        }
    }
    check!(
        !sb.bundle.rootfs.join("ran").exists(),
        "the user program ran although a {} hook failed",
        kind.key()
    );
    expect_destroyed(sb, "a failed create")
}

fn prestart_failure_fails_create(sb: &mut Sandbox) -> CaseResult {
    creation_hook_fails(sb, HookKind::Prestart)
}

fn create_runtime_failure_fails_create(sb: &mut Sandbox) -> CaseResult {
    creation_hook_fails(sb, HookKind::CreateRuntime)
}

fn create_container_failure_fails_create(sb: &mut Sandbox) -> CaseResult {
    creation_hook_fails(sb, HookKind::CreateContainer)
}

fn create_failure_runs_poststop(sb: &mut Sandbox) -> CaseResult {
    control::accepted(sb, Upto::Create, &[])?;
    let log = HookLog::new(sb)?;
    log.add_failing(&mut sb.config, HookKind::CreateRuntime);
    log.add(&mut sb.config, HookKind::Poststop, "pst", &[]);
    sb.helper_args(&["exit", "0"]);
    let create = sb.own().try_create(&[])?;
    expect_failure(&create, "create with a failing createRuntime hook")?;
    check!(
        log.labels()?.iter().any(|l| l == "pst"),
        "the poststop hook did not run when the failed create returned (the lifecycle \
         goes on with destroying the container, then the poststop hooks)"
    );
    Ok(())
}

fn start_container_failure_fails_start(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    log.add_failing(&mut sb.config, HookKind::StartContainer);
    sb.helper_args(&["write-file", "/ran"]);
    sb.own().create()?;
    let pid = sb.own().pid()?;
    let start = sb.own().try_start()?;
    sb.wait_exit(pid)?;
    check!(
        log.labels()?.iter().any(|l| l == "failing"),
        "the startContainer hook never ran"
    );
    check!(
        !sb.bundle.rootfs.join("ran").exists(),
        "the user program ran although the startContainer hook failed"
    );
    expect_failure(&start, "start with a failing startContainer hook")?;
    expect_not_live(sb)
}

fn poststart_failure_fails_start(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    log.add_failing(&mut sb.config, HookKind::Poststart);
    sb.helper_args(&["wait-signal"]);
    sb.own().create()?;
    let pid = sb.own().pid()?;
    let start = sb.own().try_start()?;
    check!(
        log.labels()?.iter().any(|l| l == "failing"),
        "the poststart hook had not run when start returned"
    );
    expect_failure(&start, "start with a failing poststart hook")?;
    expect_gone(sb, pid, "the container process (the runtime must stop it)")?;
    expect_not_live(sb)
}

/// After a failed start the container is stopped or already destroyed.
fn expect_not_live(sb: &mut Sandbox) -> CaseResult {
    let inv = sb.own().try_state()?;
    if !inv.ok() {
        return Ok(());
    }
    let state = State::parse(&inv.stdout)?;
    let status = state.status().unwrap_or("(none)");
    check!(
        status == "stopped",
        "status is {status:?} after the failed start; the container must be stopped"
    );
    Ok(())
}

fn poststop_failure_delete_succeeds(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    log.add_failing(&mut sb.config, HookKind::Poststop);
    sb.helper_args(&["exit", "0"]);
    sb.own().run_to_exit()?;
    sb.own().delete()?;
    check!(
        log.labels()?.iter().any(|l| l == "failing"),
        "the poststop hook never ran"
    );
    expect_destroyed(sb, "delete")
}

fn poststop_failure_remaining_hooks_run(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    log.add_failing(&mut sb.config, HookKind::Poststop);
    log.add(&mut sb.config, HookKind::Poststop, "after", &[]);
    sb.helper_args(&["exit", "0"]);
    sb.own().run_to_exit()?;
    sb.own().try_delete(false)?;
    let labels = log.labels()?;
    check!(
        labels == ["failing", "after"],
        "poststop hooks ran as {labels:?}: the hook after the failing one must still run"
    );
    Ok(())
}

/// Sets a timeout on the last hook of `kind`.
fn set_timeout(sb: &mut Sandbox, kind: HookKind) {
    if let Some(last) = sb.config["hooks"][kind.key()]
        .as_array_mut()
        .and_then(|l| l.last_mut())
    {
        last["timeout"] = serde_json::json!(TIMEOUT_SECS);
    }
}

fn timeout_aborts_create(sb: &mut Sandbox) -> CaseResult {
    control::accepted(sb, Upto::Create, &[])?;
    let log = HookLog::new(sb)?;
    log.add(
        &mut sb.config,
        HookKind::CreateRuntime,
        "blocking",
        &["--block"],
    );
    set_timeout(sb, HookKind::CreateRuntime);
    sb.helper_args(&["write-file", "/ran"]);
    // A runtime that never aborts the hook is stopped by the call timeout; the hook
    // must still be found and killed, so look at it before judging the call.
    let create = sb.own().try_create(&[]);
    let hook = log.report("blocking")?;
    expect_gone(sb, hook.pid, "the hook that ran past its timeout")?;
    let create = create?;
    expect_failure(
        &create,
        "create whose createRuntime hook ran past its timeout",
    )?;
    check!(
        create.elapsed < Duration::from_secs(TIMEOUT_SECS) + sb.suite().event_timeout / 2,
        "create took {:?} with a {TIMEOUT_SECS} s hook timeout",
        create.elapsed
    );
    check!(
        !sb.bundle.rootfs.join("ran").exists(),
        "the user program ran although a createRuntime hook timed out"
    );
    expect_destroyed(sb, "a create whose hook timed out")
}

fn timeout_in_poststop_warns(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    log.add(&mut sb.config, HookKind::Poststop, "blocking", &["--block"]);
    set_timeout(sb, HookKind::Poststop);
    sb.helper_args(&["exit", "0"]);
    sb.own().run_to_exit()?;
    let delete = sb.own().try_delete(false);
    let hook = log.report("blocking")?;
    expect_gone(sb, hook.pid, "the poststop hook that ran past its timeout")?;
    delete?.expect_ok()?;
    expect_destroyed(sb, "delete")
}
