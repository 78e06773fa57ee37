//! What a test needs from the host besides root: a kernel module (if_epair, pf, a
//! file system), a kernel feature (VIMAGE), a devfs ruleset. A fresh FreeBSD VM may
//! lack any of them; a test checks its own before it acts and is skipped naming what
//! is missing and how to provide it, so that no verdict depends on what the host
//! happened to load (ci/freebsd-ci.sh provides all of them; see the facts ledger,
//! fixtures/freebsd/facts.md, section "Host, processes and CI").

use super::verdict::Verdict;

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
    use super::{feature_on, ruleset_has_rules, Need};
    use crate::harness::host;

    pub fn present(need: Need) -> Result<bool, String> {
        match need {
            Need::Module(m) => host::succeeds("kldstat", &["-q", "-m", m]),
            Need::Feature(f) => {
                let oid = format!("kern.features.{f}");
                host::output("sysctl", &["-n", "-i", &oid]).map(|o| feature_on(&o))
            }
            Need::DevfsRuleset(n) => host::output("devfs", &["rule", "-s", &n.to_string(), "show"])
                .map(|o| ruleset_has_rules(&o)),
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
