//! The create plan and the removal plan, composed from the planners.
//!
//! Create, on the host: first, for each devfs ruleset a devfs mount or the
//! jail's `devfs_ruleset` names (other than 0), the check that the host has
//! rules in it (`devices::ruleset_has_rules`); with `root.readonly`, a
//! read-only nullfs view of the root filesystem on `<state dir>/root` (nullfs
//! cannot remount a directory read-only onto itself), which becomes the jail's
//! path and the parent of every other mount; then for each mount in order, its
//! mount point, the mount and the check that it landed there (and, after the
//! `/dev` devfs mount, the device rules); then room in the parent jail for a
//! child; then `jail -i -c` (which loads the file system module of an
//! `allow.mount.<fs>` it does not know yet). The container process
//! (`process.rs`) follows in a forked child.
//!
//! Removal is the create plan undone, last step first: return the vnet
//! interfaces (`ifconfig <if> -vnet <jail>`), `jail -R`, remove the address
//! aliases of `interface`, then `umount -f` each mount in reverse order. `-f`
//! because processes killed by the jail's removal may still hold vnodes for a
//! moment; forcing a nullfs, tmpfs, devfs, fdescfs or procfs unmount does not
//! touch the filesystem below. Rollback after a failed create runs the undo of
//! the steps that succeeded, in the same way.

use super::bundle::JailBundle;
use super::devices;
use super::jail_params;
use super::mounts;
use super::name::{JailName, NameError};
use super::process;
use super::step::Step;
use crate::container::ProcessStep;
use crate::spec::freebsd::ConfigError;
use std::path::Path;
use thiserror::Error;

/// Everything create does for one container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreatePlan {
    pub name: JailName,
    /// Host-side steps, in order.
    pub steps: Vec<Step>,
    /// The container process's steps, in order.
    pub process: Vec<ProcessStep>,
}

/// Why no plan can be made.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PlanError {
    #[error(transparent)]
    Name(#[from] NameError),
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// What in `b` the kernel accepts but ignores: `allow.mount` entries under an
/// effective `enforce_statfs` of 2 (the default), since prison_priv_check grants
/// the mount privileges only with PR_ALLOW_MOUNT and `pr_enforce_statfs < 2`
/// (sys/kern/kern_jail.c).
pub fn warnings(b: &JailBundle) -> Vec<String> {
    let j = &b.freebsd.jail;
    let statfs = j
        .enforce_statfs
        .unwrap_or(jail_params::DEFAULT_ENFORCE_STATFS);
    if j.allow.mount.is_empty() || statfs < 2 {
        return Vec::new();
    }
    vec![format!(
        "freebsd.jail.allow.mount {:?} has no effect with enforce_statfs {statfs}: the kernel lets a jail mount only when enforce_statfs is 0 or 1",
        j.allow.mount
    )]
}

/// Where a read-only root is mounted, under the container's state directory.
pub const READONLY_ROOT_DIR: &str = "root";

/// The create plan of container `id` from bundle `b`, with state in `state_dir` (where a
/// read-only root's view is mounted).
pub fn create(b: &JailBundle, id: &str, state_dir: &Path) -> Result<CreatePlan, PlanError> {
    let name = JailName::new(id, b.freebsd.jail.parent.as_deref())?;
    let mut mounts = mounts::plan(b)?;
    let mut steps = Vec::new();
    let jail_root = if b.readonly_root {
        let view = state_dir.join(READONLY_ROOT_DIR);
        steps.extend(readonly_root(b, state_dir, &view));
        // The other mounts go on the read-only view; their mount points are made
        // in the writable directory below it, where they show through.
        for m in &mut mounts {
            m.target = view.join(&m.inside);
        }
        view
    } else {
        b.rootfs.clone()
    };
    let device_rules = devices::plan(&b.freebsd.devices, &mounts)?;
    for (i, m) in mounts.iter().enumerate() {
        steps.push(Step::MountPoint {
            root: b.rootfs.clone(),
            inside: m.inside.clone(),
            kind: m.kind,
        });
        steps.push(Step::Mount {
            fstype: m.fstype,
            source: m.source.clone(),
            target: m.target.clone(),
            options: m.options.clone(),
        });
        steps.push(Step::CheckMount {
            beneath: jail_root.clone(),
            inside: m.inside.clone(),
            fstype: m.fstype,
        });
        if let Some((after, rules)) = &device_rules {
            if *after == i {
                steps.extend(rules.iter().cloned());
            }
        }
    }
    if let Some(parent) = &b.freebsd.jail.parent {
        steps.push(Step::RoomForChild {
            parent: parent.clone(),
        });
    }
    let params = jail_params::params(b, &name, &jail_root, &mounts);
    steps.splice(0..0, devices::ruleset_checks(&mounts, &params));
    steps.push(Step::CreateJail { params });
    let process = process::plan(b, &name);
    Ok(CreatePlan {
        name,
        steps,
        process,
    })
}

/// The directory for the read-only view, the view itself (`mount -t nullfs -o
/// ro <rootfs> <state dir>/root`), and its check.
fn readonly_root(b: &JailBundle, state_dir: &Path, view: &Path) -> [Step; 3] {
    [
        Step::MountPoint {
            root: state_dir.to_path_buf(),
            inside: READONLY_ROOT_DIR.into(),
            kind: mounts::MountPointKind::Dir,
        },
        Step::Mount {
            fstype: mounts::FsType::Nullfs,
            source: b.rootfs.display().to_string(),
            target: view.to_path_buf(),
            options: vec!["ro".to_string()],
        },
        Step::CheckMount {
            beneath: state_dir.to_path_buf(),
            inside: READONLY_ROOT_DIR.into(),
            fstype: mounts::FsType::Nullfs,
        },
    ]
}

/// The steps that remove what `create` made: its undo, last step first.
pub fn removal(create: &[Step]) -> Vec<Step> {
    create.iter().rev().flat_map(Step::undo).collect()
}
