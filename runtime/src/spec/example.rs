//! `spec`: an example config.json for this platform (like `runc spec`).

use crate::platform::Platform;
use serde_json::{json, Value};

/// The example configuration for `platform`.
pub fn example(platform: Platform) -> Value {
    let mut cfg = json!({
        "ociVersion": crate::state::OCI_VERSION,
        "process": {
            "terminal": false,
            "user": {"uid": 0, "gid": 0},
            "args": ["sh"],
            "env": [
                "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                "TERM=xterm"
            ],
            "cwd": "/",
            "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 1024, "soft": 1024}]
        },
        "root": {"path": "rootfs", "readonly": true},
        "hostname": "jailrun"
    });
    match platform {
        Platform::Linux => {
            let caps = json!(["CAP_AUDIT_WRITE", "CAP_KILL", "CAP_NET_BIND_SERVICE"]);
            cfg["process"]["capabilities"] = json!({
                "bounding": caps, "effective": caps, "permitted": caps, "ambient": caps
            });
            cfg["process"]["noNewPrivileges"] = json!(true);
            cfg["mounts"] = json!([
                {"destination": "/proc", "type": "proc", "source": "proc"},
                {"destination": "/dev", "type": "tmpfs", "source": "tmpfs",
                 "options": ["nosuid", "strictatime", "mode=755", "size=65536k"]},
                {"destination": "/dev/pts", "type": "devpts", "source": "devpts",
                 "options": ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]},
                {"destination": "/dev/shm", "type": "tmpfs", "source": "shm",
                 "options": ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]},
                {"destination": "/dev/mqueue", "type": "mqueue", "source": "mqueue",
                 "options": ["nosuid", "noexec", "nodev"]},
                {"destination": "/sys", "type": "sysfs", "source": "sysfs",
                 "options": ["nosuid", "noexec", "nodev", "ro"]}
            ]);
            cfg["linux"] = json!({
                "namespaces": [
                    {"type": "pid"}, {"type": "network"}, {"type": "ipc"},
                    {"type": "uts"}, {"type": "mount"}
                ],
                "maskedPaths": [
                    "/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys",
                    "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
                    "/proc/sched_debug", "/sys/firmware", "/proc/scsi"
                ],
                "readonlyPaths": [
                    "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"
                ]
            });
        }
        Platform::FreeBsd => {
            cfg["mounts"] = json!([
                {"destination": "/dev", "type": "devfs", "source": "devfs",
                 "options": ["ruleset=4"]}
            ]);
        }
    }
    cfg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_linux_snapshot() {
        insta::assert_json_snapshot!("spec_linux", example(Platform::Linux));
    }

    #[test]
    fn spec_freebsd_snapshot() {
        insta::assert_json_snapshot!("spec_freebsd", example(Platform::FreeBsd));
    }

    /// The example is a bundle jailrun itself accepts.
    #[test]
    fn linux_example_validates() {
        let tmp = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir(tmp.path().join("rootfs")).expect("rootfs");
        let text = serde_json::to_string(&example(Platform::Linux)).expect("json");
        std::fs::write(tmp.path().join("config.json"), text).expect("write");
        crate::spec::bundle::Bundle::load(tmp.path(), Platform::Linux).expect("valid");
    }
}
