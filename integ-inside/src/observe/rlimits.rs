//! Resource limits, keyed by the names the OCI spec uses (`RLIMIT_NOFILE`).

use integ_inside::Rlimit;
use std::collections::BTreeMap;

/// Every resource limit this platform defines.
pub fn all() -> BTreeMap<String, Rlimit> {
    let mut limits = BTreeMap::new();
    // A macro, not a table: the type of the resource argument differs between libcs
    // (glibc takes an unsigned enum, FreeBSD an int), and each constant has the
    // right one.
    macro_rules! read {
        ($($name:ident),* $(,)?) => {$(
            // SAFETY: rlimit is plain data; getrlimit fills it or fails.
            let mut rl: libc::rlimit = unsafe { std::mem::zeroed() };
            // SAFETY: rl is a valid, writable rlimit.
            if unsafe { libc::getrlimit(libc::$name, &mut rl) } == 0 {
                limits.insert(
                    stringify!($name).to_string(),
                    Rlimit { soft: finite(rl.rlim_cur), hard: finite(rl.rlim_max) },
                );
            }
        )*};
    }
    read!(
        RLIMIT_CPU,
        RLIMIT_FSIZE,
        RLIMIT_DATA,
        RLIMIT_STACK,
        RLIMIT_CORE,
        RLIMIT_RSS,
        RLIMIT_NPROC,
        RLIMIT_NOFILE,
        RLIMIT_MEMLOCK,
        RLIMIT_AS,
    );
    #[cfg(target_os = "linux")]
    read!(
        RLIMIT_LOCKS,
        RLIMIT_SIGPENDING,
        RLIMIT_MSGQUEUE,
        RLIMIT_NICE,
        RLIMIT_RTPRIO,
        RLIMIT_RTTIME,
    );
    #[cfg(target_os = "freebsd")]
    read!(
        RLIMIT_SBSIZE,
        RLIMIT_NPTS,
        RLIMIT_SWAP,
        RLIMIT_KQUEUES,
        RLIMIT_UMTXP,
    );
    limits
}

/// `None` for RLIM_INFINITY (u64 on Linux, i64 on FreeBSD).
fn finite(value: libc::rlim_t) -> Option<u64> {
    if value == libc::RLIM_INFINITY {
        None
    } else {
        // rlim_t is u64 on Linux, i64 on FreeBSD.
        #[allow(clippy::useless_conversion)]
        u64::try_from(value).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nofile_is_always_reported() {
        let limits = all();
        let nofile = limits.get("RLIMIT_NOFILE").expect("RLIMIT_NOFILE");
        assert!(nofile.soft.is_some(), "nofile is never unlimited");
    }

    #[test]
    fn infinity_is_none() {
        assert_eq!(finite(libc::RLIM_INFINITY), None);
        assert_eq!(finite(1024), Some(1024));
    }
}
