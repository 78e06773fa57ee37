//! Running jailcheck on the broken runtime and reading its `--report`.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde::Deserialize;

use crate::support::{self, workspace};

/// The runtime the broken one wraps: `$JAILCHECK_SELFTEST_RUNTIME`, else the
/// workspace's release `jailrun` (`make test` builds it), else `runc` from PATH.
pub fn wrapped_runtime() -> Result<PathBuf, String> {
    if let Some(p) = std::env::var_os("JAILCHECK_SELFTEST_RUNTIME") {
        // The wrapper runs in each test's sandbox: a relative path would not resolve.
        return std::fs::canonicalize(&p).map_err(|e| {
            format!(
                "JAILCHECK_SELFTEST_RUNTIME {}: {e}",
                PathBuf::from(&p).display()
            )
        });
    }
    let jailrun = workspace().join("target/release/jailrun");
    if jailrun.is_file() {
        return Ok(jailrun);
    }
    let paths = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&paths)
        .map(|d| d.join("runc"))
        .find(|p| p.is_file())
        .ok_or_else(|| {
            "no runtime to wrap: build jailrun (make test does), install runc or set \
             JAILCHECK_SELFTEST_RUNTIME"
                .into()
        })
}

/// One test of a jailcheck report.
#[derive(Debug, Clone, Deserialize)]
pub struct Record {
    pub name: String,
    pub requirements: Vec<String>,
    /// The requirement that decided a failure, when not one of the test's own.
    #[serde(default)]
    pub broke: Option<String>,
    pub outcome: String,
    pub message: Option<String>,
}

impl Record {
    /// Whether the test cites `id`.
    pub fn cites(&self, id: &str) -> bool {
        self.requirements.iter().any(|r| r == id)
    }

    /// Whether a failure of this test counts against `id`: the requirement it
    /// broke when that is not one of the test's own (a bogus `state` pid, a leak);
    /// else any the test cites, since a mode may break two requirements of one
    /// test at once (a duplicate create that wins a race breaks both).
    pub fn counts_against(&self, id: &str) -> bool {
        match &self.broke {
            Some(b) if !self.cites(b) => b == id,
            _ => self.cites(id),
        }
    }

    /// `name [requirements] (broke): outcome message`, for assertion messages.
    pub fn line(&self) -> String {
        let broke = self
            .broke
            .as_deref()
            .map(|b| format!(" (broke {b})"))
            .unwrap_or_default();
        format!(
            "{} [{}]{broke}: {} {}",
            self.name,
            self.requirements.join(", "),
            self.outcome,
            self.message.as_deref().unwrap_or("")
        )
    }
}

#[derive(Deserialize)]
struct Report {
    tests: Vec<Record>,
}

/// What one jailcheck run gave.
pub struct Run {
    pub code: Option<i32>,
    pub tests: Vec<Record>,
    /// The console output's closing lines (for messages).
    pub tail: String,
}

impl Run {
    /// The tests that cite `id`.
    pub fn of<'a>(&'a self, id: &'a str) -> impl Iterator<Item = &'a Record> + 'a {
        self.tests.iter().filter(move |t| t.cites(id))
    }

    /// Every test's line, for messages.
    pub fn lines(&self, pick: impl Fn(&Record) -> bool) -> String {
        self.tests
            .iter()
            .filter(|t| pick(t))
            .map(|t| format!("  {}\n", t.line()))
            .collect()
    }
}

/// Runs jailcheck on the broken runtime in `mode`, for the tests of `requirements`.
pub fn jailcheck(real: &Path, mode: &str, requirements: &[&str]) -> Result<Run, String> {
    let helper = workspace().join("target/integ-inside");
    if !helper.is_file() {
        return Err(format!(
            "the static helper {} is missing: run `make integ-inside` first",
            helper.display()
        ));
    }
    let dir = tempfile::tempdir().map_err(|e| format!("temp dir: {e}"))?;
    let report = dir.path().join("report.json");
    let mut cmd = Command::new(support::jailcheck()?);
    cmd.arg("--runtime")
        .arg(env!("CARGO_BIN_EXE_jailcheck-broken-runtime"))
        .arg("--helper")
        .arg(&helper)
        .arg("--report")
        .arg(&report)
        .arg("--workdir")
        .arg(dir.path())
        // A broken CONVENTION must show in the exit status too.
        .arg("--conventions-binding")
        .env("JAILCHECK_REAL_RUNTIME", real)
        .env("JAILCHECK_BROKEN_MODE", mode);
    for r in requirements {
        cmd.arg("--requirement").arg(r);
    }
    let name = real.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let exp = workspace().join(format!("fixtures/expectations/{name}.txt"));
    if exp.is_file() {
        cmd.arg("--expectations").arg(exp);
    }
    let out = cmd.output().map_err(|e| format!("run jailcheck: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    let tail: String = stdout
        .lines()
        .skip_while(|l| !l.starts_with("test result:"))
        .collect::<Vec<_>>()
        .join("\n");
    let text = std::fs::read_to_string(&report).map_err(|e| {
        format!(
            "mode {mode}: jailcheck wrote no report ({e}); exit {:?}\n{stdout}\n{}",
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        )
    })?;
    let parsed: Report =
        serde_json::from_str(&text).map_err(|e| format!("mode {mode}: report: {e}"))?;
    Ok(Run {
        code: out.status.code(),
        tests: parsed.tests,
        tail,
    })
}
