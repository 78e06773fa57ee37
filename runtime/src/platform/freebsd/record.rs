//! A `System` that runs nothing: it records each call as a line and answers
//! from a script, so the executor's order and rollback can be tested anywhere.

use super::exec::{SysError, System};
use super::mounts::{FsType, MountPointKind};
use super::shell;
use super::step::Step;
use std::path::Path;

/// Records calls; fails the ones that match, answers the ones it was told to.
#[derive(Debug, Default)]
pub struct RecordingSystem {
    /// Every call, as a command line or a call-like line.
    pub calls: Vec<String>,
    /// Calls whose line starts with one of these fail.
    pub fail: Vec<String>,
    /// `(prefix, stdout)`: the output of commands starting with `prefix`.
    pub replies: Vec<(String, String)>,
}

impl RecordingSystem {
    /// A recorder on which `jail -i -c` prints jid 7.
    pub fn new() -> RecordingSystem {
        RecordingSystem::default().reply("jail -i -c", "7\n")
    }

    /// Makes calls starting with `prefix` fail.
    pub fn fail_on(mut self, prefix: &str) -> RecordingSystem {
        self.fail.push(prefix.to_string());
        self
    }

    /// Makes commands starting with `prefix` print `stdout`.
    pub fn reply(mut self, prefix: &str, stdout: &str) -> RecordingSystem {
        self.replies.push((prefix.to_string(), stdout.to_string()));
        self
    }

    fn call(&mut self, line: String) -> Result<String, SysError> {
        self.calls.push(line.clone());
        if self.fail.iter().any(|p| line.starts_with(p.as_str())) {
            return Err(SysError {
                what: line,
                why: "failed (recorded)".into(),
            });
        }
        let out = self
            .replies
            .iter()
            .find(|(p, _)| line.starts_with(p.as_str()))
            .map(|(_, o)| o.clone());
        Ok(out.unwrap_or_default())
    }
}

impl System for RecordingSystem {
    /// Unless told otherwise, `devfs rule -s <n> show` answers as a host that
    /// has rules in every ruleset: with one rule.
    fn run(&mut self, argv: &[String]) -> Result<String, SysError> {
        let out = self.call(shell::join(argv))?;
        match argv {
            [devfs, rule, _, _, show]
                if devfs == "devfs" && rule == "rule" && show == "show" && out.is_empty() =>
            {
                Ok("100 hide\n".into())
            }
            _ => Ok(out),
        }
    }

    fn make_mount_point(
        &mut self,
        root: &Path,
        inside: &Path,
        kind: MountPointKind,
    ) -> Result<(), SysError> {
        let what = match kind {
            MountPointKind::Dir => "mkdir_beneath",
            MountPointKind::File => "touch_beneath",
        };
        self.call(format!(
            "{what}({:?}, {:?})",
            root.display().to_string(),
            inside.display().to_string()
        ))
        .map(drop)
    }

    fn check_mount(
        &mut self,
        beneath: &Path,
        inside: &Path,
        fstype: FsType,
    ) -> Result<(), SysError> {
        let step = Step::CheckMount {
            beneath: beneath.to_path_buf(),
            inside: inside.to_path_buf(),
            fstype,
        };
        self.call(step.to_string()).map(drop)
    }

    fn kill_all(&mut self, jid: i32, signal: i32) -> Result<bool, SysError> {
        self.call(format!("kill_all(jid {jid}, signal {signal})"))
            .map(|_| true)
    }

    /// Answers with the PIDs in the reply for `jail_pids(jids [N, ...])`, if any.
    fn jail_pids(&mut self, jids: &[i32]) -> Result<Vec<i32>, SysError> {
        let out = self.call(format!("jail_pids(jids {jids:?})"))?;
        Ok(out
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect())
    }

    /// `false` when the reply for `jail_exists(NAME)` is "no"; `true` otherwise.
    fn jail_exists(&mut self, name: &str) -> Result<bool, SysError> {
        let out = self.call(format!("jail_exists({name})"))?;
        Ok(out.trim() != "no")
    }
}
