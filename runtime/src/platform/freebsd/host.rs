//! The real `System`: commands through std, mount points through `beneath`,
//! `kill --all` and `ps` through the FreeBSD-only calls.

use super::beneath;
use super::exec::{SysError, System};
use super::mount_check;
use super::mounts::{FsType, MountPointKind};
use std::path::Path;

/// Runs steps on this host.
#[derive(Debug, Default)]
pub struct HostSystem;

impl System for HostSystem {
    fn run(&mut self, argv: &[String]) -> Result<String, SysError> {
        let Some((program, args)) = argv.split_first() else {
            return Err(SysError::command(argv, "empty command"));
        };
        let out = std::process::Command::new(program)
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| SysError::command(argv, e.to_string()))?;
        if out.status.success() {
            return Ok(String::from_utf8_lossy(&out.stdout).into_owned());
        }
        let stderr = String::from_utf8_lossy(&out.stderr);
        let why = match stderr.trim() {
            "" => out.status.to_string(),
            msg => format!("{} ({})", msg.lines().last().unwrap_or(msg), out.status),
        };
        Err(SysError::command(argv, why))
    }

    fn make_mount_point(
        &mut self,
        root: &Path,
        inside: &Path,
        kind: MountPointKind,
    ) -> Result<(), SysError> {
        beneath::make_mount_point(root, inside, kind).map_err(|e| SysError {
            what: format!("mount point {}", root.join(inside).display()),
            why: e.to_string(),
        })
    }

    fn check_mount(
        &mut self,
        beneath: &Path,
        inside: &Path,
        fstype: FsType,
    ) -> Result<(), SysError> {
        let why = match mount_check::look(beneath, inside) {
            Ok(seen) => mount_check::judge(&seen, inside, fstype),
            Err(e) => Err(e.to_string()),
        };
        why.map_err(|why| SysError {
            what: format!("mount {}", beneath.join(inside).display()),
            why,
        })
    }

    fn kill_all(&mut self, jid: i32, signal: i32) -> Result<bool, SysError> {
        jails::kill_all(jid, signal).map_err(|e| SysError {
            what: format!("kill_all(jid {jid}, signal {signal})"),
            why: e.to_string(),
        })
    }

    fn jail_pids(&mut self, jids: &[i32]) -> Result<Vec<i32>, SysError> {
        jails::jail_pids(jids).map_err(|e| SysError {
            what: format!("jail_pids(jids {jids:?})"),
            why: e.to_string(),
        })
    }

    fn jail_exists(&mut self, name: &str) -> Result<bool, SysError> {
        jails::jail_exists(name).map_err(|e| SysError {
            what: format!("jail_get(name {name})"),
            why: e.to_string(),
        })
    }
}

#[cfg(target_os = "freebsd")]
use super::sys_freebsd as jails;

/// Where there are no jails, the calls on them fail.
#[cfg(not(target_os = "freebsd"))]
mod jails {
    use std::io;

    fn none() -> io::Error {
        io::Error::new(io::ErrorKind::Unsupported, "jails exist only on FreeBSD")
    }

    pub fn kill_all(_jid: i32, _signal: i32) -> io::Result<bool> {
        Err(none())
    }

    pub fn jail_pids(_jids: &[i32]) -> io::Result<Vec<i32>> {
        Err(none())
    }

    pub fn jail_exists(_name: &str) -> io::Result<bool> {
        Err(none())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_commands_and_reports_failures() {
        let mut sys = HostSystem;
        let argv = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(sys.run(&argv(&["echo", "7"])), Ok("7\n".into()));
        let e = sys
            .run(&argv(&["sh", "-c", "echo boom >&2; exit 3"]))
            .expect_err("fails");
        assert_eq!(e.what, "sh -c 'echo boom >&2; exit 3'");
        assert!(e.why.starts_with("boom ("), "{}", e.why);
    }
}
