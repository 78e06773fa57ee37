//! Where hooks run: prestart, createRuntime, poststart and poststop in the runtime
//! namespace; createContainer (path from the runtime namespace) and startContainer
//! in the container's (config.md#posix-platform-hooks).

use crate::req;

use std::path::Path;

use serde_json::json;

use crate::areas::support::hooks::{lifecycle_with_running_program, one_of_each};
use crate::harness::bundle::hooks::{file_id, push, HookKind, HookLog};
use crate::harness::{bundle::mounts, CaseResult, Sandbox, Verdict};
use crate::{check, check_eq};

cases! {
    runtime_namespace: &[req::HOOKS_RUNTIME_NAMESPACE];
    create_container_namespace: &[req::HOOKS_CREATE_CONTAINER_NAMESPACE];
    start_container_namespace: &[req::HOOKS_START_CONTAINER_NAMESPACE];
}

/// A tmpfs at `/hookmark`: a mount only the container's mount namespace has.
fn add_marker_mount(sb: &mut Sandbox) -> CaseResult {
    std::fs::create_dir_all(sb.bundle.rootfs.join("hookmark"))?;
    mounts::add(&mut sb.config, mounts::tmpfs("/hookmark", &[]));
    let spec = sb.suite().spec.version;
    mounts::make_visible(&mut sb.config, spec);
    Ok(())
}

fn runtime_namespace(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    sb.config["hostname"] = json!("jc-container-uts");
    let kinds = [
        HookKind::Prestart,
        HookKind::CreateRuntime,
        HookKind::Poststart,
        HookKind::Poststop,
    ];
    one_of_each(sb, &log, &kinds);
    lifecycle_with_running_program(sb)?;
    let host_root = file_id(Path::new("/"))?;
    let host_name = nix::unistd::gethostname()
        .map(|h| h.to_string_lossy().into_owned())
        .map_err(|e| Verdict::Error(format!("gethostname: {e}")))?;
    for kind in kinds {
        let r = log.report(kind.key())?;
        check_eq!(
            (r.root_dev, r.root_ino),
            host_root,
            "{} hook: device and inode of its / (the runtime's / is {host_root:?})",
            kind.key()
        );
        check_eq!(
            r.hostname.as_str(),
            host_name.as_str(),
            "{} hook: hostname",
            kind.key()
        );
    }
    Ok(())
}

fn create_container_namespace(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    add_marker_mount(sb)?;
    // The program path exists only in the runtime namespace (outside the root).
    log.add(&mut sb.config, HookKind::CreateContainer, "cc", &[]);
    push(
        &mut sb.config,
        HookKind::CreateContainer,
        log.mounts_entry(HookKind::CreateContainer, "cc-mounts.json"),
    );
    sb.helper_args(&["exit", "0"]);
    sb.own().create()?;
    log.report("cc")?;
    let seen = log.mounts("cc-mounts.json")?;
    // Linux: before pivot_root the mount shows under the root's host path. FreeBSD
    // has one mount table, so only a jailed hook sees it as /hookmark.
    let root = std::fs::canonicalize(&sb.bundle.rootfs)?;
    let marker = root.join("hookmark");
    let found = seen.mounts.iter().any(|m| {
        m.target == "/hookmark" || (cfg!(target_os = "linux") && Path::new(&m.target) == marker)
    });
    check!(
        found,
        "the createContainer hook does not see the container's tmpfs at /hookmark, so it \
         did not run in the container's mount namespace (it saw {} mounts)",
        seen.mounts.len()
    );
    Ok(())
}

fn start_container_namespace(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    add_marker_mount(sb)?;
    sb.config["hostname"] = json!("jc-container-uts");
    if Path::new(integ_inside::HELPER_PATH).exists() {
        return Err(Verdict::Skip(format!(
            "cannot tell the namespaces apart: the host has {} too",
            integ_inside::HELPER_PATH
        )));
    }
    // The program path is the container's /integ-inside, absent from the host.
    log.add(&mut sb.config, HookKind::StartContainer, "sc", &[]);
    push(
        &mut sb.config,
        HookKind::StartContainer,
        log.mounts_entry(HookKind::StartContainer, "sc-mounts.json"),
    );
    sb.helper_args(&["exit", "0"]);
    let exit = sb.own().run_to_exit()?;
    check!(exit.success(), "program ended with {exit}");
    let r = log.report("sc")?;
    let root = file_id(&sb.bundle.rootfs)?;
    check_eq!(
        (r.root_dev, r.root_ino),
        root,
        "startContainer hook: device and inode of its / (the container root's are {root:?})"
    );
    check_eq!(
        r.hostname.as_str(),
        "jc-container-uts",
        "startContainer hook: hostname"
    );
    let seen = log.mounts("sc-mounts.json")?;
    check!(
        seen.mounts.iter().any(|m| m.target == "/hookmark"),
        "the startContainer hook does not see the container's tmpfs at /hookmark"
    );
    Ok(())
}
