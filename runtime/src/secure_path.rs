//! Resolving a container path inside a root directory without leaving it: symlinks
//! are followed component by component, absolute targets are taken relative to the
//! root, and `..` stops at the root.

use std::ffi::OsString;
use std::io;
use std::path::{Component, Path, PathBuf};

/// Most symlinks followed while resolving one path (as Linux's MAXSYMLINKS).
const MAX_LINKS: usize = 40;

/// The host path that `path` names inside `root`. Components that do not exist are
/// kept as they are, so the result can be created.
pub fn resolve_in_root(root: &Path, path: &Path) -> io::Result<PathBuf> {
    let mut pending: Vec<OsString> = components(path);
    pending.reverse();
    let mut resolved: Vec<OsString> = Vec::new();
    let mut links = 0;
    while let Some(name) = pending.pop() {
        if name == ".." {
            resolved.pop();
            continue;
        }
        let candidate = join(root, &resolved).join(&name);
        match candidate.symlink_metadata() {
            Ok(meta) if meta.file_type().is_symlink() => {
                links += 1;
                if links > MAX_LINKS {
                    return Err(io::Error::from_raw_os_error(libc::ELOOP));
                }
                let target = std::fs::read_link(&candidate)?;
                if target.is_absolute() {
                    resolved.clear();
                }
                let mut more = components(&target);
                more.reverse();
                pending.extend(more);
            }
            _ => resolved.push(name),
        }
    }
    Ok(join(root, &resolved))
}

fn join(root: &Path, parts: &[OsString]) -> PathBuf {
    let mut p = root.to_path_buf();
    for part in parts {
        p.push(part);
    }
    p
}

/// Normal and `..` components; `/` and `.` are dropped.
fn components(path: &Path) -> Vec<OsString> {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(n) => Some(n.to_os_string()),
            Component::ParentDir => Some("..".into()),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn plain_paths_and_dotdot_clamp() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let r = tmp.path();
        assert_eq!(
            resolve_in_root(r, Path::new("/a/b")).unwrap(),
            r.join("a/b")
        );
        assert_eq!(
            resolve_in_root(r, Path::new("/../../etc")).unwrap(),
            r.join("etc")
        );
        assert_eq!(
            resolve_in_root(r, Path::new("a/./b/../c")).unwrap(),
            r.join("a/c")
        );
        assert_eq!(resolve_in_root(r, Path::new("/")).unwrap(), r.to_path_buf());
    }

    #[test]
    fn absolute_symlinks_stay_inside() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let r = tmp.path();
        std::fs::create_dir(r.join("real")).unwrap();
        symlink("/etc", r.join("escape")).unwrap();
        symlink("/real", r.join("abs")).unwrap();
        assert_eq!(
            resolve_in_root(r, Path::new("/escape/x")).unwrap(),
            r.join("etc/x")
        );
        assert_eq!(
            resolve_in_root(r, Path::new("/abs/y")).unwrap(),
            r.join("real/y")
        );
    }

    #[test]
    fn relative_symlinks_clamp_at_root() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let r = tmp.path();
        std::fs::create_dir_all(r.join("d/e")).unwrap();
        symlink("../../../../tmp", r.join("d/e/up")).unwrap();
        symlink("e", r.join("d/side")).unwrap();
        symlink("../e", r.join("d/parent")).unwrap();
        assert_eq!(
            resolve_in_root(r, Path::new("/d/e/up")).unwrap(),
            r.join("tmp")
        );
        assert_eq!(
            resolve_in_root(r, Path::new("/d/side/f")).unwrap(),
            r.join("d/e/f")
        );
        assert_eq!(
            resolve_in_root(r, Path::new("/d/parent/f")).unwrap(),
            r.join("e/f")
        );
    }

    #[test]
    fn loops_are_errors() {
        let tmp = tempfile::tempdir().expect("tempdir");
        let r = tmp.path();
        symlink("/b", r.join("a")).unwrap();
        symlink("/a", r.join("b")).unwrap();
        let e = resolve_in_root(r, Path::new("/a")).unwrap_err();
        assert_eq!(e.raw_os_error(), Some(libc::ELOOP));
    }
}
