//! Snapshot tests of every planner and of `dry_run` over fixtures/freebsd/*.
//!
//! Paths under the fixtures directory print as `$FIXTURES`, so snapshots do not
//! depend on where the repository is checked out.

// Tests read back the JSON they check (runtime/clippy.toml gates product code).
#![allow(clippy::disallowed_methods)]

use super::bundle::JailBundle;
use super::param::JailParam;
use super::{devices, dry_run, jail_params, mounts, name::JailName, plan, process, step::Step};
use std::path::{Path, PathBuf};

/// Every fixture bundle in fixtures/freebsd.
const FIXTURES: &[&str] = &[
    "allow-all",
    "devfs-ruleset",
    "devices",
    "enforce-statfs-0",
    "enforce-statfs-1",
    "enforce-statfs-2",
    "fdescfs",
    "host-new",
    "ip4-inherit",
    "ip4-new",
    "ip6",
    "minimal",
    "nullfs",
    "parent",
    "procfs",
    "rlimits",
    "root-readonly",
    "runj-ext",
    "runj-ext-merge",
    "runj-ext-vnet",
    "spec-example",
    "symlink-destination",
    "sysv",
    "sysvipc",
    "tmpfs",
    "vnet",
];

/// Directories of fixtures/freebsd that are not bundles.
const NOT_BUNDLES: &[&str] = &["rootfs", "shared"];

fn fixtures_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/freebsd");
    std::fs::canonicalize(&dir).unwrap_or(dir)
}

fn redact(text: &str) -> String {
    text.replace(&fixtures_dir().display().to_string(), "$FIXTURES")
}

/// Fixture `name` loaded as `create` loads it (`Bundle::load` for FreeBSD).
pub(super) fn load(name: &str) -> JailBundle {
    load_dir(&fixtures_dir().join(name))
}

/// The bundle in `dir` loaded as `create` loads it, as the jail backend sees it.
pub(super) fn load_dir(dir: &Path) -> JailBundle {
    match crate::spec::bundle::Bundle::load(dir, crate::platform::Platform::FreeBsd) {
        Ok(b) => JailBundle::of(&b)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .into_owned(),
        Err(e) => panic!("{}: {e}", dir.display()),
    }
}

fn id(name: &str) -> String {
    name.replace('.', "_")
}

/// Each planner's output for one fixture, under a heading per planner.
fn plans(name: &str) -> String {
    let b = load(name);
    let jail = JailName::new(&id(name), b.freebsd.jail.parent.as_deref()).expect("jail name");
    let planned = mounts::plan(&b).expect("mounts");
    let mut out = String::from("## jail -c parameters (jail_params)\n");
    for arg in jail_params::params(&b, &jail, &b.rootfs, &planned)
        .iter()
        .flat_map(JailParam::args)
    {
        out.push_str(&format!("{arg}\n"));
    }
    out.push_str("## mounts, in order (mounts)\n");
    for m in &planned {
        let step = Step::Mount {
            fstype: m.fstype,
            source: m.source.clone(),
            target: m.target.clone(),
            options: m.options.clone(),
        };
        out.push_str(&format!("{step}    # mount point: {:?}\n", m.kind));
    }
    out.push_str("## devices (devices)\n");
    if let Some((after, rules)) = devices::plan(&b.freebsd.devices, &planned).expect("devices") {
        out.push_str(&format!("# after mounts[{after}]\n"));
        for r in rules {
            out.push_str(&format!("{r}\n"));
        }
    }
    out.push_str("## container process (process)\n");
    for s in process::plan(&b, &jail) {
        out.push_str(&format!("{s}\n"));
    }
    out.push_str("## removal (plan::removal)\n");
    let created =
        plan::create(&b, &id(name), &Path::new("/var/run/jailrun").join(id(name))).expect("plan");
    for s in plan::removal(&created.steps) {
        out.push_str(&format!("{s}\n"));
    }
    redact(&out)
}

#[test]
fn every_fixture_is_listed() {
    let mut found: Vec<String> = std::fs::read_dir(fixtures_dir())
        .expect("fixtures/freebsd")
        .filter_map(Result::ok)
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| !NOT_BUNDLES.contains(&n.as_str()))
        .collect();
    found.sort();
    assert_eq!(found, FIXTURES);
}

/// The parameter names this planner may use, each documented in FreeBSD 14's
/// jail(8) (`allow.mount.<fs>` for the types in `freebsd::JAIL_MOUNTABLE`).
const JAIL8_PARAMS: &[&str] = &[
    "name",
    "path",
    "persist",
    "host",
    "host.hostname",
    "host.domainname",
    "vnet",
    "vnet.interface",
    "interface",
    "ip4",
    "ip4.addr",
    "ip6",
    "ip6.addr",
    "sysvmsg",
    "sysvsem",
    "sysvshm",
    "enforce_statfs",
    "devfs_ruleset",
    "allow.set_hostname",
    "allow.raw_sockets",
    "allow.chflags",
    "allow.quotas",
    "allow.socket_af",
    "allow.mlock",
    "allow.reserved_ports",
    "allow.suser",
    "allow.mount",
];

/// Whether `name` is in [`JAIL8_PARAMS`] or is a documented `allow.mount.<fs>`.
fn is_documented(name: &str) -> bool {
    JAIL8_PARAMS.contains(&name)
        || name
            .strip_prefix("allow.mount.")
            .is_some_and(|fs| crate::spec::freebsd::JAIL_MOUNTABLE.contains(&fs))
}

#[test]
fn every_jail_param_is_one_jail8_documents() {
    for name in FIXTURES {
        let b = load(name);
        let jail = JailName::new(&id(name), b.freebsd.jail.parent.as_deref()).expect("jail name");
        let planned = mounts::plan(&b).expect("mounts");
        for p in jail_params::params(&b, &jail, &b.rootfs, &planned) {
            assert!(is_documented(&p.name), "{name}: {}", p.name);
        }
    }
}

#[test]
fn parsed_freebsd_sections() {
    for name in FIXTURES {
        let b = load(name);
        insta::assert_json_snapshot!(format!("config_{name}"), b.freebsd);
    }
}

#[test]
fn planners() {
    for name in FIXTURES {
        insta::assert_snapshot!(format!("plan_{name}"), plans(name));
    }
}

#[test]
fn dry_runs() {
    for name in FIXTURES {
        let text = dry_run(&fixtures_dir().join(name), &id(name))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        insta::assert_snapshot!(format!("dry_run_{name}"), redact(&text));
    }
}

/// The minimal fixture with hooks run in the jail and a terminal: the hook
/// runs and the pty steps show in the dry run.
#[test]
fn dry_run_with_container_hooks_and_a_terminal() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let bundle = tmp.path().join("bundle");
    std::fs::create_dir(&bundle).expect("bundle");
    let text =
        std::fs::read_to_string(fixtures_dir().join("minimal/config.json")).expect("minimal");
    let mut config: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    config["root"]["path"] = fixtures_dir().join("rootfs").display().to_string().into();
    config["process"]["terminal"] = true.into();
    config["process"]["consoleSize"] = serde_json::json!({"height": 24, "width": 80});
    config["hooks"] = serde_json::json!({
        "createContainer": [{"path": "/usr/local/libexec/setup", "args": ["setup", "--net"], "env": ["A=1"], "timeout": 5}],
        "startContainer": [{"path": "/usr/local/libexec/started"}],
        "prestart": [{"path": "/usr/local/libexec/on-host"}]
    });
    std::fs::write(bundle.join("config.json"), config.to_string()).expect("config");
    let text = dry_run(&bundle, "hooked").expect("dry run");
    insta::assert_snapshot!("dry_run_hooks_terminal", redact(&text));
}

/// `exec --dry-run --platform freebsd`: the bundle's own process (rlimits with
/// FreeBSD names, groups, umask), and a process.json with a terminal in a
/// container under a parent jail.
#[test]
fn exec_dry_runs() {
    let load = |name: &str| {
        crate::spec::bundle::Bundle::load(
            &fixtures_dir().join(name),
            crate::platform::Platform::FreeBsd,
        )
        .expect(name)
    };
    let rlimits = load("rlimits");
    let text = super::dry_run_exec(&rlimits, "rlimits", rlimits.process()).expect("exec plan");
    insta::assert_snapshot!("exec_dry_run_rlimits", redact(&text));
    let tty: crate::spec::config::Process = serde_json::from_value(serde_json::json!({
        "terminal": true,
        "consoleSize": {"height": 40, "width": 120},
        "user": {"uid": 0, "gid": 0},
        "args": ["/bin/sh"],
        "env": ["PATH=/bin", "TERM=xterm"],
        "cwd": "/root"
    }))
    .expect("process");
    let text = super::dry_run_exec(&load("parent"), "web1", &tty).expect("exec plan");
    insta::assert_snapshot!("exec_dry_run_parent_tty", redact(&text));
}

/// kern_jail.c prison_priv_check grants PRIV_VFS_MOUNT only with
/// `pr_enforce_statfs < 2`: `allow.mount` under enforce_statfs 2 (the default
/// too) is warned about, never silently accepted as if it worked.
#[test]
fn allow_mount_under_enforce_statfs_2_is_warned_about() {
    let mut b = load("allow-all");
    assert_eq!(b.freebsd.jail.enforce_statfs, Some(1));
    assert!(plan::warnings(&b).is_empty());
    for statfs in [None, Some(2)] {
        b.freebsd.jail.enforce_statfs = statfs;
        assert_eq!(
            plan::warnings(&b),
            ["freebsd.jail.allow.mount [\"tmpfs\", \"nullfs\", \"devfs\"] has no effect with enforce_statfs 2: the kernel lets a jail mount only when enforce_statfs is 0 or 1"]
        );
    }
    b.freebsd.jail.allow.mount.clear();
    assert!(plan::warnings(&b).is_empty());
}

/// kern_jail_set: a jail made without attaching must have `persist` ("new jail
/// must persist or attach"), and `devfs_ruleset` must be in 0..=65535; jailrun
/// passes a ruleset only when the jail may mount devfs, and never 0 (no rules).
#[test]
fn every_planned_jail_persists_and_any_devfs_ruleset_is_a_real_one() {
    use super::param::{self, ParamValue};
    for name in FIXTURES {
        let b = load(name);
        let jail = JailName::new(&id(name), b.freebsd.jail.parent.as_deref()).expect("jail name");
        let planned = mounts::plan(&b).expect("mounts");
        let params = jail_params::params(&b, &jail, &b.rootfs, &planned);
        assert_eq!(
            param::find(&params, "persist"),
            Some(&ParamValue::Bool(true)),
            "{name}"
        );
        let may_mount_devfs = b.freebsd.jail.allow.mount.iter().any(|fs| fs == "devfs");
        match param::find(&params, "devfs_ruleset") {
            None => assert!(!may_mount_devfs, "{name}"),
            Some(ParamValue::Int(n)) => {
                assert!(may_mount_devfs && (1..=65535).contains(n), "{name}: {n}")
            }
            Some(other) => panic!("{name}: devfs_ruleset {other:?}"),
        }
    }
}
