//! An epair (FreeBSD) for vnet tests: the `a` end stays on the host with the
//! subnet's first address; the `b` end is given to the runtime in
//! `freebsd.jail.vnetInterfaces` and configured from the host inside the jail's
//! vnet (`ifconfig -j JID`). The guard checks that `b` came back to the host after
//! delete, then destroys the pair.

use std::net::Ipv4Addr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::harness::host::command;
use crate::harness::host::host_needs;
use crate::harness::host::leaks::HostResource;
use crate::harness::net::link_watch;
use crate::harness::net::subnet::Subnet;
use crate::harness::sandbox::Sandbox;
use crate::harness::verdict::Verdict;

/// One epair; clones share it (the test keeps one, the guard another).
#[derive(Clone)]
pub struct Epair {
    pair: Arc<Pair>,
}

struct Pair {
    a: String,
    b: String,
    subnet: Subnet,
    released: AtomicBool,
    /// How long the guard waits for `b` to come back from a removed jail.
    return_timeout: Duration,
}

impl Epair {
    /// Creates the pair, the `a` end up with the subnet's first address; the
    /// sandbox's guard destroys it.
    pub fn create(sb: &mut Sandbox) -> Result<Epair, Verdict> {
        host_needs::require(host_needs::VNET_EPAIR)?;
        let subnet = Subnet::claim()?;
        let out = command::output("ifconfig", &["epair", "create"]).map_err(Verdict::Error)?;
        let a = out.trim().to_string();
        let Some(stem) = a.strip_suffix('a') else {
            return Err(Verdict::Error(format!(
                "ifconfig epair create printed {a:?}, not an epairNa name"
            )));
        };
        let epair = Epair {
            pair: Arc::new(Pair {
                b: format!("{stem}b"),
                a: a.clone(),
                subnet,
                released: AtomicBool::new(false),
                return_timeout: sb.suite().event_timeout,
            }),
        };
        sb.guard.hold(Box::new(epair.clone()));
        let cidr = format!("{}/{}", epair.host_ip(), Subnet::PREFIX);
        ifconfig(&[&a, "inet", &cidr, "up"])?;
        Ok(epair)
    }

    /// The host end.
    pub fn a(&self) -> &str {
        &self.pair.a
    }

    /// The end that goes into the jail.
    pub fn b(&self) -> &str {
        &self.pair.b
    }

    /// The host end's address.
    pub fn host_ip(&self) -> Ipv4Addr {
        self.pair.subnet.host()
    }

    /// The jail end's address.
    pub fn jail_ip(&self) -> Ipv4Addr {
        self.pair.subnet.peer()
    }

    /// Configures `b` inside the vnet of the jail that process `pid` runs in: its
    /// address, up. Needs `b` to be there already (the runtime moved it on create).
    /// Skipped, not failed, on a host whose ifconfig(8) has no `-j`.
    pub fn configure_in_jail_of(&self, pid: i32) -> Result<(), Verdict> {
        if !host_ifconfig_takes_jail() {
            return Err(Verdict::Skip(
                "host ifconfig lacks -j (it configures the interface inside the jail's vnet)"
                    .into(),
            ));
        }
        let jid = jail_of(pid)?;
        let cidr = format!("{}/{}", self.jail_ip(), Subnet::PREFIX);
        command::output("ifconfig", &["-j", &jid, self.b(), "inet", &cidr, "up"])
            .map(drop)
            .map_err(|e| {
                Verdict::Fail(format!(
                    "{} is not usable in the jail's vnet (was it moved there?): {e}",
                    self.b()
                ))
            })
    }
}

/// Whether this host's ifconfig(8) takes `-j jail`, asked once. `-j` is not in
/// every ifconfig (freebsd-src sbin/ifconfig/ifconfig.c: the getopt string of
/// older versions is "G:adf:klmnuv", of newer ones "G:adDf:j:klmnuv"), so it
/// is probed rather than assumed: see [`takes_jail_option`].
fn host_ifconfig_takes_jail() -> bool {
    static TAKES: OnceLock<bool> = OnceLock::new();
    *TAKES.get_or_init(|| {
        let printed = match command::output("ifconfig", &["-j"]) {
            Ok(out) | Err(out) => out,
        };
        takes_jail_option(&printed)
    })
}

/// Reads what `ifconfig -j` (no jail given) printed: getopt(3) says "option
/// requires an argument -- j" when `j:` is in the option string and "illegal
/// option -- j" when not (freebsd-src lib/libc/stdlib/getopt.c), and the
/// usage that follows lists `[-j jail]` where it exists.
fn takes_jail_option(printed: &str) -> bool {
    printed.contains("option requires an argument -- j") || printed.contains("[-j jail]")
}

/// The JID of the jail process `pid` runs in; 0 (the host) is the runtime's failure.
pub fn jail_of(pid: i32) -> Result<String, Verdict> {
    let out =
        command::output("ps", &["-o", "jid=", "-p", &pid.to_string()]).map_err(Verdict::Error)?;
    let jid = out.trim().to_string();
    if jid.is_empty() || jid == "0" {
        return Err(Verdict::Fail(format!(
            "container process {pid} is not in a jail (jid {jid:?})"
        )));
    }
    Ok(jid)
}

impl HostResource for Epair {
    fn release(&mut self) -> Vec<String> {
        let p = &self.pair;
        if p.released.swap(true, Ordering::SeqCst) {
            return Vec::new();
        }
        let mut leaks = Vec::new();
        if !link_watch::wait_for(&p.b, true, p.return_timeout) {
            leaks.push(format!(
                "{} did not come back to the host within {:?} after delete",
                p.b, p.return_timeout
            ));
        }
        if let Err(e) = ifconfig(&[&p.a, "destroy"]) {
            leaks.push(format!("cannot destroy {}: {e}", p.a));
        }
        leaks
    }
}

impl Drop for Pair {
    /// The safety net when the guard never ran: destroying one end removes both.
    fn drop(&mut self) {
        if !self.released.load(Ordering::SeqCst) {
            let _ = command::output("ifconfig", &[&self.a, "destroy"]);
        }
    }
}

/// Runs `ifconfig ARGS…` on the host; a failure is the harness's.
fn ifconfig(args: &[&str]) -> Result<(), Verdict> {
    command::output("ifconfig", args)
        .map(drop)
        .map_err(Verdict::Error)
}

#[cfg(test)]
mod tests {
    use super::takes_jail_option;

    #[test]
    fn ifconfig_with_and_without_the_jail_option() {
        let newer = "ifconfig: option requires an argument -- j\n\
            usage: ifconfig [-j jail] [-f type:format] interface address_family\n";
        let older = "ifconfig: illegal option -- j\n\
            usage: ifconfig [-f type:format] interface address_family\n";
        assert!(takes_jail_option(newer));
        assert!(!takes_jail_option(older));
        // What command::output reports names the probe's own `-j`: not a sign of support.
        assert!(!takes_jail_option("ifconfig -j: exit status: 1: "));
    }
}
