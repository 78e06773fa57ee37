//! The executor's order and rollback, on fixture plans, with a recording System.

// Tests read back the JSON they check (runtime/clippy.toml gates product code).
#![allow(clippy::disallowed_methods)]

use super::exec::{
    child_room_raises, create, create_container, kill_all, remove, settle, Limits, SysError,
};
use super::plan;
use super::record::RecordingSystem;
use std::path::Path;

fn steps(fixture: &str) -> Vec<super::step::Step> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/freebsd")
        .join(fixture);
    let b = super::fixture_tests::load_dir(&dir);
    plan::create(&b, fixture, &Path::new("/var/run/jailrun").join(fixture))
        .unwrap_or_else(|e| panic!("{fixture}: {e}"))
        .steps
}

/// The recorded calls, with the fixtures directory shortened to `$F`.
fn calls(sys: &RecordingSystem) -> Vec<String> {
    let dir =
        std::fs::canonicalize(Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/freebsd"))
            .map(|p| p.display().to_string())
            .unwrap_or_default();
    sys.calls.iter().map(|c| c.replace(&dir, "$F")).collect()
}

#[test]
fn runs_steps_in_order_and_returns_the_jid() {
    let mut sys = RecordingSystem::new();
    let created = create(&steps("fdescfs"), &mut sys).expect("create");
    assert_eq!(created.jid, 7);
    assert_eq!(
        calls(&sys),
        [
            "devfs rule -s 4 show",
            "mkdir_beneath(\"$F/rootfs\", \"dev\")",
            "mount -t devfs -o ruleset=4 devfs $F/rootfs/dev",
            "check_mount_beneath(\"$F/rootfs\", \"dev\", devfs)",
            "mkdir_beneath(\"$F/rootfs\", \"dev/fd\")",
            "mount -t fdescfs -o linrdlnk fdesc $F/rootfs/dev/fd",
            "check_mount_beneath(\"$F/rootfs\", \"dev/fd\", fdescfs)",
            "jail -i -c name=fdescfs path=$F/rootfs persist=true sysvmsg=new sysvsem=new sysvshm=new enforce_statfs=2",
        ]
    );
}

#[test]
fn a_failed_mount_undoes_the_earlier_mounts_last_first() {
    let mut sys =
        RecordingSystem::new().fail_on(&sys_path("mount -t nullfs -o ro $F/shared/hosts"));
    let e = create(&steps("nullfs"), &mut sys).expect_err("third mount fails");
    assert!(e.rollback.is_empty());
    assert_eq!(
        calls(&sys),
        [
            "mkdir_beneath(\"$F/rootfs\", \"data\")",
            "mount -t nullfs -o ro $F/shared $F/rootfs/data",
            "check_mount_beneath(\"$F/rootfs\", \"data\", nullfs)",
            "mkdir_beneath(\"$F/rootfs\", \"rw\")",
            "mount -t nullfs -o rw,nosuid $F/shared $F/rootfs/rw",
            "check_mount_beneath(\"$F/rootfs\", \"rw\", nullfs)",
            "touch_beneath(\"$F/rootfs\", \"etc/hosts\")",
            "mount -t nullfs -o ro $F/shared/hosts $F/rootfs/etc/hosts",
            "umount -f $F/rootfs/rw",
            "umount -f $F/rootfs/data",
        ]
    );
}

#[test]
fn a_mount_that_did_not_land_there_is_undone() {
    let mut sys =
        RecordingSystem::new().fail_on(&sys_path("check_mount_beneath(\"$F/rootfs\", \"rw\""));
    let e = create(&steps("nullfs"), &mut sys).expect_err("second check fails");
    assert!(e.error.what.starts_with("check_mount_beneath("), "{e}");
    assert_eq!(
        calls(&sys)[4..],
        [
            "mount -t nullfs -o rw,nosuid $F/shared $F/rootfs/rw",
            "check_mount_beneath(\"$F/rootfs\", \"rw\", nullfs)",
            "umount -f $F/rootfs/rw",
            "umount -f $F/rootfs/data",
        ]
    );
}

#[test]
fn a_spawn_error_names_the_container_process_once() {
    let mut sys = RecordingSystem::new();
    let e = create_container(&steps("allow-all"), &mut sys, |_| {
        Err::<i32, _>(std::io::Error::other(
            "container process: chdir(\"/x\"): No such file or directory",
        ))
    })
    .expect_err("process fails");
    assert_eq!(
        e.to_string(),
        "container process: chdir(\"/x\"): No such file or directory"
    );
}

#[test]
fn a_failed_container_process_removes_the_jail_then_the_mounts() {
    let mut sys = RecordingSystem::new();
    let e = create_container(&steps("allow-all"), &mut sys, |jid| {
        Err::<i32, _>(std::io::Error::other(format!(
            "container process: jail_attach({jid}): Operation not permitted"
        )))
    })
    .expect_err("process fails");
    assert_eq!(
        e.to_string(),
        "container process: jail_attach(7): Operation not permitted"
    );
    let calls = calls(&sys);
    assert_eq!(
        calls[calls.len() - 2..],
        ["jail -R allow-all", "umount -f $F/rootfs/dev"]
    );
}

#[test]
fn vnet_interfaces_are_returned_before_the_jail_goes() {
    let mut sys = RecordingSystem::new();
    let e = create_container(&steps("vnet"), &mut sys, |_| {
        Err::<i32, _>(std::io::Error::other("no"))
    });
    assert!(e.is_err());
    assert_eq!(
        calls(&sys)[1..],
        [
            "ifconfig epair0b -vnet vnet",
            "ifconfig epair1b -vnet vnet",
            "jail -R vnet",
        ]
    );
}

#[test]
fn a_failed_jail_create_unmounts_and_reports_failed_undos() {
    let mut sys = RecordingSystem::new()
        .fail_on("jail -i -c")
        .fail_on("umount -f");
    let e = create(&steps("tmpfs"), &mut sys).expect_err("jail -c fails");
    assert_eq!(e.rollback.len(), 1);
    let msg = e.to_string();
    assert!(msg.starts_with("jail -i -c name=tmpfs "), "{msg}");
    assert!(msg.contains("; rollback failed: umount -f "), "{msg}");
}

#[test]
fn removal_goes_on_past_failures_and_removes_aliases_after_the_jail() {
    let mut sys = RecordingSystem::new().fail_on("jail -R");
    let removal = plan::removal(&steps("ip4-new"));
    let e = remove(&removal, &mut sys).expect_err("jail -R fails");
    assert_eq!(e.0.len(), 1);
    assert_eq!(
        calls(&sys),
        [
            "jail -R ip4-new",
            "jail_exists(ip4-new)",
            "ifconfig lo1 inet 10.11.12.13 -alias",
            "ifconfig lo1 inet 10.11.12.14 -alias",
        ]
    );
}

/// A parent container's delete removed its child's jail (jail(8) -r removes
/// children) and gave back its vnet interfaces: the child's own removal
/// steps then fail on a jail that is gone, and are done, not kept.
#[test]
fn removal_steps_on_a_jail_that_is_gone_are_done() {
    let removal = plan::removal(&steps("vnet"));
    let mut sys = RecordingSystem::new()
        .fail_on("jail -R")
        .fail_on("ifconfig")
        .reply("jail_exists(vnet)", "no");
    remove(&removal, &mut sys).expect("nothing left to do");
    assert_eq!(
        calls(&sys),
        [
            "ifconfig epair0b -vnet vnet",
            "jail_exists(vnet)",
            "ifconfig epair1b -vnet vnet",
            "jail_exists(vnet)",
            "jail -R vnet",
            "jail_exists(vnet)",
        ]
    );
    // While the jail exists, the failure stands.
    let mut sys = RecordingSystem::new().fail_on("jail -R");
    let e = remove(&removal, &mut sys).expect_err("the jail is still there");
    assert_eq!(e.to_string(), "jail -R vnet: failed (recorded)");
}

#[test]
fn a_failed_step_is_kept_unless_its_jail_is_known_to_be_gone() {
    let failed = || SysError {
        what: "jail -R pod1.web1".into(),
        why: "jail \"pod1.web1\" not found".into(),
    };
    assert_eq!(settle(failed(), Some(Ok(false))), Ok(()));
    assert_eq!(settle(failed(), Some(Ok(true))), Err(failed()));
    assert_eq!(settle(failed(), None), Err(failed()));
    let lookup = SysError {
        what: "jail_get(name pod1.web1)".into(),
        why: "Operation not permitted".into(),
    };
    let e = settle(failed(), Some(Err(lookup))).expect_err("unknown");
    assert_eq!(
        e.to_string(),
        "jail -R pod1.web1: jail \"pod1.web1\" not found; and the jail could not be looked up: jail_get(name pod1.web1): Operation not permitted"
    );
}

#[test]
fn room_for_a_child_is_made_only_when_needed() {
    let mut sys = RecordingSystem::new().reply("jls -j pod1", "2 2\n");
    create(&steps("parent"), &mut sys).expect("create");
    assert_eq!(
        calls(&sys)[..2],
        [
            "jls -j pod1 children.cur children.max",
            "jail -m name=pod1 children.max=3"
        ]
    );
    let mut sys = RecordingSystem::new().reply("jls -j pod1", "1 5\n");
    create(&steps("parent"), &mut sys).expect("create");
    assert!(calls(&sys)[1].starts_with("jail -i -c name=pod1.parent "));
    let mut sys = RecordingSystem::new().reply("jls -j pod1", "nope\n");
    let e = create(&steps("parent"), &mut sys).expect_err("bad jls output");
    assert_eq!(
        e.to_string(),
        "jls -j pod1 children.cur children.max: printed \"nope\", not two numbers"
    );
}

/// kern_jail_set refuses a jail's children.max unless it is below its
/// parent's: under `a.b`, `a` is raised first when it would not be above.
#[test]
fn room_under_a_nested_parent_raises_the_enclosing_jails_first() {
    let limits = |name, cur, max| Limits { name, cur, max };
    // a.b holds 2 of at most 2; a allows 2: b needs 3, so a needs 4, set first.
    let chain = [limits("a", 3, 2), limits("a.b", 2, 2)];
    assert_eq!(
        child_room_raises(&chain),
        [("a".to_string(), 4), ("a.b".to_string(), 3)]
    );
    // a is already above what b needs: only b.
    let chain = [limits("a", 3, 9), limits("a.b", 2, 2)];
    assert_eq!(child_room_raises(&chain), [("a.b".to_string(), 3)]);
    // Room enough: nothing, whatever the enclosing jails allow.
    let chain = [limits("a", 1, 0), limits("a.b", 0, 5)];
    assert!(child_room_raises(&chain).is_empty());
    // Three levels, all full.
    let chain = [
        limits("a", 2, 1),
        limits("a.b", 1, 1),
        limits("a.b.c", 0, 0),
    ];
    assert_eq!(
        child_room_raises(&chain),
        [
            ("a".to_string(), 3),
            ("a.b".to_string(), 2),
            ("a.b.c".to_string(), 1)
        ]
    );
}

#[test]
fn room_under_a_nested_parent_is_made_through_jls_and_jail_m() {
    let mut sys = RecordingSystem::new()
        .reply("jls -j pod1.web1 ", "0 0\n")
        .reply("jls -j pod1 ", "1 1\n");
    run_room_for_child("pod1.web1", &mut sys).expect("room made");
    assert_eq!(
        calls(&sys),
        [
            "jls -j pod1 children.cur children.max",
            "jls -j pod1.web1 children.cur children.max",
            "jail -m name=pod1 children.max=2",
            "jail -m name=pod1.web1 children.max=1",
        ]
    );
}

#[test]
fn create_needs_a_jid() {
    let mut sys = RecordingSystem::default();
    let e = create(&steps("minimal"), &mut sys).expect_err("no jid printed");
    assert!(e.to_string().ends_with(": printed \"\", not a jid"), "{e}");
}

#[test]
fn kill_all_attaches_by_jid() {
    let mut sys = RecordingSystem::new().reply("jls -j web1 jid", "12\n");
    assert_eq!(kill_all("web1", 15, &mut sys), Ok(true));
    assert_eq!(
        sys.calls,
        ["jls -j web1 jid", "kill_all(jid 12, signal 15)"]
    );
}

fn sys_path(line: &str) -> String {
    let dir =
        std::fs::canonicalize(Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/freebsd"))
            .map(|p| p.display().to_string())
            .unwrap_or_default();
    line.replace("$F", &dir)
}

#[test]
fn removal_plans_survive_a_round_trip_through_json() {
    let removal = plan::removal(&steps("vnet"));
    let json = serde_json::to_string(&removal).expect("serialize");
    let back: Vec<super::step::Step> = serde_json::from_str(&json).expect("deserialize");
    assert_eq!(back, removal);
}

/// An `allow.mount` entry goes to `jail -c` unchecked: libjail's
/// jailparam_type kldloads the file system of an unknown `allow.mount.<fs>`
/// and asks again (kldload_param), so a pre-check against the loaded modules
/// would refuse what jail(8) accepts. When jail(8) still refuses, its message
/// is passed on and the mounts are undone.
#[test]
fn an_allow_mount_entry_is_left_to_jail8_and_its_refusal_undoes_mounts() {
    let plan = steps("allow-all");
    let mut sys = RecordingSystem::new();
    create(&plan, &mut sys).expect("created");
    let made = calls(&sys);
    assert!(!made.iter().any(|c| c.starts_with("sysctl")), "{made:?}");
    let jail_c = made
        .iter()
        .find(|c| c.starts_with("jail -i -c"))
        .expect("jail -c");
    assert!(jail_c.contains("allow.mount.tmpfs"), "{jail_c}");
    let mut sys = RecordingSystem::new().fail_on("jail -i -c");
    let e = create(&plan, &mut sys).expect_err("jail -c refuses");
    assert!(e.to_string().starts_with("jail -i -c "), "{e}");
    assert_eq!(
        calls(&sys).last().map(String::as_str),
        Some("umount -f $F/rootfs/dev")
    );
}

/// A devfs ruleset the host does not have would be created empty by the mount
/// and hide nothing (sys/fs/devfs/devfs_rule.c, devfs_ruleset_use): create
/// asks `devfs rule -s 4 show` first and stops, naming the ruleset, before
/// anything is mounted.
#[test]
fn a_devfs_ruleset_without_rules_stops_create_before_any_mount() {
    let plan = steps("allow-all");
    let mut sys = RecordingSystem::new().reply("devfs rule -s 4 show", "\n");
    let e = create(&plan, &mut sys).expect_err("ruleset 4 is empty");
    assert!(
        e.to_string()
            .starts_with("devfs ruleset 4: this host has no rules in it"),
        "{e}"
    );
    assert_eq!(calls(&sys), ["devfs rule -s 4 show"]);
    let mut sys = RecordingSystem::new();
    create(&plan, &mut sys).expect("ruleset 4 has rules");
    assert_eq!(
        calls(&sys).first().map(String::as_str),
        Some("devfs rule -s 4 show")
    );
}

/// A jail an older jailrun named `*` (or `-x`) is removed by its jid: `jail -R *`
/// would remove every jail on the host (usr.sbin/jail/state.c, start_state).
#[test]
fn a_recorded_wildcard_name_is_removed_by_jid_not_by_name() {
    let name = super::name::JailName::from_planned("*");
    let mut sys = RecordingSystem::new().reply("jls -j '*' jid", "12\n");
    remove(&[super::step::Step::RemoveJail { name }], &mut sys).expect("removed");
    assert_eq!(calls(&sys), ["jls -j '*' jid", "jail -R 12"]);
    let mut sys = RecordingSystem::new();
    let name = super::name::JailName::from_planned("web1");
    remove(&[super::step::Step::RemoveJail { name }], &mut sys).expect("removed");
    assert_eq!(calls(&sys), ["jail -R web1"]);
}

/// Runs one `RoomForChild` step through `create`'s executor.
fn run_room_for_child(parent: &str, sys: &mut RecordingSystem) -> Result<(), String> {
    let step = super::step::Step::RoomForChild {
        parent: parent.to_string(),
    };
    // A plan of this step alone has no jail -c: create runs it, then says so.
    match create(&[step], sys) {
        Err(e) if e.error.why == "the plan has no jail -c step" => Ok(()),
        Err(e) => Err(e.to_string()),
        Ok(_) => Err("a plan without jail -c made a jail".into()),
    }
}
