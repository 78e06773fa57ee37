//! `features` (runtime-spec features.md): what this jailrun implements.

use crate::platform::linux::{capabilities, mount_options};
use crate::spec::validate;
use serde_json::{json, Value};

/// The features document for this build.
pub fn document() -> Value {
    let mut doc = json!({
        "ociVersionMin": "1.0.0",
        "ociVersionMax": crate::state::OCI_VERSION,
        "hooks": ["prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop"],
        "mountOptions": mount_options::known_options(),
        "annotations": {
            "org.opencontainers.runc.no-cgroups": "true"
        }
    });
    if cfg!(target_os = "linux") {
        doc["linux"] = json!({
            "namespaces": validate::LINUX_NAMESPACES,
            "capabilities": capabilities::NAMES,
            "cgroup": {"v1": false, "v2": false, "systemd": false, "systemdUser": false, "rdma": false},
            "seccomp": {"enabled": false},
            "apparmor": {"enabled": false},
            "selinux": {"enabled": false},
            "intelRdt": {"enabled": false},
            "mountExtensions": {"idmap": {"enabled": false}}
        });
    }
    doc
}

#[cfg(test)]
mod tests {
    #[test]
    fn features_snapshot() {
        insta::assert_json_snapshot!("features", super::document());
    }
}
