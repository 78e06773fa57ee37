//! Validation errors of bad bundles: each names the field.

use crate::platform::Platform;
use crate::spec::bundle::{Bundle, BundleError};
use serde_json::{json, Value};

fn good() -> Value {
    json!({
        "ociVersion": "1.3.0",
        "process": {"user": {"uid": 0, "gid": 0}, "args": ["/bin/true"], "env": ["PATH=/bin"], "cwd": "/"},
        "root": {"path": "rootfs"},
        "hostname": "h",
        "mounts": [{"destination": "/proc", "type": "proc", "source": "proc"}],
        "linux": {"namespaces": [{"type": "pid"}, {"type": "mount"}, {"type": "uts"}]}
    })
}

fn load(cfg: &Value) -> Result<Bundle, BundleError> {
    load_for(cfg, Platform::Linux)
}

fn load_for(cfg: &Value, platform: Platform) -> Result<Bundle, BundleError> {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(tmp.path().join("rootfs")).expect("rootfs");
    std::fs::write(tmp.path().join("config.json"), cfg.to_string()).expect("write");
    Bundle::load(tmp.path(), platform)
}

fn error_of(edit: impl FnOnce(&mut Value)) -> String {
    let mut cfg = good();
    edit(&mut cfg);
    match load(&cfg) {
        Ok(_) => panic!("bundle was accepted: {cfg}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn good_bundle_loads_with_absolute_rootfs() {
    let b = load(&good()).expect("valid");
    assert!(b.rootfs.is_absolute());
    assert!(b.rootfs.ends_with("rootfs"));
}

#[test]
fn malformed_json() {
    let tmp = tempfile::tempdir().expect("tempdir");
    std::fs::write(tmp.path().join("config.json"), "{\"ociVersion\": ").expect("write");
    let e = Bundle::load(tmp.path(), Platform::Linux).expect_err("malformed");
    assert!(
        e.to_string().starts_with("config.json: malformed JSON"),
        "{e}"
    );
}

type Edit = Box<dyn FnOnce(&mut Value)>;

#[test]
fn errors_name_the_field() {
    let cases: Vec<(&str, Edit)> = vec![
        (
            "process.cwd \"work\" must be an absolute path",
            Box::new(|c| c["process"]["cwd"] = json!("work")),
        ),
        (
            "process.args must not be empty",
            Box::new(|c| c["process"]["args"] = json!([])),
        ),
        (
            "root.path",
            Box::new(|c| c["root"]["path"] = json!("missing")),
        ),
        (
            "root is required",
            Box::new(|c| {
                c.as_object_mut().map(|o| o.remove("root"));
            }),
        ),
        (
            "ociVersion \"2.0.0\" is not supported",
            Box::new(|c| c["ociVersion"] = json!("2.0.0")),
        ),
        (
            "ociVersion \"1.3\" is not a SemVer 2.0.0 version",
            Box::new(|c| c["ociVersion"] = json!("1.3")),
        ),
        (
            "ociVersion \"1.03.0\" is not a SemVer 2.0.0 version",
            Box::new(|c| c["ociVersion"] = json!("1.03.0")),
        ),
        (
            "annotations has an empty key",
            Box::new(|c| c["annotations"] = json!({ "": "v" })),
        ),
        (
            "linux.seccomp is not supported",
            Box::new(|c| c["linux"]["seccomp"] = json!({"defaultAction": "SCMP_ACT_ALLOW"})),
        ),
        (
            "linux.uidMappings is not supported",
            Box::new(|c| {
                c["linux"]["uidMappings"] = json!([{"containerID": 0, "hostID": 1000, "size": 1}])
            }),
        ),
        (
            "linux.namespaces[3].type \"user\" namespaces are not supported",
            Box::new(|c| {
                c["linux"]["namespaces"]
                    .as_array_mut()
                    .into_iter()
                    .for_each(|a| a.push(json!({"type": "user"})))
            }),
        ),
        (
            "linux.namespaces[1].type \"pid\" is listed more than once",
            Box::new(|c| c["linux"]["namespaces"][1] = json!({"type": "pid"})),
        ),
        (
            "linux.resources.memory is not supported",
            Box::new(|c| c["linux"]["resources"] = json!({"memory": {"limit": 1}})),
        ),
        (
            "mounts[0].type \"nfs\" is not supported",
            Box::new(|c| c["mounts"][0]["type"] = json!("nfs")),
        ),
        (
            "hostname needs a uts namespace",
            Box::new(|c| c["linux"]["namespaces"] = json!([{"type": "mount"}])),
        ),
        (
            "hooks.poststop[0].path \"rel\" must be an absolute path",
            Box::new(|c| c["hooks"] = json!({"poststop": [{"path": "rel"}]})),
        ),
        (
            "hooks.prestart[0].timeout 0 must be greater than zero",
            Box::new(|c| c["hooks"] = json!({"prestart": [{"path": "/x", "timeout": 0}]})),
        ),
        (
            "process.rlimits[1].type \"RLIMIT_NOFILE\" is given more than once",
            Box::new(
                |c| c["process"]["rlimits"] = json!([{"type": "RLIMIT_NOFILE", "soft": 1, "hard": 1}, {"type": "RLIMIT_NOFILE", "soft": 1, "hard": 1}]),
            ),
        ),
        (
            "process.rlimits[0].type \"RLIMIT_NPTS\" is not a Linux rlimit",
            Box::new(|c| {
                c["process"]["rlimits"] = json!([{"type": "RLIMIT_NPTS", "soft": 1, "hard": 1}])
            }),
        ),
        (
            "process.env[0] \"NOEQUALS\" is not KEY=VALUE",
            Box::new(|c| c["process"]["env"] = json!(["NOEQUALS"])),
        ),
        (
            "linux.namespaces must include a mount namespace",
            Box::new(|c| c["linux"]["namespaces"] = json!([{"type": "uts"}])),
        ),
    ];
    for (want, edit) in cases {
        let got = error_of(edit);
        assert!(got.starts_with("config.json: "), "{got}");
        assert!(got.contains(want), "want {want:?} in {got:?}");
    }
}

#[test]
fn unknown_properties_and_deny_rules_are_accepted() {
    let mut cfg = good();
    cfg["x-unknown"] = json!({"anything": 1});
    cfg["linux"]["resources"] = json!({"devices": [{"allow": false, "access": "rwm"}]});
    cfg["linux"]["cgroupsPath"] = json!("/jailrun/x");
    cfg["freebsd"] = json!({"jail": {"host": "new"}});
    load(&cfg).expect("accepted");
}

#[test]
fn relative_root_is_relative_to_the_bundle() {
    let mut cfg = good();
    cfg["root"]["path"] = json!("./rootfs/../rootfs");
    let b = load(&cfg).expect("valid");
    assert!(b.rootfs.starts_with(&b.dir));
}

#[test]
fn unknown_capabilities_are_accepted_for_a_warning() {
    let mut cfg = good();
    cfg["process"]["capabilities"] = json!({"bounding": ["CAP_KILL", "CAP_NOPE"]});
    let b = load(&cfg).expect("an unknown capability is warned about, not refused");
    let unknown = crate::platform::linux::capabilities::unknown(b.process().capabilities.as_ref());
    assert_eq!(unknown.len(), 1);
    assert_eq!(unknown[0].field, "process.capabilities.bounding[1]");
}

/// config.md#extensibility: Linux ignores the `freebsd` section, even a bad
/// one; FreeBSD refuses it, naming the field. Both from the same parse.
#[test]
fn a_bad_freebsd_section_matters_on_freebsd_only() {
    let mut cfg = good();
    cfg["freebsd"] = json!({"jail": {"ip4": "on"}});
    load(&cfg).expect("Linux ignores another platform's section");
    let e = load_for(&cfg, Platform::FreeBsd).expect_err("FreeBSD reads it");
    assert_eq!(
        e.to_string(),
        "config.json: freebsd.jail.ip4: \"on\" is not one of \"new\", \"inherit\", \"disable\""
    );
}

/// A type error inside the `freebsd` section, kept for FreeBSD alone, must not
/// lend its path to a later error elsewhere in the document: each error names
/// its own field, on both platforms, with or without a bad section.
#[test]
fn an_error_names_its_own_field_whatever_the_freebsd_section_holds() {
    let bad_section = json!({"jail": {"ip4": "on"}, "devices": [{"mode": 1}]});
    let cases: Vec<(&str, Edit)> = vec![
        (
            "config.json: process.args[0]: invalid type: integer `7`",
            Box::new(|c| c["process"]["args"] = json!([7])),
        ),
        (
            "config.json: hooks.prestart[0].path: invalid type: integer `5`",
            Box::new(|c| c["hooks"] = json!({"prestart": [{"path": 5}]})),
        ),
        (
            "config.json: .: missing field `ociVersion`",
            Box::new(|c| {
                c.as_object_mut().map(|o| o.remove("ociVersion"));
            }),
        ),
    ];
    for (want, edit) in cases {
        let mut cfg = good();
        edit(&mut cfg);
        let alone = load(&cfg).map(|_| ()).expect_err("refused").to_string();
        assert!(alone.starts_with(want), "{alone}");
        cfg["freebsd"] = bad_section.clone();
        for platform in [Platform::Linux, Platform::FreeBsd] {
            let e = load_for(&cfg, platform).map(|_| ()).expect_err("refused");
            assert_eq!(e.to_string(), alone, "{platform:?}");
        }
    }
}
