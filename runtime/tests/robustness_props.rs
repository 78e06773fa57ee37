//! Property tests over jailrun's public entry points for untrusted input: bundle
//! loading and validation (Linux and the jail backend), the Linux and FreeBSD
//! planners, and the runj.ext.json merge. Properties: nothing panics, and every
//! accepted input gives a plan that holds its invariants and comes out the same
//! when the bundle is loaded again.
//!
//! Inputs are the suite's base configuration with one to three fields replaced by
//! awkward JSON (wrong types, `..`, NUL, huge numbers), whole documents of random
//! JSON, and random bytes. `JAILRUN_FUZZ_CASES` sets the number of cases per
//! property (`make test`: the default below; `make fuzz`: many more).

use std::path::{Component, Path};

use jailrun::{
    plan_create, plan_removal, Bundle, ContainerId, JailBundle, JailStep as Step, Platform,
};
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::{json, Value};

/// Cases per property in an ordinary `cargo test`.
const DEFAULT_CASES: u32 = 128;

fn config() -> Config {
    let cases = std::env::var("JAILRUN_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    Config {
        cases,
        // Regressions would be written next to this file: keep the tree clean;
        // a failure prints its minimal input.
        failure_persistence: None,
        ..Config::default()
    }
}

/// A configuration both backends accept (in a bundle laid out by [`bundle_dir`]).
fn base() -> Value {
    json!({
        "ociVersion": "1.3.0",
        "process": {
            "terminal": false,
            "user": { "uid": 0, "gid": 0 },
            "args": ["/integ-inside", "process"],
            "env": ["PATH=/bin"],
            "cwd": "/",
            "rlimits": [{ "type": "RLIMIT_NOFILE", "soft": 64, "hard": 64 }]
        },
        "root": { "path": "rootfs", "readonly": false },
        "hostname": "fuzz",
        "mounts": [
            { "destination": "/tmp", "type": "tmpfs", "source": "tmpfs", "options": ["size=64k"] },
            { "destination": "/mnt/src", "type": "bind", "source": "src", "options": ["rbind", "ro"] }
        ],
        "hooks": { "createRuntime": [{ "path": "/bin/true", "timeout": 5 }] },
        "linux": { "namespaces": [{ "type": "pid" }, { "type": "mount" }, { "type": "uts" }] },
        "freebsd": { "jail": { "ip4": "inherit", "enforceStatfs": 2 } },
        "annotations": { "a": "b" }
    })
}

/// Field paths the mutations aim at (`/` separated, numbers index arrays).
const PATHS: &[&str] = &[
    "ociVersion",
    "process",
    "process/args",
    "process/args/0",
    "process/env",
    "process/env/0",
    "process/cwd",
    "process/user",
    "process/user/uid",
    "process/user/additionalGids",
    "process/terminal",
    "process/rlimits",
    "process/rlimits/0/type",
    "process/rlimits/0/soft",
    "root",
    "root/path",
    "root/readonly",
    "hostname",
    "domainname",
    "mounts",
    "mounts/0",
    "mounts/0/destination",
    "mounts/0/type",
    "mounts/0/options",
    "mounts/1/source",
    "mounts/1/destination",
    "mounts/1/options/0",
    "hooks",
    "hooks/createRuntime/0/path",
    "hooks/createRuntime/0/timeout",
    "hooks/poststop",
    "linux",
    "linux/namespaces",
    "linux/namespaces/0/type",
    "linux/namespaces/0/path",
    "freebsd",
    "freebsd/jail",
    "freebsd/jail/ip4",
    "freebsd/jail/ip4Addr",
    "freebsd/jail/vnet",
    "freebsd/jail/vnetInterfaces",
    "freebsd/jail/enforceStatfs",
    "freebsd/jail/parent",
    "freebsd/jail/host",
    "freebsd/jail/allow",
    "freebsd/jail/allow/mount",
    "freebsd/devices",
    "annotations",
];

/// Strings that have broken path handling and parsers before.
const AWKWARD: &[&str] = &[
    "",
    "/",
    ".",
    "..",
    "../..",
    "/../../etc",
    "a/../../b",
    "/proc/self/fd/7",
    "//x//",
    "x\0y",
    "\n",
    "tmpfs",
    "bind",
    "nullfs",
    "devfs",
    "rbind",
    "ro",
    "new",
    "inherit",
    "disable",
    "RLIMIT_NPTS",
    "1.0.0",
    "2.0.0",
    "lo0",
    "epair0b",
    "127.0.0.1",
    "::1",
    "size=-1",
    "mode=99999",
    "é",
    "\u{202e}",
    "0xffffffff",
];

/// Paths built from components that trip resolvers: `..`, `.`, empty ones.
fn path_like() -> impl Strategy<Value = String> {
    let part = proptest::sample::select(&["..", ".", "", "a", "etc", "proc", "tmp", "x\0"][..]);
    (any::<bool>(), proptest::collection::vec(part, 0..6)).prop_map(|(absolute, parts)| {
        let joined = parts.join("/");
        if absolute {
            format!("/{joined}")
        } else {
            joined
        }
    })
}

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        3 => path_like().prop_map(Value::from),
        1 => Just(Value::Null),
        1 => any::<bool>().prop_map(Value::from),
        1 => prop_oneof![Just(-1i64), Just(0), Just(1), Just(u32::MAX as i64 + 1), any::<i64>()]
            .prop_map(Value::from),
        1 => any::<f64>().prop_map(|f| json!(f)),
        1 => proptest::sample::select(AWKWARD).prop_map(Value::from),
        1 => "[ -~]{0,12}".prop_map(Value::from),
        1 => "[a-z./]{200,300}".prop_map(Value::from),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map("[a-zA-Z]{1,10}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// Sets `path` in `doc` to `v`, making containers on the way as needed.
fn set(doc: &mut Value, path: &str, v: Value) {
    let mut at = doc;
    for part in path.split('/') {
        at = match part.parse::<usize>() {
            Ok(i) => {
                if !at.is_array() {
                    *at = json!([]);
                }
                let list = at.as_array_mut().expect("made an array");
                while list.len() <= i {
                    list.push(Value::Null);
                }
                &mut list[i]
            }
            Err(_) => {
                if !at.is_object() {
                    *at = json!({});
                }
                at.as_object_mut()
                    .expect("made an object")
                    .entry(part)
                    .or_insert(Value::Null)
            }
        };
    }
    *at = v;
}

/// The base configuration with up to three fields replaced.
fn mutated() -> impl Strategy<Value = Value> {
    proptest::collection::vec((proptest::sample::select(PATHS), value()), 1..4).prop_map(|edits| {
        let mut doc = base();
        for (path, v) in edits {
            set(&mut doc, path, v);
        }
        doc
    })
}

/// A bundle directory with `config.json` (and `runj.ext.json` when given), a
/// `rootfs` and a bind source `src`.
fn bundle_dir(config: &[u8], ext: Option<&[u8]>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("rootfs/tmp")).expect("mkdir rootfs");
    std::fs::create_dir_all(dir.path().join("src")).expect("mkdir src");
    std::fs::write(dir.path().join("config.json"), config).expect("write config.json");
    if let Some(ext) = ext {
        std::fs::write(dir.path().join("runj.ext.json"), ext).expect("write runj.ext.json");
    }
    dir
}

/// Loads for both backends; for what is accepted, plans and checks the plans.
fn exercise(config: &[u8], ext: Option<&[u8]>) -> Result<(), TestCaseError> {
    let dir = bundle_dir(config, ext);
    linux_side(dir.path(), config)?;
    jail_side(dir.path())
}

/// The jail backend's view of the bundle in `dir`, loaded as `create` loads it.
fn jail_bundle(dir: &Path) -> Option<JailBundle> {
    Bundle::load(dir, Platform::FreeBsd).ok()?.jail
}

fn linux_side(dir: &Path, config: &[u8]) -> Result<(), TestCaseError> {
    let Ok(bundle) = Bundle::load(dir, Platform::Linux) else {
        return Ok(());
    };
    // Loading the accepted document again gives the same configuration.
    let again = bundle_dir(config, None);
    let reloaded = Bundle::load(again.path(), Platform::Linux);
    prop_assert!(
        reloaded.is_ok(),
        "accepted once, refused when reloaded: {reloaded:?}"
    );
    prop_assert_eq!(
        format!("{:?}", reloaded.expect("checked").config),
        format!("{:?}", bundle.config)
    );
    let process = bundle.config.process.as_ref();
    let strings = process
        .map(|p| {
            p.args
                .iter()
                .chain(&p.env)
                .chain([&p.cwd])
                .collect::<Vec<_>>()
        })
        .unwrap_or_default();
    prop_assert!(
        !strings.iter().any(|s| s.contains('\0')),
        "NUL accepted in {strings:?}"
    );
    #[cfg(target_os = "linux")]
    if let Ok(plan) = jailrun::plan_linux(&bundle, None) {
        for step in &plan.steps {
            if let jailrun::ProcessStep::Mount(m) = step {
                prop_assert_eq!(&m.root, &bundle.rootfs);
                prop_assert!(
                    m.destination.is_absolute(),
                    "relative destination {:?}",
                    m.destination
                );
            }
        }
    }
    Ok(())
}

fn jail_side(dir: &Path) -> Result<(), TestCaseError> {
    let Some(bundle) = jail_bundle(dir) else {
        return Ok(());
    };
    let state = Path::new("/var/run/jailrun/fuzz");
    let Ok(plan) = plan_create(&bundle, "fuzz", state) else {
        return Ok(());
    };
    let mut mounts = 0;
    for step in &plan.steps {
        if let Some(argv) = step.argv() {
            prop_assert!(!argv.iter().any(|a| a.contains('\0')), "NUL in {argv:?}");
        }
        match step {
            Step::MountPoint { root, inside, .. } => {
                prop_assert_eq!(root, &bundle.rootfs);
                prop_assert!(
                    inside
                        .components()
                        .all(|c| matches!(c, Component::Normal(_))),
                    "mount point {inside:?} is not a plain path below the root"
                );
            }
            Step::Mount { target, .. } => {
                mounts += 1;
                prop_assert!(
                    target.starts_with(&bundle.rootfs),
                    "mount target {target:?} outside the root"
                );
                prop_assert!(!target.components().any(|c| c == Component::ParentDir));
            }
            _ => {}
        }
    }
    let removal = plan_removal(&plan.steps);
    let unmounts = removal
        .iter()
        .filter(|s| matches!(s, Step::Unmount { .. }))
        .count();
    prop_assert_eq!(unmounts, mounts, "removal does not undo every mount");
    // The same bundle plans the same way.
    let again = plan_create(&jail_bundle(dir).expect("loaded once"), "fuzz", state);
    prop_assert_eq!(again.as_ref().ok(), Some(&plan));
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn mutated_configs_never_panic_and_accepted_ones_replan(doc in mutated()) {
        exercise(doc.to_string().as_bytes(), None)?;
    }

    #[test]
    fn mount_destinations_stay_inside_root(
        dest in path_like(),
        kind in proptest::sample::select(&["tmpfs", "bind", "nullfs", "devfs"][..]),
    ) {
        let mut doc = base();
        set(&mut doc, "mounts/0/destination", Value::from(dest));
        set(&mut doc, "mounts/0/type", Value::from(kind));
        set(&mut doc, "mounts/0/source", Value::from(if kind == "tmpfs" { "tmpfs" } else { "src" }));
        exercise(doc.to_string().as_bytes(), None)?;
    }

    #[test]
    fn random_documents_never_panic(doc in value()) {
        exercise(doc.to_string().as_bytes(), None)?;
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
        exercise(&bytes, Some(&bytes))?;
    }

    #[test]
    fn runj_ext_merge_never_panics(
        mode in proptest::sample::select(&["new", "inherit", "disable", "", "bogus"][..]),
        addr in value(),
        vnet in value(),
        edit in proptest::option::of((proptest::sample::select(&["network", "network/ipv4", "network/vnet/mode"][..]), value())),
    ) {
        let mut ext = json!({ "network": { "ipv4": { "mode": mode, "addr": addr }, "vnet": vnet } });
        if let Some((path, v)) = edit {
            set(&mut ext, path, v);
        }
        let mut doc = base();
        set(&mut doc, "freebsd", json!({ "jail": { "ip4": "new", "ip4Addr": ["127.0.0.2"] } }));
        exercise(doc.to_string().as_bytes(), Some(ext.to_string().as_bytes()))?;
    }

    #[test]
    fn container_ids_are_one_path_component(id in "\\PC{0,40}|[./]{1,3}|[a-z]{250,300}") {
        if let Ok(valid) = ContainerId::new(&id) {
            let root = Path::new("/run/jailrun");
            let joined = root.join(valid.as_str());
            prop_assert_eq!(joined.parent(), Some(root), "{:?} escapes the root", id);
            prop_assert!(!id.contains('\0') && !id.is_empty());
        }
    }
}

/// The mutations start from a bundle both backends accept and plan, so the
/// properties above reach the planners instead of stopping at the first error.
#[test]
fn base_bundle_is_accepted_and_planned() {
    let dir = bundle_dir(base().to_string().as_bytes(), None);
    let linux = Bundle::load(dir.path(), Platform::Linux);
    assert!(linux.is_ok(), "{linux:?}");
    let jail = jail_bundle(dir.path()).expect("jail backend accepts the base");
    let plan = plan_create(&jail, "fuzz", Path::new("/var/run/jailrun/fuzz"));
    assert!(plan.is_ok(), "{plan:?}");
}
