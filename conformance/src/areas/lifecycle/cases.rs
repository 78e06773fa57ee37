//! Lifecycle: create, start, state, delete and the status transitions
//! (runtime.md#lifecycle, #create, #start, #delete, #query-state).

use crate::req;

use std::path::Path;

use serde_json::json;

use crate::areas::support::common::{expect_failure, expect_status, nothing_left, start_waiting};
use crate::areas::support::control::{self, Upto};
use crate::harness::{host::container_pid, CaseResult, CliFeature, Exit, Sandbox, Verdict};
use crate::{check, check_eq, check_for};

cases! {
    create_gives_created: &[req::LIFECYCLE_CREATE_CREATED, req::STATE_STATUS_VALUES];
    create_does_not_run_program: &[req::LIFECYCLE_CREATE_NOT_RUN_PROGRAM];
    state_fields: &[req::STATE_OCI_VERSION, req::STATE_ID, req::STATE_BUNDLE_ABSOLUTE, req::STATE_PID_LINUX];
    state_annotations: &[req::STATE_ANNOTATIONS];
    state_without_annotations: &[req::STATE_ANNOTATIONS];
    status_transitions: &[req::LIFECYCLE_STATUS_TRANSITIONS, req::STATE_STATUS_VALUES];
    start_runs_program: &[req::LIFECYCLE_START_RUNS_PROGRAM];
    exit_status_zero: &[req::LIFECYCLE_EXIT_STATUS];
    exit_status_nonzero: &[req::LIFECYCLE_EXIT_STATUS];
    create_duplicate_id_fails: &[req::LIFECYCLE_CREATE_DUPLICATE_ID];
    start_running_fails: &[req::LIFECYCLE_START_NOT_CREATED_FAILS];
    start_stopped_fails: &[req::LIFECYCLE_START_NOT_CREATED_FAILS];
    state_unknown_id_fails: &[req::STATE_UNKNOWN_ID_FAILS];
    start_unknown_id_fails: &[req::LIFECYCLE_UNKNOWN_ID_FAILS];
    kill_unknown_id_fails: &[req::LIFECYCLE_UNKNOWN_ID_FAILS];
    delete_unknown_id_fails: &[req::LIFECYCLE_UNKNOWN_ID_FAILS];
    exec_missing_fails: &[req::LIFECYCLE_EXEC_MISSING_FAILS];
    create_bad_root_leaves_nothing: &[req::LIFECYCLE_CREATE_ERROR_LEAVES_NOTHING];
    create_bad_json_leaves_nothing: &[req::LIFECYCLE_CREATE_ERROR_LEAVES_NOTHING];
    pid_file_matches_state: &[req::CLI_PID_FILE], needs &[CliFeature::PidFile];
    root_isolates_containers: &[req::CLI_ROOT_ISOLATES], needs &[CliFeature::Root];
    stdio_inherited: &[req::CLI_STDIO_INHERITED];
}

fn create_gives_created(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["exit", "0"]);
    sb.own().create()?;
    expect_status(sb, "created")
}

fn create_does_not_run_program(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["write-file", "/ran"]);
    sb.own().create()?;
    let pid = sb.own().pid()?;
    expect_status(sb, "created")?;
    check!(
        !sb.bundle.rootfs.join("ran").exists(),
        "the user program ran during create (it wrote /ran)"
    );
    let early = container_pid::executes_helper(pid, &sb.bundle.rootfs).map_err(Verdict::Error)?;
    check!(
        !early,
        "the container process {pid} is already executing the user program after create"
    );
    sb.own().start()?;
    let exit = sb.wait_exit(pid)?;
    check!(exit.success(), "program ended with {exit}");
    check!(
        sb.bundle.rootfs.join("ran").exists(),
        "the user program did not run after start"
    );
    Ok(())
}

fn state_fields(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["exit", "0"]);
    sb.own().create()?;
    let state = sb.own().state()?;
    check!(
        state.oci_version().is_some_and(|v| !v.is_empty()),
        "ociVersion missing or empty: {}",
        state.raw
    );
    check_for!(
        req::STATE_ID,
        state.id() == Some(sb.id.as_str()),
        "state id: got {:?}, want {:?}",
        state.id(),
        sb.id
    );
    let bundle = std::fs::canonicalize(&sb.bundle.path)?;
    let got = state.bundle().unwrap_or("");
    check_for!(
        req::STATE_BUNDLE_ABSOLUTE,
        Path::new(got).is_absolute(),
        "bundle {got:?} is not an absolute path"
    );
    let same = std::fs::canonicalize(got)
        .map(|p| p == bundle)
        .unwrap_or(false);
    check_for!(
        req::STATE_BUNDLE_ABSOLUTE,
        same,
        "bundle {got:?} is not the bundle directory {}",
        bundle.display()
    );
    if cfg!(target_os = "linux") {
        check_for!(
            req::STATE_PID_LINUX,
            state.pid().is_some(),
            "no pid while created: {}",
            state.raw
        );
    }
    Ok(())
}

fn state_annotations(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["exit", "0"]);
    sb.config["annotations"] = json!({"org.jailcheck.key": "value one", "org.jailcheck.empty": ""});
    sb.own().create()?;
    let state = sb.own().state()?;
    let got = state.annotations().cloned().unwrap_or_default();
    check_eq!(
        serde_json::Value::Object(got),
        sb.config["annotations"].clone(),
        "state annotations"
    );
    Ok(())
}

fn state_without_annotations(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["exit", "0"]);
    sb.own().create()?;
    let state = sb.own().state()?;
    match state.raw.get("annotations") {
        None => Ok(()),
        Some(v) if v.as_object().is_some_and(|m| m.is_empty()) => Ok(()),
        Some(v) => Err(Verdict::Fail(format!(
            "no annotations configured, but state has {v}"
        ))),
    }
}

fn status_transitions(sb: &mut Sandbox) -> CaseResult {
    let (mut ready, inside) = sb.bundle.ready_fifo("ready")?;
    sb.helper_args(&["--ready", &inside, "wait-signal"]);
    sb.own().create()?;
    expect_status(sb, "created")?;
    let pid = sb.own().pid()?;
    ready.watch(pid);
    sb.own().start()?;
    ready.wait(sb.suite().event_timeout, "container process")?;
    expect_status(sb, "running")?;
    sb.own().try_kill(&["USR1"])?.expect_ok()?;
    sb.wait_exit(pid)?;
    expect_status(sb, "stopped")
}

fn start_runs_program(sb: &mut Sandbox) -> CaseResult {
    let report: integ_inside::ProcessReport = sb.run_helper(&["process"])?;
    check_eq!(
        report.args[1..].to_vec(),
        vec!["process".to_string()],
        "program arguments"
    );
    Ok(())
}

fn exit_status_zero(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["exit", "0"]);
    let exit = sb.own().run_to_exit()?;
    check_eq!(exit, Exit::Code(0), "container process exit");
    expect_status(sb, "stopped")
}

fn exit_status_nonzero(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["exit", "42"]);
    let exit = sb.own().run_to_exit()?;
    check_eq!(exit, Exit::Code(42), "container process exit");
    expect_status(sb, "stopped")
}

fn create_duplicate_id_fails(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["exit", "7"]);
    sb.own().create()?;
    let before = sb.own().state()?;
    let again = sb.own().try_create(&[])?;
    expect_failure(&again, "create with an ID already in use")?;
    let after = sb.own().state()?;
    check_eq!(
        after.status(),
        Some("created"),
        "first container's status after the second create"
    );
    check_eq!(
        after.pid(),
        before.pid(),
        "first container's pid after the second create"
    );
    let pid = sb.own().pid()?;
    sb.own().start()?;
    check_eq!(
        sb.wait_exit(pid)?,
        Exit::Code(7),
        "first container still runs its own program"
    );
    Ok(())
}

fn start_running_fails(sb: &mut Sandbox) -> CaseResult {
    let pid = start_waiting(sb)?;
    let again = sb.own().try_start()?;
    expect_failure(&again, "start of a running container")?;
    expect_status(sb, "running")?;
    check_eq!(sb.own().pid()?, pid, "pid after the second start");
    Ok(())
}

fn start_stopped_fails(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["write-file", "/count"]);
    sb.own().run_to_exit()?;
    // The program's own mark; missing means the runtime never ran it right.
    sb.read_rootfs("/count")?;
    std::fs::remove_file(sb.bundle.rootfs.join("count"))?;
    let again = sb.own().try_start()?;
    expect_failure(&again, "start of a stopped container")?;
    expect_status(sb, "stopped")?;
    check!(
        !sb.bundle.rootfs.join("count").exists(),
        "the program ran again on the second start"
    );
    Ok(())
}

fn state_unknown_id_fails(sb: &mut Sandbox) -> CaseResult {
    control::accepted_with(sb, Upto::Create, &[], |sb, id| {
        sb.container(id).try_state()?.expect_ok().map(drop)
    })?;
    let id = sb.other_id("nosuch");
    let inv = sb.container(&id).try_state()?;
    expect_failure(&inv, "state of an unknown ID")
}

fn start_unknown_id_fails(sb: &mut Sandbox) -> CaseResult {
    // Upto::Exit starts the control container: start works on a real one.
    control::accepted(sb, Upto::Exit, &[])?;
    let id = sb.other_id("nosuch");
    let inv = sb.container(&id).try_start()?;
    expect_failure(&inv, "start of an unknown ID")
}

fn kill_unknown_id_fails(sb: &mut Sandbox) -> CaseResult {
    control::accepted_with(sb, Upto::Create, &[], |sb, id| {
        sb.container(id).try_kill(&["KILL"])?.expect_ok().map(drop)
    })?;
    let id = sb.other_id("nosuch");
    let inv = sb.container(&id).try_kill(&["KILL"])?;
    expect_failure(&inv, "kill of an unknown ID")
}

fn delete_unknown_id_fails(sb: &mut Sandbox) -> CaseResult {
    control::accepted_with(sb, Upto::Exit, &[], |sb, id| {
        sb.container(id).try_delete(false)?.expect_ok().map(drop)
    })?;
    let id = sb.other_id("nosuch");
    let inv = sb.container(&id).try_delete(false)?;
    expect_failure(&inv, "delete of an unknown ID")
}

fn exec_missing_fails(sb: &mut Sandbox) -> CaseResult {
    control::accepted(sb, Upto::Exit, &[])?;
    sb.config["process"]["args"] = json!(["/no/such/program"]);
    let create = sb.own().try_create(&[])?;
    if !create.ok() {
        return Ok(());
    }
    let start = sb.own().try_start()?;
    check!(
        !start.ok(),
        "create and start both succeeded although args[0] /no/such/program does not exist"
    );
    Ok(())
}

fn create_bad_root_leaves_nothing(sb: &mut Sandbox) -> CaseResult {
    control::create_rejected(sb, "create with a missing root directory", |sb| {
        sb.config["root"]["path"] = json!("no-such-rootfs");
        Ok(())
    })?;
    nothing_left(sb)
}

fn create_bad_json_leaves_nothing(sb: &mut Sandbox) -> CaseResult {
    control::accepted(sb, Upto::Create, &[])?;
    sb.write_config()?;
    let truncated = format!("{{\"ociVersion\": \"{}\", ", sb.suite().spec.version);
    std::fs::write(sb.bundle.path.join("config.json"), truncated)?;
    // Write nothing more: call create directly so the broken file stays.
    let bundle = sb.bundle.path.display().to_string();
    let inv = sb.own().call(&["create", "--bundle", &bundle])?;
    expect_failure(&inv, "create with malformed config.json")?;
    nothing_left(sb)
}

fn pid_file_matches_state(sb: &mut Sandbox) -> CaseResult {
    sb.suite()
        .cli
        .require(crate::harness::CliFeature::PidFile)?;
    sb.helper_args(&["exit", "0"]);
    sb.own().create()?;
    let pid = sb.own().pid()?;
    let text = std::fs::read_to_string(sb.own().pid_file()?)
        .map_err(|e| Verdict::Fail(format!("--pid-file was not written: {e}")))?;
    check_eq!(
        text.trim().parse::<i32>().ok(),
        Some(pid),
        "--pid-file content vs state pid"
    );
    Ok(())
}

fn root_isolates_containers(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["exit", "0"]);
    sb.own().create()?;
    let other_root = sb.dir.join("other-root");
    std::fs::create_dir_all(&other_root)?;
    let inv = sb.own().call_in_root(&other_root, &["state"])?;
    expect_failure(&inv, "state of a container from another --root")?;
    expect_status(sb, "created")
}

fn stdio_inherited(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["identity"]);
    let exit = sb.own().run_to_exit()?;
    check!(exit.success(), "program ended with {exit}");
    let out = sb.container_stdout();
    check!(
        out.contains("\"hostname\""),
        "the container's stdout did not reach create's stdout; got {out:.200}"
    );
    Ok(())
}
