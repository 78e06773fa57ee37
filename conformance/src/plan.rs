//! Which runtimes one invocation tests, each with its expectations file and the
//! name its reports take.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// Where expectations files are found by convention, relative to the current
/// directory: `fixtures/expectations/NAME.txt`.
pub const EXPECTATIONS_DIR: &str = "fixtures/expectations";

/// One runtime to test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planned {
    /// The resolved path of the runtime.
    pub runtime: PathBuf,
    /// Its file name: the name of its reports in `--report-dir`.
    pub name: String,
    /// Its known deviations, when it has a file.
    pub expectations: Option<PathBuf>,
}

/// What the command line asks for, as far as the plan is concerned.
#[derive(Debug, Clone, Copy)]
pub struct Asked<'a> {
    pub runtimes: &'a [PathBuf],
    pub expectations: &'a [PathBuf],
    /// `--report`, `--junit` or `--markdown` was given (each names one file).
    pub single_files: bool,
    pub report_dir: bool,
}

/// The runs, in the order given. One runtime keeps today's behaviour: its
/// `--expectations`, if any, and no convention. Several need `--report-dir` rather
/// than single report files, distinct file names, and one `--expectations` per
/// runtime or none (then the convention, for each runtime that has a file).
pub fn plan(asked: Asked<'_>, convention_dir: &Path) -> Result<Vec<Planned>, String> {
    let several = asked.runtimes.len() > 1;
    if several && asked.single_files {
        return Err(
            "--report, --junit and --markdown name one file: with several --runtime, \
                    use --report-dir DIR"
                .into(),
        );
    }
    if several && !asked.report_dir {
        return Err("several --runtime need --report-dir DIR for their reports and matrix".into());
    }
    let (n, e) = (asked.runtimes.len(), asked.expectations.len());
    if e != 0 && e != n {
        return Err(format!(
            "--expectations given {e} times for {n} --runtime: give one per runtime, in \
             order, or none ({}/NAME.txt is used when present)",
            convention_dir.display()
        ));
    }
    let mut seen = BTreeSet::new();
    let mut planned = Vec::new();
    for (i, runtime) in asked.runtimes.iter().enumerate() {
        let name = runtime
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| runtime.display().to_string());
        if !seen.insert(name.clone()) {
            return Err(format!(
                "--runtime {}: another runtime is named {name}, and reports are named \
                 after the runtime's file name",
                runtime.display()
            ));
        }
        let by_convention = convention_dir.join(format!("{name}.txt"));
        let expectations = match asked.expectations.get(i) {
            Some(given) => Some(given.clone()),
            None if several && by_convention.is_file() => Some(by_convention),
            None => None,
        };
        planned.push(Planned {
            runtime: runtime.clone(),
            name,
            expectations,
        });
    }
    Ok(planned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn asked<'a>(runtimes: &'a [PathBuf], expectations: &'a [PathBuf]) -> Asked<'a> {
        Asked {
            runtimes,
            expectations,
            single_files: false,
            report_dir: true,
        }
    }

    #[test]
    fn several_runtimes_take_expectations_by_convention_when_the_file_exists() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("runc.txt"), "").expect("write");
        let runtimes = [PathBuf::from("/usr/sbin/runc"), PathBuf::from("/x/jailrun")];
        let p = plan(asked(&runtimes, &[]), dir.path()).expect("plans");
        assert_eq!(p[0].expectations, Some(dir.path().join("runc.txt")));
        assert_eq!(
            (p[1].name.as_str(), p[1].expectations.as_ref()),
            ("jailrun", None)
        );
    }

    #[test]
    fn one_runtime_keeps_todays_behaviour() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join("runc.txt"), "").expect("write");
        let runtimes = [PathBuf::from("/usr/sbin/runc")];
        let mut a = asked(&runtimes, &[]);
        a.report_dir = false;
        a.single_files = true;
        assert_eq!(plan(a, dir.path()).expect("plans")[0].expectations, None);
    }

    #[test]
    fn ambiguous_requests_are_refused() {
        let d = Path::new("/nonexistent");
        let two = [PathBuf::from("/a/rt"), PathBuf::from("/b/other")];
        let one_file = [PathBuf::from("e.txt")];
        let err = plan(asked(&two, &one_file), d).expect_err("1 file for 2");
        assert!(
            err.starts_with("--expectations given 1 times for 2 --runtime"),
            "{err}"
        );
        let same = [PathBuf::from("/a/rt"), PathBuf::from("/b/rt")];
        let err = plan(asked(&same, &[]), d).expect_err("same names");
        assert!(err.contains("another runtime is named rt"), "{err}");
        let mut a = asked(&two, &[]);
        a.report_dir = false;
        assert!(plan(a, d).is_err());
        a.single_files = true;
        assert!(plan(a, d)
            .expect_err("single")
            .starts_with("--report, --junit"));
    }
}
