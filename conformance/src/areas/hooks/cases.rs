//! Hooks that succeed: when each kind runs, in which order, with which
//! arguments, environment and state (config.md#posix-platform-hooks,
//! runtime.md#lifecycle, runtime.md#state).

use crate::req;

use std::path::Path;

use integ_inside::request::{Exit, Hook, Invocation, ReadFile, WaitSignal, WriteFile};
use integ_inside::HookReport;
use serde_json::json;

use crate::areas::support::env_check;
use crate::areas::support::hooks::{lifecycle_with_running_program, one_of_each};
use crate::harness::bundle::hooks::{push, HookKind, HookLog};
use crate::harness::{CaseResult, Sandbox, State, Verdict};
use crate::{check, check_eq};

cases! {
    create_hooks_run_during_create: &[req::HOOKS_CREATE_PHASE];
    create_hooks_order: &[req::HOOKS_CREATE_ORDER];
    start_container_before_program: &[req::HOOKS_START_CONTAINER_TIMING];
    poststart_after_program_before_start_returns: &[req::HOOKS_POSTSTART_TIMING];
    poststop_on_delete: &[req::HOOKS_POSTSTOP_TIMING];
    order_within_kind: &[req::HOOKS_ORDER_WITHIN_KIND];
    path_args_env_exact: &[req::HOOKS_PATH_ARGS_ENV, req::HOOKS_ENV_EXACT];
    state_on_stdin: &[req::HOOKS_STATE_STDIN];
    status_in_create_hooks: &[req::HOOKS_STATE_STATUS];
    status_in_start_container: &[req::HOOKS_STATE_STATUS];
    status_in_poststart: &[req::HOOKS_STATE_STATUS];
    status_in_poststop: &[req::HOOKS_STATE_STATUS];
    pid_on_stdin: &[req::HOOKS_STATE_PID];
}

const CREATE_KINDS: [HookKind; 3] = [
    HookKind::Prestart,
    HookKind::CreateRuntime,
    HookKind::CreateContainer,
];

/// The state a hook read on stdin.
fn stdin_state(report: &HookReport) -> Result<State, Verdict> {
    State::parse(&report.stdin).map_err(|v| match v {
        Verdict::Fail(m) => Verdict::Fail(format!("hook {}: stdin: {m}", report.label)),
        other => other,
    })
}

/// The pid a container-namespace hook should read: on Linux the base
/// configuration has a new pid namespace, where the container process is 1.
fn container_namespace_pid(host_pid: i32) -> i32 {
    if cfg!(target_os = "linux") {
        1
    } else {
        host_pid
    }
}

fn create_hooks_run_during_create(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    one_of_each(sb, &log, &CREATE_KINDS);
    sb.set_program(&WriteFile::new("/ran"));
    sb.own().create()?;
    let labels = log.labels()?;
    for kind in CREATE_KINDS {
        check!(
            labels.iter().any(|l| l == kind.key()),
            "{} hook had not run when create returned (log: {labels:?})",
            kind.key()
        );
    }
    check!(
        !sb.bundle.rootfs.join("ran").exists(),
        "the user program ran during create"
    );
    Ok(())
}

fn create_hooks_order(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    one_of_each(sb, &log, &CREATE_KINDS);
    sb.set_program(&Exit { code: 0 });
    sb.own().create()?;
    let labels = log.labels()?;
    let want: Vec<String> = CREATE_KINDS.iter().map(|k| k.key().to_string()).collect();
    check_eq!(labels, want, "hooks run by create, in order");
    Ok(())
}

fn start_container_before_program(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    log.add(&mut sb.config, HookKind::StartContainer, Hook::new("sc"));
    // The program reads the log through the same path, from inside the container.
    let inside = log.host_path.display().to_string();
    let program = sb.set_program(&ReadFile::new(inside));
    sb.own().create()?;
    check!(
        log.labels()?.is_empty(),
        "the startContainer hook ran during create"
    );
    let pid = sb.own().pid()?;
    sb.own().start()?;
    let exit = sb.wait_exit(pid)?;
    check!(exit.success(), "program ended with {exit}");
    let seen = program.report(sb)?;
    let contents = seen.contents.unwrap_or_default();
    check!(
        contents.contains(r#""label":"sc""#),
        "the program ran before the startContainer hook: it read the hook log as {contents:.300?}"
    );
    Ok(())
}

fn poststart_after_program_before_start_returns(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    log.add(&mut sb.config, HookKind::Poststart, Hook::new("ps"));
    let (mut ready, inside) = sb.bundle.ready_fifo("ready")?;
    sb.set_program(&Invocation::new(WaitSignal).ready(inside));
    sb.own().create()?;
    check!(
        log.labels()?.is_empty(),
        "the poststart hook ran during create, before the user program was executed"
    );
    sb.own().start()?;
    check!(
        log.labels()?.iter().any(|l| l == "ps"),
        "the poststart hook had not run when start returned"
    );
    ready.wait(sb.suite().event_timeout, "container process")?;
    Ok(())
}

fn poststop_on_delete(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    log.add(&mut sb.config, HookKind::Poststop, Hook::new("pst"));
    sb.set_program(&Exit { code: 0 });
    let exit = sb.own().run_to_exit()?;
    check!(exit.success(), "program ended with {exit}");
    check!(
        log.labels()?.is_empty(),
        "the poststop hook ran before delete (when the container process exited)"
    );
    sb.own().delete()?;
    check!(
        log.labels()?.iter().any(|l| l == "pst"),
        "the poststop hook had not run when delete returned"
    );
    Ok(())
}

fn order_within_kind(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    for kind in HookKind::ALL {
        for n in 1..=3 {
            log.add(
                &mut sb.config,
                kind,
                Hook::new(format!("{}-{n}", kind.key())),
            );
        }
    }
    lifecycle_with_running_program(sb)?;
    let labels = log.labels()?;
    for kind in HookKind::ALL {
        let prefix = format!("{}-", kind.key());
        let got: Vec<&String> = labels.iter().filter(|l| l.starts_with(&prefix)).collect();
        let want: Vec<String> = (1..=3).map(|n| format!("{prefix}{n}")).collect();
        check!(
            got.iter()
                .map(|s| s.as_str())
                .eq(want.iter().map(|s| s.as_str())),
            "{} hooks ran as {got:?}, want {want:?}",
            kind.key()
        );
    }
    Ok(())
}

fn path_args_env_exact(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    let mut wanted = Vec::new();
    for kind in HookKind::ALL {
        let label = format!("{} with  spaces, ünïcödé and $HOME *", kind.key());
        let mut entry = log.entry(kind, &Hook::new(label.clone()));
        let argv0 = format!("argv0-of-{}", kind.key());
        entry["args"][0] = json!(argv0);
        let env = vec![
            format!("HOOK_KIND={}", kind.key()),
            "WITH_EQUALS=a=b=c".to_string(),
            "EMPTY=".to_string(),
            "SPACES=some value".to_string(),
        ];
        entry["env"] = json!(env);
        let args: Vec<String> = serde_json::from_value(entry["args"].clone())?;
        push(&mut sb.config, kind, entry);
        wanted.push((label, args, env));
    }
    lifecycle_with_running_program(sb)?;
    let mut seen = Vec::new();
    for (label, args, env) in wanted {
        let r = log.report(&label)?;
        check_eq!(r.args, args, "argv of hook {label:?}");
        env_check::configured_present(&r.env, &env, &format!("hook {label:?}"))?;
        seen.push((label, r.env, env));
    }
    // Only once every MUST held: extras and order, a SHOULD at most.
    for (label, got, env) in seen {
        env_check::exactly(&got, &env, &format!("hook {label:?}"), req::HOOKS_ENV_EXACT)?;
    }
    Ok(())
}

fn state_on_stdin(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    let annotations = json!({"org.jailcheck.hooks": "yes", "with space": "a b"});
    sb.config["annotations"] = annotations.clone();
    one_of_each(sb, &log, &HookKind::ALL);
    lifecycle_with_running_program(sb)?;
    let bundle = std::fs::canonicalize(&sb.bundle.path)?;
    for kind in HookKind::ALL {
        let state = stdin_state(&log.report(kind.key())?)?;
        let what = kind.key();
        check!(
            state.oci_version().is_some_and(|v| !v.is_empty()),
            "{what}: no ociVersion in {}",
            state.raw
        );
        check_eq!(state.id(), Some(sb.id.as_str()), "{what}: id");
        let got = state.bundle().unwrap_or("");
        check!(
            Path::new(got).is_absolute()
                && std::fs::canonicalize(got).ok().as_deref() == Some(bundle.as_path()),
            "{what}: bundle {got:?} is not the absolute bundle path {}",
            bundle.display()
        );
        check_eq!(
            state.raw.get("annotations"),
            Some(&annotations),
            "{what}: annotations"
        );
    }
    Ok(())
}

/// Runs a lifecycle with one hook of each of `kinds` and checks the status each read.
fn statuses(sb: &mut Sandbox, kinds: &[HookKind], allowed: &[&str]) -> CaseResult {
    let log = HookLog::new(sb)?;
    one_of_each(sb, &log, kinds);
    lifecycle_with_running_program(sb)?;
    for kind in kinds {
        let state = stdin_state(&log.report(kind.key())?)?;
        let status = state.status().unwrap_or("(none)");
        check!(
            allowed.contains(&status),
            "{} hook read status {status:?}, want {}",
            kind.key(),
            allowed.join(" or ")
        );
    }
    Ok(())
}

fn status_in_create_hooks(sb: &mut Sandbox) -> CaseResult {
    // runtime.md#state calls the create step "creating", and "created" the state
    // after it; the hooks run during create, so either reading is defensible.
    statuses(sb, &CREATE_KINDS, &["creating", "created"])
}

fn status_in_start_container(sb: &mut Sandbox) -> CaseResult {
    // Create has finished and the program has not been executed yet.
    statuses(sb, &[HookKind::StartContainer], &["created"])
}

fn status_in_poststart(sb: &mut Sandbox) -> CaseResult {
    // The program has been executed and is still waiting for a signal.
    statuses(sb, &[HookKind::Poststart], &["running"])
}

fn status_in_poststop(sb: &mut Sandbox) -> CaseResult {
    statuses(sb, &[HookKind::Poststop], &["stopped"])
}

fn pid_on_stdin(sb: &mut Sandbox) -> CaseResult {
    let log = HookLog::new(sb)?;
    let kinds = [
        HookKind::Prestart,
        HookKind::CreateRuntime,
        HookKind::CreateContainer,
        HookKind::StartContainer,
        HookKind::Poststart,
    ];
    one_of_each(sb, &log, &kinds);
    let host_pid = lifecycle_with_running_program(sb)?;
    for kind in kinds {
        let want = if kind.runs_in_container() {
            container_namespace_pid(host_pid)
        } else {
            host_pid
        };
        let state = stdin_state(&log.report(kind.key())?)?;
        // runtime.md#state: pid is REQUIRED only when the status is created or
        // running, and only on Linux; a pid given is the container process.
        let status = state.status().unwrap_or("");
        let required = cfg!(target_os = "linux") && matches!(status, "created" | "running");
        if state.pid().is_none() && !required {
            continue;
        }
        check_eq!(
            state.pid(),
            Some(want),
            "{} hook (status {status:?}): pid of the container process (container's host pid \
             {host_pid})",
            kind.key()
        );
    }
    Ok(())
}
