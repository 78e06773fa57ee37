//! What a runtime that fails to clean up leaves behind: a state directory after
//! delete, a container after a failed create.

use crate::broken_mode::{Call, Error};

/// Makes `ROOT/ID`, as a runtime that forgets to clean up its state would leave it.
pub(super) fn leave_state_dir(c: &Call) -> Result<(), Error> {
    if let (Some(root), Some(id)) = (c.state_root(), c.id()) {
        let dir = root.join(id);
        std::fs::create_dir_all(&dir).map_err(Error::io(&dir))?;
    }
    Ok(())
}

/// Creates the call's container ID from a minimal bundle next to its state root:
/// the root is the failed bundle's `rootfs` (the suite's, with its helper), and
/// the process never starts.
pub(super) fn leave_container(c: &Call) -> Result<(), Error> {
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
pub(super) fn leftover_config(rootfs: &std::path::Path) -> serde_json::Value {
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
