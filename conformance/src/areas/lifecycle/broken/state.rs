//! The helpers of the modes that lie in `state` (runtime.md#state, #query-state):
//! the real runtime's answer with one field changed, or an answer for a container
//! that does not exist.

use std::io::Write;

use serde_json::{json, Value};

use crate::broken_mode::{Call, Error, Flow};

pub(super) fn drop_key(state: &mut Value, key: &str) {
    if let Some(o) = state.as_object_mut() {
        o.remove(key);
    }
}

pub(super) fn replace_status(state: &mut Value, from: &str, to: &str) {
    if state["status"] == from {
        state["status"] = json!(to);
    }
}

/// The IDs this wrapper saw created under the call's `--root` (kept next to it):
/// only an ID never created gets the made-up answer, so a deleted container is
/// still reported gone.
pub(super) fn seen_file(call: &Call) -> Option<std::path::PathBuf> {
    call.state_root().map(|r| r.with_extension("seen"))
}

pub(super) fn was_created(call: &Call, id: &str) -> bool {
    seen_file(call)
        .and_then(|p| std::fs::read_to_string(p).ok())
        .is_some_and(|text| text.lines().any(|l| l == id))
}

pub(super) fn record_create(call: Call) -> Result<Flow, Error> {
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

pub(super) fn state_of_unknown_id(call: Call) -> Result<Flow, Error> {
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

pub(super) fn print(state: &Value) -> Result<Flow, Error> {
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
