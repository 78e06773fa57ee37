//! A container path resolved inside a root the way openat2(2)
//! `RESOLVE_IN_ROOT` resolves it on Linux (`container::in_root`), for the jail
//! backend, whose mount(8) takes paths: symlinks are followed, an absolute
//! target starts again at the root, `..` never climbs above the root, and a
//! symlink whose target is missing is refused rather than created through.
//! The walk is pure: it asks `lookup` what each component is, so the same
//! table of cases runs against it and against the Linux kernel's resolver.

use std::io;
use std::path::{Component, Path, PathBuf};
use thiserror::Error;

/// What a path relative to the root names, without following it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    Missing,
    /// A symlink and its target, as read.
    Link(PathBuf),
    /// Anything else (a directory, a file, ...).
    Other,
}

/// Why a path cannot be resolved inside the root.
#[derive(Debug, Error)]
pub enum ResolveError {
    /// More symlinks than Linux follows in one lookup (ELOOP).
    #[error("too many levels of symbolic links")]
    Loop,
    /// A symlink whose target does not exist; creating it would create through the link.
    #[error("/{} is a symlink to a missing path", .0.display())]
    Dangling(PathBuf),
    #[error("/{}: {source}", .path.display())]
    Io { path: PathBuf, source: io::Error },
}

/// Linux's MAXSYMLINKS.
const MAX_LINKS: usize = 40;

/// `path` resolved inside the root: the result has only plain components
/// (empty for the root itself); its missing tail is what a caller creates.
pub fn resolve(
    path: &Path,
    mut lookup: impl FnMut(&Path) -> io::Result<Entry>,
) -> Result<PathBuf, ResolveError> {
    let mut walk = Walk {
        lookup: &mut lookup,
        links: 0,
    };
    walk.walk(PathBuf::new(), path, false)
}

/// The `lookup` for a real directory `root` (lstat(2) and readlink(2)).
pub fn on_disk(root: &Path) -> impl FnMut(&Path) -> io::Result<Entry> + '_ {
    move |rel| {
        let full = root.join(rel);
        match std::fs::symlink_metadata(&full) {
            Ok(md) if md.file_type().is_symlink() => std::fs::read_link(&full).map(Entry::Link),
            Ok(_) => Ok(Entry::Other),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Entry::Missing),
            Err(e) => Err(e),
        }
    }
}

struct Walk<'a, F> {
    lookup: &'a mut F,
    links: usize,
}

impl<F: FnMut(&Path) -> io::Result<Entry>> Walk<'_, F> {
    /// Walks `rest` from `base`; inside a symlink's target (`must_exist`) a
    /// missing component is an error.
    fn walk(
        &mut self,
        mut base: PathBuf,
        rest: &Path,
        must_exist: bool,
    ) -> Result<PathBuf, ResolveError> {
        let mut missing = false;
        for c in rest.components() {
            match c {
                Component::RootDir | Component::Prefix(_) => base.clear(),
                Component::CurDir => {}
                Component::ParentDir => {
                    base.pop();
                }
                Component::Normal(name) => {
                    let next = base.join(name);
                    let entry = if missing {
                        Entry::Missing
                    } else {
                        (self.lookup)(&next).map_err(|source| ResolveError::Io {
                            path: next.clone(),
                            source,
                        })?
                    };
                    base = match entry {
                        Entry::Missing if must_exist => return Err(ResolveError::Dangling(next)),
                        Entry::Missing => {
                            missing = true;
                            next
                        }
                        Entry::Other => next,
                        Entry::Link(target) => {
                            self.links += 1;
                            if self.links > MAX_LINKS {
                                return Err(ResolveError::Loop);
                            }
                            self.walk(base, &target, true)
                                .map_err(|e| dangling_at(e, &next))?
                        }
                    };
                }
            }
        }
        Ok(base)
    }
}

/// A dangling target is reported at the link that points to it.
fn dangling_at(e: ResolveError, link: &Path) -> ResolveError {
    match e {
        ResolveError::Dangling(_) => ResolveError::Dangling(link.to_path_buf()),
        other => other,
    }
}

#[cfg(test)]
#[path = "root_path_tests.rs"]
mod tests;
