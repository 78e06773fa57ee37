//! `process.rlimits` names on FreeBSD (config.md#posix-process: the type must
//! map to a kernel resource, and each resource may appear once).
//!
//! The resource numbers are FreeBSD's `RLIMIT_*` constants from
//! `<sys/resource.h>` (stable since FreeBSD 9; the same values as the libc
//! crate's FreeBSD definitions), written down here so the mapping is pure and
//! testable on any host.

use std::collections::BTreeMap;
use thiserror::Error;

/// `RLIMIT_*` values of FreeBSD's `<sys/resource.h>`.
pub mod resource {
    pub const CPU: i32 = 0;
    pub const FSIZE: i32 = 1;
    pub const DATA: i32 = 2;
    pub const STACK: i32 = 3;
    pub const CORE: i32 = 4;
    pub const RSS: i32 = 5;
    pub const MEMLOCK: i32 = 6;
    pub const NPROC: i32 = 7;
    pub const NOFILE: i32 = 8;
    pub const SBSIZE: i32 = 9;
    /// `RLIMIT_VMEM`; `RLIMIT_AS` is the same resource.
    pub const VMEM: i32 = 10;
    pub const NPTS: i32 = 11;
    pub const SWAP: i32 = 12;
    pub const KQUEUES: i32 = 13;
    pub const UMTXP: i32 = 14;
}

/// FreeBSD's `RLIM_INFINITY` (rlim_t is a signed 64-bit integer there).
pub const RLIM_INFINITY: i64 = i64::MAX;

/// Every accepted OCI name and its FreeBSD resource number.
pub const NAMES: &[(&str, i32)] = &[
    ("RLIMIT_CPU", resource::CPU),
    ("RLIMIT_FSIZE", resource::FSIZE),
    ("RLIMIT_DATA", resource::DATA),
    ("RLIMIT_STACK", resource::STACK),
    ("RLIMIT_CORE", resource::CORE),
    ("RLIMIT_RSS", resource::RSS),
    ("RLIMIT_MEMLOCK", resource::MEMLOCK),
    ("RLIMIT_NPROC", resource::NPROC),
    ("RLIMIT_NOFILE", resource::NOFILE),
    ("RLIMIT_SBSIZE", resource::SBSIZE),
    ("RLIMIT_VMEM", resource::VMEM),
    ("RLIMIT_AS", resource::VMEM),
    ("RLIMIT_NPTS", resource::NPTS),
    ("RLIMIT_SWAP", resource::SWAP),
    ("RLIMIT_KQUEUES", resource::KQUEUES),
    ("RLIMIT_UMTXP", resource::UMTXP),
];

/// The entry of [`NAMES`] for an OCI rlimit `type`, if FreeBSD has it.
fn lookup(name: &str) -> Option<(&'static str, i32)> {
    NAMES.iter().find(|(n, _)| *n == name).copied()
}

/// A limit value as FreeBSD's rlim_t: anything from 2^63 - 1 up (including the
/// u64::MAX that Linux configs use for "unlimited") is `RLIM_INFINITY`.
pub fn limit_value(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(RLIM_INFINITY)
}

/// One `process.rlimits` entry resolved for FreeBSD.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rlimit {
    /// The OCI name, for messages.
    pub name: &'static str,
    pub resource: i32,
    pub soft: i64,
    pub hard: i64,
}

/// Why `process.rlimits` cannot be applied on FreeBSD.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RlimitError {
    #[error("process.rlimits[{index}].type: {name:?} is not a FreeBSD resource limit")]
    Unknown { index: usize, name: String },
    #[error("process.rlimits[{index}].type: {name:?} sets the same resource as rlimits[{first}]")]
    Duplicate {
        index: usize,
        name: String,
        first: usize,
    },
    #[error("process.rlimits[{index}]: soft limit {soft} is above hard limit {hard}")]
    SoftAboveHard { index: usize, soft: u64, hard: u64 },
}

/// Resolves `(type, soft, hard)` entries for FreeBSD, in order.
pub fn resolve<'a>(
    entries: impl IntoIterator<Item = (&'a str, u64, u64)>,
) -> Result<Vec<Rlimit>, RlimitError> {
    let mut first_by_resource = BTreeMap::new();
    let mut out = Vec::new();
    for (index, (name, soft, hard)) in entries.into_iter().enumerate() {
        let Some((name, resource)) = lookup(name) else {
            return Err(RlimitError::Unknown {
                index,
                name: name.to_string(),
            });
        };
        if let Some(&first) = first_by_resource.get(&resource) {
            return Err(RlimitError::Duplicate {
                index,
                name: name.to_string(),
                first,
            });
        }
        first_by_resource.insert(resource, index);
        if soft > hard {
            return Err(RlimitError::SoftAboveHard { index, soft, hard });
        }
        out.push(Rlimit {
            name,
            resource,
            soft: limit_value(soft),
            hard: limit_value(hard),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_freebsd_only_names() {
        let number = |name| lookup(name).map(|(_, r)| r);
        assert_eq!(number("RLIMIT_NPTS"), Some(11));
        assert_eq!(number("RLIMIT_SWAP"), Some(12));
        assert_eq!(number("RLIMIT_SBSIZE"), Some(9));
        assert_eq!(number("RLIMIT_KQUEUES"), Some(13));
        assert_eq!(number("RLIMIT_UMTXP"), Some(14));
        assert_eq!(number("RLIMIT_NOFILE"), Some(8));
        assert_eq!(number("RLIMIT_MSGQUEUE"), None);
    }

    #[test]
    fn infinity_and_errors() {
        assert_eq!(limit_value(u64::MAX), RLIM_INFINITY);
        assert_eq!(limit_value(1024), 1024);
        let ok = resolve([("RLIMIT_NOFILE", 64, u64::MAX)]).expect("valid");
        assert_eq!(ok[0].hard, RLIM_INFINITY);
        let msg = |r: Result<Vec<Rlimit>, RlimitError>| r.map_err(|e| e.to_string());
        assert_eq!(
            msg(resolve([("RLIMIT_RTPRIO", 1, 1)])),
            Err(
                "process.rlimits[0].type: \"RLIMIT_RTPRIO\" is not a FreeBSD resource limit".into()
            )
        );
        assert_eq!(
            msg(resolve([("RLIMIT_VMEM", 1, 1), ("RLIMIT_AS", 1, 1)])),
            Err(
                "process.rlimits[1].type: \"RLIMIT_AS\" sets the same resource as rlimits[0]"
                    .into()
            )
        );
        assert_eq!(
            msg(resolve([("RLIMIT_CORE", 2, 1)])),
            Err("process.rlimits[0]: soft limit 2 is above hard limit 1".into())
        );
    }
}
