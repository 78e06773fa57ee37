//! Leak checks: what a deleted container must not leave on the host.

use std::path::Path;

/// Something a test set up on the host (an interface, a network namespace) that the
/// guard releases after the test's containers are deleted.
pub trait HostResource {
    /// Removes the resource; returns what the runtime left behind, as leak messages.
    fn release(&mut self) -> Vec<String>;
}

/// Mount points at or below `dir`, as the host sees them.
pub fn mounts_under(dir: &Path) -> Vec<String> {
    host_mount_points()
        .into_iter()
        .filter(|m| Path::new(m).starts_with(dir))
        .collect()
}

/// Every mount point of the host's mount table.
#[cfg(target_os = "linux")]
pub fn host_mount_points() -> Vec<String> {
    let text = std::fs::read_to_string("/proc/self/mountinfo").unwrap_or_default();
    text.lines()
        .filter_map(|line| line.split(' ').nth(4))
        .map(unescape_octal)
        .collect()
}

/// Every mount point of the host's mount table (`mount -p`: fstab format).
#[cfg(not(target_os = "linux"))]
pub fn host_mount_points() -> Vec<String> {
    let text = crate::harness::host::command::output("mount", &["-p"]).unwrap_or_default();
    text.lines()
        .filter_map(|line| line.split_whitespace().nth(1))
        .map(unescape_octal)
        .collect()
}

/// Undoes the `\040`-style escaping of mount tables.
pub fn unescape_octal(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' && i + 4 <= bytes.len() {
            let digits = &bytes[i + 1..i + 4];
            if digits.iter().all(|d| (b'0'..=b'7').contains(d)) {
                let v = digits
                    .iter()
                    .fold(0u32, |acc, d| acc * 8 + u32::from(d - b'0'));
                if let Ok(byte) = u8::try_from(v) {
                    out.push(byte);
                    i += 4;
                    continue;
                }
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Detaches every mount below `dir`, deepest first (so the directory can be
/// removed without reaching through a bind mount into the host).
pub fn detach_mounts_under(dir: &Path) {
    let mut mounts = mounts_under(dir);
    mounts.sort_by_key(|m| std::cmp::Reverse(m.len()));
    for m in mounts {
        detach(Path::new(&m));
    }
}

#[cfg(target_os = "linux")]
fn detach(path: &Path) {
    let _ = nix::mount::umount2(path, nix::mount::MntFlags::MNT_DETACH);
}

#[cfg(not(target_os = "linux"))]
fn detach(path: &Path) {
    let _ = nix::mount::unmount(path, nix::mount::MntFlags::MNT_FORCE);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_spaces_and_leaves_plain_text() {
        assert_eq!(unescape_octal("/a\\040b"), "/a b");
        assert_eq!(unescape_octal("/plain"), "/plain");
        assert_eq!(unescape_octal("/end\\"), "/end\\");
    }
}
