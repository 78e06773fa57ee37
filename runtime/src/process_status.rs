//! Whether a host process is alive, and its start time (to detect PID reuse).

/// What the host says about a PID.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProcStatus {
    /// Running or sleeping (not a zombie), with its start time.
    Alive { start_time: u64 },
    /// Gone, or a zombie waiting to be reaped.
    Dead,
}

/// Looks up `pid` on the host.
#[cfg(target_os = "linux")]
pub fn probe(pid: i32) -> ProcStatus {
    if pid <= 0 {
        return ProcStatus::Dead;
    }
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
        return ProcStatus::Dead;
    };
    parse_stat(&stat).unwrap_or(ProcStatus::Dead)
}

/// Whether `pid` is the process that started at `start_time`, alive, exiting or
/// a zombie.
#[cfg(target_os = "linux")]
pub fn is_same(pid: i32, start_time: u64) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| {
            let rest = &stat[stat.rfind(')')? + 1..];
            rest.split_whitespace().nth(19)?.parse::<u64>().ok()
        })
        .is_some_and(|t| t == start_time)
}

/// Whether `pid` is the process that started at `start_time` (alive).
#[cfg(not(target_os = "linux"))]
pub fn is_same(pid: i32, start_time: u64) -> bool {
    is_same_alive(pid, start_time)
}

/// The kernel's per-task flag for a task inside exit(2) (PF_EXITING).
#[cfg(target_os = "linux")]
const PF_EXITING: u64 = 0x4;

/// Parses /proc/<pid>/stat: field 3 is the state, field 9 the flags, field 22
/// the start time.
#[cfg(target_os = "linux")]
fn parse_stat(stat: &str) -> Option<ProcStatus> {
    // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let state = *fields.first()?;
    if state == "Z" || state == "X" || state == "x" {
        return Some(ProcStatus::Dead);
    }
    // A process being killed closes its descriptors (so `start` sees the exec
    // FIFO's end) some time before it is a zombie, while the kernel frees its
    // memory and namespaces; it will never run again, so it counts as dead.
    let flags: u64 = fields.get(6)?.parse().ok()?;
    if flags & PF_EXITING != 0 {
        return Some(ProcStatus::Dead);
    }
    let start_time = fields.get(19)?.parse().ok()?;
    Some(ProcStatus::Alive { start_time })
}

/// Looks up `pid` on the host (without start time on this platform).
/// Looks up `pid` with sysctl(3) `kern.proc.pid`: its state and start time.
#[cfg(target_os = "freebsd")]
pub fn probe(pid: i32) -> ProcStatus {
    if pid <= 0 {
        return ProcStatus::Dead;
    }
    let mut mib = [libc::CTL_KERN, libc::KERN_PROC, libc::KERN_PROC_PID, pid];
    // SAFETY: kinfo_proc is plain integers and arrays; all zeroes is valid.
    let mut info: libc::kinfo_proc = unsafe { std::mem::zeroed() };
    let mut len = std::mem::size_of::<libc::kinfo_proc>();
    // SAFETY: sysctl(3) writes at most `len` bytes into `info` (nix has no sysctl).
    let r = unsafe {
        libc::sysctl(
            mib.as_mut_ptr(),
            mib.len() as libc::c_uint,
            (&mut info as *mut libc::kinfo_proc).cast(),
            &mut len,
            std::ptr::null(),
            0,
        )
    };
    // No such process: success with nothing written.
    if r != 0 || len < std::mem::size_of::<libc::kinfo_proc>() {
        return ProcStatus::Dead;
    }
    from_kinfo(
        info.ki_stat as u8,
        info.ki_start.tv_sec as i64,
        info.ki_start.tv_usec as i64,
    )
}

/// `SZOMB` of FreeBSD's sys/proc.h: exited, not yet reaped.
#[cfg_attr(not(target_os = "freebsd"), allow(dead_code))]
const SZOMB: u8 = 5;

/// The status of a FreeBSD process from its `ki_stat` and `ki_start`
/// (microseconds since the epoch: unique enough to tell a reused PID).
#[cfg_attr(not(target_os = "freebsd"), allow(dead_code))]
fn from_kinfo(stat: u8, start_sec: i64, start_usec: i64) -> ProcStatus {
    if stat == SZOMB {
        return ProcStatus::Dead;
    }
    ProcStatus::Alive {
        start_time: (start_sec as u64) * 1_000_000 + start_usec as u64,
    }
}

/// Elsewhere: alive or not, with no start time.
#[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
pub fn probe(pid: i32) -> ProcStatus {
    let alive = pid > 0 && nix::sys::signal::kill(nix::unistd::Pid::from_raw(pid), None).is_ok();
    if alive {
        ProcStatus::Alive { start_time: 0 }
    } else {
        ProcStatus::Dead
    }
}

/// Whether `pid` is alive and is the process that started at `start_time`.
pub fn is_same_alive(pid: i32, start_time: u64) -> bool {
    matches!(probe(pid), ProcStatus::Alive { start_time: t } if t == start_time)
}

#[cfg(test)]
mod kinfo_tests {
    use super::*;

    #[test]
    fn freebsd_start_times_tell_processes_apart() {
        assert_eq!(
            from_kinfo(2, 1_700_000_000, 250),
            ProcStatus::Alive {
                start_time: 1_700_000_000_000_250
            }
        );
        assert_ne!(from_kinfo(2, 1, 0), from_kinfo(2, 1, 1));
        assert_eq!(from_kinfo(SZOMB, 1, 0), ProcStatus::Dead);
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn parses_stat_with_odd_names() {
        let s = "42 (a) b (c)) S 1 42 42 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 12345 0 0";
        assert_eq!(parse_stat(s), Some(ProcStatus::Alive { start_time: 12345 }));
        let z = "42 (x) Z 1 42 42 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 12345 0 0";
        assert_eq!(parse_stat(z), Some(ProcStatus::Dead));
        let exiting = "42 (x) R 1 42 42 0 -1 4194564 100 0 0 0 0 0 0 0 20 0 1 0 12345 0 0";
        assert_eq!(parse_stat(exiting), Some(ProcStatus::Dead));
    }

    #[test]
    fn probes_self() {
        assert!(matches!(
            probe(std::process::id() as i32),
            ProcStatus::Alive { .. }
        ));
        assert_eq!(probe(0), ProcStatus::Dead);
        let me = std::process::id() as i32;
        let ProcStatus::Alive { start_time } = probe(me) else {
            panic!("not alive")
        };
        assert!(is_same(me, start_time));
        assert!(!is_same(me, start_time + 1));
    }
}
