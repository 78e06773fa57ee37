//! What a test needs from the host besides root: a kernel module (if_epair, pf, a
//! file system), a kernel feature (VIMAGE), a devfs ruleset. A fresh FreeBSD VM may
//! lack any of them; a test checks its own before it acts and is skipped naming what
//! is missing and how to provide it, so that no verdict depends on what the host
//! happened to load (ci/freebsd-ci.sh provides all of them; see the facts ledger,
//! fixtures/freebsd/facts.md, section "Host, processes and CI").

use crate::harness::verdict::Verdict;

/// One host prerequisite.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// A kernel module by its module name (`DECLARE_MODULE`, `VFS_SET`), loaded
    /// or compiled in: `kldstat -q -m NAME` exits 0.
    Module(&'static str),
    /// A kernel feature (`FEATURE(NAME, …)`): `kern.features.NAME` is 1.
    Feature(&'static str),
    /// A devfs ruleset with at least one rule in the kernel (`devfs rule -s N show`).
    DevfsRuleset(u16),
}

impl Need {
    /// What is missing, in the skip reason.
    fn what(self) -> String {
        match self {
            Need::Module(m) => m.to_string(),
            Need::Feature(f) => format!("kernel feature {f}"),
            Need::DevfsRuleset(n) => format!("devfs ruleset {n}"),
        }
    }

    /// How a user provides it.
    fn remedy(self) -> String {
        match self {
            Need::Module(m) => format!("kldload {m}"),
            Need::Feature("vimage") => "a kernel built with options VIMAGE (GENERIC has it)".into(),
            Need::Feature(f) => format!("a kernel with {f}"),
            Need::DevfsRuleset(_) => {
                "service devfs restart (with devfs_load_rulesets=YES, it loads \
                 /etc/defaults/devfs.rules)"
                    .into()
            }
        }
    }

    /// The skip reason when the host lacks it.
    pub fn missing(self) -> String {
        format!("host lacks {}: {}", self.what(), self.remedy())
    }
}

/// A vnet jail (`vnet` exists only in a VIMAGE kernel) holding an epair's end.
pub const VNET_EPAIR: &[Need] = &[Need::Feature("vimage"), Need::Module("if_epair")];
/// The `vnet` jail parameter alone.
pub const VNET: &[Need] = &[Need::Feature("vimage")];
/// devfs ruleset 4 (devfsrules_jail), which the tests' devfs mounts name.
pub const JAIL_RULESET: &[Need] = &[Need::DevfsRuleset(4)];
/// /dev/pf (only while pf is loaded), unhidden below ruleset 4.
pub const PF_DEVICE: &[Need] = &[Need::Module("pf"), Need::DevfsRuleset(4)];
/// The `allow.mount.tmpfs` jail parameter, which exists only while tmpfs is in the
/// kernel: jail(8) loads it for the runtime (libjail), jail_set(2) does not.
pub const ALLOW_MOUNT_TMPFS: &[Need] = &[Need::Module("tmpfs")];
/// The sysv* jail parameters exist only while their module (same name) is in the
/// kernel.
pub const SYSVMSG: &[Need] = &[Need::Module("sysvmsg")];
/// See [`SYSVMSG`].
pub const SYSVSEM: &[Need] = &[Need::Module("sysvsem")];
/// See [`SYSVMSG`].
pub const SYSVSHM: &[Need] = &[Need::Module("sysvshm")];

/// Every prerequisite a test names (ci/freebsd-ci.sh provides each).
pub const ALL: &[&[Need]] = &[
    VNET_EPAIR,
    VNET,
    JAIL_RULESET,
    PF_DEVICE,
    ALLOW_MOUNT_TMPFS,
    SYSVMSG,
    SYSVSEM,
    SYSVSHM,
];

/// The host command that answers whether `need` is met: a module through its exit
/// status, a feature and a ruleset through what they print.
pub fn query(need: Need) -> (&'static str, Vec<String>) {
    let args: Vec<String> = match need {
        Need::Module(m) => vec!["-q".into(), "-m".into(), m.into()],
        Need::Feature(f) => vec!["-n".into(), "-i".into(), format!("kern.features.{f}")],
        Need::DevfsRuleset(n) => vec!["rule".into(), "-s".into(), n.to_string(), "show".into()],
    };
    let program = match need {
        Need::Module(_) => "kldstat",
        Need::Feature(_) => "sysctl",
        Need::DevfsRuleset(_) => "devfs",
    };
    (program, args)
}

/// Skips (with the first missing one named) unless the host has every need; a
/// need that cannot be checked is a harness error, never a skip or a pass.
pub fn require(needs: &[Need]) -> Result<(), Verdict> {
    for &need in needs {
        match platform::present(need) {
            Ok(true) => {}
            Ok(false) => return Err(Verdict::Skip(need.missing())),
            Err(e) => {
                return Err(Verdict::Error(format!(
                    "cannot tell whether the host has {}: {e}",
                    need.what()
                )))
            }
        }
    }
    Ok(())
}

/// `sysctl -n -i kern.features.NAME` prints 1 when the feature is compiled in and
/// nothing when the name is unknown.
pub fn feature_on(sysctl_output: &str) -> bool {
    sysctl_output.trim() == "1"
}

/// `devfs rule -s N show` prints one line per rule and nothing for an empty or
/// unknown ruleset.
pub fn ruleset_has_rules(show_output: &str) -> bool {
    show_output.lines().any(|l| !l.trim().is_empty())
}

#[cfg(target_os = "freebsd")]
mod platform {
    use super::{feature_on, query, ruleset_has_rules, Need};
    use crate::harness::host::command;

    pub fn present(need: Need) -> Result<bool, String> {
        let (program, args) = query(need);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        match need {
            Need::Module(_) => command::succeeds(program, &args),
            Need::Feature(_) => command::output(program, &args).map(|o| feature_on(&o)),
            Need::DevfsRuleset(_) => command::output(program, &args).map(|o| ruleset_has_rules(&o)),
        }
    }
}

#[cfg(not(target_os = "freebsd"))]
mod platform {
    use super::Need;

    pub fn present(need: Need) -> Result<bool, String> {
        Err(format!(
            "{need:?} is a FreeBSD prerequisite and this host is {}",
            std::env::consts::OS
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_skip_reason_names_what_is_missing_and_the_remedy() {
        assert_eq!(
            Need::Module("if_epair").missing(),
            "host lacks if_epair: kldload if_epair"
        );
        assert!(Need::Feature("vimage").missing().contains("options VIMAGE"));
        assert!(Need::DevfsRuleset(4)
            .missing()
            .starts_with("host lacks devfs ruleset 4: service devfs restart"));
    }

    #[test]
    fn commands_ask_the_kernel_the_documented_way() {
        let q = |n| {
            let (p, a) = query(n);
            format!("{p} {}", a.join(" "))
        };
        assert_eq!(q(Need::Module("if_epair")), "kldstat -q -m if_epair");
        assert_eq!(
            q(Need::Feature("vimage")),
            "sysctl -n -i kern.features.vimage"
        );
        assert_eq!(q(Need::DevfsRuleset(4)), "devfs rule -s 4 show");
    }

    #[test]
    fn prerequisites_name_the_kernel_modules() {
        assert_eq!(
            VNET_EPAIR,
            [Need::Feature("vimage"), Need::Module("if_epair")]
        );
        assert_eq!(PF_DEVICE, [Need::Module("pf"), Need::DevfsRuleset(4)]);
        assert_eq!(ALLOW_MOUNT_TMPFS, [Need::Module("tmpfs")]);
        assert_eq!(
            [SYSVMSG, SYSVSEM, SYSVSHM].concat(),
            [
                Need::Module("sysvmsg"),
                Need::Module("sysvsem"),
                Need::Module("sysvshm")
            ]
        );
        // mount(2) loads a file system's module itself (vfs_byname_kld): no test
        // may be skipped for lacking one it mounts.
        let modules: Vec<&str> = ALL
            .iter()
            .flat_map(|n| n.iter())
            .filter_map(|n| match n {
                Need::Module(m) => Some(*m),
                _ => None,
            })
            .collect();
        for autoloaded in ["nullfs", "fdescfs", "procfs"] {
            assert!(!modules.contains(&autoloaded), "{autoloaded}");
        }
    }

    #[test]
    fn ci_loads_every_module_a_test_needs() {
        // The FreeBSD job's host stage (ci/freebsd-ci.sh) and the reusable
        // workflow both prepare the host with this script.
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../ci/freebsd-host.sh");
        let text = std::fs::read_to_string(script).expect("ci/freebsd-host.sh");
        let line = text
            .lines()
            .find_map(|l| l.strip_prefix("MODULES=\""))
            .expect("a MODULES=\"…\" line");
        let loaded: Vec<&str> = line.trim_end_matches('"').split_whitespace().collect();
        for need in ALL.iter().flat_map(|n| n.iter()) {
            if let Need::Module(m) = need {
                assert!(loaded.contains(m), "ci/freebsd-host.sh does not load {m}");
            }
        }
    }

    #[test]
    fn a_feature_is_on_only_when_sysctl_prints_1() {
        assert!(feature_on("1\n"));
        assert!(!feature_on(""));
        assert!(!feature_on("0\n"));
    }

    #[test]
    fn a_ruleset_exists_when_show_prints_a_rule() {
        assert!(ruleset_has_rules("100 include 1\n200 include 2\n"));
        assert!(!ruleset_has_rules(""));
        assert!(!ruleset_has_rules("\n"));
    }

    #[cfg(not(target_os = "freebsd"))]
    #[test]
    fn elsewhere_a_need_is_a_harness_error_not_a_skip() {
        let got = require(&[Need::Module("if_epair")]);
        assert!(matches!(got, Err(Verdict::Error(_))), "{got:?}");
        assert_eq!(require(&[]), Ok(()));
    }
}
