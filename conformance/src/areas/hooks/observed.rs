//! Hook timing as observed, not as the runtime claims (config.md#createruntime-hooks,
//! #poststart, #poststop): what a hook sees of the container when it runs.

use crate::req;

use crate::areas::support::common::start_waiting;
use crate::check;
use crate::harness::bundle::hooks::{HookKind, HookLog};
use crate::harness::CliFeature;
use crate::harness::{bundle::mounts, CaseResult, Sandbox, Verdict};

cases! {
    create_runtime_sees_container_mounts: &[req::HOOKS_CREATE_RUNTIME_AFTER_ENVIRONMENT];
    poststart_after_program_reported: &[req::HOOKS_POSTSTART_AFTER_EXEC_OBSERVED];
    poststop_after_process_gone: &[req::HOOKS_POSTSTOP_AFTER_CONTAINER_GONE], needs &[CliFeature::DeleteForce, CliFeature::PidFile];
}

/// How long a poststart hook waits for the program's line: a correct runtime
/// executes the program before the hook, so it arrives at once.
const AWAIT_SECONDS: &str = "5";

fn create_runtime_sees_container_mounts(sb: &mut Sandbox) -> CaseResult {
    mounts::add(&mut sb.config, mounts::tmpfs("/mnt", &[]));
    let log = HookLog::new(sb)?;
    log.add(
        &mut sb.config,
        HookKind::CreateRuntime,
        "cr",
        &["--container-mounts"],
    );
    sb.helper_args(&["exit", "0"]);
    sb.own().create()?;
    let seen = log.report("cr")?.container_mounts.ok_or_else(|| {
        Verdict::Fail("the createRuntime hook could not read the mounts of state's pid".into())
    })?;
    let want = sb.bundle.rootfs.join("mnt");
    let want = std::fs::canonicalize(&want).unwrap_or(want);
    // Before pivot_root the tmpfs is at <rootfs>/mnt; after it, at /mnt.
    check!(
        seen.iter()
            .any(|t| std::path::Path::new(t) == want || t == "/mnt"),
        "when the createRuntime hook ran, the container had no mount at {} (it had {seen:?})",
        want.display()
    );
    Ok(())
}

fn poststart_after_program_reported(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    let fifo = log.shared("program-ran");
    nix::unistd::mkfifo(&fifo, nix::sys::stat::Mode::from_bits_truncate(0o666))
        .map_err(|e| Verdict::Error(format!("mkfifo {}: {e}", fifo.display())))?;
    let fifo_arg = fifo.display().to_string();
    log.add(
        &mut sb.config,
        HookKind::Poststart,
        "ps",
        &["--await", &fifo_arg, AWAIT_SECONDS],
    );
    sb.helper_args(&["--ready", &fifo_arg, "wait-signal"]);
    sb.own().create()?;
    check!(
        log.labels()?.is_empty(),
        "the poststart hook ran during create, before the program was executed"
    );
    sb.own().start()?;
    let awaited = log.report("ps")?.awaited;
    check!(
        awaited == Some(true),
        "the poststart hook ran but the program never reported running while it waited \
         {AWAIT_SECONDS}s: the hook ran before the program was executed"
    );
    Ok(())
}

fn poststop_after_process_gone(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    let pid_file = sb.own().pid_file()?.display().to_string();
    log.add(
        &mut sb.config,
        HookKind::Poststop,
        "pst",
        &["--probe-pid-file", &pid_file],
    );
    let pid = start_waiting(sb)?;
    sb.own().try_delete(true)?.expect_ok()?;
    let alive = log.report("pst")?.pid_alive;
    check!(
        alive == Some(false),
        "when the poststop hook ran, the container process {pid} still existed ({alive:?}): \
         poststop must come after the container is deleted"
    );
    Ok(())
}
