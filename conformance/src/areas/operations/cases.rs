//! The operations' own error rules (runtime.md#operations): each operation
//! without a container ID, create without a bundle or with an invalid ID, start
//! without `process`, kill of a stopped container, what delete may remove, and
//! config.json edits after create.

use crate::req;

use std::fs;

use integ_inside::request::{Exit, Process};
use serde_json::Value;

use crate::areas::support::common::{
    expect_failure, expect_status, finish_helper, nothing_left, start_waiting,
};
use crate::areas::support::control::{self, Upto};
use crate::harness::runtime::driver::CallIo;
use crate::harness::{
    bundle::mounts, CaseResult, CliFeature, Context, Invocation, Sandbox, Verdict,
};
use crate::{check, check_eq};

cases! {
    state_without_id_fails: &[req::OP_STATE_WITHOUT_ID];
    create_without_id_fails: &[req::OP_CREATE_WITHOUT_ID];
    create_without_bundle_fails: &[req::OP_CREATE_WITHOUT_BUNDLE];
    start_without_id_fails: &[req::OP_START_WITHOUT_ID];
    kill_without_id_fails: &[req::OP_KILL_WITHOUT_ID];
    delete_without_id_fails: &[req::OP_DELETE_WITHOUT_ID];
    create_invalid_ids_fail: &[req::LIFECYCLE_CREATE_INVALID_ID];
    start_without_process_fails: &[req::LIFECYCLE_START_WITHOUT_PROCESS];
    config_edit_after_create_no_effect: &[req::LIFECYCLE_CONFIG_EDIT_NO_EFFECT];
    kill_stopped_state_unchanged: &[req::KILL_STOPPED_STATE_UNCHANGED];
    delete_keeps_foreign_resources: &[req::DELETE_KEEPS_FOREIGN_RESOURCES];
    state_pid_runs_the_program: &[req::STATE_PID];
    state_schema_types: &[req::STATE_SCHEMA];
    missing_config_json_fails: &[req::BUNDLE_CONFIG_MISSING_FAILS];
}

/// Creates the main container (status created) so an operation that must have no
/// effect has something it could wrongly affect.
fn created_bystander(sb: &mut Sandbox) -> CaseResult {
    sb.set_program(&Exit { code: 0 });
    sb.own().create()?;
    expect_status(sb, "created")
}

/// Runs `args` (an operation missing its ID), expects an error, and checks the
/// bystander container is still created.
fn without_id(sb: &mut Sandbox, args: &[&str]) -> CaseResult {
    created_bystander(sb)?;
    let inv = sb.call(args)?;
    expect_failure(
        &inv,
        &format!("`{}` without a container ID", args.join(" ")),
    )?;
    expect_status(sb, "created")
}

fn state_without_id_fails(sb: &mut Sandbox) -> CaseResult {
    without_id(sb, &["state"])
}

fn start_without_id_fails(sb: &mut Sandbox) -> CaseResult {
    without_id(sb, &["start"])
}

fn kill_without_id_fails(sb: &mut Sandbox) -> CaseResult {
    without_id(sb, &["kill"])
}

fn delete_without_id_fails(sb: &mut Sandbox) -> CaseResult {
    without_id(sb, &["delete"])
}

/// What `list` shows, to show nothing new appeared. Where the runtime has no
/// `--root`, the state is shared with the tests running beside this one: only the
/// rows naming this test's directory (its bundle) are its own.
fn containers_listed(sb: &mut Sandbox) -> Result<String, Verdict> {
    let listed = crate::areas::support::common::listing(sb)?;
    if sb.has_cli(CliFeature::Root) {
        return Ok(listed);
    }
    let own = format!("{}/", sb.dir.display());
    Ok(listed
        .lines()
        .filter(|l| l.contains(&own))
        .collect::<Vec<_>>()
        .join("\n"))
}

fn create_without_id_fails(sb: &mut Sandbox) -> CaseResult {
    sb.set_program(&Exit { code: 0 });
    control::accepted(sb, Upto::Create, &[])?;
    sb.write_config()?;
    let bundle = sb.bundle.path.display().to_string();
    let before = containers_listed(sb)?;
    let inv = sb.call(&["create", "--bundle", &bundle])?;
    expect_failure(&inv, "create without a container ID")?;
    let after = containers_listed(sb)?;
    check_eq!(after, before, "list after a create without an ID");
    Ok(())
}

/// create ID run from an empty directory with no `--bundle`: the runc command
/// line takes the current directory as the bundle, which has no config.json, so
/// no bundle path was provided.
fn create_without_bundle_fails(sb: &mut Sandbox) -> CaseResult {
    sb.set_program(&Exit { code: 0 });
    control::accepted(sb, Upto::Create, &[])?;
    let empty = sb.dir.join("empty-cwd");
    fs::create_dir_all(&empty).ctx("mkdir empty-cwd")?;
    let id = sb.id.clone();
    let inv = call_in_dir(sb, &empty, &["create", &id])?;
    expect_failure(&inv, "create without a bundle")?;
    nothing_left(sb)
}

/// Runs the runtime with the sandbox's `--root` from `cwd`, recording the call.
fn call_in_dir(
    sb: &mut Sandbox,
    cwd: &std::path::Path,
    args: &[&str],
) -> Result<Invocation, Verdict> {
    let owned: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let prefix = sb.dir.join("calls").join("in-dir");
    let inv = sb.suite().runtime.run(
        &sb.state_root,
        &owned,
        &CallIo {
            prefix: &prefix,
            cwd: Some(cwd),
        },
    )?;
    sb.transcript.push(format!(
        "$ (cd {}) {} -> {}\n{}",
        cwd.display(),
        inv.command,
        inv.exit,
        inv.stderr.trim_end()
    ));
    Ok(inv)
}

fn create_invalid_ids_fail(sb: &mut Sandbox) -> CaseResult {
    sb.set_program(&Exit { code: 0 });
    control::accepted(sb, Upto::Create, &[])?;
    sb.write_config()?;
    let bundle = sb.bundle.path.display().to_string();
    // Not through `Container::try_create`: the guard would take these IDs for paths.
    for bad in ["", "a/b", "..", "../escape"] {
        let inv = sb.call(&["create", "--bundle", &bundle, "--", bad])?;
        expect_failure(&inv, &format!("create with the invalid ID {bad:?}"))?;
        check!(
            !sb.dir.join("escape").exists() && !sb.state_root.join("a").exists(),
            "create with the invalid ID {bad:?} left state outside or inside the root"
        );
    }
    let list = crate::areas::support::common::listing(sb)?;
    check!(
        !list.contains("escape") && !list.contains("a/b"),
        "list shows a container with an invalid ID: {}",
        list.trim()
    );
    Ok(())
}

fn start_without_process_fails(sb: &mut Sandbox) -> CaseResult {
    sb.set_program(&Exit { code: 0 });
    control::accepted(sb, Upto::Exit, &[])?;
    if let Some(obj) = sb.config.as_object_mut() {
        obj.remove("process");
    }
    let created = sb.own().try_create(&[])?;
    if !created.ok() {
        // Refusing at create is allowed (runtime.md#create: the runtime MAY
        // validate); then there is nothing to start, and nothing must be left.
        return nothing_left(sb);
    }
    let inv = sb.own().try_start()?;
    expect_failure(&inv, "start of a container without process")?;
    expect_status(sb, "created")
}

fn config_edit_after_create_no_effect(sb: &mut Sandbox) -> CaseResult {
    let program = sb.set_program(&Process {
        args: vec!["original".into()],
    });
    sb.own().create()?;
    let pid = sb.own().pid()?;
    sb.set_program(&Exit { code: 7 });
    sb.config["process"]["env"] = serde_json::json!(["EDITED=1"]);
    sb.config["process"]["cwd"] = serde_json::json!("/tmp");
    sb.write_config()?;
    sb.own().start()?;
    let r = finish_helper(sb, pid, &program)?;
    check_eq!(
        r.args.get(2).map(String::as_str),
        Some("original"),
        "argv[2] (the edited config said exit 7)"
    );
    check!(
        !r.env.iter().any(|e| e == "EDITED=1"),
        "the environment came from the edited config.json: {:?}",
        r.env
    );
    check_eq!(r.cwd.as_str(), "/", "cwd (the edited config said /tmp)");
    Ok(())
}

fn kill_stopped_state_unchanged(sb: &mut Sandbox) -> CaseResult {
    sb.set_program(&Exit { code: 0 });
    let exit = sb.own().run_to_exit()?;
    check!(exit.success(), "program ended with {exit}");
    let before = sb.own().state()?.raw;
    let inv = sb.own().try_kill(&["KILL"])?;
    expect_failure(&inv, "kill of a stopped container")?;
    let after = sb.own().state()?.raw;
    check_eq!(after, before, "state after the refused kill");
    Ok(())
}

fn delete_keeps_foreign_resources(sb: &mut Sandbox) -> CaseResult {
    let src = crate::areas::support::mounts::host_dir(sb, "bind-src", "keep", "host data\n")?;
    crate::areas::support::mounts::mountpoint(sb, "/mnt/bind")?;
    mounts::add(&mut sb.config, mounts::bind(&src, "/mnt/bind", &[]));
    fs::write(sb.bundle.path.join("notes.txt"), "not the runtime's\n").ctx("write notes.txt")?;
    let other = sb.other_id("neighbour");
    sb.set_program(&Exit { code: 0 });
    sb.container(&other).try_create(&[])?.expect_ok()?;
    let exit = sb.own().run_to_exit()?;
    check!(exit.success(), "program ended with {exit}");
    sb.own().delete()?;
    for kept in [
        sb.bundle.path.join("config.json"),
        sb.bundle.path.join("notes.txt"),
        sb.bundle.rootfs.join(integ_inside::HELPER_NAME),
        src.join("keep"),
    ] {
        check!(
            kept.exists(),
            "delete removed {}, which the runtime did not create",
            kept.display()
        );
    }
    let inv = sb.container(&other).try_state()?;
    check!(
        inv.ok() && inv.stdout.contains("created"),
        "delete of one container affected {other}: {}",
        inv.stdout.trim()
    );
    Ok(())
}

fn state_pid_runs_the_program(sb: &mut Sandbox) -> CaseResult {
    let pid = start_waiting(sb)?;
    let comm =
        crate::harness::host::command::output("ps", &["-o", "comm=", "-p", &pid.to_string()])
            .map_err(|e| Verdict::Error(format!("ps -p {pid}: {e}")))?;
    check_eq!(
        comm.trim(),
        integ_inside::HELPER_NAME,
        "program run by state's pid {pid}"
    );
    sb.own().try_kill(&["TERM"])?.expect_ok()?;
    let exit = sb.wait_exit(pid)?;
    check!(
        exit.success(),
        "state's pid {pid} is not the process that reported the signal: it ended with {exit}"
    );
    Ok(())
}

fn state_schema_types(sb: &mut Sandbox) -> CaseResult {
    sb.set_program(&Exit { code: 0 });
    sb.config["annotations"] = serde_json::json!({ "org.example.k": "v" });
    sb.own().create()?;
    let state = sb.own().state()?.raw;
    for key in ["ociVersion", "id", "status", "bundle"] {
        check!(
            state[key].is_string(),
            "state.{key} is not a string: {}",
            state[key]
        );
    }
    check!(
        state["pid"].is_i64(),
        "state.pid is not an integer: {}",
        state["pid"]
    );
    let annotations = state["annotations"].as_object();
    check!(
        annotations.is_some_and(|m| m.values().all(Value::is_string)),
        "state.annotations is not a map of strings: {}",
        state["annotations"]
    );
    Ok(())
}

fn missing_config_json_fails(sb: &mut Sandbox) -> CaseResult {
    sb.set_program(&Exit { code: 0 });
    control::accepted(sb, Upto::Create, &[])?;
    std::fs::remove_file(sb.bundle.path.join("config.json")).ctx("remove config.json")?;
    let bundle = sb.bundle.path.display().to_string();
    let inv = sb.own().call(&["create", "--bundle", &bundle])?;
    expect_failure(&inv, "create of a bundle without config.json")?;
    nothing_left(sb)
}
