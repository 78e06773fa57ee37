//! A named network namespace (`ip netns add`, Linux) for tests of namespace paths;
//! the guard deletes it.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::harness::host::command;
use crate::harness::host::leaks::HostResource;
use crate::harness::sandbox::Sandbox;
use crate::harness::verdict::Verdict;

static NAMESPACES: AtomicUsize = AtomicUsize::new(0);

/// Where `ip netns` keeps its namespace files.
const NETNS_DIR: &str = "/var/run/netns";

/// A network namespace bound at `/var/run/netns/NAME`.
pub struct NamedNetns {
    name: String,
}

impl NamedNetns {
    /// Creates the namespace; the sandbox's guard deletes it.
    pub fn create(sb: &mut Sandbox) -> Result<NamedNetns, Verdict> {
        let n = NAMESPACES.fetch_add(1, Ordering::SeqCst);
        let name = format!("jc-{}-{n}", std::process::id());
        command::output("ip", &["netns", "add", &name]).map_err(Verdict::Error)?;
        sb.guard.hold(Box::new(Guard { name: name.clone() }));
        Ok(NamedNetns { name })
    }

    /// The name `ip -n` takes.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The namespace file, for a `path` in `linux.namespaces`.
    pub fn path(&self) -> String {
        format!("{NETNS_DIR}/{}", self.name)
    }
}

/// The guard's handle: deletes the namespace.
struct Guard {
    name: String,
}

impl HostResource for Guard {
    fn release(&mut self) -> Vec<String> {
        match command::output("ip", &["netns", "del", &self.name]) {
            Ok(_) => Vec::new(),
            Err(e) => vec![format!(
                "cannot delete network namespace {}: {e}",
                self.name
            )],
        }
    }
}
