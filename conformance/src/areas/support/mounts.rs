//! Mount setups shared by the mounts, root, linux_rootfs and robustness areas.

use crate::harness::{Sandbox, Verdict};
use integ_inside::ReadReport;
use std::fs;
use std::path::PathBuf;

/// Makes a host directory `name` in the sandbox holding `file` with `content`.
pub fn host_dir(sb: &Sandbox, name: &str, file: &str, content: &str) -> Result<PathBuf, Verdict> {
    let dir = sb.dir.join(name);
    fs::create_dir_all(&dir)?;
    fs::write(dir.join(file), content)?;
    Ok(dir)
}

/// Makes `path` (inside the root) a directory, so a test does not depend on the
/// runtime creating missing destinations.
pub fn mountpoint(sb: &Sandbox, path: &str) -> Result<(), Verdict> {
    fs::create_dir_all(sb.bundle.rootfs.join(path.trim_start_matches('/')))?;
    Ok(())
}

/// Runs `read-file path` in the container and returns the contents, failing when
/// the file cannot be read.
pub fn read_inside(sb: &mut Sandbox, path: &str) -> Result<String, Verdict> {
    let r: ReadReport = sb.run_helper(&["read-file", path])?;
    r.contents.ok_or_else(|| {
        Verdict::Fail(format!(
            "cannot read {path} inside the container (errno {:?})",
            r.errno
        ))
    })
}
