//! One runtime call as the wrapper received it: global flags, subcommand and its
//! arguments (runc's command line), and the ways of passing it on to the real runtime.

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

use super::Error;

/// Flags that take a value, global or of a subcommand (runc's spelling).
const WITH_VALUE: &[&str] = &[
    "--root",
    "--log",
    "--log-format",
    "--bundle",
    "-b",
    "--pid-file",
    "--console-socket",
    "--format",
];

/// A runtime call: `real` is the runtime it wraps, `args` what the caller gave.
#[derive(Debug, Clone)]
pub struct Call {
    pub real: String,
    pub args: Vec<String>,
}

impl Call {
    /// The subcommand: the first argument that is not a flag or a flag's value.
    pub fn subcommand(&self) -> Option<&str> {
        self.positional(0).map(|i| self.args[i].as_str())
    }

    /// The container ID: the positional argument after the subcommand.
    pub fn id(&self) -> Option<&str> {
        self.positional(1).map(|i| self.args[i].as_str())
    }

    /// Index of the n-th positional argument.
    pub fn positional(&self, n: usize) -> Option<usize> {
        let mut seen = 0;
        let mut i = 0;
        while i < self.args.len() {
            let a = self.args[i].as_str();
            if WITH_VALUE.contains(&a) {
                i += 2;
                continue;
            }
            if !a.starts_with('-') {
                if seen == n {
                    return Some(i);
                }
                seen += 1;
            }
            i += 1;
        }
        None
    }

    /// The value given to `flag`, if any.
    pub fn flag_value(&self, flag: &str) -> Option<&str> {
        let i = self.args.iter().position(|a| a == flag)?;
        self.args.get(i + 1).map(String::as_str)
    }

    /// Whether `flag` (or its short form) was given.
    pub fn has_flag(&self, long: &str, short: &str) -> bool {
        self.args.iter().any(|a| a == long || a == short)
    }

    /// Removes `flag` and its value.
    pub fn drop_flag_with_value(&mut self, flag: &str) {
        if let Some(i) = self.args.iter().position(|a| a == flag) {
            self.args.drain(i..(i + 2).min(self.args.len()));
        }
    }

    /// The bundle directory of a `create`: `--bundle`, else the positional after the
    /// ID (runj's `create ID BUNDLE`), else the working directory.
    pub fn bundle(&self) -> PathBuf {
        let positional = self.positional(2).map(|i| self.args[i].as_str());
        PathBuf::from(
            self.flag_value("--bundle")
                .or_else(|| self.flag_value("-b"))
                .or(positional)
                .unwrap_or("."),
        )
    }

    /// The state directory given with `--root`, if any.
    pub fn state_root(&self) -> Option<PathBuf> {
        self.flag_value("--root").map(PathBuf::from)
    }

    /// The global flags (everything before the subcommand).
    pub fn globals(&self) -> Vec<String> {
        let end = self.positional(0).unwrap_or(self.args.len());
        self.args[..end].to_vec()
    }

    /// The same global flags with another subcommand and arguments.
    pub fn with_command(&self, command: &[&str]) -> Call {
        let mut args = self.globals();
        args.extend(command.iter().map(|s| s.to_string()));
        Call {
            real: self.real.clone(),
            args,
        }
    }

    /// Replaces this process with the real runtime.
    pub fn exec(&self) -> Error {
        let e = Command::new(&self.real).args(&self.args).exec();
        Error::Exec {
            program: self.real.clone(),
            source: e,
        }
    }

    /// Runs the real runtime with the caller's stdio; true when it exited 0.
    pub fn status(&self) -> Result<bool, Error> {
        Command::new(&self.real)
            .args(&self.args)
            .status()
            .map(|s| s.success())
            .map_err(|source| Error::Exec {
                program: self.real.clone(),
                source,
            })
    }

    /// Runs the real runtime capturing stdout (stderr passes through).
    pub fn output(&self) -> Result<Output, Error> {
        Command::new(&self.real)
            .args(&self.args)
            .stdin(Stdio::null())
            .stderr(Stdio::inherit())
            .output()
            .map_err(|source| Error::Exec {
                program: self.real.clone(),
                source,
            })
    }

    /// The real runtime's state of container `id`, or None when `state` fails.
    pub fn state_of(&self, id: &str) -> Result<Option<Value>, Error> {
        let out = self.with_command(&["state", id]).output()?;
        if !out.status.success() {
            return Ok(None);
        }
        Ok(serde_json::from_slice(&out.stdout).ok())
    }

    /// The status of container `id` as the real runtime reports it.
    pub fn status_of(&self, id: &str) -> Result<Option<String>, Error> {
        Ok(self
            .state_of(id)?
            .and_then(|s| s["status"].as_str().map(str::to_string)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(args: &[&str]) -> Call {
        Call {
            real: "real".into(),
            args: args.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn finds_subcommand_and_id_past_flags_with_values() {
        let c = call(&[
            "--root",
            "/r",
            "create",
            "--bundle",
            "/b",
            "--pid-file",
            "/p",
            "id1",
        ]);
        assert_eq!(c.subcommand(), Some("create"));
        assert_eq!(c.id(), Some("id1"));
        assert_eq!(c.bundle(), PathBuf::from("/b"));
        assert_eq!(c.state_root(), Some(PathBuf::from("/r")));
        assert_eq!(c.globals(), ["--root", "/r"]);
    }

    #[test]
    fn the_bundle_may_follow_the_id() {
        assert_eq!(call(&["create", "id1", "/b"]).bundle(), PathBuf::from("/b"));
        assert_eq!(call(&["create", "id1"]).bundle(), PathBuf::from("."));
    }

    #[test]
    fn with_command_keeps_the_globals() {
        let c = call(&["--root", "/r", "kill", "--all", "id1", "TERM"]);
        assert_eq!(
            c.with_command(&["state", "id1"]).args,
            ["--root", "/r", "state", "id1"]
        );
        assert!(c.has_flag("--all", "-a"));
    }

    #[test]
    fn drops_a_flag_and_its_value() {
        let mut c = call(&["create", "--console-socket", "/s", "id1"]);
        c.drop_flag_with_value("--console-socket");
        assert_eq!(c.args, ["create", "id1"]);
    }
}
