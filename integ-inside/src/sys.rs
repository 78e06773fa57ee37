//! Small safe wrappers over libc shared by several subcommands.
//!
//! The environment is read through libc's `environ`, never through
//! `std::env::vars`: static FreeBSD binaries from some Rust releases crash there.

use std::ffi::{CStr, OsString};
use std::io;
use std::os::raw::c_char;
use std::os::unix::ffi::OsStringExt;
use std::path::PathBuf;

extern "C" {
    /// The process environment, NULL-terminated, as libc keeps it.
    static mut environ: *const *const c_char;
}

/// The environment as `KEY=VALUE` strings, in the order libc holds them.
pub fn environment() -> Vec<String> {
    let mut out = Vec::new();
    // SAFETY: the helper is single-threaded and never changes its environment, so
    // `environ` is a stable NULL-terminated array of NUL-terminated strings.
    unsafe {
        let mut entry = std::ptr::addr_of!(environ).read();
        if entry.is_null() {
            return out;
        }
        while !(*entry).is_null() {
            out.push(CStr::from_ptr(*entry).to_string_lossy().into_owned());
            entry = entry.add(1);
        }
    }
    out
}

/// argv, exactly as received (non-UTF-8 bytes replaced).
pub fn arguments() -> Vec<String> {
    std::env::args_os()
        .map(|a| a.to_string_lossy().into_owned())
        .collect()
}

/// The working directory, or "" when it cannot be read (e.g. it was removed).
pub fn cwd() -> String {
    std::env::current_dir()
        .map(|p| p.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The host name (gethostname), or "" on failure.
pub fn hostname() -> String {
    let mut buf = [0 as c_char; 256];
    // SAFETY: the buffer is writable for its whole length; we pass one less so the
    // result stays NUL-terminated even if the kernel truncates.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr(), buf.len() - 1) };
    if rc != 0 {
        return String::new();
    }
    c_chars_to_string(&buf)
}

/// A fixed C character array (NUL-terminated or full) as a String.
pub fn c_chars_to_string(chars: &[c_char]) -> String {
    // SAFETY: c_char and u8 have the same size and alignment.
    let bytes = unsafe { std::slice::from_raw_parts(chars.as_ptr().cast::<u8>(), chars.len()) };
    let end = bytes.iter().position(|&b| b == 0).unwrap_or(bytes.len());
    String::from_utf8_lossy(&bytes[..end]).into_owned()
}

/// The current errno as an io::Error.
pub fn last_error() -> io::Error {
    io::Error::last_os_error()
}

/// Whether `fd` is a terminal.
pub fn isatty(fd: i32) -> bool {
    // SAFETY: isatty only inspects the descriptor.
    unsafe { libc::isatty(fd) == 1 }
}

/// A path with a suffix appended to its last component (`FILE` → `FILE.tmp.42`).
pub fn with_suffix(path: &std::path::Path, suffix: &str) -> PathBuf {
    let mut os = OsString::from(path.as_os_str()).into_vec();
    os.extend_from_slice(suffix.as_bytes());
    PathBuf::from(OsString::from_vec(os))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c_chars_stop_at_nul() {
        let chars = [b'a' as c_char, b'b' as c_char, 0, b'c' as c_char];
        assert_eq!(c_chars_to_string(&chars), "ab");
        let full = [b'x' as c_char; 3];
        assert_eq!(c_chars_to_string(&full), "xxx");
    }

    #[test]
    fn suffix_is_appended() {
        assert_eq!(
            with_suffix(std::path::Path::new("/a/b.json"), ".tmp.7"),
            PathBuf::from("/a/b.json.tmp.7")
        );
    }

    #[test]
    fn environment_is_readable() {
        // The test harness always has some environment; PATH is near-universal but
        // not guaranteed, so only check the shape.
        assert!(environment().iter().all(|e| e.contains('=')));
    }
}
