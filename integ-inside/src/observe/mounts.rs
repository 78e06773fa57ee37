//! `mounts`: every mount visible to the process.

use crate::failure::Failure;
use integ_inside::MountsReport;

/// Linux: `/proc/self/mountinfo`, which needs /proc mounted in the container.
#[cfg(target_os = "linux")]
pub fn observe() -> Result<MountsReport, Failure> {
    const PATH: &str = "/proc/self/mountinfo";
    let text = std::fs::read_to_string(PATH).map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::NotFound {
            " (is /proc mounted?)"
        } else {
            ""
        };
        Failure::runtime(format!("mounts: {PATH}"), format!("{e}{hint}"))
    })?;
    let mounts = super::mountinfo::parse(&text)
        .map_err(|e| Failure::runtime(format!("mounts: {PATH}"), e))?;
    Ok(MountsReport { mounts })
}

/// FreeBSD: getfsstat(2); inside a jail the kernel shows only what
/// `enforce_statfs` allows.
#[cfg(target_os = "freebsd")]
pub fn observe() -> Result<MountsReport, Failure> {
    use crate::sys;
    use integ_inside::MountEntry;

    // SAFETY: a null buffer asks only for the number of mounts.
    let count = unsafe { libc::getfsstat(std::ptr::null_mut(), 0, libc::MNT_NOWAIT) };
    let count = usize::try_from(count)
        .map_err(|_| Failure::runtime("mounts: getfsstat", sys::last_error()))?;
    // Room for mounts that appear between the two calls.
    let capacity = count + 16;
    // SAFETY: statfs is plain data.
    let mut buf: Vec<libc::statfs> = vec![unsafe { std::mem::zeroed() }; capacity];
    let bytes = (capacity * std::mem::size_of::<libc::statfs>()) as libc::c_long;
    // SAFETY: buf holds `capacity` statfs structures, `bytes` long in total.
    let got = unsafe { libc::getfsstat(buf.as_mut_ptr(), bytes, libc::MNT_NOWAIT) };
    let got = usize::try_from(got)
        .map_err(|_| Failure::runtime("mounts: getfsstat", sys::last_error()))?;
    buf.truncate(got.min(capacity));
    let mounts = buf
        .iter()
        .map(|fs| MountEntry {
            source: sys::c_chars_to_string(&fs.f_mntfromname),
            target: sys::c_chars_to_string(&fs.f_mntonname),
            fstype: sys::c_chars_to_string(&fs.f_fstypename),
            options: freebsd_options(fs.f_flags),
        })
        .collect();
    Ok(MountsReport { mounts })
}

/// The mount flags as mount(8) option names.
#[cfg(target_os = "freebsd")]
fn freebsd_options(flags: u64) -> Vec<String> {
    let table: [(libc::c_int, &str); 9] = [
        (libc::MNT_SYNCHRONOUS, "sync"),
        (libc::MNT_NOEXEC, "noexec"),
        (libc::MNT_NOSUID, "nosuid"),
        (libc::MNT_UNION, "union"),
        (libc::MNT_ASYNC, "async"),
        (libc::MNT_SUIDDIR, "suiddir"),
        (libc::MNT_SOFTDEP, "softdep"),
        (libc::MNT_NOSYMFOLLOW, "nosymfollow"),
        (libc::MNT_NOATIME, "noatime"),
    ];
    let has = |flag: libc::c_int| flags & u64::from(flag as u32) != 0;
    let mut options = vec![if has(libc::MNT_RDONLY) { "ro" } else { "rw" }.to_string()];
    options.extend(
        table
            .iter()
            .filter(|(flag, _)| has(*flag))
            .map(|(_, name)| name.to_string()),
    );
    options
}

#[cfg(not(any(target_os = "linux", target_os = "freebsd")))]
pub fn observe() -> Result<MountsReport, Failure> {
    Ok(MountsReport { mounts: Vec::new() })
}
