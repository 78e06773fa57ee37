//! A veth pair the suite puts on the host (Linux): the host end keeps the subnet's
//! first address; the inner end goes into a container's network namespace (or a
//! named one) and gets the second. The guard removes the pair and, when the inner
//! end was in a container's own namespace, checks that deleting the container
//! destroyed that namespace: the kernel then destroys the pair, so a host end still
//! present after delete means the namespace (or a process in it) was left behind.

use std::net::Ipv4Addr;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use crate::harness::host::command;
use crate::harness::host::leaks::HostResource;
use crate::harness::net::link_watch;
use crate::harness::net::netns::NamedNetns;
use crate::harness::net::subnet::Subnet;
use crate::harness::sandbox::Sandbox;
use crate::harness::verdict::Verdict;

static PAIRS: AtomicUsize = AtomicUsize::new(0);

/// One veth pair; clones share it (the test keeps one, the guard another).
#[derive(Clone)]
pub struct NetPeer {
    veth: Arc<Veth>,
}

struct Veth {
    host_if: String,
    inner_if: String,
    subnet: Subnet,
    in_named_netns: AtomicBool,
    released: AtomicBool,
    /// How long the guard waits for the kernel to destroy a container's namespace.
    teardown_timeout: Duration,
}

impl NetPeer {
    /// Creates the pair on the host, the host end up with the subnet's first
    /// address; the sandbox's guard removes it.
    pub fn create(sb: &mut Sandbox) -> Result<NetPeer, Verdict> {
        let n = PAIRS.fetch_add(1, Ordering::SeqCst);
        // At most 15 bytes: "jc" + pid (≤ 6 hex digits) + "v" + n + "h".
        let stem = format!("jc{:x}v{}", std::process::id(), n % 10_000);
        let veth = Veth {
            host_if: format!("{stem}h"),
            inner_if: format!("{stem}c"),
            subnet: Subnet::claim()?,
            in_named_netns: AtomicBool::new(false),
            released: AtomicBool::new(false),
            teardown_timeout: sb.suite().event_timeout,
        };
        ip(&[
            "link",
            "add",
            &veth.host_if,
            "type",
            "veth",
            "peer",
            "name",
            &veth.inner_if,
        ])?;
        let peer = NetPeer {
            veth: Arc::new(veth),
        };
        sb.guard.hold(Box::new(peer.clone()));
        let cidr = peer.cidr(peer.host_ip());
        ip(&["addr", "add", &cidr, "dev", peer.host_if()])?;
        ip(&["link", "set", "dev", peer.host_if(), "up"])?;
        Ok(peer)
    }

    /// The host end's name.
    pub fn host_if(&self) -> &str {
        &self.veth.host_if
    }

    /// The inner end's name.
    pub fn inner_if(&self) -> &str {
        &self.veth.inner_if
    }

    /// The host end's address.
    pub fn host_ip(&self) -> Ipv4Addr {
        self.veth.subnet.host()
    }

    /// The inner end's address.
    pub fn inner_ip(&self) -> Ipv4Addr {
        self.veth.subnet.peer()
    }

    /// `ip/prefix` for an address of this pair's subnet.
    pub fn cidr(&self, ip: Ipv4Addr) -> String {
        format!("{ip}/{}", Subnet::PREFIX)
    }

    /// Gives the inner end its address while it is still on the host (for a
    /// runtime that moves it, which must keep the address).
    pub fn address_inner_on_host(&self) -> Result<(), Verdict> {
        let cidr = self.cidr(self.inner_ip());
        ip(&["addr", "add", &cidr, "dev", self.inner_if()])
    }

    /// Moves the inner end into the network namespace of process `pid` (a created
    /// container's), gives it its address and brings it up there.
    pub fn move_into_process(&self, pid: i32) -> Result<(), Verdict> {
        let pid = pid.to_string();
        ip(&["link", "set", "dev", self.inner_if(), "netns", &pid])?;
        let cidr = self.cidr(self.inner_ip());
        let inside = |args: &[&str]| {
            let mut all = vec!["-t", pid.as_str(), "-n", "ip"];
            all.extend_from_slice(args);
            command::output("nsenter", &all)
                .map(drop)
                .map_err(Verdict::Error)
        };
        inside(&["addr", "add", &cidr, "dev", self.inner_if()])?;
        inside(&["link", "set", "dev", self.inner_if(), "up"])
    }

    /// Moves the inner end into a named network namespace, with its address, up.
    pub fn move_into_netns(&self, ns: &NamedNetns) -> Result<(), Verdict> {
        ip(&["link", "set", "dev", self.inner_if(), "netns", ns.name()])?;
        self.veth.in_named_netns.store(true, Ordering::SeqCst);
        let cidr = self.cidr(self.inner_ip());
        ip(&[
            "-n",
            ns.name(),
            "addr",
            "add",
            &cidr,
            "dev",
            self.inner_if(),
        ])?;
        ip(&["-n", ns.name(), "link", "set", "dev", self.inner_if(), "up"])
    }
}

impl HostResource for NetPeer {
    fn release(&mut self) -> Vec<String> {
        let v = &self.veth;
        if v.released.swap(true, Ordering::SeqCst) {
            return Vec::new();
        }
        let mut leaks = Vec::new();
        let in_container =
            !v.in_named_netns.load(Ordering::SeqCst) && !link_watch::exists(&v.inner_if);
        if in_container && !link_watch::wait_for(&v.host_if, false, v.teardown_timeout) {
            leaks.push(format!(
                "interface {} is still on the host {:?} after delete: its peer {} was in the \
                 container's network namespace, which was not destroyed",
                v.host_if, v.teardown_timeout, v.inner_if
            ));
        }
        if link_watch::exists(&v.host_if) {
            if let Err(e) = ip(&["link", "del", "dev", &v.host_if]) {
                leaks.push(format!("cannot remove {}: {e}", v.host_if));
            }
        }
        leaks
    }
}

impl Drop for Veth {
    /// The safety net when the guard never ran: deleting one end removes both.
    fn drop(&mut self) {
        if !self.released.load(Ordering::SeqCst) && link_watch::exists(&self.host_if) {
            let _ = ip(&["link", "del", "dev", &self.host_if]);
        }
    }
}

/// Runs `ip ARGS…` on the host; a failure is the harness's.
fn ip(args: &[&str]) -> Result<(), Verdict> {
    command::output("ip", args)
        .map(drop)
        .map_err(Verdict::Error)
}
