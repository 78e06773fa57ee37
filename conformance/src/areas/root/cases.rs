//! Root: root.path relative to the bundle or absolute, root.readonly
//! (config.md#root).

use crate::req;

use std::fs;
use std::path::Path;

use integ_inside::{WriteReport, HELPER_NAME};
use serde_json::json;

use crate::areas::support::mounts::read_inside;
use crate::harness::sandbox::populate_root;
use crate::harness::{CaseResult, Context, Sandbox, Verdict};
use crate::{check, check_eq};

cases! {
    path_relative_to_bundle: &[req::ROOT_PATH_RELATIVE];
    path_absolute: &[req::ROOT_PATH_ABSOLUTE];
    readonly_refuses_writes: &[req::ROOT_READONLY];
    writable_by_default: &[req::ROOT_READONLY_DEFAULT];
}

/// Makes another root filesystem at `dir`, as full as the standard one, with
/// `/which` naming it.
fn make_root(sb: &Sandbox, dir: &Path, which: &str) -> Result<(), Verdict> {
    populate_root(dir, &sb.bundle.rootfs.join(HELPER_NAME))?;
    fs::write(dir.join("which"), which).ctx("write /which")?;
    fs::write(sb.bundle.rootfs.join("which"), "the default rootfs").ctx("write /which")
}

fn path_relative_to_bundle(sb: &mut Sandbox) -> CaseResult {
    // The runtime runs with the suite's working directory, not the bundle's.
    make_root(sb, &sb.bundle.path.join("other-root"), "relative")?;
    sb.config["root"]["path"] = json!("other-root");
    let got = read_inside(sb, "/which")?;
    check_eq!(got.as_str(), "relative", "/which of the root in use");
    Ok(())
}

fn path_absolute(sb: &mut Sandbox) -> CaseResult {
    let dir = fs::canonicalize(&sb.dir)?.join("absolute-root");
    make_root(sb, &dir, "absolute")?;
    sb.config["root"]["path"] = json!(dir.display().to_string());
    let got = read_inside(sb, "/which")?;
    check_eq!(got.as_str(), "absolute", "/which of the root in use");
    Ok(())
}

fn readonly_refuses_writes(sb: &mut Sandbox) -> CaseResult {
    sb.config["root"]["readonly"] = json!(true);
    let w: WriteReport = sb.run_helper(&["write-file", "/written"])?;
    check!(!w.ok, "a write to / succeeded with root.readonly true");
    check_eq!(w.errno, Some(libc::EROFS), "errno of the refused write");
    check!(
        !sb.bundle.rootfs.join("written").exists(),
        "the write reached the root filesystem on the host"
    );
    Ok(())
}

fn writable_by_default(sb: &mut Sandbox) -> CaseResult {
    if let Some(root) = sb.config["root"].as_object_mut() {
        root.remove("readonly");
    }
    let w: WriteReport = sb.run_helper(&["write-file", "/written", "rw\n"])?;
    check!(
        w.ok,
        "a write to / failed without root.readonly: {:?}",
        w.error
    );
    let host = fs::read_to_string(sb.bundle.rootfs.join("written")).unwrap_or_default();
    check_eq!(host.as_str(), "rw\n", "the host's copy of /written");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::harness::sandbox::ROOTFS_DIRS;

    #[test]
    fn a_root_built_by_a_test_is_as_full_as_the_standard_one() {
        let dir = tempfile::tempdir().expect("tempdir");
        let helper = dir.path().join("helper");
        fs::write(&helper, b"#!").expect("helper");
        let root = dir.path().join("other-root");
        populate_root(&root, &helper).expect("populate");
        for d in ROOTFS_DIRS {
            assert!(root.join(d).is_dir(), "/{d} missing");
        }
        assert!(ROOTFS_DIRS.contains(&"dev"), "runtimes populate /dev");
        assert!(root.join(HELPER_NAME).is_file());
    }
}
