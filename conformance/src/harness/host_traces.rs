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
        // descendants), so there is no exit to wait on: /proc is the only signal.
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

/// Every process with its command line (`ps`, where there is no /proc).
#[cfg(not(target_os = "linux"))]
fn process_lines() -> Vec<(String, String)> {
    let text =
        super::host::output("ps", &["-axww", "-o", "pid=", "-o", "command="]).unwrap_or_default();
    text.lines()
        .filter_map(|l| l.trim_start().split_once(' '))
        .map(|(pid, cmd)| (pid.to_string(), cmd.to_string()))
        .collect()
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
