//! The guard that ends every test: it removes each container the test made,
//! waits for their processes, releases the host resources the test held, and
//! reports what the runtime left behind.

use std::fs;

use super::Sandbox;
use crate::harness::host::container_pid;
use crate::harness::host::host_leaks;
use crate::harness::host::host_traces;
use crate::harness::host::leaks::{self, HostResource};
use crate::harness::runtime::cli_profile::CliFeature;
use crate::harness::runtime::reaper::{Reaper, Waited};
use crate::harness::runtime::removal;

/// What the guard cleans up: container IDs, container processes, host resources.
#[derive(Default)]
pub struct Guard {
    ids: Vec<String>,
    pids: Vec<i32>,
    resources: Vec<Box<dyn HostResource>>,
}

impl Guard {
    /// Makes the guard remove container `id` (also one made outside
    /// [`super::Container::try_create`], e.g. by calls from several threads at once).
    pub fn track_id(&mut self, id: &str) {
        if !self.ids.iter().any(|c| c == id) {
            self.ids.push(id.to_string());
        }
    }

    /// Hands a host resource to the guard, which releases it (and reports what the
    /// runtime left of it) after every container of the test is deleted.
    pub fn hold(&mut self, resource: Box<dyn HostResource>) {
        self.resources.push(resource);
    }

    /// The container IDs the guard removes.
    pub(super) fn ids(&self) -> &[String] {
        &self.ids
    }

    /// The container processes the guard waits for.
    pub(super) fn pids(&self) -> &[i32] {
        &self.pids
    }
}

impl Sandbox {
    /// Hands a pid to the guard, which waits for it after delete, once it is known to
    /// be the container process (a wrong pid must never be waited for or killed).
    pub(super) fn track_pid(&mut self, pid: i32) {
        if !self.guard.pids.contains(&pid)
            && container_pid::mismatch(pid, &self.root_in_use()).is_none()
        {
            self.guard.pids.push(pid);
        }
    }

    /// The guard: kill and force-delete every container this test made, then check
    /// that nothing is left. Returns the leaks found.
    pub fn teardown(&mut self) -> Vec<String> {
        self.adapting = true;
        let mut leaks = Vec::new();
        for id in self.guard.ids.clone() {
            self.container(&id).remove();
            match self.container(&id).try_state() {
                Ok(inv) if inv.ok() => leaks.push(format!(
                    "container {id} still exists after delete --force: {}",
                    inv.stdout.trim()
                )),
                _ => {}
            }
            if self.suite.cli.has(CliFeature::Root) && self.state_root.join(&id).exists() {
                leaks.push(format!(
                    "state directory {} left behind",
                    self.state_root.join(&id).display()
                ));
            }
        }
        for pid in self.guard.pids.clone() {
            if Reaper::global().peek(pid).is_some() {
                continue;
            }
            if let Waited::TimedOut = Reaper::global().wait(pid, self.suite.event_timeout) {
                leaks.push(format!(
                    "container process {pid} still running after delete"
                ));
                kill_hard(pid);
            }
        }
        if self.suite.cli.has(CliFeature::List) {
            let ids = self.guard.ids.clone();
            leaks.extend(removal::still_listed(&mut |args| self.call(args), &ids));
        }
        leaks.extend(host_leaks::left_in(&self.dir, &self.bundle.rootfs));
        // Processes the pid list does not know (a runtime's own helper processes, a
        // container whose pid was never reported) still name the test's paths.
        for p in host_traces::lingering_processes(&self.dir, self.suite.event_timeout) {
            leaks.push(format!("{p} still running after delete"));
            kill_hard(p.pid);
        }
        // Last held, first released: an interface goes before the namespace it is in.
        while let Some(mut resource) = self.guard.resources.pop() {
            leaks.extend(resource.release());
        }
        let mounts = leaks::mounts_under(&self.dir);
        if !mounts.is_empty() {
            leaks.push(format!("mounts left behind: {}", mounts.join(", ")));
            leaks::detach_mounts_under(&self.dir);
        }
        if !self.suite.keep && leaks::mounts_under(&self.dir).is_empty() {
            let _ = fs::remove_dir_all(&self.dir);
        }
        leaks
    }
}

/// SIGKILL to a process the runtime should have ended; it may be gone already.
fn kill_hard(pid: i32) {
    let _ = nix::sys::signal::kill(
        nix::unistd::Pid::from_raw(pid),
        nix::sys::signal::Signal::SIGKILL,
    );
}
