//! `identity`: host name and NIS domain name.

use crate::sys;
use integ_inside::IdentityReport;

/// Observes the UTS-like identity.
pub fn observe() -> IdentityReport {
    IdentityReport {
        hostname: sys::hostname(),
        domainname: domainname(),
    }
}

#[cfg(target_os = "linux")]
fn domainname() -> String {
    // SAFETY: utsname is plain data; uname fills it or fails.
    let mut uts: libc::utsname = unsafe { std::mem::zeroed() };
    // SAFETY: uts is a valid, writable utsname.
    if unsafe { libc::uname(&mut uts) } != 0 {
        return String::new();
    }
    sys::c_chars_to_string(&uts.domainname)
}

#[cfg(target_os = "freebsd")]
fn domainname() -> String {
    let mut buf = [0 as std::os::raw::c_char; 256];
    // SAFETY: the buffer is writable; one byte is kept for the terminating NUL.
    let rc = unsafe { libc::getdomainname(buf.as_mut_ptr(), (buf.len() - 1) as libc::c_int) };
    if rc != 0 {
        return String::new();
    }
    sys::c_chars_to_string(&buf)
}

#[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
fn domainname() -> String {
    String::new()
}
