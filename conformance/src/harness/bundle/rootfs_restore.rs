//! What a runtime wrote into a test's root filesystem while creating a container
//! (`/dev/fd` symlinks, device nodes, mount points), and undoing it before the
//! test's next container: one runtime's quirk with its own leftovers (refusing to
//! recreate a symlink it made) must not fail every test that starts two
//! containers one after another (a positive control, repeated helper runs).
//! What the test itself put there, and what a container's program wrote, stay.

use std::collections::BTreeSet;
use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// At most this many entries are looked at: a root filesystem of a test holds a
/// handful; a runtime that fills it is not undone beyond this.
const MAX_ENTRIES: usize = 10_000;

/// The entries under `root` (relative paths), not crossing into other file
/// systems (a mount a live container left is not the root's own content).
pub fn listing(root: &Path) -> BTreeSet<PathBuf> {
    let mut seen = BTreeSet::new();
    let Ok(meta) = fs::symlink_metadata(root) else {
        return seen;
    };
    let mut todo = vec![PathBuf::new()];
    while let Some(rel) = todo.pop() {
        let Ok(entries) = fs::read_dir(root.join(&rel)) else {
            continue;
        };
        for entry in entries.flatten() {
            if seen.len() >= MAX_ENTRIES {
                return seen;
            }
            let child = rel.join(entry.file_name());
            let Ok(m) = entry.metadata() else { continue };
            if m.is_dir() && m.dev() == meta.dev() {
                todo.push(child.clone());
            }
            seen.insert(child);
        }
    }
    seen
}

/// The entries in `after` that were not in `before`.
pub fn made_between(before: &BTreeSet<PathBuf>, after: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
    after.difference(before).cloned().collect()
}

/// Removes `made` (relative to `root`), deepest first; a directory only when it
/// is empty and not a mount point. What cannot be removed is left as it is.
pub fn undo(root: &Path, made: &[PathBuf]) {
    let Ok(root_dev) = fs::symlink_metadata(root).map(|m| m.dev()) else {
        return;
    };
    let mut made: Vec<&PathBuf> = made.iter().collect();
    made.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
    for rel in made {
        let path = root.join(rel);
        let Ok(m) = fs::symlink_metadata(&path) else {
            continue;
        };
        let _ = if m.is_dir() {
            if m.dev() != root_dev {
                continue;
            }
            fs::remove_dir(&path)
        } else {
            fs::remove_file(&path)
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn what_a_create_made_is_undone_and_the_rest_stays() {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        fs::create_dir_all(root.join("dev")).expect("mkdir");
        fs::write(root.join("ready"), "").expect("test's own file");
        let before = listing(root);
        // What a runtime makes in create.
        symlink("/proc/self/fd", root.join("dev/fd")).expect("symlink");
        fs::create_dir_all(root.join("mnt/data/sub")).expect("mkdir");
        let made = made_between(&before, &listing(root));
        assert_eq!(made.len(), 4, "{made:?}");
        // What the test adds afterwards stays.
        fs::write(root.join("dev/kept"), "").expect("write");
        undo(root, &made);
        let left = listing(root);
        let want: BTreeSet<PathBuf> = ["dev", "ready", "dev/kept"]
            .iter()
            .map(PathBuf::from)
            .collect();
        assert_eq!(left, want);
    }
}
