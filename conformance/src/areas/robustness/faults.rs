//! Faults: the runtime SIGKILLed at known points of create and start, the container
//! process killed from outside, and a `--root` that is read-only or full. After
//! each, the runtime must still be able to clean up, and must leave no
//! half-written state.

use crate::catalogue::ReqId;
use crate::req;

use std::fs;
use std::path::{Path, PathBuf};

use crate::areas::robustness::refusal::{
    expect_named, expect_no_trace, positive_control, Snapshot,
};
use crate::areas::support::common::start_waiting;
use crate::areas::support::control::Upto;
use crate::check;
use crate::harness::bundle::hooks::{HookKind, HookLog};
use crate::harness::host::command;
use crate::harness::host::leaks::HostResource;
use crate::harness::CliFeature;
use crate::harness::{CaseResult, Context, Sandbox, Verdict};

const KILLED: &[ReqId] = &[
    req::ROBUST_KILLED_CREATE_CLEANABLE,
    req::DELETE_REMOVES_RESOURCES,
];

cases! {
    runtime_killed_in_prestart_hook: KILLED, needs &[CliFeature::DeleteForce];
    runtime_killed_in_create_runtime_hook: KILLED, needs &[CliFeature::DeleteForce];
    runtime_killed_in_create_container_hook: KILLED, needs &[CliFeature::DeleteForce];
    runtime_killed_in_start_container_hook: KILLED, needs &[CliFeature::DeleteForce];
    container_killed_from_outside: &[req::ROBUST_KILLED_PROCESS_STOPPED, req::DELETE_STOPPED];
    read_only_root_fails_cleanly: &[req::ROBUST_STATE_ROOT_FAULTS, req::ROBUST_ERROR_NAMES_PROBLEM], needs &[CliFeature::Root];
    full_root_leaves_no_partial_state: &[req::ROBUST_STATE_ROOT_FAULTS, req::ROBUST_ERROR_NAMES_PROBLEM], needs &[CliFeature::Root];
}

/// A creation hook of `kind` SIGKILLs the runtime process that ran it; then
/// `delete --force` must remove whatever the killed create left.
fn killed_during_create(sb: &mut Sandbox, kind: HookKind) -> CaseResult {
    own_pid_namespace_off(sb, kind);
    let log = HookLog::new(sb)?;
    log.add(&mut sb.config, kind, "killer", &["--kill-parent"]);
    sb.helper_args(&["write-file", "/ran"]);
    sb.write_config()?;
    let before = Snapshot::take(sb);
    let create = sb.own().try_create(&[])?;
    let labels = log.labels()?;
    check!(
        labels.iter().any(|l| l == "killer"),
        "the {} hook never ran (create: {})",
        kind.key(),
        create.first_error_line()
    );
    check!(
        !create.ok(),
        "create succeeded although a runtime process was SIGKILLed in its {} hook",
        kind.key()
    );
    cleaned_by_force_delete(sb, &before)?;
    check!(
        !sb.bundle.rootfs.join("ran").exists(),
        "the user program ran although create was killed"
    );
    Ok(())
}

/// `delete --force` succeeds, or fails only because the container is already
/// gone; either way nothing may be left that was not there `before` create.
fn cleaned_by_force_delete(sb: &mut Sandbox, before: &Snapshot) -> CaseResult {
    let delete = sb.own().try_delete(true)?;
    if !delete.ok() {
        let state = sb.own().try_state()?;
        check!(
            !state.ok(),
            "delete --force failed ({}) and the container still exists: {:.200}",
            delete.first_error_line(),
            state.stdout.trim()
        );
    }
    let id = sb.id.clone();
    expect_no_trace(sb, &id, before)?;
    let dir = sb.state_root.join(&id);
    check!(
        !dir.exists(),
        "the state directory {} survived delete --force",
        dir.display()
    );
    Ok(())
}

/// A hook in the container's namespaces would be killing the PID namespace's
/// init, which the kernel shields from signals sent inside: such hooks get no
/// PID namespace of their own, so the kill lands.
fn own_pid_namespace_off(sb: &mut Sandbox, kind: HookKind) {
    if kind.runs_in_container() {
        crate::harness::bundle::config::remove_namespace(&mut sb.config, "pid");
    }
}

fn runtime_killed_in_prestart_hook(sb: &mut Sandbox) -> CaseResult {
    killed_during_create(sb, HookKind::Prestart)
}

fn runtime_killed_in_create_runtime_hook(sb: &mut Sandbox) -> CaseResult {
    killed_during_create(sb, HookKind::CreateRuntime)
}

fn runtime_killed_in_create_container_hook(sb: &mut Sandbox) -> CaseResult {
    killed_during_create(sb, HookKind::CreateContainer)
}

/// A startContainer hook kills the runtime process that runs it (the one that
/// would exec the program): start must fail, and the container must end up
/// stopped or gone, and removable.
fn runtime_killed_in_start_container_hook(sb: &mut Sandbox) -> CaseResult {
    own_pid_namespace_off(sb, HookKind::StartContainer);
    let log = HookLog::new(sb)?;
    log.add(
        &mut sb.config,
        HookKind::StartContainer,
        "killer",
        &["--kill-parent"],
    );
    sb.helper_args(&["write-file", "/ran"]);
    sb.write_config()?;
    let before = Snapshot::take(sb);
    sb.own().create()?;
    let start = sb.own().try_start()?;
    check!(
        log.labels()?.iter().any(|l| l == "killer"),
        "the startContainer hook never ran (start: {})",
        start.first_error_line()
    );
    check!(
        !sb.bundle.rootfs.join("ran").exists(),
        "the user program ran although the process that was to exec it was killed"
    );
    let state = sb.own().try_state()?;
    if state.ok() {
        let status = crate::harness::State::parse(&state.stdout)?;
        check!(
            status.status() == Some("stopped"),
            "after its process was killed in a startContainer hook the container is {:?}, \
             not stopped",
            status.status()
        );
    }
    cleaned_by_force_delete(sb, &before)
}

fn container_killed_from_outside(sb: &mut Sandbox) -> CaseResult {
    let pid = start_waiting(sb)?;
    nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGKILL,
    )
    .ctx(format!("kill -KILL {pid}"))?;
    sb.wait_exit(pid)?;
    let status = sb.own().status()?;
    check!(
        status == "stopped",
        "status is {status:?} after the container process was killed, want \"stopped\""
    );
    let before = Snapshot::take(sb);
    sb.own().delete()?;
    let id = sb.id.clone();
    expect_no_trace(sb, &id, &before)
}

/// A tmpfs the test mounts for a `--root`, unmounted by the guard.
struct ScratchFs {
    dir: PathBuf,
}

impl ScratchFs {
    fn mount(dir: &Path, options: &str) -> Result<ScratchFs, Verdict> {
        fs::create_dir_all(dir).ctx(format!("mkdir {}", dir.display()))?;
        let target = dir.display().to_string();
        command::output("mount", &["-t", "tmpfs", "-o", options, "tmpfs", &target])
            .map_err(|e| Verdict::Skip(format!("cannot mount a scratch tmpfs: {e}")))?;
        Ok(ScratchFs {
            dir: dir.to_path_buf(),
        })
    }
}

impl HostResource for ScratchFs {
    fn release(&mut self) -> Vec<String> {
        match command::output("umount", &[&self.dir.display().to_string()]) {
            Ok(_) => Vec::new(),
            Err(e) => vec![format!("scratch tmpfs {}: {e}", self.dir.display())],
        }
    }
}

/// Creates the main container in `root`; it must fail, naming one of `names`,
/// and neither `state` nor the directory may show a trace of it.
fn refused_in_root(sb: &mut Sandbox, root: &Path, names: &[&str]) -> CaseResult {
    sb.write_config()?;
    let bundle = sb.bundle.path.display().to_string();
    let before: Vec<String> = listing(root);
    let create = sb
        .own()
        .call_in_root(root, &["create", "--bundle", &bundle])?;
    if create.ok() {
        let _ = sb.own().call_in_root(root, &["delete", "--force"]);
        return Err(Verdict::Fail(format!(
            "create in {} succeeded, but the state could not have been written",
            root.display()
        )));
    }
    let state = sb.own().call_in_root(root, &["state"])?;
    check!(
        !state.ok(),
        "state shows the failed container: {:.200}",
        state.stdout.trim()
    );
    let after = listing(root);
    check!(
        after == before,
        "the failed create left in {}: {after:?} (before: {before:?})",
        root.display()
    );
    expect_named(sb, &create, names)
}

/// Every path below `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                todo.push(path.clone());
            }
            out.push(
                path.strip_prefix(dir)
                    .unwrap_or(&path)
                    .display()
                    .to_string(),
            );
        }
    }
    out.sort();
    out
}

fn read_only_root_fails_cleanly(sb: &mut Sandbox) -> CaseResult {
    positive_control(sb, Upto::Create)?;
    let root = sb.dir.join("ro-root");
    let scratch = ScratchFs::mount(&root, "ro,size=1m")?;
    sb.guard.hold(Box::new(scratch));
    refused_in_root(sb, &root, &["read-only", "ro-root"])
}

/// A full `--root`: the runtime can make a directory (tmpfs charges no data for
/// one) but not write the state into it, so a create that writes in place leaves
/// half a container. After the refusal, and once space is free again, nothing of
/// the container may be visible.
fn full_root_leaves_no_partial_state(sb: &mut Sandbox) -> CaseResult {
    positive_control(sb, Upto::Create)?;
    let root = sb.dir.join("full-root");
    let scratch = ScratchFs::mount(&root, "size=64k")?;
    sb.guard.hold(Box::new(scratch));
    let filler = root.join("filler");
    fill(&filler)?;
    refused_in_root(sb, &root, &["space", "ENOSPC", "full-root"])?;
    fs::remove_file(&filler).ctx("remove filler")?;
    if sb.has_cli(CliFeature::List) {
        let list = sb.call_in_root(&root, &["list"])?;
        check!(
            !(list.ok() && crate::harness::runtime::removal::list_shows(&list.stdout, &sb.id)),
            "once space was free, list shows the failed container"
        );
    }
    let left = listing(&root);
    check!(left.is_empty(), "left in the full --root: {left:?}");
    Ok(())
}

/// Writes to `path` until the file system is full.
fn fill(path: &Path) -> CaseResult {
    use std::io::Write;
    let mut file = fs::File::create(path).ctx("create filler")?;
    let block = vec![0u8; 4096];
    loop {
        match file.write(&block) {
            Ok(0) => return Ok(()),
            Ok(_) => continue,
            Err(e) if e.raw_os_error() == Some(libc::ENOSPC) => return Ok(()),
            Err(e) => return Err(Verdict::Error(format!("fill scratch tmpfs: {e}"))),
        }
    }
}
