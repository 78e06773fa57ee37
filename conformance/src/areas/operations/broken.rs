//! The broken modes of the operations area: faults the self-test's wrapper runtime adds
//! to a working one, each with the requirements whose tests must catch it (see
//! `crate::broken_mode`), and the MUSTs of the area no mode breaks.
//!
//! Modes that accept operations the spec says are errors (runtime.md#operations:
//! missing or invalid IDs, a bundle without config.json, unknown properties), and
//! that get the results of valid ones wrong (a refused kill that still changes the
//! state, a delete that removes the bundle's config.json).

use serde_json::{json, Value};

use crate::broken_mode::{rewrite_answer, Flow, Mode, Unbroken};
use crate::req;

/// The modes that break this area's requirements.
pub(crate) static MODES: &[Mode] = &[
    Mode::command(
        "no-id-ok",
        &[
            req::OP_STATE_WITHOUT_ID,
            req::OP_CREATE_WITHOUT_ID,
            req::OP_START_WITHOUT_ID,
            req::OP_KILL_WITHOUT_ID,
            req::OP_DELETE_WITHOUT_ID,
        ],
        "state, create, start, kill and delete without a container ID exit 0",
        &["state", "create", "start", "kill", "delete"],
        |c| match c.id() {
            None => Ok(Flow::Exit(0)),
            Some(_) => Ok(Flow::Forward(c)),
        },
    ),
    Mode::command(
        "missing-bundle-ok",
        &[req::OP_CREATE_WITHOUT_BUNDLE],
        "create without a bundle (and no config.json where it runs) exits 0",
        &["create"],
        |c| {
            if c.flag_value("--bundle").is_none() && !c.bundle().join("config.json").exists() {
                return Ok(Flow::Exit(0));
            }
            Ok(Flow::Forward(c))
        },
    ),
    Mode::command(
        "invalid-id-ok",
        &[
            req::LIFECYCLE_CREATE_INVALID_ID,
            req::ROBUST_INVALID_ID_FAILS,
        ],
        "create with an invalid ID (empty, a path, a dot-dot) exits 0 and makes nothing",
        &["create"],
        |c| {
            let id = c.args.last().map(String::as_str).unwrap_or("");
            if id.is_empty() || id.contains('/') || id == "." || id == ".." {
                return Ok(Flow::Exit(0));
            }
            Ok(Flow::Forward(c))
        },
    ),
    Mode::command(
        "missing-config-ok",
        &[
            req::BUNDLE_CONFIG_MISSING_FAILS,
            req::ROBUST_MISSING_BUNDLE_FAILS,
        ],
        "create of a bundle without config.json exits 0",
        &["create"],
        |c| {
            if c.bundle().join("config.json").exists() {
                return Ok(Flow::Forward(c));
            }
            Ok(Flow::Exit(0))
        },
    ),
    Mode::config(
        "process-defaulted",
        &[
            req::LIFECYCLE_START_WITHOUT_PROCESS,
            req::CONFIG_ARGS_REQUIRED,
        ],
        "an empty or missing process.args (or process) runs `integ-inside exit 0`",
        |c, _| {
            let helper = json!([integ_inside::HELPER_PATH, "exit", "0"]);
            if c.get("process").is_none() {
                c["process"] = json!({"args": helper, "cwd": "/", "user": {"uid": 0, "gid": 0}});
            } else if c["process"]["args"].as_array().is_none_or(Vec::is_empty) {
                c["process"]["args"] = helper;
            }
        },
    ),
    Mode::command(
        "start-rereads-config",
        &[req::LIFECYCLE_CONFIG_EDIT_NO_EFFECT],
        "start re-creates the container from the bundle's config.json as it is now",
        &["start"],
        |c| {
            let Some(id) = c.id() else {
                return Ok(Flow::Forward(c));
            };
            let state = c.state_of(id)?;
            let created = state.as_ref().is_some_and(|s| s["status"] == "created");
            let bundle = state
                .as_ref()
                .and_then(|s| s["bundle"].as_str().map(str::to_string));
            if let (true, Some(b)) = (created, bundle) {
                c.with_command(&["delete", "--force", id]).output()?;
                c.with_command(&["create", "--bundle", &b, id]).status()?;
            }
            Ok(Flow::Forward(c))
        },
    ),
    Mode::command(
        "state-pid-as-string",
        &[req::STATE_SCHEMA],
        "state gives the pid as a string",
        &["state"],
        |c| {
            rewrite_answer(c, |s| {
                if let Some(pid) = s.get("pid").and_then(Value::as_i64) {
                    s["pid"] = json!(pid.to_string());
                }
            })
        },
    ),
    Mode::command(
        "refused-kill-deletes",
        &[req::KILL_STOPPED_STATE_UNCHANGED],
        "a refused kill of a stopped container deletes it",
        &["kill"],
        |c| {
            let stopped = c.id().map(|id| c.status_of(id)).transpose()?.flatten();
            if let (Some("stopped"), Some(id)) = (stopped.as_deref(), c.id()) {
                let refused = !c.status()?;
                c.with_command(&["delete", "--force", id]).output()?;
                return Ok(Flow::Exit(if refused { 1 } else { 0 }));
            }
            Ok(Flow::Forward(c))
        },
    ),
    Mode::command(
        "delete-removes-bundle-config",
        &[req::DELETE_KEEPS_FOREIGN_RESOURCES],
        "delete also removes the bundle's config.json, which it did not create",
        &["delete"],
        |c| {
            let bundle = c
                .id()
                .map(|id| c.state_of(id))
                .transpose()?
                .flatten()
                .and_then(|s| s["bundle"].as_str().map(std::path::PathBuf::from));
            let ok = c.status()?;
            if let (true, Some(b)) = (ok, bundle) {
                let _ = std::fs::remove_file(b.join("config.json"));
            }
            Ok(Flow::Exit(if ok { 0 } else { 1 }))
        },
    ),
];

/// The MUSTs of this area no mode breaks, and why.
pub(crate) static UNBROKEN: &[Unbroken] = &[];

#[cfg(test)]
mod tests {
    use crate::broken_mode::testing::run;
    use crate::broken_mode::Flow;

    #[test]
    fn missing_and_invalid_ids_exit_0() {
        assert!(matches!(
            run("no-id-ok", &["--root", "/r", "start"]),
            Flow::Exit(0)
        ));
        assert!(matches!(
            run("no-id-ok", &["start", "c1"]),
            Flow::Forward(_)
        ));
        assert!(matches!(
            run("invalid-id-ok", &["create", "--bundle", "/b", "--", "../x"]),
            Flow::Exit(0)
        ));
        assert!(matches!(
            run("invalid-id-ok", &["create", "--bundle", "/b", "c1"]),
            Flow::Forward(_)
        ));
    }
}
