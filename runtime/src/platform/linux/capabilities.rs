//! Linux capability names (`process.capabilities`) and their numbers.

use crate::spec::config::Capabilities;
use crate::spec::validate::Invalid;

/// Capability names in number order (CAP_CHOWN is 0).
pub const NAMES: &[&str] = &[
    "CAP_CHOWN",
    "CAP_DAC_OVERRIDE",
    "CAP_DAC_READ_SEARCH",
    "CAP_FOWNER",
    "CAP_FSETID",
    "CAP_KILL",
    "CAP_SETGID",
    "CAP_SETUID",
    "CAP_SETPCAP",
    "CAP_LINUX_IMMUTABLE",
    "CAP_NET_BIND_SERVICE",
    "CAP_NET_BROADCAST",
    "CAP_NET_ADMIN",
    "CAP_NET_RAW",
    "CAP_IPC_LOCK",
    "CAP_IPC_OWNER",
    "CAP_SYS_MODULE",
    "CAP_SYS_RAWIO",
    "CAP_SYS_CHROOT",
    "CAP_SYS_PTRACE",
    "CAP_SYS_PACCT",
    "CAP_SYS_ADMIN",
    "CAP_SYS_BOOT",
    "CAP_SYS_NICE",
    "CAP_SYS_RESOURCE",
    "CAP_SYS_TIME",
    "CAP_SYS_TTY_CONFIG",
    "CAP_MKNOD",
    "CAP_LEASE",
    "CAP_AUDIT_WRITE",
    "CAP_AUDIT_CONTROL",
    "CAP_SETFCAP",
    "CAP_MAC_OVERRIDE",
    "CAP_MAC_ADMIN",
    "CAP_SYSLOG",
    "CAP_WAKE_ALARM",
    "CAP_BLOCK_SUSPEND",
    "CAP_AUDIT_READ",
    "CAP_PERFMON",
    "CAP_BPF",
    "CAP_CHECKPOINT_RESTORE",
];

/// The number of a capability name, if it is known.
pub fn number(name: &str) -> Option<u32> {
    NAMES.iter().position(|n| *n == name).map(|i| i as u32)
}

/// A set of capabilities as a 64-bit mask.
pub fn mask(names: &[String]) -> u64 {
    names
        .iter()
        .filter_map(|n| number(n))
        .fold(0, |m, n| m | (1u64 << n))
}

/// Every name of `caps` no kernel interface maps, as (field, problem). A
/// capability that cannot be mapped MUST be logged as a warning and SHOULD NOT
/// fail the container (config.md#linux-process): [`mask`] leaves it out.
pub fn unknown(caps: Option<&Capabilities>) -> Vec<Invalid> {
    let Some(c) = caps else { return Vec::new() };
    let mut out = Vec::new();
    for (set, names) in [
        ("bounding", &c.bounding),
        ("effective", &c.effective),
        ("inheritable", &c.inheritable),
        ("permitted", &c.permitted),
        ("ambient", &c.ambient),
    ] {
        for (i, name) in names.iter().enumerate() {
            if number(name).is_none() {
                out.push(Invalid {
                    field: format!("process.capabilities.{set}[{i}]"),
                    problem: format!("{name:?} is not a known capability"),
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_match_the_kernel() {
        assert_eq!(number("CAP_CHOWN"), Some(0));
        assert_eq!(number("CAP_SYS_ADMIN"), Some(21));
        assert_eq!(number("CAP_CHECKPOINT_RESTORE"), Some(40));
        assert_eq!(number("CAP_NOPE"), None);
        assert_eq!(mask(&["CAP_KILL".into(), "CAP_CHOWN".into()]), 0b100001);
        assert_eq!(mask(&["CAP_KILL".into(), "CAP_NOPE".into()]), 0b100000);
    }

    #[test]
    fn unknown_names_are_listed_with_their_field() {
        let caps = Capabilities {
            bounding: vec!["CAP_KILL".into(), "CAP_NOPE".into()],
            ambient: vec!["CAP_ALSO_NOPE".into()],
            ..Capabilities::default()
        };
        let found: Vec<String> = unknown(Some(&caps)).iter().map(|i| i.to_string()).collect();
        assert_eq!(
            found,
            [
                "process.capabilities.bounding[1] \"CAP_NOPE\" is not a known capability",
                "process.capabilities.ambient[0] \"CAP_ALSO_NOPE\" is not a known capability",
            ]
        );
    }
}
