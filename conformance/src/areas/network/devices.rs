//! `linux.netDevices` (config-linux.md#network-devices, new in v1.3.0): host
//! interfaces the runtime moves into the container's network namespace, renamed,
//! up, with their global addresses kept. A runtime that cannot do this may refuse
//! the configuration (runtime.md#errors); one that accepts it must do it.

use crate::req;

use integ_inside::request::Network;
use serde_json::{json, Value};

use crate::areas::network::cases::{interface, own_netns};
use crate::areas::support::common::finish_helper;
use crate::check;
use crate::harness::net::netpeer::NetPeer;
use crate::harness::CliFeature;
use crate::harness::{net::link_watch, CaseResult, Sandbox, Verdict};

cases! {
    net_device_moved_renamed_up_with_address: &[req::LINUX_NET_DEVICES];
}

/// The name the device gets inside the container.
const INSIDE_NAME: &str = "jcnet0";

/// Whether the runtime's `features` document claims netDevices support.
fn claims_net_devices(sb: &mut Sandbox) -> Result<bool, Verdict> {
    if !sb.has_cli(CliFeature::Features) {
        return Ok(false);
    }
    let inv = sb.call(&["features"])?;
    let doc: Value = serde_json::from_str(&inv.stdout).unwrap_or(Value::Null);
    Ok(inv.ok() && doc["linux"]["netDevices"]["enabled"] == json!(true))
}

fn net_device_moved_renamed_up_with_address(sb: &mut Sandbox) -> CaseResult {
    let peer = NetPeer::create(sb)?;
    peer.address_inner_on_host()?;
    own_netns(sb);
    sb.config["linux"]["netDevices"] = json!({ peer.inner_if(): { "name": INSIDE_NAME } });
    let program = sb.set_program(&Network);
    let inv = sb.own().try_create(&[])?;
    if !inv.ok() {
        let why = inv.first_error_line().to_string();
        return Err(if claims_net_devices(sb)? {
            Verdict::Fail(format!(
                "create failed although `features` claims netDevices: {why}"
            ))
        } else {
            Verdict::Skip(format!(
                "the runtime refuses linux.netDevices and does not claim it in `features`: {why}"
            ))
        });
    }
    check!(
        !link_watch::exists(peer.inner_if()),
        "{} is still on the host after create: the runtime did not move it",
        peer.inner_if()
    );
    let pid = sb.own().pid()?;
    sb.own().start()?;
    let r = finish_helper(sb, pid, &program)?;
    let why = format!("netDevices entry {} renamed", peer.inner_if());
    let dev = interface(&r, INSIDE_NAME, &why)?;
    check!(
        dev.up,
        "{INSIDE_NAME} is down in the container: the runtime must set it up"
    );
    let want = peer.cidr(peer.inner_ip());
    check!(
        dev.addresses.contains(&want),
        "{INSIDE_NAME} lost its global address {want} in the move: {:?}",
        dev.addresses
    );
    Ok(())
}
