//! What `dry_run` (and so `create`) says about bundles it refuses: one
//! snapshot, one line per case, so the messages can be reviewed together.

use super::dry_run;
use serde_json::{json, Value};

fn base() -> Value {
    json!({
        "ociVersion": "1.3.0",
        "root": {"path": "rootfs"},
        "process": {"user": {"uid": 0, "gid": 0}, "args": ["/bin/sh"], "cwd": "/"}
    })
}

/// `base()` with `patch`'s top-level keys replaced.
fn with(patch: Value) -> Value {
    let mut v = base();
    if let (Some(obj), Value::Object(p)) = (v.as_object_mut(), patch) {
        obj.extend(p);
    }
    v
}

fn refuse(id: &str, config: &Value, ext: Option<&str>) -> String {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("rootfs")).expect("rootfs");
    std::fs::write(dir.path().join("config.json"), config.to_string()).expect("config");
    if let Some(ext) = ext {
        std::fs::write(dir.path().join("runj.ext.json"), ext).expect("ext");
    }
    let bundle = std::fs::canonicalize(dir.path()).expect("canonical");
    match dry_run(dir.path(), id) {
        Ok(text) => format!("ACCEPTED:\n{text}"),
        Err(e) => e
            .to_string()
            .replace(&bundle.display().to_string(), "$BUNDLE"),
    }
}

#[test]
fn refused_bundles() {
    let devfs = json!({"destination": "/dev", "type": "devfs", "source": "devfs"});
    let cases: Vec<(&str, &str, Value, Option<&str>)> = vec![
        ("id with a dot", "web.1", base(), None),
        ("numeric id", "42", base(), None),
        ("signed numeric id", "+42", base(), None),
        ("wildcard id", "*", base(), None),
        ("id read as an option", "-R", base(), None),
        (
            "wildcard parent",
            "c",
            with(json!({"freebsd": {"jail": {"parent": "pod.*"}}})),
            None,
        ),
        (
            "host inherit with hostname",
            "c",
            with(json!({"hostname": "web", "freebsd": {"jail": {"host": "inherit"}}})),
            None,
        ),
        (
            "host inherit with domainname",
            "c",
            with(json!({"domainname": "example.org", "freebsd": {"jail": {"host": "inherit"}}})),
            None,
        ),
        (
            "enforceStatfs 3",
            "c",
            with(json!({"freebsd": {"jail": {"enforceStatfs": 3}}})),
            None,
        ),
        (
            "vnet disable",
            "c",
            with(json!({"freebsd": {"jail": {"vnet": "disable"}}})),
            None,
        ),
        (
            "vnet new with ip4Addr",
            "c",
            with(json!({"freebsd": {"jail": {"vnet": "new", "ip4Addr": ["10.0.0.1"]}}})),
            None,
        ),
        (
            "vnet new with ip6 disable",
            "c",
            with(json!({"freebsd": {"jail": {"vnet": "new", "ip6": "disable"}}})),
            None,
        ),
        (
            "ip4Addr with 0.0.0.0",
            "c",
            with(json!({"freebsd": {"jail": {"ip4Addr": ["0.0.0.0"]}}})),
            None,
        ),
        (
            "bad ip6Addr",
            "c",
            with(json!({"freebsd": {"jail": {"ip6Addr": ["fd00::1", "fd00::zz"]}}})),
            None,
        ),
        (
            "vnetInterfaces without vnet",
            "c",
            with(json!({"freebsd": {"jail": {"vnetInterfaces": ["epair0b"]}}})),
            None,
        ),
        (
            "unknown allow.mount type",
            "c",
            with(json!({"freebsd": {"jail": {"allow": {"mount": ["ext4"]}}}})),
            None,
        ),
        (
            "devices without devfs",
            "c",
            with(json!({"freebsd": {"devices": [{"path": "pf"}]}})),
            None,
        ),
        (
            "Linux propagation option",
            "c",
            with(
                json!({"mounts": [{"destination": "/data", "source": "rootfs", "options": ["rbind", "rprivate"]}]}),
            ),
            None,
        ),
        (
            "Linux mount type",
            "c",
            with(json!({"mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}]})),
            None,
        ),
        (
            "relative destination",
            "c",
            with(json!({"mounts": [{"destination": "tmp", "type": "tmpfs"}]})),
            None,
        ),
        (
            "destination climbing back to the root",
            "c",
            with(json!({"mounts": [{"destination": "/a/../..", "type": "tmpfs"}]})),
            None,
        ),
        (
            "missing bind source",
            "c",
            with(
                json!({"mounts": [{"destination": "/data", "source": "nope", "options": ["bind"]}]}),
            ),
            None,
        ),
        (
            "nullfs source containing the root",
            "c",
            with(json!({"mounts": [{"destination": "/data", "source": ".", "options": ["bind"]}]})),
            None,
        ),
        (
            "id-mapped mount",
            "c",
            with(
                json!({"mounts": [{"destination": "/data", "source": "rootfs", "options": ["bind", "idmap"], "uidMappings": [], "gidMappings": []}]}),
            ),
            None,
        ),
        (
            "nodev on devfs",
            "c",
            with(
                json!({"mounts": [{"destination": "/dev", "type": "devfs", "options": ["nodev"]}]}),
            ),
            None,
        ),
        (
            "tmpfs noatime (not in tmpfs_opts)",
            "c",
            with(
                json!({"mounts": [{"destination": "/tmp", "type": "tmpfs", "options": ["size=1m", "noatime"]}]}),
            ),
            None,
        ),
        (
            "tmpfs percentage size",
            "c",
            with(
                json!({"mounts": [{"destination": "/tmp", "type": "tmpfs", "options": ["size=50%"]}]}),
            ),
            None,
        ),
        (
            "devfs with a bad ruleset",
            "c",
            with(
                json!({"mounts": [devfs.clone(), {"destination": "/x", "type": "devfs", "options": ["ruleset=abc"]}]}),
            ),
            None,
        ),
        (
            "Linux-only rlimit",
            "c",
            with(
                json!({"process": {"args": ["/bin/sh"], "cwd": "/", "rlimits": [{"type": "RLIMIT_RTPRIO", "soft": 1, "hard": 1}]}}),
            ),
            None,
        ),
        (
            "duplicate rlimit resource",
            "c",
            with(
                json!({"process": {"args": ["/bin/sh"], "cwd": "/", "rlimits": [{"type": "RLIMIT_AS", "soft": 1, "hard": 1}, {"type": "RLIMIT_VMEM", "soft": 1, "hard": 1}]}}),
            ),
            None,
        ),
        (
            "relative cwd",
            "c",
            with(json!({"process": {"args": ["/bin/sh"], "cwd": "work"}})),
            None,
        ),
        (
            "no args",
            "c",
            with(json!({"process": {"args": [], "cwd": "/"}})),
            None,
        ),
        (
            "missing root",
            "c",
            with(json!({"root": {"path": "nope"}})),
            None,
        ),
        (
            "runj.ext.json conflict",
            "c",
            with(json!({"freebsd": {"jail": {"ip4": "inherit"}}})),
            Some(r#"{"network": {"ipv4": {"mode": "new"}}}"#),
        ),
        (
            "runj.ext.json list conflict",
            "c",
            with(json!({"freebsd": {"jail": {"vnet": "new", "vnetInterfaces": ["epair0b"]}}})),
            Some(r#"{"network": {"vnet": {"interfaces": ["epair1b"]}}}"#),
        ),
        (
            "runj.ext.json addresses with vnet",
            "c",
            with(json!({"freebsd": {"jail": {"vnet": "new"}}})),
            Some(r#"{"network": {"ipv4": {"addr": ["10.0.0.1"]}}}"#),
        ),
        ("malformed runj.ext.json", "c", base(), Some("{")),
    ];
    let mut out = String::new();
    for (what, id, config, ext) in &cases {
        out.push_str(&format!("{what}:\n  {}\n", refuse(id, config, *ext)));
    }
    insta::assert_snapshot!("dry_run_errors", out);
}
