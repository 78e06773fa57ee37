//! config → the device plan: `freebsd.devices` (config-freebsd.md#configFreeBSDDevices)
//! as devfs(8) rules applied to the container's `/dev` devfs mount.
//!
//! The mount's ruleset (4 unless the mount names another) hides most nodes;
//! each listed device is then unhidden with `devfs -m <dev> rule apply`, its
//! parent directories first (a hidden directory hides what is below it), and
//! given its `mode` when one is set. Applied rules act on the mount directly and
//! go away with it, so there is nothing to undo but the unmount.

use super::fs_options::{devfs_ruleset, DEFAULT_DEVFS_RULESET};
use super::mounts::{dev_mount, FsType, PlannedMount};
use super::param::{self, JailParam, ParamValue};
use super::step::Step;
use crate::spec::freebsd::{ConfigError, Device};
use std::collections::BTreeSet;

/// The checks that every devfs ruleset the container relies on has rules on
/// this host: each devfs mount's `ruleset=` (4 when it names none), and the
/// jail's own `devfs_ruleset` parameter when the plan sets one. Ruleset 0 (no
/// rules) is asked for explicitly and not checked.
pub fn ruleset_checks(mounts: &[PlannedMount], params: &[JailParam]) -> Vec<Step> {
    let mut sets: BTreeSet<u32> = mounts
        .iter()
        .filter(|m| m.fstype == FsType::Devfs)
        .map(|m| devfs_ruleset(&m.options).unwrap_or(DEFAULT_DEVFS_RULESET))
        .collect();
    if let Some(ParamValue::Int(n)) = param::find(params, "devfs_ruleset") {
        sets.extend(u32::try_from(*n));
    }
    sets.into_iter()
        .filter(|n| *n != 0)
        .map(|ruleset| Step::DevfsRulesetHasRules { ruleset })
        .collect()
}

/// Reads `devfs rule -s <ruleset> show`: one line per rule, each starting with
/// its number (sbin/devfs/rule.c, rule_show and rulespec_outfp); nothing, with
/// exit status 0, for a ruleset with no rules or none at all. A devfs mount
/// given such a ruleset gets it created empty and shows every device
/// (sys/fs/devfs/devfs_rule.c, devfs_ruleset_use), so jailrun refuses it
/// rather than load rules into the host's rulesets itself.
#[cfg(any(target_os = "freebsd", test))]
pub fn ruleset_has_rules(ruleset: u32, shown: &str) -> Result<(), String> {
    let rules = shown
        .lines()
        .filter(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(|n| n.parse::<u32>().is_ok())
        })
        .count();
    if rules > 0 {
        return Ok(());
    }
    let hint = if ruleset == DEFAULT_DEVFS_RULESET {
        " (devfsrules_jail from /etc/defaults/devfs.rules, loaded at boot by /etc/rc.d/devfs: `service devfs restart` loads it)"
    } else {
        ""
    };
    Err(format!(
        "this host has no rules in it{hint}; a devfs mount using it would show every host device"
    ))
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_or_missing_ruleset_is_refused() {
        let shown = "100 hide\n200 path null unhide\n";
        assert_eq!(ruleset_has_rules(4, shown), Ok(()));
        let e = ruleset_has_rules(4, "").expect_err("empty");
        assert!(e.contains("no rules") && e.contains("devfs.rules"), "{e}");
        assert!(ruleset_has_rules(10, "\n").is_err());
        assert!(ruleset_has_rules(10, "devfs rule: warning\n").is_err());
    }
}
