//! Linux mount option strings (config.md#configLinuxMountOptions) turned into flags.

use thiserror::Error;

/// `MS_*` flag values (Linux), spelled out so this module stays pure and portable.
pub mod ms {
    pub const RDONLY: u64 = 1;
    pub const NOSUID: u64 = 2;
    pub const NODEV: u64 = 4;
    pub const NOEXEC: u64 = 8;
    pub const SYNCHRONOUS: u64 = 16;
    pub const REMOUNT: u64 = 32;
    pub const MANDLOCK: u64 = 64;
    pub const DIRSYNC: u64 = 128;
    pub const NOSYMFOLLOW: u64 = 256;
    pub const NOATIME: u64 = 1024;
    pub const NODIRATIME: u64 = 2048;
    pub const BIND: u64 = 4096;
    pub const REC: u64 = 16384;
    pub const SILENT: u64 = 32768;
    pub const UNBINDABLE: u64 = 1 << 17;
    pub const PRIVATE: u64 = 1 << 18;
    pub const SLAVE: u64 = 1 << 19;
    pub const SHARED: u64 = 1 << 20;
    pub const RELATIME: u64 = 1 << 21;
    pub const I_VERSION: u64 = 1 << 23;
    pub const STRICTATIME: u64 = 1 << 24;
    pub const LAZYTIME: u64 = 1 << 25;
}

/// `MOUNT_ATTR_*` values for mount_setattr(2), used by the recursive `r*` options.
pub mod attr {
    pub const RDONLY: u64 = 0x1;
    pub const NOSUID: u64 = 0x2;
    pub const NODEV: u64 = 0x4;
    pub const NOEXEC: u64 = 0x8;
    pub const RELATIME: u64 = 0x0;
    pub const NOATIME: u64 = 0x10;
    pub const STRICTATIME: u64 = 0x20;
    pub const ATIME_MASK: u64 = 0x70;
    pub const NODIRATIME: u64 = 0x80;
    pub const NOSYMFOLLOW: u64 = 0x0020_0000;
}

/// Parsed options of one mount.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MountOptions {
    /// Flags for mount(2).
    pub flags: u64,
    /// Propagation changes to apply after mounting, in order (`MS_PRIVATE` etc, maybe `| MS_REC`).
    pub propagation: Vec<u64>,
    /// `Some(recursive)` for a bind mount.
    pub bind: Option<bool>,
    /// mount_setattr(2) attributes to set and clear recursively (the `r*` options).
    pub attr_set: u64,
    pub attr_clr: u64,
    /// Filesystem-specific options, passed as the data string (e.g. `size=64k`).
    pub data: Vec<String>,
}

/// An option that cannot be honoured.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum OptionError {
    #[error("option {0:?} is not supported")]
    Unsupported(String),
}

impl MountOptions {
    /// Whether the mount needs a read-only (or other flag) remount after a bind.
    pub fn needs_bind_remount(&self) -> bool {
        self.flags & !(ms::BIND | ms::REC) != 0
    }

    /// The data string for mount(2).
    pub fn data_string(&self) -> String {
        self.data.join(",")
    }
}

/// `MS_*` flags as `MS_A|MS_B` (`0` when empty), for dry runs.
pub fn flag_names(flags: u64) -> String {
    const NAMES: &[(u64, &str)] = &[
        (ms::RDONLY, "MS_RDONLY"),
        (ms::NOSUID, "MS_NOSUID"),
        (ms::NODEV, "MS_NODEV"),
        (ms::NOEXEC, "MS_NOEXEC"),
        (ms::SYNCHRONOUS, "MS_SYNCHRONOUS"),
        (ms::REMOUNT, "MS_REMOUNT"),
        (ms::MANDLOCK, "MS_MANDLOCK"),
        (ms::DIRSYNC, "MS_DIRSYNC"),
        (ms::NOSYMFOLLOW, "MS_NOSYMFOLLOW"),
        (ms::NOATIME, "MS_NOATIME"),
        (ms::NODIRATIME, "MS_NODIRATIME"),
        (ms::BIND, "MS_BIND"),
        (ms::REC, "MS_REC"),
        (ms::SILENT, "MS_SILENT"),
        (ms::UNBINDABLE, "MS_UNBINDABLE"),
        (ms::PRIVATE, "MS_PRIVATE"),
        (ms::SLAVE, "MS_SLAVE"),
        (ms::SHARED, "MS_SHARED"),
        (ms::RELATIME, "MS_RELATIME"),
        (ms::I_VERSION, "MS_I_VERSION"),
        (ms::STRICTATIME, "MS_STRICTATIME"),
        (ms::LAZYTIME, "MS_LAZYTIME"),
    ];
    let names: Vec<&str> = NAMES
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|(_, n)| *n)
        .collect();
    if names.is_empty() {
        "0".into()
    } else {
        names.join("|")
    }
}

/// Parses `options` of a mount of `fstype` (`bind` when a bind mount).
pub fn parse(options: &[String], is_bind_type: bool) -> Result<MountOptions, OptionError> {
    let mut out = MountOptions::default();
    if is_bind_type {
        out.bind = Some(false);
    }
    for opt in options {
        let o = opt.as_str();
        match flag(o) {
            Some((set, true)) => out.flags |= set,
            Some((clear, false)) => out.flags &= !clear,
            None => {}
        }
        if flag(o).is_some() {
            continue;
        }
        if let Some(p) = propagation(o) {
            out.propagation.push(p);
            continue;
        }
        if let Some((set, clr)) = recursive_attr(o) {
            out.attr_set = (out.attr_set & !clr) | set;
            out.attr_clr = (out.attr_clr & !set) | clr;
            continue;
        }
        match o {
            "bind" => out.bind = Some(out.bind.unwrap_or(false)),
            "rbind" => out.bind = Some(true),
            "defaults" | "loud" => {}
            "tmpcopyup" | "idmap" | "ridmap" => return Err(OptionError::Unsupported(o.into())),
            _ if o.starts_with("x-") => {}
            _ => out.data.push(o.to_string()),
        }
    }
    // Data options on a bind mount are passed through too (config-linux.md#mount-options:
    // options that are not flags SHOULD be data); mount(2) ignores them with MS_BIND.
    Ok(out)
}

/// A plain flag: `(bits, true)` sets them, `(bits, false)` clears them.
fn flag(o: &str) -> Option<(u64, bool)> {
    Some(match o {
        "ro" => (ms::RDONLY, true),
        "rw" => (ms::RDONLY, false),
        "nosuid" => (ms::NOSUID, true),
        "suid" => (ms::NOSUID, false),
        "nodev" => (ms::NODEV, true),
        "dev" => (ms::NODEV, false),
        "noexec" => (ms::NOEXEC, true),
        "exec" => (ms::NOEXEC, false),
        "sync" => (ms::SYNCHRONOUS, true),
        "async" => (ms::SYNCHRONOUS, false),
        "dirsync" => (ms::DIRSYNC, true),
        "remount" => (ms::REMOUNT, true),
        "mand" => (ms::MANDLOCK, true),
        "nomand" => (ms::MANDLOCK, false),
        "atime" => (ms::NOATIME, false),
        "noatime" => (ms::NOATIME, true),
        "diratime" => (ms::NODIRATIME, false),
        "nodiratime" => (ms::NODIRATIME, true),
        "relatime" => (ms::RELATIME, true),
        "norelatime" => (ms::RELATIME, false),
        "strictatime" => (ms::STRICTATIME, true),
        "nostrictatime" => (ms::STRICTATIME, false),
        "iversion" => (ms::I_VERSION, true),
        "noiversion" => (ms::I_VERSION, false),
        "lazytime" => (ms::LAZYTIME, true),
        "nolazytime" => (ms::LAZYTIME, false),
        "silent" => (ms::SILENT, true),
        "nosymfollow" => (ms::NOSYMFOLLOW, true),
        "symfollow" => (ms::NOSYMFOLLOW, false),
        _ => return None,
    })
}

fn propagation(o: &str) -> Option<u64> {
    Some(match o {
        "private" => ms::PRIVATE,
        "rprivate" => ms::PRIVATE | ms::REC,
        "shared" => ms::SHARED,
        "rshared" => ms::SHARED | ms::REC,
        "slave" => ms::SLAVE,
        "rslave" => ms::SLAVE | ms::REC,
        "unbindable" => ms::UNBINDABLE,
        "runbindable" => ms::UNBINDABLE | ms::REC,
        _ => return None,
    })
}

/// Recursive attribute options: `(set, clear)` for mount_setattr(2).
fn recursive_attr(o: &str) -> Option<(u64, u64)> {
    Some(match o {
        "rro" => (attr::RDONLY, 0),
        "rrw" => (0, attr::RDONLY),
        "rnosuid" => (attr::NOSUID, 0),
        "rsuid" => (0, attr::NOSUID),
        "rnodev" => (attr::NODEV, 0),
        "rdev" => (0, attr::NODEV),
        "rnoexec" => (attr::NOEXEC, 0),
        "rexec" => (0, attr::NOEXEC),
        "rnodiratime" => (attr::NODIRATIME, 0),
        "rdiratime" => (0, attr::NODIRATIME),
        "rrelatime" => (attr::RELATIME, attr::ATIME_MASK),
        "rnorelatime" => (0, attr::ATIME_MASK),
        "rnoatime" => (attr::NOATIME, attr::ATIME_MASK),
        "ratime" => (0, attr::ATIME_MASK),
        "rstrictatime" => (attr::STRICTATIME, attr::ATIME_MASK),
        "rnostrictatime" => (0, attr::ATIME_MASK),
        "rnosymfollow" => (attr::NOSYMFOLLOW, 0),
        "rsymfollow" => (0, attr::NOSYMFOLLOW),
        _ => return None,
    })
}

/// Every option string `parse` understands, for `features`.
pub fn known_options() -> Vec<&'static str> {
    let mut v = vec![
        "async",
        "atime",
        "bind",
        "defaults",
        "dev",
        "diratime",
        "dirsync",
        "exec",
        "iversion",
        "lazytime",
        "loud",
        "mand",
        "noatime",
        "nodev",
        "nodiratime",
        "noexec",
        "noiversion",
        "nolazytime",
        "nomand",
        "norelatime",
        "nostrictatime",
        "nosuid",
        "nosymfollow",
        "private",
        "ratime",
        "rbind",
        "rdev",
        "rdiratime",
        "relatime",
        "remount",
        "rexec",
        "rnoatime",
        "rnodev",
        "rnodiratime",
        "rnoexec",
        "rnorelatime",
        "rnostrictatime",
        "rnosuid",
        "rnosymfollow",
        "ro",
        "rprivate",
        "rrelatime",
        "rro",
        "rrw",
        "rshared",
        "rslave",
        "rstrictatime",
        "rsuid",
        "rsymfollow",
        "runbindable",
        "rw",
        "shared",
        "silent",
        "slave",
        "strictatime",
        "suid",
        "symfollow",
        "sync",
        "unbindable",
    ];
    v.sort_unstable();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn flags_and_data() {
        let o = parse(&opts(&["nosuid", "noexec", "mode=755", "size=64k"]), false).unwrap();
        assert_eq!(o.flags, ms::NOSUID | ms::NOEXEC);
        assert_eq!(o.data_string(), "mode=755,size=64k");
        assert_eq!(o.bind, None);
    }

    #[test]
    fn later_options_win() {
        let o = parse(&opts(&["ro", "rw"]), false).unwrap();
        assert_eq!(o.flags & ms::RDONLY, 0);
    }

    #[test]
    fn bind_and_rbind() {
        assert_eq!(
            parse(&opts(&["rbind", "ro"]), false).unwrap().bind,
            Some(true)
        );
        assert_eq!(parse(&opts(&["bind"]), false).unwrap().bind, Some(false));
        assert_eq!(parse(&opts(&[]), true).unwrap().bind, Some(false));
        let data = parse(&opts(&["bind", "mode=755"]), false).unwrap();
        assert_eq!(
            (data.bind, data.data_string().as_str()),
            (Some(false), "mode=755")
        );
    }

    #[test]
    fn propagation_and_recursive() {
        let o = parse(&opts(&["rprivate", "rro"]), true).unwrap();
        assert_eq!(o.propagation, vec![ms::PRIVATE | ms::REC]);
        assert_eq!(o.attr_set, attr::RDONLY);
    }
}
