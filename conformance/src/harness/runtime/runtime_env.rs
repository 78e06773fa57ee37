//! The environment the runtime under test runs in: the same for every caller, so
//! a verdict never depends on the shell jailcheck was started from
//! (`RUST_BACKTRACE=1` there makes a Rust runtime print a backtrace with every
//! error; a `LANG` changes messages).

use std::ffi::OsString;
use std::process::Command;

/// The `PATH` every runtime call gets.
pub const PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Variables of jailcheck's own namespace, passed on: the self-test's wrappers of
/// jailrun read theirs (`JAILCHECK_REAL_RUNTIME`, `JAILCHECK_BROKEN_MODE`, …).
pub const PASSED_PREFIX: &str = "JAILCHECK_";

/// The whole environment of a runtime call, given jailcheck's own.
pub fn for_runtime(
    caller: impl IntoIterator<Item = (OsString, OsString)>,
) -> Vec<(OsString, OsString)> {
    let mut env = vec![(OsString::from("PATH"), OsString::from(PATH))];
    env.extend(
        caller
            .into_iter()
            .filter(|(k, _)| k.to_string_lossy().starts_with(PASSED_PREFIX)),
    );
    env
}

/// Gives `cmd` exactly the runtime's environment.
pub fn apply(cmd: &mut Command) {
    cmd.env_clear().envs(for_runtime(std::env::vars_os()));
}

/// The highest descriptor number [`keep_own_descriptors`] looks at: Linux's
/// default `fs.nr_open`; the loop costs a few milliseconds per 100 000 numbers.
const MAX_FD: i32 = 1 << 20;

/// Marks every descriptor from `first` on close-on-exec, so what jailcheck's caller
/// left open (a CI runner's pipes, a shell's descriptor 10) never reaches a
/// runtime call: the runtime gets only what a test hands it on purpose. Probes
/// each number with fcntl(2), as FreeBSD's /dev/fd lists only 0-2 without fdescfs.
/// jailrun does the same for its container process (runtime/src/inherited_fds.rs),
/// with close_range first; the suite never links the runtime, so this loop is its own.
pub fn keep_own_descriptors(first: i32) {
    // SAFETY: getdtablesize takes no argument and only reads the process's limit.
    let limit = unsafe { libc::getdtablesize() }.clamp(first, MAX_FD);
    for fd in first..limit {
        // SAFETY: F_GETFD and F_SETFD read and set one descriptor's flags; a number
        // that is not open answers EBADF and is left alone.
        unsafe {
            let flags = libc::fcntl(fd, libc::F_GETFD);
            if flags >= 0 && flags & libc::FD_CLOEXEC == 0 {
                libc::fcntl(fd, libc::F_SETFD, flags | libc::FD_CLOEXEC);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_inherited_descriptor_is_marked_close_on_exec() {
        let file = tempfile::tempfile().expect("temp file");
        let fd = std::os::fd::AsRawFd::as_raw_fd(&file);
        // SAFETY: clears FD_CLOEXEC on a descriptor this test owns, as a caller's
        // inherited descriptor would be.
        unsafe { libc::fcntl(fd, libc::F_SETFD, 0) };
        keep_own_descriptors(fd);
        // SAFETY: reads the flags of the same descriptor.
        let flags = unsafe { libc::fcntl(fd, libc::F_GETFD) };
        assert_eq!(flags & libc::FD_CLOEXEC, libc::FD_CLOEXEC);
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(OsString, OsString)> {
        v.iter().map(|(k, v)| (k.into(), v.into())).collect()
    }

    #[test]
    fn only_path_and_jailcheck_variables_reach_the_runtime() {
        let caller = pairs(&[
            ("RUST_BACKTRACE", "1"),
            ("PATH", "/home/me/bin"),
            ("LANG", "de_DE.UTF-8"),
            ("JAILCHECK_REAL_RUNTIME", "/x/jailrun"),
        ]);
        assert_eq!(
            for_runtime(caller),
            pairs(&[("PATH", PATH), ("JAILCHECK_REAL_RUNTIME", "/x/jailrun")])
        );
    }

    #[test]
    fn a_spawned_runtime_sees_no_backtrace_variable() {
        let mut cmd = Command::new("env");
        apply(&mut cmd);
        let envs: Vec<_> = cmd.get_envs().collect();
        assert!(
            envs.iter()
                .all(|(k, _)| *k == "PATH" || k.to_string_lossy().starts_with(PASSED_PREFIX)),
            "{envs:?}"
        );
    }
}
