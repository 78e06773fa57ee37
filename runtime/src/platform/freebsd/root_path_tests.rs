//! One table of mount destinations, resolved by `resolve` (the jail backend)
//! and by openat2(2) `RESOLVE_IN_ROOT` (the Linux backend): both must agree.

use super::*;
use std::os::unix::fs::symlink;

/// `(destination, resolved inside the root, or None for an error)`.
const CASES: &[(&str, Option<&str>)] = &[
    ("/real", Some("real")),
    ("/abs", Some("real")),
    ("/abs/a/b", Some("real/a/b")),
    ("/rel/f", Some("real/f")),
    ("/up", Some("")),
    ("/up/etc/hosts", Some("etc/hosts")),
    ("/../../real/x", Some("real/x")),
    ("/upreal/x", Some("real/x")),
    ("/chain/x", Some("real/x")),
    ("/through/real", Some("real")),
    ("/host/passwd", Some("etc/passwd")),
    ("/./real/./x/", Some("real/x")),
    ("/real/back/x", Some("etc/x")),
    ("/real/esc/y", Some("etc/y")),
    ("/dangling/x", None),
    ("/loop", None),
    ("/real/f/x", None),
];

/// A root with every kind of link the cases need; returns (tempdir, canonical root).
fn tree() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = std::fs::canonicalize(tmp.path()).expect("canonical");
    std::fs::create_dir_all(root.join("real")).expect("mkdir");
    std::fs::create_dir_all(root.join("etc")).expect("mkdir");
    std::fs::write(root.join("real/f"), "").expect("file");
    for (link, target) in [
        ("abs", "/real"),
        ("rel", "real"),
        ("up", "../../.."),
        ("upreal", "../../real"),
        ("chain", "abs"),
        ("through", "real/.."),
        ("host", "/etc"),
        ("dangling", "/nowhere"),
        ("loop", "loop"),
        ("real/back", "/etc"),
        ("real/esc", "../../../../etc"),
    ] {
        symlink(target, root.join(link)).expect("symlink");
    }
    (tmp, root)
}

#[test]
fn the_walk_follows_the_table() {
    let (_tmp, root) = tree();
    for (dest, want) in CASES {
        let got = resolve(Path::new(dest), on_disk(&root)).ok();
        assert_eq!(got, want.map(PathBuf::from), "{dest}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn the_linux_kernel_follows_the_same_table() {
    use crate::platform::linux::in_root::{fd_path, Create, InRoot};
    for (dest, want) in CASES {
        // A fresh tree each time: open_or_create makes the missing tail.
        let (_tmp, root) = tree();
        let r = InRoot::open(&root).expect("open root");
        let got = r
            .open_or_create(Path::new(dest), Create::Dir)
            .ok()
            .map(|fd| {
                let at = std::fs::read_link(fd_path(&fd)).expect("readlink");
                at.strip_prefix(&root)
                    .expect("inside the root")
                    .to_path_buf()
            });
        assert_eq!(got, want.map(PathBuf::from), "{dest}");
    }
}

#[test]
fn errors_name_the_problem() {
    let (_tmp, root) = tree();
    let err = |p: &str| {
        resolve(Path::new(p), on_disk(&root))
            .expect_err(p)
            .to_string()
    };
    assert_eq!(
        err("/dangling/x"),
        "/dangling is a symlink to a missing path"
    );
    assert_eq!(err("/loop"), "too many levels of symbolic links");
    assert!(
        err("/real/f/x").starts_with("/real/f/x: "),
        "{}",
        err("/real/f/x")
    );
}
