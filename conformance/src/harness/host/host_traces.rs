//! Traces a runtime can leave on the host that the state directory does not show:
//! processes that still refer to a test's directory (its `--root`, bundle or pid
//! file on their command line, or it as their working directory or in their
//! environment). (Jails and processes rooted in the test's root filesystem are
//! `host_leaks`'s.)

use std::path::Path;

/// A process that still refers to a test's directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Straggler {
    pub pid: i32,
    /// Its command line.
    pub command: String,
}

impl std::fmt::Display for Straggler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "process {} ({:.160})", self.pid, self.command.trim())
    }
}

/// Processes other than the suite itself that refer to `dir`.
pub fn processes_referring_to(dir: &Path) -> Vec<Straggler> {
    let dir = dir.display().to_string();
    let own = std::process::id().to_string();
    process_lines()
        .into_iter()
        .filter(|(pid, text)| *pid != own && mentions(text, &dir))
        .filter_map(|(pid, text)| {
            // The command line comes first; cwd and environment follow it.
            let command = text.split("\0cwd=").next().unwrap_or("").replace('\0', " ");
            Some(Straggler {
                pid: pid.parse().ok()?,
                command,
            })
        })
        .collect()
}

/// Like [`processes_referring_to`], but gives processes that are already dying
/// (signalled by a `delete` that just returned) until `timeout` to be gone.
pub fn lingering_processes(dir: &Path, timeout: std::time::Duration) -> Vec<Straggler> {
    let deadline = std::time::Instant::now() + timeout;
    loop {
        let found = processes_referring_to(dir);
        if found.is_empty() || std::time::Instant::now() >= deadline {
            return found;
        }
        // These processes are anyone's (not our children, often not our
        // descendants), so there is no exit to wait on: the scan (/proc, or ps and
        // procstat on FreeBSD) is the only signal.
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Whether `text` names `dir` itself or a path below it.
fn mentions(text: &str, dir: &str) -> bool {
    text.match_indices(dir).any(|(at, _)| {
        let next = text[at + dir.len()..].chars().next();
        matches!(next, None | Some('/') | Some('\0') | Some(' ') | Some('\n'))
    })
}

/// Every process with what refers to paths: command line, cwd, environment.
#[cfg(target_os = "linux")]
fn process_lines() -> Vec<(String, String)> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|pid| {
            let base = Path::new("/proc").join(&pid);
            let cmdline = std::fs::read(base.join("cmdline")).ok()?;
            if cmdline.is_empty() {
                return None; // a zombie or a kernel thread
            }
            let mut text = String::from_utf8_lossy(&cmdline).into_owned();
            if let Ok(cwd) = std::fs::read_link(base.join("cwd")) {
                text.push_str(&format!("\0cwd={}", cwd.display()));
            }
            if let Ok(env) = std::fs::read(base.join("environ")) {
                text.push('\0');
                text.push_str(&String::from_utf8_lossy(&env));
            }
            Some((pid, text))
        })
        .collect()
}

/// Every process with what refers to paths, from the tools FreeBSD has for it:
/// `ps -o command=` (command line), the same with `-e` (environment, then command
/// line), `procstat -a -f` (the `cwd` row of each process).
#[cfg(target_os = "freebsd")]
fn process_lines() -> Vec<(String, String)> {
    let ps = |env: bool| {
        let mut args = vec!["-axww"];
        if env {
            args.push("-e");
        }
        args.extend(["-o", "pid=", "-o", "command="]);
        // A process may exit during the scan; what was read is still the answer.
        crate::harness::host::command::output("ps", &args).unwrap_or_default()
    };
    let files =
        crate::harness::host::command::output("procstat", &["-h", "-a", "-f"]).unwrap_or_default();
    freebsd_view::merge(&ps(false), &ps(true), &files)
}

/// Every process with its command line (`ps`), elsewhere.
#[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
fn process_lines() -> Vec<(String, String)> {
    let text =
        crate::harness::host::command::output("ps", &["-axww", "-o", "pid=", "-o", "command="])
            .unwrap_or_default();
    freebsd_view::pid_lines(&text).into_iter().collect()
}

/// The FreeBSD tools' output, read into the same shape as Linux's /proc view:
/// pid, then the command line, `\0cwd=` and the cwd row, `\0` and the environment.
#[cfg(any(not(target_os = "linux"), test))]
mod freebsd_view {
    use std::collections::BTreeMap;

    /// `PID REST` lines (ps with `pid=` first) by pid.
    pub fn pid_lines(text: &str) -> BTreeMap<String, String> {
        text.lines()
            .filter_map(|l| l.trim_start().split_once(' '))
            .filter(|(pid, _)| pid.bytes().all(|b| b.is_ascii_digit()))
            .map(|(pid, rest)| (pid.to_string(), rest.to_string()))
            .collect()
    }

    /// The `cwd` rows of `procstat -f` (PID COMM FD …, FD being `cwd` for the
    /// working directory) by pid.
    pub fn cwd_rows(procstat: &str) -> BTreeMap<String, String> {
        procstat
            .lines()
            .filter_map(|l| {
                let mut fields = l.split_whitespace();
                let pid = fields.next()?;
                let _comm = fields.next()?;
                (fields.next()? == "cwd").then(|| (pid.to_string(), l.trim().to_string()))
            })
            .collect()
    }

    /// One entry per process `ps` listed.
    #[cfg_attr(not(target_os = "freebsd"), allow(dead_code))]
    pub fn merge(ps: &str, ps_env: &str, procstat: &str) -> Vec<(String, String)> {
        let envs = pid_lines(ps_env);
        let cwds = cwd_rows(procstat);
        pid_lines(ps)
            .into_iter()
            .map(|(pid, command)| {
                let mut text = command;
                if let Some(cwd) = cwds.get(&pid) {
                    text.push_str(&format!("\0cwd={cwd}"));
                }
                if let Some(env) = envs.get(&pid) {
                    text.push('\0');
                    text.push_str(env);
                }
                (pid, text)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_the_directory_and_paths_below_only() {
        assert!(mentions("jailrun --root /w/001/root create", "/w/001"));
        assert!(mentions("x\0/w/001", "/w/001"));
        assert!(!mentions("jailrun --root /w/0010/root", "/w/001"));
        assert!(!mentions("nothing here", "/w/001"));
    }

    #[test]
    fn freebsd_tools_show_cwd_and_environment() {
        let ps = "  101 sleep 30\n  102 /bin/sh -c true\n";
        let ps_env = "  101 HOME=/root JAILCHECK_TRACE=/w/002/m sleep 30\n";
        let procstat = "  101 sleep             cwd v d -------- -       - -   /w/001\n\
                        101 sleep            text v r r------- -       - -   /bin/sleep\n\
                        102 sh                 0 v c rw------ 3       0 -   /dev/null\n";
        let lines = freebsd_view::merge(ps, ps_env, procstat);
        let text = |pid: &str| {
            lines
                .iter()
                .find(|(p, _)| p == pid)
                .map(|(_, t)| t.clone())
                .expect("listed")
        };
        assert!(mentions(&text("101"), "/w/001"), "cwd: {}", text("101"));
        assert!(mentions(&text("101"), "/w/002"), "env: {}", text("101"));
        assert!(text("101").starts_with("sleep 30\0cwd="));
        assert!(!mentions(&text("102"), "/w/001"));
        assert_eq!(lines.len(), 2);
    }

    use std::os::unix::process::CommandExt;

    #[test]
    fn finds_a_child_that_names_a_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let marker = dir.path().join("marker");
        let mut child = std::process::Command::new("sleep")
            .arg("30")
            // Its own group, so no group-wide kill by another test can reach it.
            .process_group(0)
            .current_dir(dir.path())
            .env("JAILCHECK_TRACE", &marker)
            .spawn()
            .expect("spawn sleep");
        // Seen empty once under a loaded `cargo test --workspace`: give the new
        // process a moment to show in /proc.
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        let mut found = processes_referring_to(dir.path());
        while found.is_empty() && std::time::Instant::now() < deadline {
            // No event says a process became visible in /proc; the scan is the signal.
            std::thread::sleep(std::time::Duration::from_millis(20));
            found = processes_referring_to(dir.path());
        }
        // Say so if the child is already gone: then the scan had nothing to find.
        let gone = child.try_wait().ok().flatten();
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            found.iter().any(|p| p.pid == child.id() as i32),
            "child {} not found (it had exited: {gone:?}); found {found:?}",
            child.id()
        );
        assert!(processes_referring_to(dir.path()).is_empty());
    }
}
