//! The environment the runtime under test runs in: the same for every caller, so
//! a verdict never depends on the shell jailcheck was started from
//! (`RUST_BACKTRACE=1` there makes a Rust runtime print a backtrace with every
//! error; a `LANG` changes messages).

use std::ffi::OsString;
use std::process::Command;

/// The `PATH` every runtime call gets.
pub const PATH: &str = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

/// Variables of jailcheck's own namespace, passed on: the self-test's wrappers of
/// jailrun read theirs (`JAILCHECK_REAL_RUNTIME`, `JAILCHECK_BROKEN_MODE`, …).
pub const PASSED_PREFIX: &str = "JAILCHECK_";

/// The whole environment of a runtime call, given jailcheck's own.
pub fn for_runtime(
    caller: impl IntoIterator<Item = (OsString, OsString)>,
) -> Vec<(OsString, OsString)> {
    let mut env = vec![(OsString::from("PATH"), OsString::from(PATH))];
    env.extend(
        caller
            .into_iter()
            .filter(|(k, _)| k.to_string_lossy().starts_with(PASSED_PREFIX)),
    );
    env
}

/// Gives `cmd` exactly the runtime's environment.
pub fn apply(cmd: &mut Command) {
    cmd.env_clear().envs(for_runtime(std::env::vars_os()));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(v: &[(&str, &str)]) -> Vec<(OsString, OsString)> {
        v.iter().map(|(k, v)| (k.into(), v.into())).collect()
    }

    #[test]
    fn only_path_and_jailcheck_variables_reach_the_runtime() {
        let caller = pairs(&[
            ("RUST_BACKTRACE", "1"),
            ("PATH", "/home/me/bin"),
            ("LANG", "de_DE.UTF-8"),
            ("JAILCHECK_REAL_RUNTIME", "/x/jailrun"),
        ]);
        assert_eq!(
            for_runtime(caller),
            pairs(&[("PATH", PATH), ("JAILCHECK_REAL_RUNTIME", "/x/jailrun")])
        );
    }

    #[test]
    fn a_spawned_runtime_sees_no_backtrace_variable() {
        let mut cmd = Command::new("env");
        apply(&mut cmd);
        let envs: Vec<_> = cmd.get_envs().collect();
        assert!(
            envs.iter()
                .all(|(k, _)| *k == "PATH" || k.to_string_lossy().starts_with(PASSED_PREFIX)),
            "{envs:?}"
        );
    }
}
