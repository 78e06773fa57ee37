//! Linux networking (config-linux.md#namespaces): a network namespace of the
//! container's own, the runtime's inherited, one joined by path. A veth peer moved
//! into the created container's namespace before start, with a TCP exchange in
//! each direction, shows that namespace is the program's. Nothing leaves the
//! machine: peers live on this host, on private 10.199.x.y/30 subnets.

use crate::req;

use std::net::SocketAddr;

use integ_inside::request::{Connect, Exit, Invocation, Listen, Network};
use integ_inside::{Interface, NetworkReport};

use crate::areas::support::common::{expect_exchange, finish_helper, nothing_left};
use crate::areas::support::control;
use crate::harness::net::host_tcp::{self, OneShotServer};
use crate::harness::net::netns::NamedNetns;
use crate::harness::net::netpeer::NetPeer;
use crate::harness::{
    bundle::config, host::command, net::link_watch, CaseResult, Sandbox, Verdict,
};
use crate::{check, check_eq};

cases! {
    own_namespace_has_only_loopback: &[req::LINUX_NETNS_NEW];
    no_entry_shares_host_interfaces: &[req::LINUX_NETNS_INHERIT];
    interface_moved_before_start_is_visible: &[req::LINUX_NETNS_READY_AFTER_CREATE];
    container_connects_to_host: &[req::LINUX_NETNS_READY_AFTER_CREATE];
    host_connects_to_container: &[req::LINUX_NETNS_READY_AFTER_CREATE];
    path_joins_named_namespace: &[req::LINUX_NETNS_PATH];
    missing_path_fails: &[req::LINUX_NAMESPACE_PATH_ERROR];
    path_of_other_type_fails: &[req::LINUX_NAMESPACE_PATH_ERROR];
}

/// What the container sends to the host, and the host to the container.
const CONTAINER_LINE: &str = "jailcheck from the container\n";
const HOST_LINE: &str = "jailcheck from the host\n";
/// The port the container listens on (its address is private to the test).
const CONTAINER_PORT: u16 = 7070;

/// Gives the container a network namespace of its own.
pub fn own_netns(sb: &mut Sandbox) {
    config::set_namespace(&mut sb.config, "network", None);
}

/// The interface called `name` in a report, or a failure saying what was seen.
pub fn interface<'a>(
    r: &'a NetworkReport,
    name: &str,
    why: &str,
) -> Result<&'a Interface, Verdict> {
    r.interfaces.iter().find(|i| i.name == name).ok_or_else(|| {
        Verdict::Fail(format!(
            "no interface {name} in the container ({why}); it sees {:?}",
            names(r)
        ))
    })
}

fn names(r: &NetworkReport) -> Vec<&str> {
    r.interfaces.iter().map(|i| i.name.as_str()).collect()
}

/// Interface names of a brand-new network namespace on this host: `lo`, plus the
/// fallback tunnel devices some kernels put in every namespace (sit0, tunl0, …).
fn fresh_namespace_interfaces() -> Result<Vec<String>, Verdict> {
    let out = command::output("unshare", &["--net", "ip", "-o", "link", "show"])
        .map_err(Verdict::Error)?;
    Ok(out
        .lines()
        .filter_map(|l| l.split(": ").nth(1))
        .map(|n| n.split('@').next().unwrap_or(n).to_string())
        .collect())
}

/// Creates the container, moves the peer's inner end into its network namespace
/// (found through the pid in `state`), starts it; returns the pid.
fn start_with_peer(sb: &mut Sandbox, peer: &NetPeer) -> Result<i32, Verdict> {
    sb.own().create()?;
    let pid = sb.own().pid()?;
    peer.move_into_process(pid)?;
    check!(
        !link_watch::exists(peer.inner_if()),
        "{} is still on the host after moving it to the network namespace of the \
         container process {pid}: that process is in the host's namespace",
        peer.inner_if()
    );
    sb.own().start()?;
    Ok(pid)
}

/// Create must fail (runtime.md#errors) and leave no container behind.
/// `defect` is what makes the bundle wrong; the bundle without it must be accepted
/// first (a positive control).
fn create_must_fail(
    sb: &mut Sandbox,
    what: &str,
    defect: impl FnOnce(&mut Sandbox) -> CaseResult,
) -> CaseResult {
    sb.set_program(&Exit { code: 0 });
    control::create_rejected(sb, what, defect)?;
    nothing_left(sb)
}

fn own_namespace_has_only_loopback(sb: &mut Sandbox) -> CaseResult {
    let marker = NetPeer::create(sb)?;
    let fresh = fresh_namespace_interfaces()?;
    own_netns(sb);
    let r = sb.ask(&Network)?;
    let seen = names(&r);
    check!(
        !seen.contains(&marker.host_if()),
        "the container sees the host's interface {}: it is not in a network namespace of its own",
        marker.host_if()
    );
    let foreign: Vec<&str> = seen
        .iter()
        .copied()
        .filter(|n| !fresh.iter().any(|f| f == n))
        .collect();
    check!(
        foreign.is_empty(),
        "the container sees {foreign:?}, which a new network namespace does not have (it has {fresh:?})"
    );
    check!(
        r.interfaces.iter().any(|i| i.loopback),
        "no loopback interface in the container's network namespace: {seen:?}"
    );
    Ok(())
}

fn no_entry_shares_host_interfaces(sb: &mut Sandbox) -> CaseResult {
    let marker = NetPeer::create(sb)?;
    config::remove_namespace(&mut sb.config, "network");
    let r = sb.ask(&Network)?;
    let seen = interface(
        &r,
        marker.host_if(),
        "a host interface; the container must share the runtime's network namespace",
    )?;
    let want = marker.cidr(marker.host_ip());
    check!(
        seen.addresses.contains(&want),
        "{} in the container lacks the host's address {want}: {:?}",
        marker.host_if(),
        seen.addresses
    );
    Ok(())
}

fn interface_moved_before_start_is_visible(sb: &mut Sandbox) -> CaseResult {
    let peer = NetPeer::create(sb)?;
    own_netns(sb);
    let program = sb.set_program(&Network);
    let pid = start_with_peer(sb, &peer)?;
    let r = finish_helper(sb, pid, &program)?;
    let inner = interface(
        &r,
        peer.inner_if(),
        "moved into the created container's namespace before start",
    )?;
    let want = peer.cidr(peer.inner_ip());
    check!(
        inner.addresses.contains(&want),
        "{} lacks its address {want} in the container: {:?}",
        peer.inner_if(),
        inner.addresses
    );
    check!(
        inner.up,
        "{} is down in the container, though it was set up before start",
        peer.inner_if()
    );
    Ok(())
}

fn container_connects_to_host(sb: &mut Sandbox) -> CaseResult {
    let peer = NetPeer::create(sb)?;
    own_netns(sb);
    let server = OneShotServer::start(peer.host_ip().into(), HOST_LINE, sb.suite().event_timeout)?;
    let program = sb.set_program(&Connect {
        address: server.addr(),
        message: Some(CONTAINER_LINE.into()),
    });
    let pid = start_with_peer(sb, &peer)?;
    let r = finish_helper(sb, pid, &program)?;
    expect_exchange(
        r,
        server,
        (CONTAINER_LINE, HOST_LINE),
        "container",
        peer.inner_if(),
    )
}

fn host_connects_to_container(sb: &mut Sandbox) -> CaseResult {
    let peer = NetPeer::create(sb)?;
    own_netns(sb);
    let (mut ready, fifo) = sb.bundle.ready_fifo("ready")?;
    let address = SocketAddr::from((peer.inner_ip(), CONTAINER_PORT));
    let program = sb.set_program(&Invocation::new(Listen { address }).ready(fifo));
    let pid = start_with_peer(sb, &peer)?;
    ready.watch(pid);
    ready.wait(sb.suite().event_timeout, "listener in the container")?;
    let echoed = host_tcp::exchange(address, HOST_LINE, sb.suite().event_timeout)?;
    check_eq!(
        echoed.as_str(),
        HOST_LINE,
        "what the container's listener echoed"
    );
    let r = finish_helper(sb, pid, &program)?;
    check!(
        r.ok,
        "the container's listener failed: {}",
        r.error.unwrap_or_default()
    );
    check_eq!(
        r.received.as_deref(),
        Some(HOST_LINE),
        "line the container received"
    );
    Ok(())
}

fn path_joins_named_namespace(sb: &mut Sandbox) -> CaseResult {
    let ns = NamedNetns::create(sb)?;
    let peer = NetPeer::create(sb)?;
    peer.move_into_netns(&ns)?;
    config::set_namespace(&mut sb.config, "network", Some(&ns.path()));
    let r = sb.ask(&Network)?;
    let why = format!(
        "it is in the namespace {} the container was to join",
        ns.path()
    );
    let inner = interface(&r, peer.inner_if(), &why)?;
    let want = peer.cidr(peer.inner_ip());
    check!(
        inner.addresses.contains(&want),
        "{} lacks its address {want} in the container: {:?}",
        peer.inner_if(),
        inner.addresses
    );
    check!(
        !names(&r).contains(&peer.host_if()),
        "the container also sees the host's {}: it is in the host's network namespace",
        peer.host_if()
    );
    Ok(())
}

fn missing_path_fails(sb: &mut Sandbox) -> CaseResult {
    let path = sb.dir.join("no-such-netns").display().to_string();
    create_must_fail(
        sb,
        "create with a network namespace path that does not exist",
        |sb| {
            config::set_namespace(&mut sb.config, "network", Some(&path));
            Ok(())
        },
    )
}

fn path_of_other_type_fails(sb: &mut Sandbox) -> CaseResult {
    let path = format!("/proc/{}/ns/uts", std::process::id());
    create_must_fail(
        sb,
        "create with a network entry whose path is a UTS namespace",
        |sb| {
            config::set_namespace(&mut sb.config, "network", Some(&path));
            Ok(())
        },
    )
}
