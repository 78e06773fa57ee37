//! The sandbox's runtime calls: each checked against the conventions the test
//! declared, adapted to the runtime's command line, recorded in the transcript,
//! and each create started from the root filesystem the test made.

use std::path::Path;

use super::Sandbox;
use crate::harness::bundle::rootfs_restore;
use crate::harness::runtime::cli_profile::{self, CliFeature, StateRoot};
use crate::harness::runtime::driver::{CallIo, Invocation, RuntimeCli};
use crate::harness::runtime::reaper::Reaper;
use crate::harness::runtime::state::State;
use crate::harness::verdict::Verdict;

impl Sandbox {
    /// The command-line conventions the test declared (its case's `needs`):
    /// the only ones its calls may use.
    pub fn declare(&mut self, needs: &[CliFeature]) {
        self.declared.extend_from_slice(needs);
    }

    /// Whether the runtime has a convention the test can do without; asking
    /// lets the test use it.
    pub fn has_cli(&mut self, feature: CliFeature) -> bool {
        self.declared.push(feature);
        self.suite.cli.has(feature)
    }

    /// A harness error when a call would use a convention the test did not
    /// declare: against a runtime lacking it, the test would stop half-way (or a
    /// dropped flag would change what it checks) instead of being skipped.
    pub(super) fn check_declared(&self, root: StateRoot, args: &[&str]) -> Result<(), Verdict> {
        if self.adapting {
            return Ok(());
        }
        let undeclared: Vec<String> = cli_profile::uses(root, args)
            .into_iter()
            .filter(|f| !self.declared.contains(f))
            .map(|f| f.to_string())
            .collect();
        if undeclared.is_empty() {
            return Ok(());
        }
        Err(Verdict::Error(format!(
            "the test uses {} without declaring it in its needs (cases/mod.rs, Case::needs): \
             a defect of the suite",
            undeclared.join(", ")
        )))
    }

    /// The runtime's arguments for `args` in the test's own state root, for a
    /// test that starts the runtime itself; checked like [`Sandbox::call`].
    pub fn runtime_line(&self, args: &[&str]) -> Result<Vec<String>, Verdict> {
        let root = StateRoot::Sandbox(&self.state_root);
        self.check_declared(root, args)?;
        self.suite.cli.line(root, args)
    }

    /// Runs the runtime with `--root` (when it has one) and these arguments,
    /// whatever the outcome; skips when they need what its command line lacks.
    pub fn call(&mut self, args: &[&str]) -> Result<Invocation, Verdict> {
        let root = self.state_root.clone();
        self.call_with(StateRoot::Sandbox(&root), args)
    }

    /// Runs the runtime with another `--root`, whatever the outcome.
    pub fn call_in_root(&mut self, root: &Path, args: &[&str]) -> Result<Invocation, Verdict> {
        self.call_with(StateRoot::Other(root), args)
    }

    /// [`Sandbox::call`], calling `during(pid)` while the runtime process runs.
    pub fn call_during(
        &mut self,
        args: &[&str],
        during: &mut dyn FnMut(i32) -> Result<(), Verdict>,
    ) -> Result<Invocation, Verdict> {
        let root = self.state_root.clone();
        self.call_with_during(StateRoot::Sandbox(&root), args, during)
    }

    fn call_with(&mut self, root: StateRoot, args: &[&str]) -> Result<Invocation, Verdict> {
        self.call_with_during(root, args, &mut |_| Ok(()))
    }

    fn call_with_during(
        &mut self,
        root: StateRoot,
        args: &[&str],
        during: &mut dyn FnMut(i32) -> Result<(), Verdict>,
    ) -> Result<Invocation, Verdict> {
        self.check_declared(root, args)?;
        let line = self.suite.cli.line(root, args)?;
        if cli_profile::command(args) == "create" {
            let id = args.last().copied().unwrap_or("");
            return self.fresh_root_around(id, |sb| sb.run_line(&line, args, during));
        }
        self.run_line(&line, args, during)
    }

    /// Runs `call`, a create of `id`, from the root filesystem the test made:
    /// what the runtime wrote into it in an earlier create is undone first, once
    /// no container of the test is alive.
    pub fn fresh_root_around<T>(&mut self, id: &str, call: impl FnOnce(&mut Sandbox) -> T) -> T {
        let root = self.root_in_use();
        if !self.runtime_made.is_empty() && !self.any_container_alive(id) {
            rootfs_restore::undo(&root, &std::mem::take(&mut self.runtime_made));
        }
        let before = rootfs_restore::listing(&root);
        let out = call(self);
        let after = rootfs_restore::listing(&root);
        self.runtime_made
            .extend(rootfs_restore::made_between(&before, &after));
        out
    }

    fn run_line(
        &mut self,
        line: &[String],
        args: &[&str],
        during: &mut dyn FnMut(i32) -> Result<(), Verdict>,
    ) -> Result<Invocation, Verdict> {
        self.calls += 1;
        let label = args.first().copied().unwrap_or("call");
        let prefix = self
            .dir
            .join("calls")
            .join(format!("{:02}-{label}", self.calls));
        let runtime = self.suite.runtime.clone();
        let inv = runtime.run_raw_during(
            line,
            &CallIo {
                prefix: &prefix,
                cwd: None,
            },
            during,
        )?;
        self.record(inv)
    }

    /// Runs `cli` with exactly `args` (output under `prefix`) and records the call
    /// in the test's transcript, whatever the outcome.
    pub fn run_recorded(
        &mut self,
        cli: &RuntimeCli,
        args: &[String],
        prefix: &Path,
    ) -> Result<Invocation, Verdict> {
        let inv = cli.run_raw(args, &CallIo { prefix, cwd: None })?;
        self.record(inv)
    }

    /// Adds a finished call to the test's transcript.
    fn record(&mut self, inv: Invocation) -> Result<Invocation, Verdict> {
        self.transcript.push(format!(
            "$ {} -> {}\n{}",
            inv.command,
            inv.exit,
            inv.stderr.trim_end()
        ));
        Ok(inv)
    }

    /// Whether a container process of the test still runs (its root filesystem
    /// is then in use and left alone).
    /// Its process is alive, or `state` says it is not stopped (a container
    /// whose pid the suite never learnt).
    pub(super) fn any_container_alive(&mut self, except: &str) -> bool {
        let live_pid = self.guard.pids().iter().any(|&pid| {
            Reaper::global().peek(pid).is_none()
                && nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None).is_ok()
        });
        let others: Vec<String> = self
            .guard
            .ids()
            .iter()
            .filter(|c| *c != except)
            .cloned()
            .collect();
        live_pid
            || others.iter().any(|id| {
                let inv = self.adapted(|sb| sb.container(id).try_state());
                let status = inv
                    .ok()
                    .filter(Invocation::ok)
                    .and_then(|inv| State::parse(&inv.stdout).ok())
                    .and_then(|s| s.status().map(str::to_string));
                status.is_some_and(|s| s != "stopped")
            })
    }

    /// Runs `f` with calls that adapt to the command line (they only use what
    /// the runtime has, asked with `has`), so they need no declaration.
    pub(super) fn adapted<T>(&mut self, f: impl FnOnce(&mut Sandbox) -> T) -> T {
        let was = std::mem::replace(&mut self.adapting, true);
        let out = f(self);
        self.adapting = was;
        out
    }
}
