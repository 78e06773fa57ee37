//! The broken modes of the lifecycle area: faults the self-test's wrapper runtime adds
//! to a working one, each with the requirements whose tests must catch it (see
//! `crate::broken_mode`), and the MUSTs of the area no mode breaks.
//!
//! Modes that lie in `state` (runtime.md#state, #query-state): the real runtime's
//! answer with one field changed, or an answer for a container that does not exist.
//!
//! Modes that get the lifecycle operations wrong (runtime.md#lifecycle, #create,
//! #start, #delete, #errors; runc's delete flags and --pid-file): an operation
//! that must fail succeeds, one that must work does nothing, or it leaves state.

use std::os::fd::OwnedFd;

use serde_json::{json, Value};

use crate::broken_mode::{
    refuse_in_status, rewrite_answer, Call, Ctx, Error, Flow, Mode, Unbroken,
};
use crate::req;

mod leftovers;
mod state;

use leftovers::{leave_container, leave_state_dir};
use state::{drop_key, replace_status, state_of_unknown_id};

/// The modes that break this area's requirements.
pub(crate) static MODES: &[Mode] = &[
    Mode::command(
        "state-drop-oci-version",
        &[req::STATE_OCI_VERSION],
        "state has no ociVersion",
        &["state"],
        |c| rewrite_answer(c, |s| drop_key(s, "ociVersion")),
    ),
    Mode::command(
        "state-wrong-id",
        &[req::STATE_ID],
        "state reports another container's ID",
        &["state"],
        |c| {
            rewrite_answer(c, |s| {
                let id = format!("{}-other", s["id"].as_str().unwrap_or(""));
                s["id"] = json!(id);
            })
        },
    ),
    Mode::command(
        "state-undefined-status",
        &[req::STATE_STATUS_VALUES],
        "state reports `ready`, a status the spec does not define, for created",
        &["state"],
        |c| rewrite_answer(c, |s| replace_status(s, "created", "ready")),
    ),
    Mode::command(
        "state-drop-pid",
        &[req::STATE_PID_LINUX],
        "state has no pid",
        &["state"],
        |c| rewrite_answer(c, |s| drop_key(s, "pid")),
    ),
    Mode::command(
        "state-bogus-pid",
        &[req::STATE_PID],
        "state reports a pid that is not the container process (the wrapper's own)",
        &["state"],
        |c| {
            rewrite_answer(c, |s| {
                if s.get("pid").is_some() {
                    s["pid"] = json!(std::process::id());
                }
            })
        },
    ),
    Mode::command(
        "state-relative-bundle",
        &[req::STATE_BUNDLE_ABSOLUTE],
        "state reports the bundle as a relative path",
        &["state"],
        |c| {
            rewrite_answer(c, |s| {
                let rel = s["bundle"]
                    .as_str()
                    .unwrap_or("")
                    .trim_start_matches('/')
                    .to_string();
                s["bundle"] = json!(rel);
            })
        },
    ),
    Mode::command(
        "state-drop-annotations",
        &[req::STATE_ANNOTATIONS],
        "state has no annotations",
        &["state"],
        |c| rewrite_answer(c, |s| drop_key(s, "annotations")),
    ),
    Mode::command(
        "state-of-unknown-id",
        &[req::STATE_UNKNOWN_ID_FAILS],
        "state of an ID never created answers with a made-up stopped container",
        &["state", "create"],
        state_of_unknown_id,
    ),
    Mode::command(
        "state-creating-after-create",
        &[req::LIFECYCLE_CREATE_CREATED],
        "state reports `creating` for a container that is created",
        &["state"],
        |c| rewrite_answer(c, |s| replace_status(s, "created", "creating")),
    ),
    // lifecycle::create_does_not_run_program reads the state pid before it looks for
    // the program's output: when the program has already run and exited during
    // create, a stale pid makes the failure count against state_pid (and a missing
    // one against the test's own requirement), depending on timing.
    Mode::command(
        "start-on-create",
        &[req::LIFECYCLE_CREATE_NOT_RUN_PROGRAM],
        "create also starts the container",
        &["create"],
        start_on_create,
    )
    .or_counted_against(req::STATE_PID),
    Mode::command(
        "create-replaces-duplicate",
        &[req::LIFECYCLE_CREATE_DUPLICATE_ID],
        "create with an ID in use deletes the old container and makes a new one",
        &["create"],
        |c| {
            if let Some(id) = c.id() {
                if c.state_of(id)?.is_some() {
                    c.with_command(&["delete", "--force", id]).output()?;
                }
            }
            Ok(Flow::Forward(c))
        },
    ),
    Mode::command(
        "create-failure-leaves-container",
        &[req::LIFECYCLE_CREATE_ERROR_LEAVES_NOTHING],
        "a failed create still registers the container (from a bundle of its own)",
        &["create"],
        |c| {
            if c.status()? {
                return Ok(Flow::Exit(0));
            }
            leave_container(&c)?;
            Ok(Flow::Exit(1))
        },
    ),
    Mode::command(
        "start-does-nothing",
        &[req::LIFECYCLE_START_RUNS_PROGRAM],
        "start exits 0 without running the program",
        &["start"],
        |_| Ok(Flow::Exit(0)),
    ),
    Mode::command(
        "start-not-created-ok",
        &[req::LIFECYCLE_START_NOT_CREATED_FAILS],
        "start of a running or stopped container exits 0 (and does nothing)",
        &["start"],
        |c| match c.id().map(|id| c.status_of(id)).transpose()?.flatten() {
            Some(s) if s != "created" => Ok(Flow::Exit(0)),
            _ => Ok(Flow::Forward(c)),
        },
    ),
    Mode::command(
        "lie-state",
        &[
            req::LIFECYCLE_STATUS_TRANSITIONS,
            req::ROBUST_KILLED_PROCESS_STOPPED,
        ],
        "state always reports status running",
        &["state"],
        |c| rewrite_answer(c, |s| s["status"] = json!("running")),
    ),
    Mode::config(
        "exec-missing-exits-127",
        &[req::LIFECYCLE_EXEC_MISSING_FAILS],
        "an args[0] missing from the root is no error: the process exits 127 instead \
              (`integ-inside exit 127`, as a shell would)",
        exec_missing_exits_127,
    ),
    Mode::config(
        "exit-status-lost",
        &[req::LIFECYCLE_EXIT_STATUS],
        "the process ends with status 0 whatever the program's: `integ-inside exit N` \
              becomes `exit 0` (an init that does not pass the status on)",
        |c, _| {
            if let Some(args) = c.pointer_mut("/process/args").and_then(Value::as_array_mut) {
                if args.len() == 3 && args[1] == "exit" {
                    args[2] = Value::from("0");
                }
            }
        },
    ),
    Mode::command(
        "unknown-id-ok",
        &[req::LIFECYCLE_UNKNOWN_ID_FAILS],
        "start, kill and delete of an unknown ID exit 0",
        &["start", "kill", "delete"],
        |c| match c.id() {
            Some(id) if c.state_of(id)?.is_none() => Ok(Flow::Exit(0)),
            _ => Ok(Flow::Forward(c)),
        },
    ),
    Mode::command(
        "delete-stopped-noop",
        &[req::DELETE_STOPPED],
        "delete of a stopped container exits 0 and removes nothing",
        &["delete"],
        |c| refuse_in_status(c, "stopped", 0),
    ),
    Mode::command(
        "force-delete",
        &[req::DELETE_NOT_STOPPED_FAILS],
        "delete always behaves as delete --force",
        &["delete"],
        |mut c| {
            if !c.has_flag("--force", "-f") {
                if let Some(pos) = c.positional(0) {
                    c.args.insert(pos + 1, "--force".into());
                }
            }
            Ok(Flow::Forward(c))
        },
    ),
    Mode::command(
        "delete-leaves-state",
        &[req::DELETE_REMOVES_RESOURCES],
        "delete succeeds but leaves the container's state directory behind",
        &["delete"],
        |c| {
            if !c.status()? {
                return Ok(Flow::Exit(1));
            }
            leave_state_dir(&c)?;
            Ok(Flow::Exit(0))
        },
    ),
    Mode::command(
        "pid-file-off-by-one",
        &[req::CLI_PID_FILE],
        "create writes the container's pid plus one to --pid-file",
        &["create"],
        |c| {
            if !c.status()? {
                return Ok(Flow::Exit(1));
            }
            if let Some(path) = c.flag_value("--pid-file") {
                let text = std::fs::read_to_string(path).map_err(Error::io(path))?;
                let pid: i64 = text.trim().parse().unwrap_or(0);
                std::fs::write(path, (pid + 1).to_string()).map_err(Error::io(path))?;
            }
            Ok(Flow::Exit(0))
        },
    ),
    Mode::command(
        "stdio-not-inherited",
        &[req::CLI_STDIO_INHERITED],
        "the container process gets /dev/null as stdout instead of create's",
        &["create"],
        |c| {
            let null: OwnedFd = std::fs::OpenOptions::new()
                .write(true)
                .open("/dev/null")
                .map_err(Error::io("/dev/null"))?
                .into();
            nix::unistd::dup2_stdout(&null).map_err(Error::sys("dup2 stdout"))?;
            Ok(Flow::Forward(c))
        },
    ),
    Mode::command(
        "delete-force-ignored",
        &[req::DELETE_FORCE_CLI],
        "delete ignores --force",
        &["delete"],
        |mut c| {
            c.args.retain(|a| a != "--force" && a != "-f");
            Ok(Flow::Forward(c))
        },
    ),
    Mode::command(
        "delete-created-refused",
        &[req::DELETE_CREATED_CLI],
        "delete --force of a created (never started) container fails",
        &["delete"],
        |c| {
            let created = c.id().map(|id| c.status_of(id)).transpose()?.flatten();
            if c.has_flag("--force", "-f") && created.as_deref() == Some("created") {
                eprintln!("broken-runtime: refusing to delete a created container");
                return Ok(Flow::Exit(1));
            }
            Ok(Flow::Forward(c))
        },
    ),
    // No requirement: a quirk (a runtime that cannot recreate the /dev/fd it made
    // in an earlier create), which the self-test runs by name to show it fails nothing.
    Mode::command(
        "dev-fd-once",
        &[],
        "a quirk, not a defect: create makes /dev/fd in the root filesystem and \
              refuses a root that has one (a runtime that will not recreate its own \
              symlinks); nothing the suite judges depends on it",
        &["create"],
        dev_fd_once,
    ),
];

/// The MUSTs of this area no mode breaks, and why.
pub(crate) static UNBROKEN: &[Unbroken] = &[];

fn dev_fd_once(c: Call) -> Result<Flow, Error> {
    let bundle = c.bundle();
    let config: serde_json::Value = std::fs::read(bundle.join("config.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let rootfs = bundle.join(config["root"]["path"].as_str().unwrap_or("rootfs"));
    let fd = rootfs.join("dev/fd");
    if fd.symlink_metadata().is_ok() {
        eprintln!("broken-runtime: create: {} exists already", fd.display());
        return Ok(Flow::Exit(1));
    }
    // A root without /dev is left to the real runtime to judge.
    if !rootfs.join("dev").is_dir() {
        return Ok(Flow::Forward(c));
    }
    if let Err(e) = std::os::unix::fs::symlink("/proc/self/fd", &fd) {
        eprintln!("broken-runtime: create: {}: {e}", fd.display());
        return Ok(Flow::Exit(1));
    }
    Ok(Flow::Forward(c))
}

fn start_on_create(c: Call) -> Result<Flow, Error> {
    if !c.status()? {
        return Ok(Flow::Exit(1));
    }
    let id = c
        .id()
        .ok_or_else(|| Error::Call("create without an ID".into()))?;
    let started = c.with_command(&["start", id]).output()?;
    Ok(Flow::Exit(if started.status.success() { 0 } else { 1 }))
}

fn exec_missing_exits_127(c: &mut Value, ctx: &Ctx) {
    let arg0 = c["process"]["args"][0].as_str().unwrap_or("").to_string();
    let missing = arg0.starts_with('/') && !ctx.rootfs(c).join(&arg0[1..]).exists();
    if missing {
        c["process"]["args"] = serde_json::json!([integ_inside::HELPER_PATH, "exit", "127"]);
    }
}
