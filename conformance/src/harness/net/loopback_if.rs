//! A loopback interface cloned for one test (FreeBSD: `ifconfig lo create`), to
//! carry the private addresses that jails with `ip4` inherit or `ip4Addr` use. A
//! clone of its own (rather than a shared lo1) lets tests run in parallel. The
//! guard destroys it.

use std::net::Ipv4Addr;

use crate::harness::host::command;
use crate::harness::host::leaks::HostResource;
use crate::harness::net::subnet::Subnet;
use crate::harness::sandbox::Sandbox;
use crate::harness::verdict::Verdict;

/// A cloned loopback interface with one claimed address (not yet configured).
pub struct LoopbackIf {
    name: String,
    address: Ipv4Addr,
}

impl LoopbackIf {
    /// Clones a loopback interface; the sandbox's guard destroys it.
    pub fn create(sb: &mut Sandbox) -> Result<LoopbackIf, Verdict> {
        let subnet = Subnet::claim()?;
        let out = command::output("ifconfig", &["lo", "create"]).map_err(Verdict::Error)?;
        let name = out.trim().to_string();
        if name.is_empty() {
            return Err(Verdict::Error(
                "ifconfig lo create printed no interface name".into(),
            ));
        }
        let address = subnet.host();
        sb.guard.hold(Box::new(Guard {
            name: name.clone(),
            _subnet: subnet,
        }));
        Ok(LoopbackIf { name, address })
    }

    /// The interface's name (`loN`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The address this interface is for.
    pub fn address(&self) -> Ipv4Addr {
        self.address
    }

    /// Adds the address as a /32 alias.
    pub fn add_alias(&self) -> Result<(), Verdict> {
        let cidr = format!("{}/32", self.address());
        command::output("ifconfig", &[&self.name, "inet", &cidr, "alias"])
            .map(drop)
            .map_err(Verdict::Error)
    }

    /// The IPv4 addresses the host sees on the interface.
    pub fn host_addresses(&self) -> Result<Vec<String>, Verdict> {
        let out = command::output("ifconfig", &[&self.name, "inet"]).map_err(Verdict::Error)?;
        Ok(inet_addresses(&out))
    }
}

/// The addresses of the `inet A netmask M` lines of ifconfig's output.
pub fn inet_addresses(ifconfig: &str) -> Vec<String> {
    ifconfig
        .lines()
        .filter_map(|l| l.trim().strip_prefix("inet "))
        .filter_map(|rest| rest.split_whitespace().next())
        .map(str::to_string)
        .collect()
}

/// The guard's handle: destroys the clone (and any alias left on it), then gives
/// the subnet back.
struct Guard {
    name: String,
    _subnet: Subnet,
}

impl HostResource for Guard {
    fn release(&mut self) -> Vec<String> {
        match command::output("ifconfig", &[&self.name, "destroy"]) {
            Ok(_) => Vec::new(),
            Err(e) => vec![format!("cannot destroy {}: {e}", self.name)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_inet_lines_only() {
        let out = "lo3: flags=8049<UP,LOOPBACK,RUNNING,MULTICAST> metric 0 mtu 16384\n\
                   \tinet 10.199.0.1 netmask 0xffffffff\n\
                   \tinet6 fe80::1%lo3 prefixlen 64 scopeid 0x3\n";
        assert_eq!(inet_addresses(out), vec!["10.199.0.1"]);
    }
}
