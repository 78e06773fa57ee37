//! Escapes: configuration that tries to reach outside the container's root. Mount
//! destinations through `..` and through a symlink swapped in during create
//! (runc's CVE-2021-30465 class), a bind mount onto a symlink to a host file, a
//! working directory or descriptor of the host in the container process
//! (CVE-2024-21626), the runtime's own binary as the container process
//! (CVE-2019-5736), and IDs that would put state outside `--root`.

use crate::req;

use std::fs;
use std::os::unix::fs::{symlink, MetadataExt};
use std::path::{Path, PathBuf};

use integ_inside::request::{Descriptors, Invocation, WriteFile};
use integ_inside::{FileId, Request};
use serde_json::json;

use crate::areas::robustness::refusal::refuses_create;
use crate::areas::support::mounts::host_dir;
use crate::check;
use crate::harness::bundle::hooks::{push, HookKind};
use crate::harness::CliFeature;
use crate::harness::{
    bundle::mounts, host::leaks, CaseResult, Context, RuntimeCli, Sandbox, Verdict,
};

cases! {
    mount_destination_dotdot_stays_inside: &[req::ROBUST_MOUNT_DOTDOT_CONTAINED];
    mount_destination_swapped_during_create: &[req::ROBUST_MOUNT_SWAP_CONTAINED];
    bind_onto_symlink_to_host_file: &[req::ROBUST_MOUNT_FILE_SYMLINK_CONTAINED, req::MOUNTS_SYMLINK_CONTAINED];
    cwd_proc_self_fd_stays_inside: &[req::ROBUST_CWD_INSIDE_ROOT];
    no_host_descriptor_in_container: &[req::ROBUST_NO_HOST_DESCRIPTORS];
    container_process_is_not_runtime_binary: &[req::ROBUST_EXE_NOT_RUNTIME];
    id_climbing_out_of_root_refused: &[req::ROBUST_INVALID_ID_FAILS, req::ROBUST_STATE_INSIDE_ROOT];
    commands_never_reach_outside_root: &[req::ROBUST_STATE_INSIDE_ROOT], needs &[CliFeature::DeleteForce];
}

/// Runs the helper making `request` to its end; a refused create is fine (the
/// escape was stopped early), anything else must run to completion.
fn run_or_refused(sb: &mut Sandbox, request: &impl Request) -> Result<bool, Verdict> {
    sb.set_program(request);
    if !sb.own().try_create(&[])?.ok() {
        return Ok(false);
    }
    let pid = sb.own().pid()?;
    let start = sb.own().try_start()?;
    if start.ok() {
        sb.wait_exit(pid)?;
    }
    Ok(start.ok())
}

/// The descriptor at which [`create_with_host_dir`] hands the runtime a host
/// directory, as a careless engine might (runc's CVE-2024-21626 had one at 7).
const LEAKED_FD: u32 = 7;

/// `create` of `id` with a host directory (the sandbox directory, outside the
/// root) open at [`LEAKED_FD`] in the runtime: a shell opens it and execs the
/// runtime. Returns whether create succeeded and the container's pid.
fn create_with_host_dir(sb: &mut Sandbox, id: &str) -> Result<Option<i32>, Verdict> {
    sb.write_config()?;
    sb.guard.track_id(id);
    let shell = RuntimeCli {
        path: PathBuf::from("/bin/sh"),
        timeout: sb.suite().runtime.timeout,
    };
    let script = format!("exec {LEAKED_FD}<\"$1\"; shift; exec \"$@\"");
    let bundle = sb.bundle.path.display().to_string();
    let runtime_line = sb.runtime_line(&["create", "--bundle", &bundle, id])?;
    let mut args: Vec<String> = vec![
        "-c".into(),
        script,
        "sh".into(),
        sb.dir.display().to_string(),
        sb.suite().runtime.path.display().to_string(),
    ];
    args.extend(runtime_line);
    let prefix = sb.dir.join("calls").join(format!("leaky-create-{id}"));
    let inv = sb.run_recorded(&shell, &args, &prefix)?;
    if !inv.ok() {
        return Ok(None);
    }
    let state = sb.container(id).try_state()?.expect_ok()?;
    let pid = crate::harness::State::parse(&state.stdout)?
        .pid()
        .ok_or_else(|| Verdict::Fail(format!("state of {id} has no pid")))?;
    Ok(Some(pid))
}

/// No directory `name` appeared next to the root or any of its ancestors (one
/// that did is removed again, so the host keeps no trace of the escape).
fn nothing_created_above(rootfs: &Path, name: &str) -> CaseResult {
    let mut dir = rootfs.parent();
    while let Some(d) = dir {
        let p = d.join(name);
        let found = fs::symlink_metadata(&p).is_ok();
        // The name holds the test's unique ID: nothing else can be hurt by removing it.
        if found {
            let _ = fs::remove_dir_all(&p);
        }
        check!(
            !found,
            "the runtime created {} outside the root, following '..' out of it",
            p.display()
        );
        dir = d.parent();
    }
    Ok(())
}

fn mount_destination_dotdot_stays_inside(sb: &mut Sandbox) -> CaseResult {
    // A refused create contains everything: first show a plain one is accepted.
    crate::areas::support::control::accepted(
        sb,
        crate::areas::support::control::Upto::Create,
        &[],
    )?;
    let name = format!("{}-dotdot", sb.id);
    let depth = sb.bundle.rootfs.components().count() + 2;
    let dest = format!("/{}{name}", "../".repeat(depth));
    mounts::add(&mut sb.config, mounts::tmpfs(&dest, &[]));
    let written = format!("/{name}/written");
    run_or_refused(sb, &WriteFile::new(written))?;
    nothing_created_above(&sb.bundle.rootfs, &name)?;
    let table = leaks::host_mount_points();
    check!(
        !table
            .iter()
            .any(|m| m.ends_with(&name) && !Path::new(m).starts_with(&sb.bundle.rootfs)),
        "a container mount landed outside the root: {:?}",
        table
            .iter()
            .filter(|m| m.ends_with(&name))
            .collect::<Vec<_>>()
    );
    Ok(())
}

/// A createRuntime hook (runtime namespace, during create) replaces the mount's
/// destination directory with a symlink to a host directory. Whether the runtime
/// mounts before or after the hook, nothing may be mounted or written there.
fn mount_destination_swapped_during_create(sb: &mut Sandbox) -> CaseResult {
    // A refused create contains everything: first show a plain one is accepted.
    crate::areas::support::control::accepted(
        sb,
        crate::areas::support::control::Upto::Create,
        &[],
    )?;
    let outside = fs::canonicalize(host_dir(sb, "outside", "marker", "host\n")?)?;
    fs::create_dir(sb.bundle.rootfs.join("target")).ctx("mkdir target")?;
    let root = fs::canonicalize(&sb.bundle.rootfs)?.display().to_string();
    let script =
        "cat >/dev/null; mv \"$1/target\" \"$1/target.orig\" && ln -s \"$2\" \"$1/target\"";
    push(
        &mut sb.config,
        HookKind::CreateRuntime,
        json!({
            "path": "/bin/sh",
            "args": ["sh", "-c", script, "swap", root, outside.display().to_string()]
        }),
    );
    mounts::add(&mut sb.config, mounts::tmpfs("/target", &[]));
    run_or_refused(sb, &WriteFile::new("/target/written"))?;
    check_untouched(&outside)
}

/// The host directory has only its marker and is no mount point.
fn check_untouched(outside: &Path) -> CaseResult {
    check!(
        !leaks::host_mount_points()
            .iter()
            .any(|m| Path::new(m) == outside),
        "a container mount landed on the host at {}",
        outside.display()
    );
    let names: Vec<String> = fs::read_dir(outside)?
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    check!(
        names == ["marker"],
        "the host directory {} was written through the container: {names:?}",
        outside.display()
    );
    Ok(())
}

fn bind_onto_symlink_to_host_file(sb: &mut Sandbox) -> CaseResult {
    // A refused create contains everything: first show a plain one is accepted.
    crate::areas::support::control::accepted(
        sb,
        crate::areas::support::control::Upto::Create,
        &[],
    )?;
    let victim = sb.dir.join("host-victim");
    fs::write(&victim, "host\n")?;
    let victim = fs::canonicalize(&victim)?;
    symlink(&victim, sb.bundle.rootfs.join("etc/victim")).ctx("symlink etc/victim")?;
    let payload = sb.dir.join("payload");
    fs::write(&payload, "payload\n")?;
    mounts::add(&mut sb.config, mounts::bind(&payload, "/etc/victim", &[]));
    run_or_refused(sb, &WriteFile::with_content("/etc/victim", "overwritten\n"))?;
    let table = leaks::host_mount_points();
    check!(
        !table.iter().any(|m| Path::new(m) == victim),
        "the bind mount landed on the host file {}",
        victim.display()
    );
    let now = fs::read_to_string(&victim)?;
    check!(
        now == "host\n",
        "the host file {} behind the symlink was changed to {now:?}",
        victim.display()
    );
    Ok(())
}

/// process.cwd naming a /proc/self/fd link, while the runtime holds a host
/// directory there (or any other descriptor of its own): the program must not
/// start outside its root. Each descriptor number a runtime plausibly holds is
/// tried; a refused create or start is fine.
fn cwd_proc_self_fd_stays_inside(sb: &mut Sandbox) -> CaseResult {
    // A refused create contains everything: first show a plain one is accepted.
    crate::areas::support::control::accepted(
        sb,
        crate::areas::support::control::Upto::Create,
        &[],
    )?;
    for fd in 3..=9 {
        let cwd = format!("/proc/self/fd/{fd}");
        let out = format!("/cwd-report-{fd}");
        sb.config["process"]["cwd"] = json!(cwd);
        let program = sb.set_program(&Invocation::new(Descriptors).out(&out));
        let id = sb.other_id(&format!("fd{fd}"));
        let Some(pid) = create_with_host_dir(sb, &id)? else {
            continue;
        };
        if sb.container(&id).try_start()?.ok() {
            sb.wait_exit(pid)?;
        }
        if let Ok(text) = sb.read_rootfs(&out) {
            let r = program.parse(text.trim())?;
            check!(
                r.cwd.is_some(),
                "with cwd {cwd} the program started in a directory outside its root ({})",
                r.cwd_error.unwrap_or_default()
            );
        }
        sb.container(&id).try_delete(true)?;
    }
    Ok(())
}

fn no_host_descriptor_in_container(sb: &mut Sandbox) -> CaseResult {
    let program = sb.set_program(&Invocation::new(Descriptors).out("/descriptors.json"));
    let id = sb.id.clone();
    let pid = create_with_host_dir(sb, &id)?
        .ok_or_else(|| Verdict::Fail("create failed (see the transcript)".into()))?;
    sb.own().start()?;
    let exit = sb.wait_exit(pid)?;
    check!(exit.success(), "the helper ended with {exit}");
    let r = program.parse(sb.read_rootfs("/descriptors.json")?.trim())?;
    let extra: Vec<String> = r
        .fds
        .iter()
        .filter(|f| f.fd > 2)
        .map(|f| {
            format!(
                "fd {} ({}{})",
                f.fd,
                f.kind,
                f.target
                    .as_deref()
                    .map(|t| format!(" {t}"))
                    .unwrap_or_default()
            )
        })
        .collect();
    check!(
        extra.is_empty(),
        "the container process holds descriptors it was not given: {}",
        extra.join(", ")
    );
    let root = file_id(&sb.bundle.rootfs)?;
    check!(
        r.root_id == root && r.cwd_id == root,
        "the container's / or cwd is not its root directory (/ {:?}, cwd {:?}, root {root:?})",
        r.root_id,
        r.cwd_id
    );
    Ok(())
}

fn file_id(path: &Path) -> Result<FileId, Verdict> {
    let m = fs::metadata(path).ctx(format!("stat {}", path.display()))?;
    Ok(FileId {
        dev: m.dev(),
        ino: m.ino(),
    })
}

/// Between create and start the container process is the runtime's: if it is the
/// runtime's binary itself, a program in the container that reaches it through
/// /proc/self/exe (args[0] = /proc/self/exe, a hook, a later exec) holds the
/// host's runtime binary.
fn container_process_is_not_runtime_binary(sb: &mut Sandbox) -> CaseResult {
    let program = sb.set_program(&Descriptors);
    sb.own().create()?;
    let pid = sb.own().pid()?;
    let runtime = file_id(&sb.suite().runtime.path)?;
    let exe = PathBuf::from(format!("/proc/{pid}/exe"));
    let created = file_id(&exe)?;
    // A read-only view of the same file (runc binds it read-only over itself)
    // cannot be written through; only a writable one is the CVE-2019-5736 hole.
    let read_only = nix::sys::statvfs::statvfs(&exe)
        .map(|s| s.flags().contains(nix::sys::statvfs::FsFlags::ST_RDONLY))
        .unwrap_or(false);
    check!(
        created != runtime || read_only,
        "the created container's process {pid} is the runtime binary {} itself, on a \
         writable mount: the container can reach the host's runtime through \
         /proc/self/exe",
        sb.suite().runtime.path.display()
    );
    check!(
        !unsealed_copy(&exe),
        "the created container's process {pid} runs from an in-memory copy that is not \
         sealed against writes: the container can change the code the runtime runs"
    );
    sb.own().start()?;
    let r = crate::areas::support::common::finish_helper(sb, pid, &program)?;
    let helper = file_id(&sb.bundle.rootfs.join(integ_inside::HELPER_NAME))?;
    check!(
        r.exe_id == Some(helper),
        "the program's /proc/self/exe is {:?}, not the helper {helper:?}",
        r.exe_id
    );
    Ok(())
}

/// Whether `exe` is a memfd (it has seals to read) without F_SEAL_WRITE: a copy
/// of the runtime that a program in the container could write through
/// /proc/<pid>/exe while the runtime on the host still runs from it.
fn unsealed_copy(exe: &Path) -> bool {
    use nix::fcntl::{fcntl, FcntlArg, SealFlag};
    let Ok(file) = fs::File::open(exe) else {
        return false;
    };
    fcntl(&file, FcntlArg::F_GET_SEALS)
        .is_ok_and(|bits| !SealFlag::from_bits_truncate(bits).contains(SealFlag::F_SEAL_WRITE))
}

fn id_climbing_out_of_root_refused(sb: &mut Sandbox) -> CaseResult {
    let names = [
        &["../jc-escape", "'/'", "\"/\""],
        crate::areas::robustness::cli::ID_FIELD,
    ]
    .concat();
    refuses_create(sb, &names, |_, call| {
        call.id = "../jc-escape".into();
        call.valid_id = false;
        Ok(())
    })
}

/// A directory next to `--root` that looks like a container's state: state,
/// kill and delete with an ID that climbs to it must fail and leave it alone.
fn commands_never_reach_outside_root(sb: &mut Sandbox) -> CaseResult {
    let decoy = sb.dir.join("decoy");
    fs::create_dir(&decoy)?;
    fs::write(decoy.join("state.json"), "{\"id\": \"decoy\"}\n")?;
    let id = "../decoy";
    for args in [
        vec!["state", id],
        vec!["kill", id, "KILL"],
        vec!["delete", "--force", id],
    ] {
        let inv = sb.call(&args)?;
        check!(
            !inv.ok(),
            "`{}` succeeded on a directory outside --root",
            inv.command
        );
    }
    check!(
        decoy.join("state.json").is_file(),
        "a command with ID {id:?} removed {} outside --root",
        decoy.display()
    );
    Ok(())
}
