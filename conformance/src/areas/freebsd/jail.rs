//! The rest of config-freebsd.md#jail and #devices, each with a non-default value,
//! observed from the host (`jls -n`) and from inside (integ-inside), and judged
//! by the pure checks of `freebsd_checks`. Skipped elsewhere by platform.

use crate::req;
use integ_inside::request::{Exit, Identity, Network, Paths, Sysv};
use integ_inside::Request;

use serde_json::{json, Value};

use crate::areas::freebsd::checks::{self as chk, HostParams};
use crate::areas::support::common::finish_helper;
use crate::harness::host::host_needs::{self, Need};
use crate::harness::net::epair::jail_of;
use crate::harness::{host::command, CaseResult, Sandbox, Verdict};

cases! {
    jail_named_after_id: &[req::FREEBSD_JAIL_NAME];
    host_new_names: &[req::FREEBSD_HOST_NEW];
    host_inherit_names: &[req::FREEBSD_HOST_INHERIT];
    ip4_disable_no_ipv4: &[req::FREEBSD_IP4_DISABLE];
    ip6_inherit_sees_host: &[req::FREEBSD_IP6_INHERIT];
    ip6_addr_only_listed: &[req::FREEBSD_IP6_ADDR];
    ip6_disable_no_ipv6: &[req::FREEBSD_IP6_DISABLE];
    vnet_inherit_shares_host: &[req::FREEBSD_VNET_INHERIT];
    parent_makes_child_jail: &[req::FREEBSD_PARENT, req::FREEBSD_CHILDREN_MAX];
    sysvmsg_modes: &[req::FREEBSD_SYSVMSG];
    sysvsem_modes: &[req::FREEBSD_SYSVSEM];
    sysvshm_modes: &[req::FREEBSD_SYSVSHM];
    allow_set_hostname: &[req::FREEBSD_ALLOW_SET_HOSTNAME];
    allow_raw_sockets: &[req::FREEBSD_ALLOW_RAW_SOCKETS];
    allow_chflags: &[req::FREEBSD_ALLOW_CHFLAGS];
    allow_quotas: &[req::FREEBSD_ALLOW_QUOTAS];
    allow_socket_af: &[req::FREEBSD_ALLOW_SOCKET_AF];
    allow_mlock: &[req::FREEBSD_ALLOW_MLOCK];
    allow_reserved_ports: &[req::FREEBSD_ALLOW_RESERVED_PORTS];
    allow_suser_off: &[req::FREEBSD_ALLOW_SUSER];
    devices_unhidden_and_hidden: &[req::FREEBSD_DEVICES];
}

/// The host's view of the container's jail (`jls -n -j JID`) while it exists.
fn host_view(sb: &mut Sandbox) -> Result<HostParams, Verdict> {
    let pid = sb.own().pid()?;
    let jid = jail_of(pid)?;
    let out = command::output("jls", &["-n", "-j", &jid])
        .map_err(|e| Verdict::Error(format!("jls -n -j {jid}: {e}")))?;
    Ok(chk::parse_jls(&out))
}

/// Runs the helper making `request` in a jail configured with `jail`; returns the
/// host's view (taken between create and start) and the helper's reply.
fn observe<R: Request>(
    sb: &mut Sandbox,
    jail: Value,
    request: &R,
) -> Result<(HostParams, R::Reply), Verdict>
where
    R::Reply: serde::de::DeserializeOwned,
{
    sb.config["freebsd"]["jail"] = jail;
    let program = sb.set_program(request);
    sb.own().create()?;
    let params = host_view(sb)?;
    let pid = sb.own().pid()?;
    sb.own().start()?;
    Ok((params, finish_helper(sb, pid, &program)?))
}

/// The host's view only (the container is created, then deleted by the guard).
fn host_only(sb: &mut Sandbox, jail: Value) -> Result<HostParams, Verdict> {
    sb.config["freebsd"]["jail"] = jail;
    sb.set_program(&Exit { code: 0 });
    sb.own().create()?;
    host_view(sb)
}

fn jail_named_after_id(sb: &mut Sandbox) -> CaseResult {
    let p = host_only(sb, json!({}))?;
    chk::named(&p, &sb.id)
}

fn host_new_names(sb: &mut Sandbox) -> CaseResult {
    sb.config["hostname"] = json!("jc-new");
    sb.config["domainname"] = json!("jailcheck.test");
    let (p, r) = observe(sb, json!({ "host": "new" }), &Identity)?;
    chk::host_param(&p, "host", "new")?;
    chk::identity(&r, "jc-new", "jailcheck.test")
}

fn host_inherit_names(sb: &mut Sandbox) -> CaseResult {
    if let Some(c) = sb.config.as_object_mut() {
        c.remove("hostname");
    }
    let want =
        nix::unistd::gethostname().map_err(|e| Verdict::Error(format!("gethostname: {e}")))?;
    let want = want.to_string_lossy().into_owned();
    let (p, r) = observe(sb, json!({ "host": "inherit" }), &Identity)?;
    chk::host_param(&p, "host", "inherit")?;
    crate::check_eq!(
        r.hostname.as_str(),
        want.as_str(),
        "hostname inside a host-inherit jail"
    );
    Ok(())
}

fn ip4_disable_no_ipv4(sb: &mut Sandbox) -> CaseResult {
    let (p, r) = observe(sb, json!({ "ip4": "disable" }), &Network)?;
    chk::host_param(&p, "ip4", "disable")?;
    chk::exactly_addresses(&r, '.', &[])
}

fn ip6_inherit_sees_host(sb: &mut Sandbox) -> CaseResult {
    let (p, r) = observe(sb, json!({ "ip6": "inherit" }), &Network)?;
    chk::host_param(&p, "ip6", "inherit")?;
    chk::sees_address(&r, ':', "::1")
}

fn ip6_addr_only_listed(sb: &mut Sandbox) -> CaseResult {
    let (p, r) = observe(sb, json!({ "ip6": "new", "ip6Addr": ["::1"] }), &Network)?;
    chk::host_param(&p, "ip6.addr", "::1")?;
    chk::exactly_addresses(&r, ':', &["::1"])
}

fn ip6_disable_no_ipv6(sb: &mut Sandbox) -> CaseResult {
    let (p, r) = observe(sb, json!({ "ip6": "disable" }), &Network)?;
    chk::host_param(&p, "ip6", "disable")?;
    chk::exactly_addresses(&r, ':', &[])
}

/// `vnet` "inherit" alone: sys/kern/kern_jail.c (kern_jail_set) refuses any
/// ip4/ip6 parameter on a jail given a `vnet` parameter, whatever its value,
/// so a runtime that passes the fields through as jail(8) parameters must not
/// be asked for both. The interface list needs no address access.
fn vnet_inherit_jail() -> Value {
    json!({ "vnet": "inherit" })
}

fn vnet_inherit_shares_host(sb: &mut Sandbox) -> CaseResult {
    // The vnet jail parameter exists only in a VIMAGE kernel.
    host_needs::require(host_needs::VNET)?;
    let host_ifaces = command::output("ifconfig", &["-l"])
        .map_err(|e| Verdict::Error(format!("ifconfig -l: {e}")))?;
    let names: Vec<String> = host_ifaces.split_whitespace().map(str::to_string).collect();
    let (p, r) = observe(sb, vnet_inherit_jail(), &Network)?;
    chk::host_param(&p, "vnet", "inherit")?;
    chk::sees_interfaces(&r, &names)
}

fn parent_makes_child_jail(sb: &mut Sandbox) -> CaseResult {
    sb.set_program(&Exit { code: 0 });
    let parent = sb.other_id("parent");
    sb.container(&parent).try_create(&[])?.expect_ok()?;
    let parent_pid = crate::harness::sandbox::read_pid_file(&sb.container(&parent).pid_file()?)
        .ok_or_else(|| Verdict::Fail("no pid file for the parent container".into()))?;
    let parent_jid = jail_of(parent_pid)?;
    let child = host_only(sb, json!({ "parent": parent }))?;
    let out = command::output("jls", &["-n", "-j", &parent_jid])
        .map_err(|e| Verdict::Error(format!("jls: {e}")))?;
    chk::child_of(&child, &chk::parse_jls(&out))
}

/// Each of new, inherit and disable for one sysv* field: host parameter and an
/// IPC object created (or refused) inside.
fn sysv_modes(sb: &mut Sandbox, field: &str, needs: &[Need]) -> CaseResult {
    host_needs::require(needs)?;
    let main = sb.id.clone();
    let base = sb.config.clone();
    for mode in ["new", "inherit", "disable"] {
        sb.id = format!("{main}-{mode}");
        sb.config = base.clone();
        let (p, r) = observe(sb, json!({ field: mode }), &Sysv)?;
        chk::host_param(&p, field, mode)?;
        chk::sysv_allowed(&r, field, mode != "disable")?;
    }
    sb.id = main;
    Ok(())
}

fn sysvmsg_modes(sb: &mut Sandbox) -> CaseResult {
    sysv_modes(sb, "sysvmsg", host_needs::SYSVMSG)
}

fn sysvsem_modes(sb: &mut Sandbox) -> CaseResult {
    sysv_modes(sb, "sysvsem", host_needs::SYSVSEM)
}

fn sysvshm_modes(sb: &mut Sandbox) -> CaseResult {
    sysv_modes(sb, "sysvshm", host_needs::SYSVSHM)
}

/// The allow flags a new jail has unless told otherwise (sys/kern/kern_jail.c,
/// JAIL_DEFAULT_ALLOW); the rest start off.
const KERNEL_DEFAULT_ON: &[&str] = &[
    "allow.set_hostname",
    "allow.reserved_ports",
    "allow.unprivileged_proc_debug",
    "allow.suser",
];

/// The value an allow case asks for: the opposite of the kernel's default, so a
/// runtime that ignored the key would show the default and fail.
fn telling_value(param: &str) -> bool {
    !KERNEL_DEFAULT_ON.contains(&param)
}

/// One allow key set against the kernel's default: the jail(8) parameter the host shows.
fn allow_key(sb: &mut Sandbox, key: &str, param: &str) -> CaseResult {
    let value = telling_value(param);
    let p = host_only(sb, json!({ "allow": { key: value } }))?;
    chk::host_param(&p, param, if value { "true" } else { "false" })
}

fn allow_set_hostname(sb: &mut Sandbox) -> CaseResult {
    allow_key(sb, "setHostname", "allow.set_hostname")
}

fn allow_raw_sockets(sb: &mut Sandbox) -> CaseResult {
    allow_key(sb, "rawSockets", "allow.raw_sockets")
}

fn allow_chflags(sb: &mut Sandbox) -> CaseResult {
    allow_key(sb, "chflags", "allow.chflags")
}

fn allow_quotas(sb: &mut Sandbox) -> CaseResult {
    allow_key(sb, "quotas", "allow.quotas")
}

fn allow_socket_af(sb: &mut Sandbox) -> CaseResult {
    allow_key(sb, "socketAf", "allow.socket_af")
}

fn allow_mlock(sb: &mut Sandbox) -> CaseResult {
    allow_key(sb, "mlock", "allow.mlock")
}

fn allow_reserved_ports(sb: &mut Sandbox) -> CaseResult {
    allow_key(sb, "reservedPorts", "allow.reserved_ports")
}

fn allow_suser_off(sb: &mut Sandbox) -> CaseResult {
    allow_key(sb, "suser", "allow.suser")
}

/// The mode asked for /dev/pf: not pf's own 0600 (make_dev in
/// sys/netpfil/pf/pf_ioctl.c pf_load), so a runtime that ignores `mode` fails.
const PF_MODE: u32 = 0o640;

fn devices_unhidden_and_hidden(sb: &mut Sandbox) -> CaseResult {
    host_needs::require(host_needs::PF_DEVICE)?;
    sb.config["freebsd"]["devices"] = json!([{ "path": "pf", "mode": PF_MODE }]);
    crate::harness::bundle::mounts::add(
        &mut sb.config,
        json!({ "destination": "/dev", "type": "devfs", "source": "devfs", "options": ["ruleset=4"] }),
    );
    let r = sb.ask(&Paths {
        paths: vec!["/dev/null".into(), "/dev/pf".into(), "/dev/mem".into()],
    })?;
    chk::path_present(&r, "/dev/null", None)?;
    chk::path_present(&r, "/dev/pf", Some(PF_MODE))?;
    chk::path_absent(&r, "/dev/mem")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Whether a runtime passing `jail` through as jail(8) parameters would
    /// meet kern_jail_set's "vnet jails cannot have IP address restrictions".
    fn vnet_with_ip(jail: &Value) -> bool {
        let has = |k: &str| jail.get(k).is_some();
        has("vnet") && ["ip4", "ip4Addr", "ip6", "ip6Addr"].iter().any(|k| has(k))
    }

    #[test]
    fn allow_cases_ask_against_the_kernel_default() {
        for on in ["allow.set_hostname", "allow.reserved_ports", "allow.suser"] {
            assert!(!telling_value(on), "{on}");
        }
        for off in [
            "allow.raw_sockets",
            "allow.chflags",
            "allow.quotas",
            "allow.socket_af",
            "allow.mlock",
        ] {
            assert!(telling_value(off), "{off}");
        }
    }

    /// pf_load creates /dev/pf with mode 0600 (sys/netpfil/pf/pf_ioctl.c), so
    /// asking for 0600 could not tell a runtime that ignores `mode`.
    #[test]
    fn pf_mode_differs_from_the_kernel_default() {
        const PF_MAKE_DEV_MODE: u32 = 0o600;
        assert_ne!(PF_MODE, PF_MAKE_DEV_MODE);
        assert_eq!(PF_MODE & !0o777, 0, "a permission mode");
    }

    #[test]
    fn vnet_inherit_case_asks_what_the_kernel_accepts() {
        assert!(vnet_with_ip(&json!({"vnet": "inherit", "ip4": "inherit"})));
        let jail = vnet_inherit_jail();
        assert!(!vnet_with_ip(&jail), "{jail}");
        assert_eq!(jail["vnet"], json!("inherit"));
    }
}
