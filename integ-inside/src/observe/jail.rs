//! `jail`: whether the process is in a FreeBSD jail and what the jail allows, from
//! the `security.jail.*` sysctls that a jailed process can read about itself.

use integ_inside::JailReport;
use std::collections::BTreeMap;

/// The `security.jail.*` sysctls read (integers, without the prefix). Those a
/// FreeBSD release lacks are left out of the report.
#[cfg(target_os = "freebsd")]
pub const SYSCTLS: &[&str] = &[
    "jailed",
    "vnet",
    "allow_raw_sockets",
    "chflags_allowed",
    "mount_allowed",
    "mount_devfs_allowed",
    "mount_fdescfs_allowed",
    "mount_nullfs_allowed",
    "mount_procfs_allowed",
    "mount_tmpfs_allowed",
    "set_hostname_allowed",
    "socket_unixiproute_only",
    "sysvipc_allowed",
    "enforce_statfs",
];

/// Observes jail facts; on other systems `jailed` is false and `params` empty.
pub fn observe() -> JailReport {
    let params = read_params();
    JailReport {
        os: std::env::consts::OS.to_string(),
        jailed: params.get("jailed").is_some_and(|v| v != "0"),
        params,
    }
}

#[cfg(target_os = "freebsd")]
fn read_params() -> BTreeMap<String, String> {
    SYSCTLS
        .iter()
        .filter_map(|name| Some((name.to_string(), sysctl_int(name)?.to_string())))
        .collect()
}

#[cfg(not(target_os = "freebsd"))]
fn read_params() -> BTreeMap<String, String> {
    BTreeMap::new()
}

/// Reads the integer sysctl `security.jail.<name>`.
#[cfg(target_os = "freebsd")]
fn sysctl_int(name: &str) -> Option<i32> {
    let full = std::ffi::CString::new(format!("security.jail.{name}")).ok()?;
    let mut value: libc::c_int = 0;
    let mut len: libc::size_t = std::mem::size_of::<libc::c_int>();
    // SAFETY: value is a writable int and len says its size; nothing is written.
    let rc = unsafe {
        libc::sysctlbyname(
            full.as_ptr(),
            (&mut value as *mut libc::c_int).cast(),
            &mut len,
            std::ptr::null(),
            0,
        )
    };
    (rc == 0 && len == std::mem::size_of::<libc::c_int>()).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_host_os() {
        let report = observe();
        assert_eq!(report.os, std::env::consts::OS);
        if cfg!(not(target_os = "freebsd")) {
            assert!(!report.jailed);
            assert!(report.params.is_empty());
        }
    }
}
