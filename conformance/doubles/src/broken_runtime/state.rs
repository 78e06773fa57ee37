//! Modes that lie in `state` (runtime.md#state, #query-state): the real runtime's
//! answer with one field changed, or an answer for a container that does not exist.

use std::io::Write;

use serde_json::{json, Value};

use crate::call::Call;
use crate::error::Error;
use crate::mode::{CommandMode, Flow};

/// The modes of this area.
pub const MODES: &[CommandMode] = &[
    CommandMode {
        name: "lie-state",
        doc: "state always reports status running",
        on: &["state"],
        run: |c| rewrite(c, |s| s["status"] = json!("running")),
    },
    CommandMode {
        name: "state-undefined-status",
        doc: "state reports `ready`, a status the spec does not define, for created",
        on: &["state"],
        run: |c| rewrite(c, |s| replace_status(s, "created", "ready")),
    },
    CommandMode {
        name: "state-creating-after-create",
        doc: "state reports `creating` for a container that is created",
        on: &["state"],
        run: |c| rewrite(c, |s| replace_status(s, "created", "creating")),
    },
    CommandMode {
        name: "state-drop-oci-version",
        doc: "state has no ociVersion",
        on: &["state"],
        run: |c| rewrite(c, |s| drop_key(s, "ociVersion")),
    },
    CommandMode {
        name: "state-wrong-id",
        doc: "state reports another container's ID",
        on: &["state"],
        run: |c| {
            rewrite(c, |s| {
                let id = format!("{}-other", s["id"].as_str().unwrap_or(""));
                s["id"] = json!(id);
            })
        },
    },
    CommandMode {
        name: "state-relative-bundle",
        doc: "state reports the bundle as a relative path",
        on: &["state"],
        run: |c| {
            rewrite(c, |s| {
                let rel = s["bundle"]
                    .as_str()
                    .unwrap_or("")
                    .trim_start_matches('/')
                    .to_string();
                s["bundle"] = json!(rel);
            })
        },
    },
    CommandMode {
        name: "state-drop-pid",
        doc: "state has no pid",
        on: &["state"],
        run: |c| rewrite(c, |s| drop_key(s, "pid")),
    },
    CommandMode {
        name: "state-bogus-pid",
        doc: "state reports a pid that is not the container process (the wrapper's own)",
        on: &["state"],
        run: |c| {
            rewrite(c, |s| {
                if s.get("pid").is_some() {
                    s["pid"] = json!(std::process::id());
                }
            })
        },
    },
    CommandMode {
        name: "state-pid-as-string",
        doc: "state gives the pid as a string",
        on: &["state"],
        run: |c| {
            rewrite(c, |s| {
                if let Some(pid) = s.get("pid").and_then(Value::as_i64) {
                    s["pid"] = json!(pid.to_string());
                }
            })
        },
    },
    CommandMode {
        name: "state-drop-annotations",
        doc: "state has no annotations",
        on: &["state"],
        run: |c| rewrite(c, |s| drop_key(s, "annotations")),
    },
    CommandMode {
        name: "state-of-unknown-id",
        doc: "state of an ID never created answers with a made-up stopped container",
        on: &["state", "create"],
        run: state_of_unknown_id,
    },
];

fn drop_key(state: &mut Value, key: &str) {
    if let Some(o) = state.as_object_mut() {
        o.remove(key);
    }
}

fn replace_status(state: &mut Value, from: &str, to: &str) {
    if state["status"] == from {
        state["status"] = json!(to);
    }
}

/// Runs the real `state`, edits its answer, prints it.
fn rewrite(call: Call, edit: impl FnOnce(&mut Value)) -> Result<Flow, Error> {
    let out = call.output()?;
    if !out.status.success() {
        return Ok(Flow::Exit(1));
    }
    let mut state: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| Error::Call(format!("the real runtime's state is not JSON: {e}")))?;
    edit(&mut state);
    print(&state)
}

/// The IDs this wrapper saw created under the call's `--root` (kept next to it):
/// only an ID never created gets the made-up answer, so a deleted container is
/// still reported gone.
fn seen_file(call: &Call) -> Option<std::path::PathBuf> {
    call.state_root().map(|r| r.with_extension("seen"))
}

fn was_created(call: &Call, id: &str) -> bool {
    seen_file(call)
        .and_then(|p| std::fs::read_to_string(p).ok())
        .is_some_and(|text| text.lines().any(|l| l == id))
}

fn record_create(call: Call) -> Result<Flow, Error> {
    if let (Some(path), Some(id)) = (seen_file(&call), call.id()) {
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(Error::io(&path))?;
        writeln!(f, "{id}").map_err(Error::io(&path))?;
    }
    Ok(Flow::Forward(call))
}

fn state_of_unknown_id(call: Call) -> Result<Flow, Error> {
    if call.subcommand() == Some("create") {
        return record_create(call);
    }
    let out = call.output()?;
    if out.status.success() {
        std::io::stdout()
            .write_all(&out.stdout)
            .map_err(Error::io("stdout"))?;
        return Ok(Flow::Exit(0));
    }
    let id = call.id().unwrap_or("unknown");
    if was_created(&call, id) {
        return Ok(Flow::Exit(1));
    }
    print(&json!({
        "ociVersion": "1.3.0",
        "id": id,
        "status": "stopped",
        "bundle": "/",
    }))
}

fn print(state: &Value) -> Result<Flow, Error> {
    println!("{state}");
    Ok(Flow::Exit(0))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn status_is_replaced_only_when_it_matches() {
        let mut s = json!({"status": "created"});
        replace_status(&mut s, "created", "ready");
        assert_eq!(s["status"], "ready");
        let mut r = json!({"status": "running"});
        replace_status(&mut r, "created", "ready");
        assert_eq!(r["status"], "running");
    }
}
