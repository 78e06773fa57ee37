//! FreeBSD jail networking (config-freebsd.md#jail): ip4 inherit and ip4Addr on a
//! loopback clone of the test's own, the `interface` alias, and vnet with an epair
//! whose `b` end the runtime moves in (`vnetInterfaces`). Skipped elsewhere by
//! their requirements' platform.

use integ_inside::{NetReport, NetworkReport};
use serde_json::json;

use super::common::{expect_exchange, finish_helper};
use super::freebsd_checks as chk;
use super::Case;
use crate::check;
use crate::harness::epair::Epair;
use crate::harness::host_tcp::OneShotServer;
use crate::harness::loopback_if::LoopbackIf;
use crate::harness::{link_watch, CaseResult, Sandbox};

/// The FreeBSD network tests.
pub static CASES: &[Case] = &[
    Case {
        name: "ip4_inherit_sees_host_addresses",
        requirements: &["freebsd_ip4_inherit"],
        needs: &[],
        body: ip4_inherit_sees_host_addresses,
    },
    Case {
        name: "ip4_addr_only_listed_addresses",
        requirements: &["freebsd_ip4_addr"],
        needs: &[],
        body: ip4_addr_only_listed_addresses,
    },
    Case {
        name: "interface_alias_for_container_lifetime",
        requirements: &["freebsd_interface_alias"],
        needs: &[],
        body: interface_alias_for_container_lifetime,
    },
    Case {
        name: "vnet_interface_reaches_host",
        requirements: &["freebsd_vnet_interfaces"],
        needs: &[],
        body: vnet_interface_reaches_host,
    },
    Case {
        name: "vnet_interface_returned_after_delete",
        requirements: &[
            "freebsd_vnet_interfaces",
            "freebsd_vnet_interfaces_returned",
        ],
        needs: &[],
        body: vnet_interface_returned_after_delete,
    },
];

const CONTAINER_LINE: &str = "jailcheck from the jail\n";
const HOST_LINE: &str = "jailcheck from the host\n";

fn ip4_inherit_sees_host_addresses(sb: &mut Sandbox) -> CaseResult {
    let lo = LoopbackIf::create(sb)?;
    lo.add_alias()?;
    sb.config["freebsd"]["jail"]["ip4"] = json!("inherit");
    let r: NetworkReport = sb.run_helper(&["network"])?;
    chk::sees_address(&r, '.', &lo.address().to_string())
}

fn ip4_addr_only_listed_addresses(sb: &mut Sandbox) -> CaseResult {
    let lo = LoopbackIf::create(sb)?;
    lo.add_alias()?;
    let want = lo.address().to_string();
    sb.config["freebsd"]["jail"]["ip4"] = json!("new");
    sb.config["freebsd"]["jail"]["ip4Addr"] = json!([want]);
    let r: NetworkReport = sb.run_helper(&["network"])?;
    chk::exactly_addresses(&r, '.', &[&want])
}

fn interface_alias_for_container_lifetime(sb: &mut Sandbox) -> CaseResult {
    let lo = LoopbackIf::create(sb)?;
    let want = lo.address().to_string();
    sb.config["freebsd"]["jail"]["ip4"] = json!("new");
    sb.config["freebsd"]["jail"]["ip4Addr"] = json!([want]);
    sb.config["freebsd"]["jail"]["interface"] = json!(lo.name());
    sb.helper_args(&["network"]);
    sb.create()?;
    chk::alias_on_host(&lo.host_addresses()?, &want, true, "after create")?;
    let pid = sb.pid()?;
    sb.start()?;
    let r: NetworkReport = finish_helper(sb, pid)?;
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
    let target = server.addr().to_string();
    sb.helper_args(&["connect", &target, CONTAINER_LINE]);
    sb.create()?;
    check!(
        !link_watch::exists(epair.b()),
        "{} is still on the host after create: it was not moved into the jail's vnet",
        epair.b()
    );
    let pid = sb.pid()?;
    epair.configure_in_jail_of(pid)?;
    sb.start()?;
    let r: NetReport = finish_helper(sb, pid)?;
    expect_exchange(r, server, (CONTAINER_LINE, HOST_LINE), "jail", epair.b())
}

fn vnet_interface_returned_after_delete(sb: &mut Sandbox) -> CaseResult {
    let epair = Epair::create(sb)?;
    vnet_with(sb, &epair);
    let r: NetworkReport = sb.run_helper(&["network"])?;
    chk::vnet_holds(&r, epair.b(), epair.a())?;
    let timeout = sb.suite().event_timeout;
    check!(
        link_watch::wait_for(epair.b(), true, timeout),
        "{} did not come back to the host within {timeout:?} after delete",
        epair.b()
    );
    Ok(())
}
