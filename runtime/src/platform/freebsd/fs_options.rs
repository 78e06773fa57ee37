//! OCI mount options (config.md#configLinuxMountOptions) turned into mount(8)
//! `-o` options on FreeBSD, or refused.
//!
//! - Passed on, in order (mount(8) lets the last of `ro`/`rw` win, as OCI
//!   does): `ro`, `rw`, `nosuid`, `noexec` for every file system; `noatime`,
//!   `nosymfollow`, `sync`, `async` only where the file system takes them
//!   (see below), else an error naming the mount and the option.
//! - Dropped, because a fresh FreeBSD mount already behaves that way: `suid`,
//!   `exec`, `atime`, `symfollow`, `defaults`, `loud`, `silent`, `x-*`, and
//!   `dev`/`nodev` (FreeBSD has device nodes only in devfs, so every other
//!   filesystem is `nodev` already; on devfs itself `nodev` is refused).
//!   `bind` and `rbind` only select nullfs.
//! - Filesystem-specific `key=value` options that FreeBSD documents: tmpfs(5)
//!   `size`, `maxfilesize`, `inodes` (a number with an optional k/m/g/t/p
//!   suffix), `mode` (octal), `uid`, `gid`, `nonc`; devfs(5) `ruleset`;
//!   fdescfs(5) `linrdlnk`, `nodup`.
//! - Which file systems take the flag options. mount(8) hands each `-o`
//!   option to nmount(2) as an entry of its own (sbin/mount/mount.c mangle,
//!   sbin/mount/mount_fs.c). vfs_donmount (sys/kern/vfs_mount.c) sets the
//!   MNT_* flag of `noatime`, `nosymfollow`, `sync` and `async` but leaves the
//!   entry in the list; a file system that calls vfs_filteropt then fails
//!   with EINVAL on any entry outside `global_opts` (errmsg, fstype, fspath,
//!   ro, rw, nosuid, noexec) and its own list:
//!
//!   | fs      | flag options taken          | source (freebsd-src)                         |
//!   |---------|-----------------------------|----------------------------------------------|
//!   | nullfs  | all four (no filter)        | sys/fs/nullfs/null_vfsops.c nullfs_mount     |
//!   | fdescfs | all four (no filter)        | sys/fs/fdescfs/fdesc_vfsops.c fdesc_mount    |
//!   | procfs  | all four (no filter)        | sys/fs/pseudofs/pseudofs.c pfs_mount         |
//!   | tmpfs   | `nosymfollow` (tmpfs_opts)  | sys/fs/tmpfs/tmpfs_vfsops.c tmpfs_mount      |
//!   | devfs   | none (devfs_opts)           | sys/fs/devfs/devfs_vfsops.c devfs_mount      |
//!
//!   An older tmpfs without `nosymfollow` in its list fails the mount, and
//!   mount(8)'s error ("mount option <nosymfollow> is unknown") is reported.
//! - Everything else is an error naming the mount and the option: Linux
//!   propagation (`private`, `rshared`, …), Linux-only flags (`relatime`,
//!   `dirsync`, `mand`, `lazytime`, …), recursive `r*` attributes, `idmap`,
//!   `tmpcopyup`, and unknown options.

use super::mounts::FsType;
use crate::spec::freebsd::ConfigError;

/// Options every file system takes (`global_opts`, sys/kern/vfs_mount.c).
const GLOBAL: &[&str] = &["ro", "rw", "nosuid", "noexec"];

/// Options vfs_donmount turns into MNT_* flags and leaves in the option list.
const FLAGS: &[&str] = &["noatime", "nosymfollow", "sync", "async"];

/// Whether a mount of `fs` takes flag option `o`; else the freebsd-src file
/// whose option list lacks it.
fn takes_flag(fs: FsType, o: &str) -> Result<(), &'static str> {
    match fs {
        FsType::Nullfs | FsType::Fdescfs | FsType::Procfs => Ok(()),
        FsType::Tmpfs if o == "nosymfollow" => Ok(()),
        FsType::Tmpfs => Err("sys/fs/tmpfs/tmpfs_vfsops.c"),
        FsType::Devfs => Err("sys/fs/devfs/devfs_vfsops.c"),
    }
}

/// Options that change nothing on a new FreeBSD mount.
const DEFAULTS: &[&str] = &[
    "suid",
    "exec",
    "atime",
    "symfollow",
    "defaults",
    "loud",
    "silent",
    "dev",
    "bind",
    "rbind",
];

const PROPAGATION: &[&str] = &[
    "private",
    "rprivate",
    "shared",
    "rshared",
    "slave",
    "rslave",
    "unbindable",
    "runbindable",
];

const LINUX_FLAGS: &[&str] = &[
    "relatime",
    "norelatime",
    "strictatime",
    "nostrictatime",
    "lazytime",
    "nolazytime",
    "iversion",
    "noiversion",
    "mand",
    "nomand",
    "dirsync",
    "diratime",
    "nodiratime",
    "remount",
    "idmap",
    "ridmap",
    "tmpcopyup",
];

/// The mount(8) `-o` list for `options` of a mount of `fstype` at
/// `destination`; `field` names the options in errors (`mounts[2].options`).
pub fn translate(
    fstype: FsType,
    options: &[String],
    field: &str,
    destination: &str,
) -> Result<Vec<String>, ConfigError> {
    let mut out = Vec::new();
    for opt in options {
        let o = opt.as_str();
        let refuse = |why: &str| ConfigError::config(field, format!("{o:?} {why}"));
        if GLOBAL.contains(&o) {
            out.push(o.to_string());
        } else if FLAGS.contains(&o) {
            takes_flag(fstype, o).map_err(|source| {
                refuse(&format!(
                    "makes the {fstype} mount at {destination:?} fail with EINVAL: {fstype} takes no such option ({source})"
                ))
            })?;
            out.push(o.to_string());
        } else if o == "nodev" {
            if fstype == FsType::Devfs {
                return Err(refuse("contradicts a devfs mount"));
            }
        } else if DEFAULTS.contains(&o) || o.starts_with("x-") {
        } else if PROPAGATION.contains(&o) {
            return Err(refuse("is Linux-only: FreeBSD has no mount propagation"));
        } else if LINUX_FLAGS.contains(&o) {
            return Err(refuse("is a Linux-only mount option"));
        } else if is_recursive_attr(o) {
            return Err(refuse(
                "is a Linux-only recursive mount attribute (mount_setattr(2))",
            ));
        } else {
            fs_specific(fstype, o).map_err(|why| refuse(&why.to_string()))?;
            out.push(o.to_string());
        }
    }
    if fstype == FsType::Devfs && !out.iter().any(|o| o.starts_with("ruleset=")) {
        // jail(8)'s mount.devfs default: devfsrules_jail, not an unrestricted /dev.
        out.push(format!("ruleset={DEFAULT_DEVFS_RULESET}"));
    }
    Ok(out)
}

/// The devfs ruleset used when a devfs mount names none: `devfsrules_jail` from
/// /etc/defaults/devfs.rules, as jail(8)'s `mount.devfs` does.
pub const DEFAULT_DEVFS_RULESET: u32 = 4;

/// The `ruleset=` of translated devfs options.
pub fn devfs_ruleset(options: &[String]) -> Option<u32> {
    options
        .iter()
        .rev()
        .find_map(|o| o.strip_prefix("ruleset="))
        .and_then(|n| n.parse().ok())
}

fn is_recursive_attr(o: &str) -> bool {
    matches!(
        o,
        "rro"
            | "rrw"
            | "rnosuid"
            | "rsuid"
            | "rnodev"
            | "rdev"
            | "rnoexec"
            | "rexec"
            | "rnoatime"
            | "ratime"
            | "rrelatime"
            | "rnorelatime"
            | "rstrictatime"
            | "rnostrictatime"
            | "rnodiratime"
            | "rdiratime"
            | "rnosymfollow"
            | "rsymfollow"
    )
}

/// What is wrong with a filesystem-specific option; completes "<option> ...".
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
enum OptionProblem {
    #[error("is a Linux percentage size; FreeBSD tmpfs takes a byte count")]
    PercentSize,
    #[error("is not a FreeBSD {0} option")]
    Unknown(FsType),
    #[error("has an invalid value for {0}")]
    InvalidValue(FsType),
}

/// Checks a filesystem-specific option.
fn fs_specific(fstype: FsType, o: &str) -> Result<(), OptionProblem> {
    let (key, value) = match o.split_once('=') {
        Some((k, v)) => (k, Some(v)),
        None => (o, None),
    };
    let valid = match (fstype, key, value) {
        (FsType::Tmpfs, "size" | "maxfilesize" | "inodes", Some(v)) => {
            if v.ends_with('%') {
                return Err(OptionProblem::PercentSize);
            }
            is_size(v)
        }
        (FsType::Tmpfs, "mode", Some(v)) => {
            !v.is_empty() && v.len() <= 4 && v.chars().all(|c| ('0'..='7').contains(&c))
        }
        (FsType::Tmpfs, "uid" | "gid", Some(v)) => v.parse::<u32>().is_ok(),
        (FsType::Tmpfs, "nonc", None) => true,
        (FsType::Devfs, "ruleset", Some(v)) => v.parse::<u16>().is_ok(),
        (FsType::Fdescfs, "linrdlnk" | "nodup", None) => true,
        (fs, _, _) if known_key(fs, key) => false,
        (fs, _, _) => return Err(OptionProblem::Unknown(fs)),
    };
    if valid {
        Ok(())
    } else {
        Err(OptionProblem::InvalidValue(fstype))
    }
}

fn known_key(fs: FsType, key: &str) -> bool {
    match fs {
        FsType::Tmpfs => matches!(
            key,
            "size" | "maxfilesize" | "inodes" | "mode" | "uid" | "gid" | "nonc"
        ),
        FsType::Devfs => key == "ruleset",
        FsType::Fdescfs => matches!(key, "linrdlnk" | "nodup"),
        FsType::Nullfs | FsType::Procfs => false,
    }
}

/// A number with an optional k, m, g, t or p suffix (expand_number(3)).
fn is_size(v: &str) -> bool {
    let digits = v.trim_end_matches(|c: char| "kKmMgGtTpP".contains(c));
    v.len() - digits.len() <= 1 && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_FS: [FsType; 5] = [
        FsType::Nullfs,
        FsType::Tmpfs,
        FsType::Devfs,
        FsType::Fdescfs,
        FsType::Procfs,
    ];

    fn t(fs: FsType, opts: &[&str]) -> Result<Vec<String>, String> {
        let opts: Vec<String> = opts.iter().map(|s| s.to_string()).collect();
        translate(fs, &opts, "mounts[0].options", "/m").map_err(|e| e.to_string())
    }

    /// sys/fs/devfs/devfs_vfsops.c (devfs_mount): a `ruleset` outside 0..=65535
    /// is EINVAL "invalid ruleset specification".
    #[test]
    fn devfs_ruleset_is_what_devfs_mount_accepts() {
        assert_eq!(
            t(FsType::Devfs, &["ruleset=65535"]),
            Ok(vec!["ruleset=65535".into()])
        );
        for bad in ["ruleset=65536", "ruleset=-1", "ruleset=x"] {
            assert_eq!(
                t(FsType::Devfs, &[bad]),
                Err(format!(
                    "config.json: mounts[0].options: {bad:?} has an invalid value for devfs"
                ))
            );
        }
    }

    #[test]
    fn passes_drops_and_defaults() {
        assert_eq!(
            t(FsType::Nullfs, &["rbind", "ro", "nosuid", "nodev", "exec"]),
            Ok(vec!["ro".into(), "nosuid".into()])
        );
        assert_eq!(
            t(FsType::Tmpfs, &["size=64m", "mode=1777", "noexec"]),
            Ok(vec!["size=64m".into(), "mode=1777".into(), "noexec".into()])
        );
        assert_eq!(t(FsType::Devfs, &[]), Ok(vec!["ruleset=4".into()]));
        assert_eq!(
            t(FsType::Devfs, &["ruleset=10"]),
            Ok(vec!["ruleset=10".into()])
        );
        assert_eq!(
            t(FsType::Fdescfs, &["linrdlnk"]),
            Ok(vec!["linrdlnk".into()])
        );
    }

    #[test]
    fn refuses_linux_options() {
        let e = |fs, o: &str| t(fs, &[o]).err().unwrap_or_default();
        assert_eq!(e(FsType::Nullfs, "rprivate"), "config.json: mounts[0].options: \"rprivate\" is Linux-only: FreeBSD has no mount propagation");
        assert_eq!(
            e(FsType::Tmpfs, "relatime"),
            "config.json: mounts[0].options: \"relatime\" is a Linux-only mount option"
        );
        assert_eq!(e(FsType::Nullfs, "rro"), "config.json: mounts[0].options: \"rro\" is a Linux-only recursive mount attribute (mount_setattr(2))");
        assert_eq!(e(FsType::Tmpfs, "size=50%"), "config.json: mounts[0].options: \"size=50%\" is a Linux percentage size; FreeBSD tmpfs takes a byte count");
        assert_eq!(
            e(FsType::Tmpfs, "nr_inodes=5"),
            "config.json: mounts[0].options: \"nr_inodes=5\" is not a FreeBSD tmpfs option"
        );
        assert_eq!(
            e(FsType::Tmpfs, "mode=0999"),
            "config.json: mounts[0].options: \"mode=0999\" has an invalid value for tmpfs"
        );
        assert_eq!(
            e(FsType::Procfs, "hidepid=2"),
            "config.json: mounts[0].options: \"hidepid=2\" is not a FreeBSD procfs option"
        );
        assert_eq!(
            e(FsType::Devfs, "nodev"),
            "config.json: mounts[0].options: \"nodev\" contradicts a devfs mount"
        );
        assert_eq!(devfs_ruleset(&["ro".into(), "ruleset=4".into()]), Some(4));
    }

    /// vfs_donmount (sys/kern/vfs_mount.c) turns `noatime`, `nosymfollow`,
    /// `sync` and `async` into MNT_* flags but leaves them in the option list,
    /// and vfs_filteropt refuses anything outside global_opts (errmsg, fstype,
    /// fspath, ro, rw, nosuid, noexec) and the file system's own list.
    #[test]
    fn global_options_pass_for_every_file_system() {
        let global = ["ro", "rw", "nosuid", "noexec"];
        for fs in ALL_FS {
            let out = t(fs, &global).unwrap_or_else(|e| panic!("{fs}: {e}"));
            assert_eq!(out[..4], global, "{fs}");
        }
    }

    /// nullfs_mount (sys/fs/nullfs/null_vfsops.c), fdesc_mount
    /// (sys/fs/fdescfs/fdesc_vfsops.c) and pfs_mount (sys/fs/pseudofs/pseudofs.c)
    /// never call vfs_filteropt: the flag options reach them as MNT_* flags.
    #[test]
    fn flag_options_pass_where_no_option_list_is_enforced() {
        for fs in [FsType::Nullfs, FsType::Fdescfs, FsType::Procfs] {
            assert_eq!(
                t(fs, &["noatime", "nosymfollow", "sync", "async"]),
                Ok(vec![
                    "noatime".into(),
                    "nosymfollow".into(),
                    "sync".into(),
                    "async".into()
                ]),
                "{fs}"
            );
        }
    }

    /// tmpfs_mount: vfs_filteropt(mp->mnt_optnew, tmpfs_opts), whose list has
    /// `nosymfollow` but not `noatime`, `sync` or `async`
    /// (sys/fs/tmpfs/tmpfs_vfsops.c).
    #[test]
    fn tmpfs_refuses_what_tmpfs_opts_lacks() {
        assert_eq!(
            t(FsType::Tmpfs, &["nosymfollow"]),
            Ok(vec!["nosymfollow".into()])
        );
        for o in ["noatime", "sync", "async"] {
            assert_eq!(
                t(FsType::Tmpfs, &["size=1m", o]),
                Err(format!(
                    "config.json: mounts[0].options: {o:?} makes the tmpfs mount at \"/m\" fail with EINVAL: tmpfs takes no such option (sys/fs/tmpfs/tmpfs_vfsops.c)"
                ))
            );
        }
    }

    /// devfs_mount: vfs_filteropt(mp->mnt_optnew, devfs_opts), whose list is
    /// `from`, `export`, `ruleset` (sys/fs/devfs/devfs_vfsops.c).
    #[test]
    fn devfs_refuses_what_devfs_opts_lacks() {
        for o in ["noatime", "nosymfollow", "sync", "async"] {
            assert_eq!(
                t(FsType::Devfs, &[o]),
                Err(format!(
                    "config.json: mounts[0].options: {o:?} makes the devfs mount at \"/m\" fail with EINVAL: devfs takes no such option (sys/fs/devfs/devfs_vfsops.c)"
                ))
            );
        }
    }
}
