//! Modes that get the lifecycle operations wrong (runtime.md#lifecycle, #create,
//! #start, #kill, #delete, #errors; runc's kill and delete flags): an operation
//! that must fail succeeds, one that must work does nothing, or it leaves state.

use crate::call::Call;
use crate::error::Error;
use crate::mode::{CommandMode, Flow};

/// The modes of this area.
pub const MODES: &[CommandMode] = &[
    CommandMode {
        name: "dev-fd-once",
        doc: "a quirk, not a defect: create makes /dev/fd in the root filesystem and \
              refuses a root that has one (a runtime that will not recreate its own \
              symlinks); nothing the suite judges depends on it",
        on: &["create"],
        run: dev_fd_once,
    },
    CommandMode {
        name: "start-on-create",
        doc: "create also starts the container",
        on: &["create"],
        run: start_on_create,
    },
    CommandMode {
        name: "create-replaces-duplicate",
        doc: "create with an ID in use deletes the old container and makes a new one",
        on: &["create"],
        run: |c| {
            if let Some(id) = c.id() {
                if c.state_of(id)?.is_some() {
                    c.with_command(&["delete", "--force", id]).output()?;
                }
            }
            Ok(Flow::Forward(c))
        },
    },
    CommandMode {
        name: "create-failure-leaves-container",
        doc: "a failed create still registers the container (from a bundle of its own)",
        on: &["create"],
        run: |c| {
            if c.status()? {
                return Ok(Flow::Exit(0));
            }
            leave_container(&c)?;
            Ok(Flow::Exit(1))
        },
    },
    CommandMode {
        name: "start-does-nothing",
        doc: "start exits 0 without running the program",
        on: &["start"],
        run: |_| Ok(Flow::Exit(0)),
    },
    CommandMode {
        name: "start-not-created-ok",
        doc: "start of a running or stopped container exits 0 (and does nothing)",
        on: &["start"],
        run: |c| match c.id().map(|id| c.status_of(id)).transpose()?.flatten() {
            Some(s) if s != "created" => Ok(Flow::Exit(0)),
            _ => Ok(Flow::Forward(c)),
        },
    },
    CommandMode {
        name: "unknown-id-ok",
        doc: "start, kill and delete of an unknown ID exit 0",
        on: &["start", "kill", "delete"],
        run: |c| match c.id() {
            Some(id) if c.state_of(id)?.is_none() => Ok(Flow::Exit(0)),
            _ => Ok(Flow::Forward(c)),
        },
    },
    CommandMode {
        name: "no-kill-all",
        doc: "ignores kill --all (signals only the init process)",
        on: &["kill"],
        run: |mut c| {
            c.args.retain(|a| a != "--all" && a != "-a");
            Ok(Flow::Forward(c))
        },
    },
    CommandMode {
        name: "wrong-signal",
        doc: "kill always sends SIGTERM, whatever was asked",
        on: &["kill"],
        run: |mut c| {
            if let Some(pos) = c.positional(1) {
                c.args.truncate(pos + 1);
                c.args.push("TERM".into());
            }
            Ok(Flow::Forward(c))
        },
    },
    CommandMode {
        name: "kill-created-refused",
        doc: "kill of a created container fails",
        on: &["kill"],
        run: |c| refuse_in_status(c, "created", 1),
    },
    CommandMode {
        name: "kill-stopped-ok",
        doc: "kill of a stopped container exits 0",
        on: &["kill"],
        run: |c| refuse_in_status(c, "stopped", 0),
    },
    CommandMode {
        name: "force-delete",
        doc: "delete always behaves as delete --force",
        on: &["delete"],
        run: |mut c| {
            if !c.has_flag("--force", "-f") {
                if let Some(pos) = c.positional(0) {
                    c.args.insert(pos + 1, "--force".into());
                }
            }
            Ok(Flow::Forward(c))
        },
    },
    CommandMode {
        name: "delete-stopped-noop",
        doc: "delete of a stopped container exits 0 and removes nothing",
        on: &["delete"],
        run: |c| refuse_in_status(c, "stopped", 0),
    },
    CommandMode {
        name: "delete-leaves-state",
        doc: "delete succeeds but leaves the container's state directory behind",
        on: &["delete"],
        run: |c| {
            if !c.status()? {
                return Ok(Flow::Exit(1));
            }
            leave_state_dir(&c)?;
            Ok(Flow::Exit(0))
        },
    },
];

/// Exits with `code` without calling the real runtime when the container's status
/// is `status`; otherwise passes the call on.
fn refuse_in_status(c: Call, status: &str, code: u8) -> Result<Flow, Error> {
    let current = c.id().map(|id| c.status_of(id)).transpose()?.flatten();
    if current.as_deref() == Some(status) {
        if code != 0 {
            eprintln!(
                "broken-runtime: refusing {} of a {status} container",
                c.subcommand().unwrap_or("")
            );
        }
        return Ok(Flow::Exit(code));
    }
    Ok(Flow::Forward(c))
}

/// Makes `ROOT/ID`, as a runtime that forgets to clean up its state would leave it.
fn leave_state_dir(c: &Call) -> Result<(), Error> {
    if let (Some(root), Some(id)) = (c.state_root(), c.id()) {
        let dir = root.join(id);
        std::fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
    }
    Ok(())
}

/// Creates the call's container ID from a minimal bundle next to its state root:
/// the root is the failed bundle's `rootfs` (the suite's, with its helper), and
/// the process never starts.
fn leave_container(c: &Call) -> Result<(), Error> {
    let (Some(root), Some(id)) = (c.state_root(), c.id()) else {
        return Ok(());
    };
    let rootfs = std::fs::canonicalize(c.bundle().join("rootfs"))
        .map_err(Error::io(c.bundle().join("rootfs")))?;
    let bundle = root.with_extension("leftover");
    std::fs::create_dir_all(&bundle).map_err(Error::io(&bundle))?;
    let config = leftover_config(&rootfs);
    let path = bundle.join("config.json");
    std::fs::write(&path, config.to_string()).map_err(Error::io(&path))?;
    let bundle = bundle.display().to_string();
    // Its stdio is the caller's: a pipe would be held open by the container process.
    c.with_command(&["create", "--bundle", &bundle, id])
        .status()?;
    Ok(())
}

/// The smallest config.json the platform's runtime accepts for `rootfs`.
fn leftover_config(rootfs: &std::path::Path) -> serde_json::Value {
    let mut config = serde_json::json!({
        "ociVersion": "1.3.0",
        "process": {
            "args": [integ_inside::HELPER_PATH, "exit", "0"],
            "cwd": "/",
            "user": {"uid": 0, "gid": 0},
        },
        "root": {"path": rootfs.display().to_string()},
    });
    if cfg!(target_os = "linux") {
        config["linux"] = serde_json::json!({"namespaces": [{"type": "pid"}, {"type": "mount"}]});
    }
    config
}

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
