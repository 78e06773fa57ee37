//! Bad config.json: malformed, not an object, wrong JSON types for known fields,
//! values the spec rules out. Each must make create fail with an error naming the
//! field or value, and leave nothing behind (runtime.md#create, runtime.md#errors,
//! config.md#valid-values).

use crate::catalogue::ReqId;
use crate::req;

use serde_json::{json, Value};

use crate::areas::robustness::refusal::{
    expect_named, expect_no_trace, positive_control, refuses_create, Snapshot, LEAVES_NOTHING,
};
use crate::areas::support::control::Upto;
use crate::harness::{CaseResult, Sandbox};

/// What every case here checks.
const REFUSED: &[ReqId] = &[
    req::ROBUST_INVALID_CONFIG_FAILS,
    req::LIFECYCLE_CREATE_ERROR_LEAVES_NOTHING,
    req::ROBUST_ERROR_NAMES_PROBLEM,
];
/// Hooks that cannot run are creation-hook failures (runtime.md#lifecycle).
const HOOK_REFUSED: &[ReqId] = &[
    req::HOOKS_CREATE_FAILURE,
    req::LIFECYCLE_CREATE_ERROR_LEAVES_NOTHING,
    req::ROBUST_ERROR_NAMES_PROBLEM,
];
const LINUX_REFUSED: &[ReqId] = &[
    req::LINUX_NAMESPACE_PATH_ERROR,
    req::LIFECYCLE_CREATE_ERROR_LEAVES_NOTHING,
    req::ROBUST_ERROR_NAMES_PROBLEM,
];

cases! {
    config_malformed_json: REFUSED;
    config_empty_file: REFUSED;
    config_is_an_array: REFUSED;
    config_is_null: REFUSED;
    config_is_a_string: REFUSED;
    oci_version_not_a_string: REFUSED;
    oci_version_not_semver: REFUSED;
    oci_version_unsupported_major: REFUSED;
    args_not_an_array: REFUSED;
    args_entry_not_a_string: REFUSED;
    args_empty: REFUSED;
    args_with_nul_byte: REFUSED;
    env_not_an_array: REFUSED;
    env_entry_not_a_string: REFUSED;
    cwd_not_a_string: REFUSED;
    cwd_relative: REFUSED;
    uid_not_a_number: REFUSED;
    uid_negative: REFUSED;
    user_not_an_object: REFUSED;
    terminal_not_a_boolean: REFUSED;
    process_missing: REFUSED;
    root_missing: REFUSED;
    root_path_not_a_string: REFUSED;
    root_path_does_not_exist: REFUSED;
    root_path_is_a_file: REFUSED;
    mounts_not_an_array: REFUSED;
    mount_without_destination: REFUSED;
    mount_type_unknown: REFUSED;
    hostname_not_a_string: REFUSED;
    annotation_not_a_string: REFUSED;
    rlimit_type_unknown: REFUSED;
    rlimit_soft_above_hard: REFUSED;
    hook_path_missing: HOOK_REFUSED;
    hook_path_relative: REFUSED;
    linux_not_an_object: REFUSED;
    namespace_type_unknown: LINUX_REFUSED;
    namespace_listed_twice: LINUX_REFUSED;
}

/// The config edited by `edit` must be refused, naming one of `names`.
fn refused(sb: &mut Sandbox, names: &[&str], edit: impl FnOnce(&mut Value)) -> CaseResult {
    refuses_create(sb, names, |sb, _| {
        edit(&mut sb.config);
        Ok(())
    })
}

/// config.json holding exactly `text` must be refused, naming one of `names`.
fn refused_text(sb: &mut Sandbox, names: &[&str], text: &str) -> CaseResult {
    refuses_create(sb, names, |_, call| {
        call.raw_config = Some(text.to_string());
        Ok(())
    })
}

fn config_malformed_json(sb: &mut Sandbox) -> CaseResult {
    let names = &["json", "eof", "unexpected end", "syntax", "parse"];
    let truncated = format!("{{\"ociVersion\": \"{}\", ", sb.suite().spec.version);
    refused_text(sb, names, &truncated)
}

fn config_empty_file(sb: &mut Sandbox) -> CaseResult {
    let names = &["json", "eof", "unexpected end", "empty"];
    refused_text(sb, names, "")
}

fn config_is_an_array(sb: &mut Sandbox) -> CaseResult {
    refused_text(sb, &["object", "array"], "[1, 2]")
}

fn config_is_null(sb: &mut Sandbox) -> CaseResult {
    refused_text(sb, &["object", "null"], "null")
}

fn config_is_a_string(sb: &mut Sandbox) -> CaseResult {
    refused_text(sb, &["object", "string"], "\"hello\"")
}

fn oci_version_not_a_string(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["ociVersion"], |c| c["ociVersion"] = json!(1))
}

fn oci_version_not_semver(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["ociVersion", "banana"], |c| {
        c["ociVersion"] = json!("banana")
    })
}

fn oci_version_unsupported_major(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["ociVersion", "2.0.0"], |c| {
        c["ociVersion"] = json!("2.0.0")
    })
}

fn args_not_an_array(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["args"], |c| {
        c["process"]["args"] = json!("/integ-inside")
    })
}

fn args_entry_not_a_string(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["args"], |c| {
        c["process"]["args"] = json!(["/integ-inside", 7])
    })
}

fn args_empty(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["args"], |c| c["process"]["args"] = json!([]))
}

/// No C string can hold a NUL byte, so the program cannot be executed.
fn args_with_nul_byte(sb: &mut Sandbox) -> CaseResult {
    refused_by_create_or_start(sb, &["args", "nul", "invalid argument"], |c| {
        c["process"]["args"] = json!(["/integ-inside", "a\u{0}b"])
    })
}

fn env_not_an_array(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["env"], |c| c["process"]["env"] = json!({ "A": "1" }))
}

fn env_entry_not_a_string(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["env"], |c| c["process"]["env"] = json!(["A=1", 5]))
}

fn cwd_not_a_string(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["cwd"], |c| c["process"]["cwd"] = json!(5))
}

fn cwd_relative(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["cwd"], |c| c["process"]["cwd"] = json!("tmp"))
}

fn uid_not_a_number(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["uid"], |c| c["process"]["user"]["uid"] = json!("0"))
}

fn uid_negative(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["uid"], |c| c["process"]["user"]["uid"] = json!(-1))
}

fn user_not_an_object(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["user"], |c| c["process"]["user"] = json!("root"))
}

fn terminal_not_a_boolean(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["terminal"], |c| {
        c["process"]["terminal"] = json!("yes")
    })
}

/// process is OPTIONAL for create, but start MUST fail without it
/// (runtime.md#start).
fn process_missing(sb: &mut Sandbox) -> CaseResult {
    refused_by_create_or_start(sb, &["process"], |c| {
        if let Some(map) = c.as_object_mut() {
            map.remove("process");
        }
    })
}

/// A defect the spec lets a runtime find at create or at start (the program
/// cannot be executed: runtime.md#lifecycle): either create refuses it and
/// leaves nothing, or start refuses it.
fn refused_by_create_or_start(
    sb: &mut Sandbox,
    names: &[&str],
    edit: impl FnOnce(&mut Value),
) -> CaseResult {
    positive_control(sb, Upto::Exit)?;
    let before = Snapshot::take(sb);
    edit(&mut sb.config);
    let id = sb.id.clone();
    let create = sb.own().try_create(&[])?;
    if !create.ok() {
        expect_no_trace(sb, &id, &before).map_err(|v| v.charged_to(LEAVES_NOTHING))?;
        return expect_named(sb, &create, names);
    }
    let start = sb.own().try_start()?;
    expect_named(sb, &start, names)
}

fn root_missing(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["root"], |c| {
        if let Some(map) = c.as_object_mut() {
            map.remove("root");
        }
    })
}

fn root_path_not_a_string(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["root"], |c| c["root"]["path"] = json!(3))
}

fn root_path_does_not_exist(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["no-such-rootfs"], |c| {
        c["root"]["path"] = json!("no-such-rootfs")
    })
}

fn root_path_is_a_file(sb: &mut Sandbox) -> CaseResult {
    refuses_create(sb, &["not a directory"], |sb, _| {
        std::fs::write(sb.bundle.path.join("rootfs-file"), "not a directory\n")?;
        sb.config["root"]["path"] = json!("rootfs-file");
        Ok(())
    })
}

fn mounts_not_an_array(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["mounts"], |c| c["mounts"] = json!({}))
}

fn mount_without_destination(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["destination"], |c| {
        push_mount(c, json!({ "type": "tmpfs", "source": "tmpfs" }))
    })
}

fn mount_type_unknown(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["nosuchfs"], |c| {
        push_mount(
            c,
            json!({ "destination": "/mnt/nosuchfs", "type": "nosuchfs", "source": "none" }),
        )
    })
}

fn push_mount(config: &mut Value, mount: Value) {
    match config["mounts"].as_array_mut() {
        Some(list) => list.push(mount),
        None => config["mounts"] = json!([mount]),
    }
}

fn hostname_not_a_string(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["hostname"], |c| c["hostname"] = json!(7))
}

fn annotation_not_a_string(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["annotations"], |c| {
        c["annotations"] = json!({ "a": 1 })
    })
}

/// config.md#posix-process: values that map to no kernel interface are an error.
fn rlimit_type_unknown(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["RLIMIT_BOGUS"], |c| {
        c["process"]["rlimits"] = json!([{ "type": "RLIMIT_BOGUS", "soft": 1, "hard": 1 }])
    })
}

fn rlimit_soft_above_hard(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["rlimit"], |c| {
        c["process"]["rlimits"] = json!([{ "type": "RLIMIT_NOFILE", "soft": 100, "hard": 10 }])
    })
}

fn hook_path_missing(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["/no/such/hook"], |c| {
        c["hooks"] = json!({ "createRuntime": [{ "path": "/no/such/hook" }] })
    })
}

/// config.md#posix-platform-hooks: a hook's path MUST be absolute.
fn hook_path_relative(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["bin/true"], |c| {
        c["hooks"] = json!({ "createRuntime": [{ "path": "bin/true" }] })
    })
}

fn linux_not_an_object(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["linux"], |c| c["linux"] = json!([]))
}

fn namespace_type_unknown(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["bogus"], |c| push_namespace(c, "bogus"))
}

/// config-linux.md#namespaces: a type listed twice MUST be an error.
fn namespace_listed_twice(sb: &mut Sandbox) -> CaseResult {
    refused(sb, &["duplicat", "more than once", "twice"], |c| {
        push_namespace(c, "pid")
    })
}

fn push_namespace(config: &mut Value, kind: &str) {
    if let Some(list) = config["linux"]["namespaces"].as_array_mut() {
        list.push(json!({ "type": kind }));
    }
}
