//! What the host itself shows of a test's containers after they are deleted,
//! whatever the runtime says: jails whose root is inside the sandbox (FreeBSD),
//! processes whose root directory is the sandbox's root filesystem (Linux). These
//! need no state directory, so they hold for runtimes without `--root` too.

use std::path::Path;

/// Leak messages for jails and processes still tied to the sandbox `dir`, whose
/// root filesystem is `rootfs`.
pub fn left_in(dir: &Path, rootfs: &Path) -> Vec<String> {
    let mut leaks = jails_in(dir);
    leaks.extend(processes_rooted_at(rootfs));
    leaks
}

/// `jls jid path` lines (`12 /some/root`) whose path is at or below `dir`.
pub fn jails_below(jls: &str, dir: &Path) -> Vec<String> {
    jls.lines()
        .filter_map(|line| line.trim().split_once(' '))
        .filter(|(_, path)| Path::new(path.trim()).starts_with(dir))
        .map(|(jid, path)| format!("jail {jid} (path {}) still exists", path.trim()))
        .collect()
}

#[cfg(target_os = "freebsd")]
fn jails_in(dir: &Path) -> Vec<String> {
    let listing =
        crate::harness::host::command::output("jls", &["jid", "path"]).unwrap_or_default();
    jails_below(&listing, dir)
}

#[cfg(not(target_os = "freebsd"))]
fn jails_in(_dir: &Path) -> Vec<String> {
    Vec::new()
}

/// Processes whose root directory is `rootfs` (same device and inode: a
/// pivot_root'ed process shows `/` as its root path, so paths cannot be compared).
#[cfg(target_os = "linux")]
fn processes_rooted_at(rootfs: &Path) -> Vec<String> {
    use std::os::unix::fs::MetadataExt;
    let Ok(want) = std::fs::metadata(rootfs) else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    let me = std::process::id().to_string();
    entries
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|name| name != &me && name.bytes().all(|b| b.is_ascii_digit()))
        .filter(|pid| {
            // Zombies and processes that exited meanwhile have no root: skipped.
            std::fs::metadata(format!("/proc/{pid}/root"))
                .is_ok_and(|m| m.dev() == want.dev() && m.ino() == want.ino())
        })
        .map(|pid| {
            let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
            format!(
                "process {pid} ({}) still runs in the container's root filesystem",
                comm.trim()
            )
        })
        .collect()
}

#[cfg(not(target_os = "linux"))]
fn processes_rooted_at(_rootfs: &Path) -> Vec<String> {
    // FreeBSD: a process inside the container is inside its jail, found above.
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jails_in_the_sandbox_are_found() {
        let jls = "3 /tmp/jc.x/001/bundle/rootfs\n4 /usr/jails/www\n";
        let found = jails_below(jls, Path::new("/tmp/jc.x/001"));
        assert_eq!(
            found,
            vec!["jail 3 (path /tmp/jc.x/001/bundle/rootfs) still exists".to_string()]
        );
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_process_rooted_elsewhere_is_not_a_leak() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(processes_rooted_at(dir.path()).is_empty());
    }
}
