//! The container process's own settings: rlimits, user, capabilities, executable
//! lookup, signals, and execve with exactly the configured environment.

use super::sys::{cpath, cstr};
use crate::capabilities;
use crate::config::{Capabilities, Process, Rlimit};
use std::ffi::CString;
use std::io;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};

fn check(r: libc::c_int, what: &str) -> Result<(), String> {
    if r < 0 {
        Err(format!("{what}: {}", io::Error::last_os_error()))
    } else {
        Ok(())
    }
}

/// The resource number of an rlimit name.
fn resource(name: &str) -> Option<libc::__rlimit_resource_t> {
    Some(match name {
        "RLIMIT_AS" => libc::RLIMIT_AS,
        "RLIMIT_CORE" => libc::RLIMIT_CORE,
        "RLIMIT_CPU" => libc::RLIMIT_CPU,
        "RLIMIT_DATA" => libc::RLIMIT_DATA,
        "RLIMIT_FSIZE" => libc::RLIMIT_FSIZE,
        "RLIMIT_LOCKS" => libc::RLIMIT_LOCKS,
        "RLIMIT_MEMLOCK" => libc::RLIMIT_MEMLOCK,
        "RLIMIT_MSGQUEUE" => libc::RLIMIT_MSGQUEUE,
        "RLIMIT_NICE" => libc::RLIMIT_NICE,
        "RLIMIT_NOFILE" => libc::RLIMIT_NOFILE,
        "RLIMIT_NPROC" => libc::RLIMIT_NPROC,
        "RLIMIT_RSS" => libc::RLIMIT_RSS,
        "RLIMIT_RTPRIO" => libc::RLIMIT_RTPRIO,
        "RLIMIT_RTTIME" => libc::RLIMIT_RTTIME,
        "RLIMIT_SIGPENDING" => libc::RLIMIT_SIGPENDING,
        "RLIMIT_STACK" => libc::RLIMIT_STACK,
        _ => return None,
    })
}

/// Marks every descriptor above stderr close-on-exec: whatever `create`'s caller
/// left open (a host directory, a pipe) must reach neither the program nor the
/// hooks run from the container process.
pub fn close_inherited_on_exec() -> Result<(), String> {
    // SAFETY: close_range with integer arguments only changes descriptor flags.
    let r = unsafe { libc::close_range(3, libc::c_uint::MAX, libc::CLOSE_RANGE_CLOEXEC as i32) };
    check(r, "close_range")
}

/// Changes to `process.cwd` and makes sure it is inside the new root: a path such
/// as /proc/self/fd/N could name a host directory the process still holds open
/// (runc's CVE-2024-21626).
pub fn enter_cwd(cwd: &str) -> Result<(), String> {
    super::sys::chdir(Path::new(cwd)).map_err(|e| format!("chdir {cwd}: {e}"))?;
    std::env::current_dir()
        .map(drop)
        .map_err(|e| format!("process.cwd {cwd} is not inside the container's root ({e})"))
}

/// Applies `process.rlimits`.
pub fn set_rlimits(rlimits: &[Rlimit]) -> Result<(), String> {
    for r in rlimits {
        let res = resource(&r.kind).ok_or_else(|| format!("unknown rlimit {}", r.kind))?;
        let lim = libc::rlimit {
            rlim_cur: r.soft as libc::rlim_t,
            rlim_max: r.hard as libc::rlim_t,
        };
        // SAFETY: valid rlimit struct.
        check(
            unsafe { libc::setrlimit(res, &lim) },
            &format!("setrlimit {}", r.kind),
        )?;
    }
    Ok(())
}

/// Writes `process.oomScoreAdj` (needs the host /proc, so before pivot_root).
pub fn set_oom_score_adj(value: Option<i32>) -> Result<(), String> {
    match value {
        Some(v) => std::fs::write("/proc/self/oom_score_adj", v.to_string())
            .map_err(|e| format!("oom_score_adj: {e}")),
        None => Ok(()),
    }
}

/// Drops bounding capabilities not in `caps.bounding` (before changing user).
pub fn drop_bounding(caps: Option<&Capabilities>) -> Result<(), String> {
    let Some(c) = caps else { return Ok(()) };
    let keep = capabilities::mask(&c.bounding);
    for cap in 0..64u32 {
        if keep & (1 << cap) != 0 {
            continue;
        }
        // SAFETY: prctl with integer arguments.
        let r = unsafe { libc::prctl(libc::PR_CAPBSET_DROP, cap as libc::c_ulong, 0, 0, 0) };
        if r < 0 {
            let e = io::Error::last_os_error();
            if e.raw_os_error() == Some(libc::EINVAL) {
                break; // past the last capability this kernel knows
            }
            return Err(format!("drop capability {cap}: {e}"));
        }
    }
    Ok(())
}

/// Switches to `process.user`: supplementary groups, gid, uid, keeping capabilities
/// across the uid change when `process.capabilities` will set them.
pub fn set_user(p: &Process) -> Result<(), String> {
    let u = &p.user;
    let groups: Vec<libc::gid_t> = u.additional_gids.clone();
    // SAFETY: pointer and length describe `groups`.
    check(
        unsafe { libc::setgroups(groups.len(), groups.as_ptr()) },
        "setgroups",
    )?;
    // SAFETY: plain syscalls.
    check(unsafe { libc::setresgid(u.gid, u.gid, u.gid) }, "setgid")?;
    if p.capabilities.is_some() {
        // SAFETY: prctl with integer arguments.
        check(
            unsafe { libc::prctl(libc::PR_SET_KEEPCAPS, 1, 0, 0, 0) },
            "keepcaps",
        )?;
    }
    // SAFETY: plain syscall.
    check(unsafe { libc::setresuid(u.uid, u.uid, u.uid) }, "setuid")?;
    if let Some(mask) = u.umask {
        // SAFETY: plain syscall.
        unsafe { libc::umask(mask as libc::mode_t) };
    }
    Ok(())
}

/// Sets effective, permitted and inheritable capabilities, then the ambient ones.
pub fn set_capabilities(caps: Option<&Capabilities>) -> Result<(), String> {
    let Some(c) = caps else { return Ok(()) };
    #[repr(C)]
    struct Header {
        version: u32,
        pid: i32,
    }
    #[repr(C)]
    #[derive(Clone, Copy)]
    struct Data {
        effective: u32,
        permitted: u32,
        inheritable: u32,
    }
    let (e, p, i) = (
        capabilities::mask(&c.effective),
        capabilities::mask(&c.permitted),
        capabilities::mask(&c.inheritable),
    );
    let header = Header {
        version: 0x2008_0522, // _LINUX_CAPABILITY_VERSION_3
        pid: 0,
    };
    let data = [
        Data {
            effective: e as u32,
            permitted: p as u32,
            inheritable: i as u32,
        },
        Data {
            effective: (e >> 32) as u32,
            permitted: (p >> 32) as u32,
            inheritable: (i >> 32) as u32,
        },
    ];
    // SAFETY: header and two data structs, as capset(2) version 3 expects.
    let r = unsafe { libc::syscall(libc::SYS_capset, &header as *const Header, data.as_ptr()) };
    if r < 0 {
        return Err(format!("capset: {}", io::Error::last_os_error()));
    }
    // SAFETY: prctl with integer arguments.
    unsafe {
        libc::prctl(
            libc::PR_CAP_AMBIENT,
            libc::PR_CAP_AMBIENT_CLEAR_ALL,
            0,
            0,
            0,
        );
    }
    for name in &c.ambient {
        let Some(n) = capabilities::number(name) else {
            continue;
        };
        // SAFETY: prctl with integer arguments.
        let r = unsafe {
            libc::prctl(
                libc::PR_CAP_AMBIENT,
                libc::PR_CAP_AMBIENT_RAISE,
                n as libc::c_ulong,
                0,
                0,
            )
        };
        // Like runc: a capability missing from the inheritable set cannot be ambient,
        // and that is not an error.
        if r < 0 && io::Error::last_os_error().raw_os_error() != Some(libc::EPERM) {
            check(r, &format!("raise ambient {name}"))?;
        }
    }
    Ok(())
}

/// Sets no_new_privs when `process.noNewPrivileges` asks for it.
pub fn set_no_new_privileges(on: bool) -> Result<(), String> {
    if !on {
        return Ok(());
    }
    // SAFETY: prctl with integer arguments.
    check(
        unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) },
        "no_new_privs",
    )
}

/// Finds the program to run: `args[0]` itself when it holds a '/', else the first
/// executable match in the configured environment's PATH.
pub fn find_executable(arg0: &str, env: &[String]) -> Result<PathBuf, String> {
    if arg0.contains('/') {
        let p = PathBuf::from(arg0);
        return executable(&p)
            .map(|()| p)
            .map_err(|e| format!("exec {arg0}: {e}"));
    }
    let path = env
        .iter()
        .find_map(|kv| kv.strip_prefix("PATH="))
        .unwrap_or("");
    for dir in path.split(':') {
        let dir = if dir.is_empty() { "." } else { dir };
        let candidate = Path::new(dir).join(arg0);
        if executable(&candidate).is_ok() {
            return Ok(candidate);
        }
    }
    Err(format!("exec {arg0}: executable file not found in $PATH"))
}

fn executable(p: &Path) -> io::Result<()> {
    let meta = std::fs::metadata(p)?;
    if meta.is_dir() {
        return Err(io::Error::from_raw_os_error(libc::EISDIR));
    }
    let c = cpath(p)?;
    // SAFETY: valid path.
    if unsafe { libc::access(c.as_ptr(), libc::X_OK) } < 0 {
        return Err(io::Error::last_os_error());
    }
    Ok(())
}

extern "C" fn exit_on_signal(sig: libc::c_int) {
    // SAFETY: _exit is async-signal-safe.
    unsafe { libc::_exit(128 + sig) }
}

/// Lets the waiting container process be killed by any terminating signal: as PID 1
/// of its namespace it would otherwise ignore signals it has no handler for.
/// Handlers are reset by execve, so the user program starts with default actions.
pub fn exit_on_termination_signals() {
    let mut sigs = vec![
        libc::SIGHUP,
        libc::SIGINT,
        libc::SIGQUIT,
        libc::SIGUSR1,
        libc::SIGUSR2,
        libc::SIGTERM,
        libc::SIGALRM,
        libc::SIGVTALRM,
        libc::SIGPROF,
        libc::SIGXCPU,
        libc::SIGXFSZ,
        libc::SIGIO,
        libc::SIGPWR,
    ];
    sigs.extend(libc::SIGRTMIN()..=libc::SIGRTMAX());
    for s in sigs {
        // SAFETY: installing an async-signal-safe handler.
        unsafe { libc::signal(s, exit_on_signal as *const () as libc::sighandler_t) };
    }
}

/// Resets every signal to its default action and unblocks all of them.
pub fn reset_signals() {
    for s in 1..=libc::SIGRTMAX() {
        if s == libc::SIGKILL || s == libc::SIGSTOP {
            continue;
        }
        // SAFETY: setting default dispositions; errors for reserved signals are ignored.
        unsafe { libc::signal(s, libc::SIG_DFL) };
    }
    // SAFETY: an empty set, then unblocking it.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        libc::sigprocmask(libc::SIG_SETMASK, &set, std::ptr::null_mut());
    }
}

/// execve(2) of `path` with exactly `args` and `env`. Returns only on failure.
pub fn exec(path: &Path, args: &[String], env: &[String]) -> String {
    let to_c =
        |v: &[String]| -> Result<Vec<CString>, io::Error> { v.iter().map(|s| cstr(s)).collect() };
    let (Ok(cpath), Ok(argv), Ok(envp)) = (
        CString::new(path.as_os_str().as_bytes()),
        to_c(args),
        to_c(env),
    ) else {
        return format!("exec {}: argument contains a NUL byte", path.display());
    };
    let mut argv_p: Vec<*const libc::c_char> = argv.iter().map(|c| c.as_ptr()).collect();
    argv_p.push(std::ptr::null());
    let mut envp_p: Vec<*const libc::c_char> = envp.iter().map(|c| c.as_ptr()).collect();
    envp_p.push(std::ptr::null());
    // SAFETY: NULL-terminated arrays of valid C strings that outlive the call.
    unsafe { libc::execve(cpath.as_ptr(), argv_p.as_ptr(), envp_p.as_ptr()) };
    format!("exec {}: {}", path.display(), io::Error::last_os_error())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_in_configured_path_only() {
        let env = vec!["PATH=/nonexistent:/bin".to_string()];
        assert_eq!(
            find_executable("sh", &env).unwrap(),
            PathBuf::from("/bin/sh")
        );
        assert!(find_executable("sh", &[]).is_err());
        assert!(find_executable("/bin/sh", &[]).is_ok());
        assert!(find_executable("/nonexistent/x", &env).is_err());
        assert!(find_executable("definitely-not-a-program", &env).is_err());
    }
}
