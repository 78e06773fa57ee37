//! FreeBSD jail networking (config-freebsd.md#jail): ip4 inherit and ip4Addr on a
//! loopback clone of the test's own, the `interface` alias, and vnet with an epair
//! whose `b` end the runtime moves in (`vnetInterfaces`). Skipped elsewhere by
//! their requirements' platform.

use crate::req;

use integ_inside::request::{Connect, Network};
use serde_json::json;

use crate::areas::freebsd::checks as chk;
use crate::areas::support::common::{expect_exchange, finish_helper};
use crate::check;
use crate::harness::net::epair::Epair;
use crate::harness::net::host_tcp::OneShotServer;
use crate::harness::net::loopback_if::LoopbackIf;
use crate::harness::{net::link_watch, CaseResult, Sandbox};

cases! {
    ip4_inherit_sees_host_addresses: &[req::FREEBSD_IP4_INHERIT];
    ip4_addr_only_listed_addresses: &[req::FREEBSD_IP4_ADDR];
    interface_alias_for_container_lifetime: &[req::FREEBSD_INTERFACE_ALIAS];
    vnet_interface_reaches_host: &[req::FREEBSD_VNET_INTERFACES];
    vnet_interface_returned_after_delete: &[req::FREEBSD_VNET_INTERFACES, req::FREEBSD_VNET_INTERFACES_RETURNED];
}

const CONTAINER_LINE: &str = "jailcheck from the jail\n";
const HOST_LINE: &str = "jailcheck from the host\n";

fn ip4_inherit_sees_host_addresses(sb: &mut Sandbox) -> CaseResult {
    let lo = LoopbackIf::create(sb)?;
    lo.add_alias()?;
    sb.config["freebsd"]["jail"]["ip4"] = json!("inherit");
    let r = sb.ask(&Network)?;
    chk::sees_address(&r, '.', &lo.address().to_string())
}

fn ip4_addr_only_listed_addresses(sb: &mut Sandbox) -> CaseResult {
    let lo = LoopbackIf::create(sb)?;
    lo.add_alias()?;
    let want = lo.address().to_string();
    sb.config["freebsd"]["jail"]["ip4"] = json!("new");
    sb.config["freebsd"]["jail"]["ip4Addr"] = json!([want]);
    let r = sb.ask(&Network)?;
    chk::exactly_addresses(&r, '.', &[&want])
}

fn interface_alias_for_container_lifetime(sb: &mut Sandbox) -> CaseResult {
    let lo = LoopbackIf::create(sb)?;
    let want = lo.address().to_string();
    sb.config["freebsd"]["jail"]["ip4"] = json!("new");
    sb.config["freebsd"]["jail"]["ip4Addr"] = json!([want]);
    sb.config["freebsd"]["jail"]["interface"] = json!(lo.name());
    let program = sb.set_program(&Network);
    sb.own().create()?;
    chk::alias_on_host(&lo.host_addresses()?, &want, true, "after create")?;
    let pid = sb.own().pid()?;
    sb.own().start()?;
    let r = finish_helper(sb, pid, &program)?;
    chk::sees_address(&r, '.', &want)?;
    chk::alias_on_host(&lo.host_addresses()?, &want, false, "after delete")
}

/// Gives the jail a vnet of its own holding the epair's `b` end.
fn vnet_with(sb: &mut Sandbox, epair: &Epair) {
    sb.config["freebsd"]["jail"]["vnet"] = json!("new");
    sb.config["freebsd"]["jail"]["vnetInterfaces"] = json!([epair.b()]);
}

fn vnet_interface_reaches_host(sb: &mut Sandbox) -> CaseResult {
    let epair = Epair::create(sb)?;
    vnet_with(sb, &epair);
    let server = OneShotServer::start(epair.host_ip().into(), HOST_LINE, sb.suite().event_timeout)?;
    let program = sb.set_program(&Connect {
        address: server.addr(),
        message: Some(CONTAINER_LINE.into()),
    });
    sb.own().create()?;
    check!(
        !link_watch::exists(epair.b()),
        "{} is still on the host after create: it was not moved into the jail's vnet",
        epair.b()
    );
    let pid = sb.own().pid()?;
    epair.configure_in_jail_of(pid)?;
    sb.own().start()?;
    let r = finish_helper(sb, pid, &program)?;
    expect_exchange(r, server, (CONTAINER_LINE, HOST_LINE), "jail", epair.b())
}

fn vnet_interface_returned_after_delete(sb: &mut Sandbox) -> CaseResult {
    let epair = Epair::create(sb)?;
    vnet_with(sb, &epair);
    let r = sb.ask(&Network)?;
    chk::vnet_holds(&r, epair.b(), epair.a())?;
    let timeout = sb.suite().event_timeout;
    check!(
        link_watch::wait_for(epair.b(), true, timeout),
        "{} did not come back to the host within {timeout:?} after delete",
        epair.b()
    );
    Ok(())
}
