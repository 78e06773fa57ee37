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

/// Parses /proc/<pid>/stat: field 3 is the state, field 22 the start time.
#[cfg(target_os = "linux")]
fn parse_stat(stat: &str) -> Option<ProcStatus> {
    // The command name (field 2) may hold spaces and parentheses: split after the last ')'.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let state = *fields.first()?;
    if state == "Z" || state == "X" || state == "x" {
        return Some(ProcStatus::Dead);
    }
    let start_time = fields.get(19)?.parse().ok()?;
    Some(ProcStatus::Alive { start_time })
}

/// Looks up `pid` on the host (without start time on this platform).
#[cfg(not(target_os = "linux"))]
pub fn probe(pid: i32) -> ProcStatus {
    if pid > 0 && unsafe { libc::kill(pid, 0) } == 0 {
        ProcStatus::Alive { start_time: 0 }
    } else {
        ProcStatus::Dead
    }
}

/// Whether `pid` is alive and is the process that started at `start_time`.
pub fn is_same_alive(pid: i32, start_time: u64) -> bool {
    matches!(probe(pid), ProcStatus::Alive { start_time: t } if t == start_time)
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
    }

    #[test]
    fn probes_self() {
        assert!(matches!(
            probe(std::process::id() as i32),
            ProcStatus::Alive { .. }
        ));
        assert_eq!(probe(0), ProcStatus::Dead);
    }
}
