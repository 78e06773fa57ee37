//! Invalid values are errors (config.md#valid-values) and unknown properties are
//! not (config.md#extensibility): one test per invalid value the spec names,
//! each through the shared `expect_create_rejected`.

use crate::req;

use integ_inside::request::{Exit, Mounts, Process};
use serde_json::{json, Value};

use crate::areas::support::negative::expect_create_rejected;
use crate::harness::sandbox::helper_argv;
use crate::harness::bundle::hooks::{push, HookKind};
use crate::harness::{bundle::mounts, CaseResult, Sandbox};
use crate::{check, check_eq};

cases! {
    oci_version_not_semver_fails: &[req::CONFIG_OCI_VERSION_SEMVER];
    root_missing_fails: &[req::CONFIG_ROOT_REQUIRED];
    cwd_relative_fails: &[req::CONFIG_CWD_ABSOLUTE];
    args_empty_fails: &[req::CONFIG_ARGS_REQUIRED];
    rlimit_unknown_type_fails: &[req::PROCESS_RLIMITS_UNKNOWN_TYPE];
    capability_unknown_warned: &[req::PROCESS_CAPABILITIES_UNKNOWN_WARNED];
    capability_unknown_not_fatal: &[req::PROCESS_CAPABILITIES_UNKNOWN_NOT_FATAL];
    hook_path_relative_fails: &[req::HOOKS_PATH_ABSOLUTE];
    hook_timeout_zero_fails: &[req::HOOKS_TIMEOUT_POSITIVE];
    hook_timeout_negative_fails: &[req::HOOKS_TIMEOUT_POSITIVE];
    annotation_key_empty_fails: &[req::CONFIG_ANNOTATION_KEY_NONEMPTY];
    mount_uid_mappings_alone_fails: &[req::MOUNTS_IDMAP_PAIRS];
    unknown_properties_ignored: &[req::CONFIG_UNKNOWN_PROPERTIES_IGNORED];
    unknown_annotations_ignored: &[req::CONFIG_UNKNOWN_ANNOTATIONS_IGNORED];
    mount_relative_destination_from_root: &[req::MOUNTS_RELATIVE_DESTINATION_LINUX];
    mount_options_must_take_effect: &[req::MOUNTS_LINUX_MUST_OPTIONS];
}

fn oci_version_not_semver_fails(sb: &mut Sandbox) -> CaseResult {
    expect_create_rejected(sb, "ociVersion \"1.3\" (not SemVer)", |c| {
        c["ociVersion"] = json!("1.3");
    })
}

fn root_missing_fails(sb: &mut Sandbox) -> CaseResult {
    expect_create_rejected(sb, "no root", |c| remove(c, "root"))
}

fn cwd_relative_fails(sb: &mut Sandbox) -> CaseResult {
    expect_create_rejected(sb, "a relative process.cwd", |c| {
        c["process"]["cwd"] = json!("tmp");
    })
}

fn args_empty_fails(sb: &mut Sandbox) -> CaseResult {
    expect_create_rejected(sb, "empty process.args", |c| {
        c["process"]["args"] = json!([]);
    })
}

fn rlimit_unknown_type_fails(sb: &mut Sandbox) -> CaseResult {
    expect_create_rejected(sb, "an unknown rlimit type", |c| {
        c["process"]["rlimits"] = json!([{ "type": "RLIMIT_JAILCHECK", "soft": 1, "hard": 1 }]);
    })
}

/// A capability name no kernel has.
const UNKNOWN_CAP: &str = "CAP_JAILCHECK_UNKNOWN";

/// Creates the container with [`UNKNOWN_CAP`] added to the bounding set.
fn create_with_unknown_cap(
    sb: &mut Sandbox,
) -> Result<crate::harness::runtime::driver::Invocation, crate::harness::Verdict> {
    sb.set_program(&Exit { code: 0 });
    let caps = &mut sb.config["process"]["capabilities"];
    if !caps.is_object() {
        *caps = json!({});
    }
    match caps["bounding"].as_array_mut() {
        Some(list) => list.push(json!(UNKNOWN_CAP)),
        None => caps["bounding"] = json!([UNKNOWN_CAP]),
    }
    sb.own().try_create(&[])
}

/// Whatever create then does, its output names the capability it cannot map.
fn capability_unknown_warned(sb: &mut Sandbox) -> CaseResult {
    let inv = create_with_unknown_cap(sb)?;
    check!(
        inv.stderr.contains(UNKNOWN_CAP),
        "create with capability {UNKNOWN_CAP} logged nothing naming it (exit {}, stderr {:?})",
        inv.exit,
        inv.first_error_line()
    );
    Ok(())
}

/// The unknown name fails neither create nor the program.
fn capability_unknown_not_fatal(sb: &mut Sandbox) -> CaseResult {
    let inv = create_with_unknown_cap(sb)?;
    check!(
        inv.ok(),
        "create failed on capability {UNKNOWN_CAP}: {}",
        inv.first_error_line()
    );
    let pid = sb.own().pid()?;
    sb.own().start()?;
    let exit = sb.wait_exit(pid)?;
    check!(exit.success(), "the program ended with {exit}");
    Ok(())
}

/// A createRuntime hook entry, runnable except for the defect the test adds.
fn hook_entry(c: &mut Value, entry: Value) {
    push(c, HookKind::CreateRuntime, entry);
}

fn hook_path_relative_fails(sb: &mut Sandbox) -> CaseResult {
    expect_create_rejected(sb, "a relative hook path", |c| {
        hook_entry(c, json!({ "path": "bin/true" }));
    })
}

/// A createRuntime hook that runs the helper to exit 0 at once, with `timeout`.
fn exit_0_hook(sb: &Sandbox, timeout: i64) -> Value {
    let program = sb.bundle.rootfs.join(integ_inside::HELPER_NAME);
    json!({
        "path": program.display().to_string(),
        "args": helper_argv(integ_inside::HELPER_NAME, &Exit { code: 0 }),
        "timeout": timeout,
    })
}

fn hook_timeout_zero_fails(sb: &mut Sandbox) -> CaseResult {
    let hook = exit_0_hook(sb, 0);
    expect_create_rejected(sb, "a hook timeout of 0", |c| hook_entry(c, hook))
}

fn hook_timeout_negative_fails(sb: &mut Sandbox) -> CaseResult {
    let hook = exit_0_hook(sb, -1);
    expect_create_rejected(sb, "a hook timeout of -1", |c| hook_entry(c, hook))
}

fn annotation_key_empty_fails(sb: &mut Sandbox) -> CaseResult {
    expect_create_rejected(sb, "an empty annotation key", |c| {
        c["annotations"] = json!({ "": "value" });
    })
}

fn mount_uid_mappings_alone_fails(sb: &mut Sandbox) -> CaseResult {
    let src = sb.bundle.rootfs.join("tmp").display().to_string();
    expect_create_rejected(sb, "uidMappings without gidMappings", |c| {
        let mut m = json!({ "destination": "/mnt", "type": "none", "source": src, "options": ["rbind", "idmap"] });
        m["uidMappings"] = json!([{ "containerID": 0, "hostID": 100000, "size": 1 }]);
        mounts::add(c, m);
    })
}

fn remove(c: &mut Value, key: &str) {
    if let Some(obj) = c.as_object_mut() {
        obj.remove(key);
    }
}

fn unknown_properties_ignored(sb: &mut Sandbox) -> CaseResult {
    sb.config["org.jailcheck.future"] = json!({ "nested": [1, 2, 3] });
    sb.config["process"]["jailcheckFuture"] = json!(true);
    sb.config["root"]["jailcheckFuture"] = json!("x");
    sb.config["process"]["user"]["jailcheckFuture"] = json!(0);
    let r = sb.ask(&Process::default())?;
    check_eq!(r.cwd.as_str(), "/", "cwd of the program");
    Ok(())
}

fn unknown_annotations_ignored(sb: &mut Sandbox) -> CaseResult {
    let want = json!({ "org.jailcheck.unknown-key": "", "com.example.other": "value" });
    sb.config["annotations"] = want.clone();
    sb.set_program(&Exit { code: 0 });
    sb.own().create()?;
    let state = sb.own().state()?;
    let got = state.annotations().cloned().map(Value::Object);
    check_eq!(got, Some(want), "annotations in the state");
    Ok(())
}

fn mount_relative_destination_from_root(sb: &mut Sandbox) -> CaseResult {
    mounts::add(&mut sb.config, mounts::tmpfs("scratch", &[]));
    let r = sb.ask(&Mounts)?;
    check!(
        r.mounts
            .iter()
            .any(|m| m.target == "/scratch" && m.fstype == "tmpfs"),
        "the tmpfs with destination \"scratch\" is not at /scratch: {:?}",
        r.mounts.iter().map(|m| &m.target).collect::<Vec<_>>()
    );
    Ok(())
}

fn mount_options_must_take_effect(sb: &mut Sandbox) -> CaseResult {
    let options = ["nosuid", "nodev", "noexec", "noatime", "ro"];
    mounts::add(&mut sb.config, mounts::tmpfs("/scratch", &options));
    let r = sb.ask(&Mounts)?;
    let m = r
        .mounts
        .iter()
        .rev()
        .find(|m| m.target == "/scratch")
        .ok_or_else(|| crate::harness::Verdict::Fail("no mount at /scratch".into()))?;
    for want in options {
        check!(
            m.options.iter().any(|o| o == want),
            "/scratch lacks {want}: {:?}",
            m.options
        );
    }
    Ok(())
}
