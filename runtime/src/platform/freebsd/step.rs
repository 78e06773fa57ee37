//! What the jail backend does on the host, one step at a time, as data.
//!
//! Each step prints as the exact command line it runs, or, for the two steps
//! jailrun does itself, as a call-like line naming what it does. Steps
//! serialize, so the removal plan made at create can be kept in the
//! container's state and replayed by `delete` even if the bundle changed.

use super::mounts::{FsType, MountPointKind};
use super::name::JailName;
use super::param::{self, JailParam, ParamValue};
use super::shell;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::net::IpAddr;
use std::path::PathBuf;

/// One host-side action of create or delete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Step {
    /// Creates the missing components of `root`/`inside` (directories, and a
    /// last empty file for `File`), refusing to follow any symlink.
    MountPoint {
        root: PathBuf,
        inside: PathBuf,
        kind: MountPointKind,
    },
    /// `mount -t <fstype> [-o <options>] <source> <target>`.
    Mount {
        fstype: FsType,
        source: String,
        target: PathBuf,
        options: Vec<String>,
    },
    /// Confirms, after the mount before it, that `beneath`/`inside` (opened
    /// with O_RESOLVE_BENEATH) is the root of a new `fstype` mount, so a path
    /// changed between the mount point step and mount(8) fails the create.
    CheckMount {
        beneath: PathBuf,
        inside: PathBuf,
        fstype: FsType,
    },
    /// `devfs rule -s <ruleset> show`: fails unless the host has rules in
    /// `ruleset` (a devfs mount or jail naming a missing ruleset gets an empty
    /// one, which hides nothing: sys/fs/devfs/devfs_rule.c devfs_ruleset_use).
    DevfsRulesetHasRules { ruleset: u32 },
    /// `devfs -m <mountpoint> rule apply path <path> unhide [mode <mode>]`.
    DevfsRule {
        mountpoint: PathBuf,
        path: String,
        mode: Option<u32>,
    },
    /// Makes room for one more child under `parent`: reads `children.cur` and
    /// `children.max` with jls(8), and raises `children.max` to
    /// `children.cur + 1` with `jail -m` when it is not above `children.cur`;
    /// under a nested parent, first each enclosing jail whose `children.max`
    /// is not above the value set inside it (`exec::child_room_raises`).
    RoomForChild { parent: String },
    /// `jail -i -c <params>`; prints the new jail's jid.
    CreateJail { params: Vec<JailParam> },
    /// `ifconfig <ifname> -vnet <jail>`.
    ReturnInterface { ifname: String, jail: JailName },
    /// `jail -R <name>`: removal without /etc/jail.conf.
    RemoveJail { name: JailName },
    /// `ifconfig <ifname> inet|inet6 <addr> -alias`.
    RemoveAlias { ifname: String, addr: IpAddr },
    /// `umount -f <target>`.
    Unmount { target: PathBuf },
}

impl Step {
    /// The argv of a step that is one command (not `MountPoint`, `CheckMount`
    /// or `RoomForChild`).
    pub fn argv(&self) -> Option<Vec<String>> {
        let s = |v: &str| v.to_string();
        let p = |v: &PathBuf| v.display().to_string();
        Some(match self {
            Step::MountPoint { .. } | Step::CheckMount { .. } | Step::RoomForChild { .. } => {
                return None
            }
            Step::Mount {
                fstype,
                source,
                target,
                options,
            } => {
                let mut argv = vec![s("mount"), s("-t"), s(fstype.as_str())];
                if !options.is_empty() {
                    argv.extend([s("-o"), options.join(",")]);
                }
                argv.extend([source.clone(), p(target)]);
                argv
            }
            Step::DevfsRulesetHasRules { ruleset } => {
                vec![
                    s("devfs"),
                    s("rule"),
                    s("-s"),
                    ruleset.to_string(),
                    s("show"),
                ]
            }
            Step::DevfsRule {
                mountpoint,
                path,
                mode,
            } => {
                let mut argv = vec![s("devfs"), s("-m"), p(mountpoint), s("rule"), s("apply")];
                argv.extend([s("path"), path.clone(), s("unhide")]);
                if let Some(m) = mode {
                    argv.extend([s("mode"), format!("{m:04o}")]);
                }
                argv
            }
            Step::CreateJail { params } => {
                let mut argv = vec![s("jail"), s("-i"), s("-c")];
                argv.extend(params.iter().flat_map(JailParam::args));
                argv
            }
            Step::ReturnInterface { ifname, jail } => {
                vec![s("ifconfig"), ifname.clone(), s("-vnet"), jail.to_string()]
            }
            Step::RemoveJail { name } => vec![s("jail"), s("-R"), name.to_string()],
            Step::RemoveAlias { ifname, addr } => {
                let family = if addr.is_ipv4() { "inet" } else { "inet6" };
                vec![
                    s("ifconfig"),
                    ifname.clone(),
                    s(family),
                    addr.to_string(),
                    s("-alias"),
                ]
            }
            Step::Unmount { target } => vec![s("umount"), s("-f"), p(target)],
        })
    }

    /// The steps that undo this one, in order (empty when there is nothing to
    /// undo: mount points and devfs rules go away with their mounts).
    pub fn undo(&self) -> Vec<Step> {
        match self {
            Step::Mount { target, .. } => vec![Step::Unmount {
                target: target.clone(),
            }],
            Step::CreateJail { params } => undo_jail(params),
            _ => Vec::new(),
        }
    }
}

/// Return the vnet interfaces, remove the jail, remove the aliases jail(8)
/// added for `interface`.
fn undo_jail(params: &[JailParam]) -> Vec<Step> {
    let Some(ParamValue::Str(name)) = param::find(params, "name") else {
        return Vec::new();
    };
    let name = JailName::from_planned(name);
    let mut steps: Vec<Step> = param::list_items(params, "vnet.interface")
        .iter()
        .map(|ifname| Step::ReturnInterface {
            ifname: ifname.clone(),
            jail: name.clone(),
        })
        .collect();
    steps.push(Step::RemoveJail { name: name.clone() });
    if let Some(ParamValue::Str(ifname)) = param::find(params, "interface") {
        for key in ["ip4.addr", "ip6.addr"] {
            for addr in param::list_items(params, key) {
                if let Ok(addr) = addr.parse() {
                    steps.push(Step::RemoveAlias {
                        ifname: ifname.clone(),
                        addr,
                    });
                }
            }
        }
    }
    steps
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(argv) = self.argv() {
            return f.write_str(&shell::join(&argv));
        }
        match self {
            Step::MountPoint { root, inside, kind } => {
                let what = match kind {
                    MountPointKind::Dir => "mkdir_beneath",
                    MountPointKind::File => "touch_beneath",
                };
                write!(
                    f,
                    "{what}({:?}, {:?})",
                    root.display().to_string(),
                    inside.display().to_string()
                )
            }
            Step::CheckMount {
                beneath,
                inside,
                fstype,
            } => write!(
                f,
                "check_mount_beneath({:?}, {:?}, {fstype})",
                beneath.display().to_string(),
                inside.display().to_string()
            ),
            Step::RoomForChild { parent } => {
                let p = shell::quote(parent);
                let n = shell::quote(&format!("name={parent}"));
                write!(
                    f,
                    "jls -j {p} children.cur children.max; jail -m {n} children.max=<children.cur + 1> (only if children.max <= children.cur)"
                )?;
                if parent.contains('.') {
                    f.write_str("; each enclosing jail first, outermost first, raised above the value set inside it")?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(step: &Step) -> String {
        step.argv().map(|a| a.join(" ")).unwrap_or_default()
    }

    /// The command lines as sbin/devfs/rule.c, sbin/ifconfig/ifconfig.c,
    /// usr.sbin/jail and lib/libjail/jail.c parse them: a devfs rulespec of
    /// `path <pattern>` then actions (`unhide`, `mode <octal>`); `ifconfig <if>
    /// -vnet <jail>` (accepted for an interface that lives in another vnet);
    /// booleans as `true`/`false`, which libjail's jailparam_import takes.
    #[test]
    fn command_lines_follow_freebsd_syntax() {
        let rule = Step::DevfsRule {
            mountpoint: "/r/dev".into(),
            path: "pf".into(),
            mode: Some(0o700),
        };
        assert_eq!(
            argv(&rule),
            "devfs -m /r/dev rule apply path pf unhide mode 0700"
        );
        let name = JailName::from_planned("c1");
        let back = Step::ReturnInterface {
            ifname: "epair0b".into(),
            jail: name.clone(),
        };
        assert_eq!(argv(&back), "ifconfig epair0b -vnet c1");
        assert_eq!(argv(&Step::RemoveJail { name }), "jail -R c1");
        let create = Step::CreateJail {
            params: vec![
                JailParam::bool("persist", true),
                JailParam::bool("allow.raw_sockets", false),
                JailParam::str("vnet", "new"),
                JailParam::list("ip4.addr", &["10.0.0.1", "10.0.0.2"]),
            ],
        };
        assert_eq!(
            argv(&create),
            "jail -i -c persist=true allow.raw_sockets=false vnet=new ip4.addr=10.0.0.1,10.0.0.2"
        );
    }
}
