//! The test's bundle on disk: its directory, the root filesystem made for it, and
//! the files the suite and the container exchange there.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::harness::runtime::ready::ReadyFifo;
use crate::harness::verdict::{Context, Verdict};

/// Directories every test root filesystem has (besides the helper).
pub const ROOTFS_DIRS: &[&str] = &["proc", "dev", "tmp", "etc", "sys", "mnt"];

/// A bundle directory and the root filesystem inside it.
pub struct Bundle {
    /// The bundle directory given to `create --bundle`.
    pub path: PathBuf,
    /// The root filesystem the suite made (`rootfs` in the bundle).
    pub rootfs: PathBuf,
}

impl Bundle {
    /// Makes `path/rootfs` a standard test root filesystem holding `helper`.
    pub fn make(path: PathBuf, helper: &Path) -> Result<Bundle, Verdict> {
        let rootfs = path.join("rootfs");
        fs::create_dir_all(&rootfs).ctx(format!("mkdir {}", rootfs.display()))?;
        populate_root(&rootfs, helper)?;
        Ok(Bundle { path, rootfs })
    }

    /// Writes `config` to the bundle's config.json.
    pub fn write_config(&self, config: &Value) -> Result<(), Verdict> {
        let text = serde_json::to_string_pretty(config)?;
        fs::write(self.path.join("config.json"), text).ctx("write config.json")
    }

    /// The root filesystem `config` names (relative to the bundle, or absolute).
    pub fn root_in_use(&self, config: &Value) -> PathBuf {
        match config["root"]["path"].as_str() {
            Some(p) => self.path.join(p),
            None => self.rootfs.clone(),
        }
    }

    /// Reads a file of the root filesystem as the host sees it; `Ok(None)` when
    /// there is none.
    pub fn read_rootfs(&self, path: &str) -> Result<Option<String>, Verdict> {
        let p = self.rootfs.join(path.trim_start_matches('/'));
        match fs::read_to_string(&p) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            other => other.map(Some).ctx(format!("read {}", p.display())),
        }
    }

    /// A ready FIFO at `name` in the root filesystem; returns it and its path inside.
    pub fn ready_fifo(&self, name: &str) -> Result<(ReadyFifo, String), Verdict> {
        let fifo = ReadyFifo::create(&self.rootfs.join(name))?;
        Ok((fifo, format!("/{name}")))
    }
}

/// Makes `dir` a standard test root filesystem: the directories every test root has
/// and the helper. Every root a test builds starts from this, so a runtime that
/// populates /dev (or needs /proc) never fails for reasons the test does not check.
pub fn populate_root(dir: &Path, helper: &Path) -> Result<(), Verdict> {
    for d in ROOTFS_DIRS {
        fs::create_dir_all(dir.join(d)).ctx(format!("mkdir {d} in {}", dir.display()))?;
    }
    install_helper(helper, &dir.join(integ_inside::HELPER_NAME))
}

/// Hard-links the helper into the root filesystem, or copies it across devices.
fn install_helper(helper: &Path, dest: &Path) -> Result<(), Verdict> {
    if fs::hard_link(helper, dest).is_ok() {
        return Ok(());
    }
    fs::copy(helper, dest).map(drop).ctx(format!(
        "copy helper {} to {}",
        helper.display(),
        dest.display()
    ))
}
