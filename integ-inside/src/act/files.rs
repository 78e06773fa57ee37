//! `write-file` and `read-file`: whether the container may write or read a path.
//! A refusal is a result to report, not a failure of the helper.

use integ_inside::{PathEntry, PathsReport, ReadReport, WriteReport};
use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::MetadataExt;
use std::os::unix::fs::OpenOptionsExt;
use std::path::Path;

/// Creates or truncates `path` and writes `content` to it.
pub fn write_file(path: &Path, content: &str) -> WriteReport {
    let result = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o644)
        .open(path)
        .and_then(|mut f| f.write_all(content.as_bytes()));
    WriteReport {
        path: path.to_string_lossy().into_owned(),
        ok: result.is_ok(),
        errno: result.as_ref().err().and_then(std::io::Error::raw_os_error),
        error: result.err().map(|e| e.to_string()),
    }
}

/// Reads `path` whole (non-UTF-8 bytes replaced).
pub fn read_file(path: &Path) -> ReadReport {
    let result = std::fs::read(path);
    ReadReport {
        path: path.to_string_lossy().into_owned(),
        errno: result.as_ref().err().and_then(std::io::Error::raw_os_error),
        contents: result
            .ok()
            .map(|bytes| String::from_utf8_lossy(&bytes).into_owned()),
    }
}

/// Whether each path exists (without following a final symlink), with its mode.
pub fn paths(paths: &[std::path::PathBuf]) -> PathsReport {
    PathsReport {
        entries: paths
            .iter()
            .map(|p| {
                let meta = std::fs::symlink_metadata(p);
                PathEntry {
                    path: p.to_string_lossy().into_owned(),
                    exists: meta.is_ok(),
                    mode: meta.as_ref().ok().map(|m| m.mode() & 0o7777),
                    errno: meta.as_ref().err().and_then(std::io::Error::raw_os_error),
                }
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_then_read_round_trip() {
        let path = std::env::temp_dir().join(format!("integ-inside-files-{}", std::process::id()));
        let w = write_file(&path, "hello\n");
        assert!(w.ok, "{w:?}");
        let r = read_file(&path);
        assert_eq!(r.contents.as_deref(), Some("hello\n"));
        let _ = std::fs::remove_file(&path);
    }

    #[test]
    fn failures_carry_errno() {
        let w = write_file(Path::new("/nonexistent-dir/x"), "x");
        assert!(!w.ok);
        assert_eq!(w.errno, Some(libc::ENOENT));
        assert!(w.error.is_some());
        let r = read_file(Path::new("/nonexistent-dir/x"));
        assert_eq!(r.contents, None);
        assert_eq!(r.errno, Some(libc::ENOENT));
    }
}
