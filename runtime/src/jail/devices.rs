//! config → the device plan: `freebsd.devices` (config-freebsd.md#configFreeBSDDevices)
//! as devfs(8) rules applied to the container's `/dev` devfs mount.
//!
//! The mount's ruleset (4 unless the mount names another) hides most nodes;
//! each listed device is then unhidden with `devfs -m <dev> rule apply`, its
//! parent directories first (a hidden directory hides what is below it), and
//! given its `mode` when one is set. Applied rules act on the mount directly and
//! go away with it, so there is nothing to undo but the unmount.

use super::mounts::{dev_mount, PlannedMount};
use super::step::Step;
use crate::freebsd::{ConfigError, Device};
use std::collections::BTreeSet;

/// The rules for `devices`, and the index of the mount they follow.
pub fn plan(
    devices: &[Device],
    mounts: &[PlannedMount],
) -> Result<Option<(usize, Vec<Step>)>, ConfigError> {
    if devices.is_empty() {
        return Ok(None);
    }
    let Some(index) = dev_mount(mounts) else {
        return Err(ConfigError::config(
            "freebsd.devices",
            "needs a devfs mount at /dev in mounts (config-freebsd.md#configFreeBSDDevices)",
        ));
    };
    let mountpoint = &mounts[index].target;
    let mut unhidden = BTreeSet::new();
    let mut steps = Vec::new();
    for d in devices {
        let parts: Vec<&str> = d.path.split('/').collect();
        for n in 1..parts.len() {
            let dir = parts[..n].join("/");
            if unhidden.insert(dir.clone()) {
                steps.push(Step::DevfsRule {
                    mountpoint: mountpoint.clone(),
                    path: dir,
                    mode: None,
                });
            }
        }
        unhidden.insert(d.path.clone());
        steps.push(Step::DevfsRule {
            mountpoint: mountpoint.clone(),
            path: d.path.clone(),
            mode: d.mode,
        });
    }
    Ok(Some((index, steps)))
}
