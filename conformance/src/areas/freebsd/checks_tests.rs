//! Each FreeBSD check against a good and a bad synthetic observation.

use super::*;
use integ_inside::{Interface, MountEntry, PathEntry};

fn jail(jailed: bool, params: &[(&str, &str)]) -> JailReport {
    JailReport {
        os: "FreeBSD".into(),
        jailed,
        params: params
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    }
}

fn net(ifaces: &[(&str, &[&str])]) -> NetworkReport {
    NetworkReport {
        interfaces: ifaces
            .iter()
            .map(|(name, addrs)| Interface {
                name: name.to_string(),
                up: true,
                loopback: name.starts_with("lo"),
                addresses: addrs.iter().map(|a| a.to_string()).collect(),
            })
            .collect(),
    }
}

fn attempt(ok: bool) -> IpcAttempt {
    IpcAttempt {
        ok,
        errno: (!ok).then_some(libc::ENOSYS),
    }
}

fn paths(entries: &[(&str, Option<u32>)]) -> PathsReport {
    PathsReport {
        entries: entries
            .iter()
            .map(|(p, mode)| PathEntry {
                path: p.to_string(),
                exists: mode.is_some(),
                mode: *mode,
                errno: None,
            })
            .collect(),
    }
}

const JLS: &str = r#"jid=3 name=web1 path=/b/rootfs host.hostname="a b" parent=0 children.max=0 enforce_statfs=2 allow.set_hostname allow.noraw_sockets allow.mount.tmpfs allow.nomlock vnet=new sysvmsg=disable"#;

#[test]
fn parse_jls_reads_values_quotes_and_booleans() {
    let p = parse_jls(JLS);
    assert_eq!(p["jid"], "3");
    assert_eq!(p["host.hostname"], "a b");
    assert_eq!(p["allow.set_hostname"], "true");
    assert_eq!(p["allow.raw_sockets"], "false");
    assert_eq!(p["allow.mount.tmpfs"], "true");
    assert_eq!(p["allow.mlock"], "false");
}

#[test]
fn host_param_good_and_bad() {
    let p = parse_jls(JLS);
    assert!(host_param(&p, "allow.set_hostname", "true").is_ok());
    assert!(host_param(&p, "allow.raw_sockets", "true").is_err());
    assert!(host_param(&p, "sysvmsg", "disable").is_ok());
    assert!(host_param(&p, "sysvshm", "new").is_err());
}

#[test]
fn inside_param_good_and_bad() {
    let r = jail(true, &[("enforce_statfs", "1")]);
    assert!(inside_param(&r, "enforce_statfs", "1").is_ok());
    assert!(inside_param(&r, "enforce_statfs", "2").is_err());
    assert!(inside_param(&r, "allow_raw_sockets", "0").is_err());
}

#[test]
fn jailed_good_and_bad() {
    assert!(jailed(&jail(true, &[])).is_ok());
    assert!(jailed(&jail(false, &[])).is_err());
}

#[test]
fn named_good_and_bad() {
    let p = parse_jls(JLS);
    assert!(named(&p, "web1").is_ok());
    assert!(named(&parse_jls("name=parent.web1"), "web1").is_ok());
    assert!(named(&p, "web2").is_err());
    assert!(named(&parse_jls("name=3"), "web1").is_err());
}

#[test]
fn child_of_good_and_bad() {
    let parent = parse_jls("jid=7 name=p children.max=1");
    assert!(child_of(&parse_jls("jid=8 name=p.c parent=7"), &parent).is_ok());
    assert!(child_of(&parse_jls("jid=8 name=c parent=0"), &parent).is_err());
    let closed = parse_jls("jid=7 name=p children.max=0");
    assert!(child_of(&parse_jls("jid=8 name=p.c parent=7"), &closed).is_err());
}

#[test]
fn addresses_good_and_bad() {
    let r = net(&[
        ("lo0", &["127.0.0.1/8", "::1/128", "fe80::1%lo0/64"]),
        ("lo9", &["10.9.0.2/32"]),
    ]);
    assert!(exactly_addresses(&r, '.', &["127.0.0.1", "10.9.0.2"]).is_ok());
    assert!(exactly_addresses(&r, '.', &["10.9.0.2"]).is_err());
    assert!(exactly_addresses(&net(&[("lo0", &["::1/128"])]), '.', &[]).is_ok());
    assert!(exactly_addresses(&r, ':', &[]).is_err());
    assert!(sees_address(&r, ':', "::1").is_ok());
    assert!(sees_address(&r, ':', "fd00::1").is_err());
}

#[test]
fn sees_interfaces_good_and_bad() {
    let r = net(&[("lo0", &[]), ("em0", &[])]);
    assert!(sees_interfaces(&r, &["em0".into()]).is_ok());
    assert!(sees_interfaces(&net(&[("lo0", &[])]), &["em0".into()]).is_err());
}

#[test]
fn identity_good_and_bad() {
    let r = IdentityReport {
        hostname: "h".into(),
        domainname: "d.test".into(),
    };
    assert!(identity(&r, "h", "d.test").is_ok());
    assert!(identity(&r, "host", "d.test").is_err());
    assert!(identity(&r, "h", "").is_err());
}

#[test]
fn sysv_allowed_good_and_bad() {
    let r = SysvReport {
        msg: attempt(false),
        sem: attempt(true),
        shm: attempt(true),
    };
    assert!(sysv_allowed(&r, "sysvmsg", false).is_ok());
    assert!(sysv_allowed(&r, "sysvmsg", true).is_err());
    assert!(sysv_allowed(&r, "sysvsem", true).is_ok());
    assert!(sysv_allowed(&r, "sysvshm", false).is_err());
}

#[test]
fn paths_good_and_bad() {
    let r = paths(&[
        ("/dev/null", Some(0o666)),
        ("/dev/pf", Some(0o700)),
        ("/dev/mem", None),
    ]);
    assert!(path_present(&r, "/dev/pf", Some(0o700)).is_ok());
    assert!(path_present(&r, "/dev/pf", Some(0o600)).is_err());
    assert!(path_present(&r, "/dev/mem", None).is_err());
    assert!(path_absent(&r, "/dev/mem").is_ok());
    assert!(path_absent(&r, "/dev/null").is_err());
}

#[test]
fn jail_exists_good_and_bad() {
    assert!(jail_exists(true, true, "3", "before delete").is_ok());
    assert!(jail_exists(false, true, "3", "before delete").is_err());
    assert!(jail_exists(false, false, "3", "after delete").is_ok());
    assert!(jail_exists(true, false, "3", "after delete").is_err());
}

#[test]
fn mount_type_good_and_bad() {
    let m = |target: &str, fstype: &str| MountEntry {
        source: fstype.into(),
        target: target.into(),
        fstype: fstype.into(),
        options: vec![],
    };
    let r = MountsReport {
        mounts: vec![m("/dev", "devfs"), m("/dev/fd", "fdescfs")],
    };
    assert!(mount_type(&r, "/dev/fd", "fdescfs").is_ok());
    assert!(mount_type(&r, "/dev/fd", "devfs").is_err());
    assert!(mount_type(&r, "/proc", "procfs").is_err());
}

#[test]
fn write_refused_good_and_bad() {
    let w = |ok: bool, errno: Option<i32>| WriteReport {
        path: "/x".into(),
        ok,
        errno,
        error: None,
    };
    assert!(write_refused(&w(false, Some(libc::EROFS)), libc::EROFS).is_ok());
    assert!(write_refused(&w(true, None), libc::EROFS).is_err());
    assert!(write_refused(&w(false, Some(libc::EACCES)), libc::EROFS).is_err());
}

#[test]
fn proc_status_good_and_bad() {
    let good = format!("{} 42 1 42 42 - ctty", integ_inside::HELPER_NAME);
    assert!(proc_status_of_helper(&good).is_ok());
    assert!(proc_status_of_helper("sh 42 1 42").is_err());
}

#[test]
fn alias_on_host_good_and_bad() {
    let addrs = vec!["10.9.0.2".to_string()];
    assert!(alias_on_host(&addrs, "10.9.0.2", true, "after create").is_ok());
    assert!(alias_on_host(&addrs, "10.9.0.2", false, "after delete").is_err());
    assert!(alias_on_host(&[], "10.9.0.2", false, "after delete").is_ok());
    assert!(alias_on_host(&[], "10.9.0.2", true, "after create").is_err());
}

#[test]
fn vnet_holds_good_and_bad() {
    assert!(vnet_holds(
        &net(&[("lo0", &[]), ("epair3b", &[])]),
        "epair3b",
        "epair3a"
    )
    .is_ok());
    assert!(vnet_holds(&net(&[("lo0", &[])]), "epair3b", "epair3a").is_err());
    assert!(vnet_holds(
        &net(&[("epair3b", &[]), ("epair3a", &[])]),
        "epair3b",
        "epair3a"
    )
    .is_err());
}

/// share/man/man5/fdescfs.5: devfs alone already has /dev/fd/0, 1 and 2, so the
/// fdescfs case looks at the type of the /dev/fd mount: a jail with devfs on
/// /dev and no fdescfs fails it.
#[test]
fn fdescfs_is_told_from_devfs_alone() {
    let devfs_only = MountsReport {
        mounts: vec![MountEntry {
            source: "devfs".into(),
            target: "/dev".into(),
            fstype: "devfs".into(),
            options: vec![],
        }],
    };
    assert!(mount_type(&devfs_only, "/dev/fd", "fdescfs").is_err());
}

/// sys/net/rtsock.c sysctl_iflist lists every interface of a shared stack and
/// filters only addresses (prison_if): a jail with the host's vnet and no
/// address access (no ip4/ip6 parameter) still sees the names, so the check
/// asks for names and passes with no addresses at all.
#[test]
fn shared_stack_interfaces_are_seen_without_addresses() {
    let r = net(&[("lo0", &[]), ("em0", &[])]);
    assert!(sees_interfaces(&r, &["lo0".into(), "em0".into()]).is_ok());
    assert!(sees_interfaces(&r, &["em1".into()]).is_err());
}
