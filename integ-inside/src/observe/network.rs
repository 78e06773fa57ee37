//! `network`: interfaces and their addresses, from getifaddrs(3).

use crate::failure::Failure;
use crate::sys;
use integ_inside::{Interface, NetworkReport};
use std::collections::BTreeMap;
use std::ffi::CStr;
use std::mem::size_of;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// Observes every interface, one entry per name, sorted by name.
pub fn observe() -> Result<NetworkReport, Failure> {
    let mut head: *mut libc::ifaddrs = std::ptr::null_mut();
    // SAFETY: head is a valid out-pointer; the list is freed below.
    if unsafe { libc::getifaddrs(&mut head) } != 0 {
        return Err(Failure::runtime("network: getifaddrs", sys::last_error()));
    }
    let mut by_name: BTreeMap<String, Interface> = BTreeMap::new();
    let mut cursor = head;
    while !cursor.is_null() {
        // SAFETY: cursor walks the list getifaddrs returned, which is still alive.
        let ifa = unsafe { &*cursor };
        cursor = ifa.ifa_next;
        if ifa.ifa_name.is_null() {
            continue;
        }
        // SAFETY: ifa_name is a NUL-terminated string owned by the list.
        let name = unsafe { CStr::from_ptr(ifa.ifa_name) }
            .to_string_lossy()
            .into_owned();
        let entry = by_name.entry(name.clone()).or_insert_with(|| Interface {
            name,
            up: false,
            loopback: false,
            addresses: Vec::new(),
        });
        entry.up |= ifa.ifa_flags & libc::IFF_UP as libc::c_uint != 0;
        entry.loopback |= ifa.ifa_flags & libc::IFF_LOOPBACK as libc::c_uint != 0;
        // SAFETY: both pointers come from the live list (or are null).
        if let Some(address) = unsafe { address_with_prefix(ifa.ifa_addr, ifa.ifa_netmask) } {
            if !entry.addresses.contains(&address) {
                entry.addresses.push(address);
            }
        }
    }
    // SAFETY: head came from getifaddrs and nothing borrowed from it survives.
    unsafe { libc::freeifaddrs(head) };
    Ok(NetworkReport {
        interfaces: by_name.into_values().collect(),
    })
}

/// `ip/prefixlen` for an IPv4 or IPv6 address; `None` for other families.
///
/// # Safety
/// `addr` and `mask` must be null or point to sockaddrs from getifaddrs.
unsafe fn address_with_prefix(
    addr: *const libc::sockaddr,
    mask: *const libc::sockaddr,
) -> Option<String> {
    if addr.is_null() {
        return None;
    }
    match i32::from((*addr).sa_family) {
        libc::AF_INET => {
            let sin: libc::sockaddr_in = read_sockaddr(addr)?;
            let ip = Ipv4Addr::from(sin.sin_addr.s_addr.to_ne_bytes());
            let prefix = read_sockaddr::<libc::sockaddr_in>(mask)
                .map_or(32, |m| prefix_len(&m.sin_addr.s_addr.to_ne_bytes()));
            Some(format!("{}/{prefix}", IpAddr::V4(ip)))
        }
        libc::AF_INET6 => {
            let sin6: libc::sockaddr_in6 = read_sockaddr(addr)?;
            let ip = Ipv6Addr::from(clear_embedded_scope(sin6.sin6_addr.s6_addr));
            let prefix = read_sockaddr::<libc::sockaddr_in6>(mask)
                .map_or(128, |m| prefix_len(&m.sin6_addr.s6_addr));
            Some(format!("{}/{prefix}", IpAddr::V6(ip)))
        }
        _ => None,
    }
}

/// Copies a sockaddr into a zeroed `T`.
///
/// BSD kernels may hand out netmasks shorter than the structure (`sa_len`); the
/// missing bytes are zero, and reading past `sa_len` could leave the buffer.
///
/// # Safety
/// `sa` must be null or point to a sockaddr valid for its length.
unsafe fn read_sockaddr<T: Copy>(sa: *const libc::sockaddr) -> Option<T> {
    if sa.is_null() {
        return None;
    }
    let len = sockaddr_len(sa)
        .unwrap_or(size_of::<T>())
        .min(size_of::<T>());
    let mut out: T = std::mem::zeroed();
    std::ptr::copy_nonoverlapping(sa.cast::<u8>(), (&mut out as *mut T).cast::<u8>(), len);
    Some(out)
}

#[cfg(any(
    target_os = "freebsd",
    target_os = "macos",
    target_os = "openbsd",
    target_os = "netbsd"
))]
unsafe fn sockaddr_len(sa: *const libc::sockaddr) -> Option<usize> {
    Some(usize::from((*sa).sa_len))
}

#[cfg(not(any(
    target_os = "freebsd",
    target_os = "macos",
    target_os = "openbsd",
    target_os = "netbsd"
)))]
unsafe fn sockaddr_len(_sa: *const libc::sockaddr) -> Option<usize> {
    None
}

/// The number of one bits in a netmask.
pub fn prefix_len(mask: &[u8]) -> u32 {
    mask.iter().map(|b| b.count_ones()).sum()
}

/// FreeBSD's KAME stack keeps the scope (interface index) of a link-local address in
/// its bytes 2-3 when handing it out; a real fe80::/10 address has zeros there.
pub fn clear_embedded_scope(mut bytes: [u8; 16]) -> [u8; 16] {
    let link_local = bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80;
    if cfg!(target_os = "freebsd") && link_local {
        bytes[2] = 0;
        bytes[3] = 0;
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefix_from_netmask() {
        assert_eq!(prefix_len(&[255, 255, 255, 0]), 24);
        assert_eq!(prefix_len(&[255, 0, 0, 0]), 8);
        assert_eq!(prefix_len(&[255, 255, 255, 255]), 32);
        assert_eq!(prefix_len(&[0; 4]), 0);
        let mut v6 = [0u8; 16];
        v6[..8].fill(0xff);
        assert_eq!(prefix_len(&v6), 64);
        assert_eq!(prefix_len(&[0xff; 16]), 128);
        assert_eq!(prefix_len(&[255, 255, 240, 0]), 20);
    }

    #[test]
    fn global_addresses_keep_their_bytes() {
        let mut bytes = [0u8; 16];
        bytes[0] = 0x20;
        bytes[1] = 0x01;
        bytes[2] = 0x0d;
        assert_eq!(clear_embedded_scope(bytes), bytes);
    }

    #[test]
    fn interfaces_are_sorted_by_name() {
        let report = observe().expect("getifaddrs");
        let names: Vec<&str> = report.interfaces.iter().map(|i| i.name.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        assert_eq!(names, sorted);
    }
}
