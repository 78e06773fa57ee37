//! `jailcheck`: run the conformance suite against a runtime.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clap::Parser;

use jailcheck::areas::{self, Case};
use jailcheck::catalogue;
use jailcheck::cli::Cli;
use jailcheck::compare::{self, CompareCli};
use jailcheck::declared;
use jailcheck::expectations::Expectations;
use jailcheck::harness::{
    bundle::helper_bin, host::command, runtime::cli_probe, CliProfile, Reaper, RuntimeCli, Suite,
};
use jailcheck::negotiation::{self, JudgedVersion};
use jailcheck::outcome::Totals;
use jailcheck::plan;
use jailcheck::report::json::StoredRun;
use jailcheck::report::{self, Host, Run};
use jailcheck::runner::{self, Judging};
use jailcheck::verdicts::Verdicts;

fn main() -> ExitCode {
    jailcheck::harness::runtime::runtime_env::keep_own_descriptors(3);
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let result = if args.get(1).is_some_and(|a| a == "compare") {
        let cli = CompareCli::parse_from(&args[1..]);
        compare::run(&cli).map(|markdown| {
            emit(&markdown.unwrap_or_default());
            0
        })
    } else {
        run(Cli::parse_from(&args))
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(msg) => {
            eprintln!("jailcheck: {msg}");
            ExitCode::from(2)
        }
    }
}

/// Writes a listing to stdout; a reader that went away (`| head`) ends it quietly,
/// where `print!` would panic on the broken pipe.
fn emit(text: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

fn run(cli: Cli) -> Result<u8, String> {
    if cli.list_requirements {
        emit(&report::requirements::render(&listed_version(&cli)?));
        return Ok(0);
    }
    runner::check_requirement_ids(&areas::all())?;
    let cases = select(&cli.requirements)?;
    if cli.libtest.list {
        let suite = Arc::new(Suite::placeholder());
        let trials = runner::trials(suite, cases, Arc::default(), Arc::default());
        let _ = libtest_mimic::run(&cli.libtest, trials);
        return Ok(0);
    }
    if cli.runtimes.is_empty() {
        return Err("--runtime PATH is required (or --list, --list-requirements)".into());
    }
    let runtimes = cli
        .runtimes
        .iter()
        .map(|r| resolve_runtime(r))
        .collect::<Result<Vec<_>, _>>()?;
    let asked = plan::Asked {
        runtimes: &runtimes,
        expectations: &cli.expectations,
        single_files: cli.report.is_some() || cli.junit.is_some() || cli.markdown.is_some(),
        report_dir: cli.report_dir.is_some(),
    };
    let planned = plan::plan(asked, Path::new(plan::EXPECTATIONS_DIR))?;
    let insisted = cli
        .spec_version
        .as_deref()
        .map(negotiation::insisted)
        .transpose()?;
    let names: Vec<String> = areas::all().into_iter().map(|(n, _)| n).collect();
    // Every file is read before anything is started: a typo fails at once.
    let expectations = planned
        .iter()
        .map(|p| match &p.expectations {
            Some(path) => {
                let loaded = Expectations::load(path, &names)?;
                eprintln!(
                    "jailcheck: {}: expectations from {}",
                    p.name,
                    path.display()
                );
                Ok(loaded)
            }
            None => Ok(Expectations::default()),
        })
        .collect::<Result<Vec<_>, String>>()?;
    let helper = find_helper(cli.helper.as_deref())?;
    // Become the subreaper before any process is started.
    Reaper::global();
    let (mut worst, mut stored) = (0, Vec::new());
    for (p, expectations) in planned.iter().zip(expectations) {
        let run = run_one(&cli, p, insisted, expectations, &helper, cases.clone())?;
        write_reports(&cli, &run)?;
        if let Some(dir) = &cli.report_dir {
            stored.push(write_report_dir(dir, &p.name, &run)?);
        }
        print!("{}", report::summary::render(&run));
        println!("jailcheck: {}", run.command_line.summary());
        worst = worst.max(run.verdicts.exit_status());
    }
    if let Some(dir) = &cli.report_dir {
        let matrix = compare::Matrix::of(&stored);
        write(&dir.join("matrix.md"), compare::markdown::render(&matrix))?;
        write(&dir.join("matrix.html"), compare::html::render(&matrix))?;
    }
    Ok(worst)
}

/// Runs the suite against one runtime.
fn run_one(
    cli: &Cli,
    planned: &plan::Planned,
    insisted: Option<catalogue::SpecVersion>,
    expectations: Expectations,
    helper: &Path,
    cases: Vec<(String, &'static Case)>,
) -> Result<Run, String> {
    let runtime = planned.runtime.clone();
    if cli.runtimes.len() > 1 {
        eprintln!("jailcheck: testing {}", runtime.display());
    }
    let workdir = make_workdir(cli.workdir.as_deref())?;
    let runtime_cli = RuntimeCli {
        path: runtime.clone(),
        timeout: Duration::from_secs(cli.call_timeout),
    };
    let profile = match cli.cli {
        Some(known) => CliProfile::known(known),
        None => cli_probe::probe(&runtime_cli, &workdir.path().join("cli-probe"))?,
    };
    eprintln!("jailcheck: {}", profile.summary());
    let mut suite = Suite {
        runtime: runtime_cli,
        cli: profile.clone(),
        helper: helper.to_path_buf(),
        workdir: workdir.path().to_path_buf(),
        keep: cli.keep,
        test_timeout: Duration::from_secs(cli.test_timeout),
        event_timeout: Duration::from_secs(cli.call_timeout),
        spec: JudgedVersion::target(),
    };
    // Decided once, before any test, and passed to every one in the suite.
    suite.spec = negotiate(insisted, &runtime, &suite)?;
    eprintln!("jailcheck: {}", report::version_sentence(&suite.spec));
    let suite = Arc::new(suite);
    let judging = Arc::new(Judging { expectations });
    let records = Arc::new(Mutex::new(Vec::new()));
    let suite_spec = suite.spec.clone();
    let trials = runner::trials(suite, cases, judging, records.clone());
    let _conclusion = libtest_mimic::run(&cli.libtest, trials);
    let mut tests = records.lock().map(|r| r.clone()).unwrap_or_default();
    tests.sort_by(|a, b| a.name.cmp(&b.name));
    if cli.keep {
        let kept = workdir.keep();
        eprintln!("jailcheck: sandboxes kept in {}", kept.display());
    }
    Ok(Run {
        schema: report::json::SCHEMA,
        date: report::utc_now(),
        runtime: runtime.display().to_string(),
        runtime_version: runtime_version(&runtime),
        command_line: profile,
        host: Host::current(),
        spec_version: suite_spec,
        totals: Totals::of(&tests),
        verdicts: Verdicts::of(&tests, cli.conventions_binding),
        tests,
    })
}

/// The run's spec version: `--spec-version`, else what the runtime declares, else
/// what a probe of its `create` finds (a sandbox of its own, removed after).
fn negotiate(
    insisted: Option<catalogue::SpecVersion>,
    runtime: &Path,
    suite: &Suite,
) -> Result<JudgedVersion, String> {
    let declared = declared::ask(runtime);
    if insisted.is_some() || declared.is_some() {
        return Ok(negotiation::decide(insisted, declared));
    }
    let probed = declared::probe(Arc::new(suite.clone()))?;
    if !probed.leaks.is_empty() {
        return Err(format!(
            "the version probe left behind: {}",
            probed.leaks.join("; ")
        ));
    }
    let mut judged = negotiation::decide(None, probed.declared());
    if judged.source == negotiation::VersionSource::Target {
        let refused: Vec<String> = probed
            .refused
            .iter()
            .map(|(v, why)| format!("{v}: {why}"))
            .collect();
        judged.why = format!(
            "the runtime declares no version and its create accepted none ({})",
            refused.join("; ")
        );
    }
    Ok(judged)
}

/// The version `--list-requirements` marks newer requirements against:
/// `--spec-version`, else what `--runtime` declares (a run would probe its create
/// when it declares nothing), else jailcheck's own.
fn listed_version(cli: &Cli) -> Result<JudgedVersion, String> {
    let insisted = cli
        .spec_version
        .as_deref()
        .map(negotiation::insisted)
        .transpose()?;
    let declared = match cli.runtimes.first() {
        Some(r) => declared::ask(&resolve_runtime(r)?),
        None => None,
    };
    let mut spec = negotiation::decide(insisted, declared);
    if spec.source == negotiation::VersionSource::Target && !cli.runtimes.is_empty() {
        spec.why = "the runtime declares no version; a run probes its create".into();
    }
    Ok(spec)
}

/// The cases to run: all, or those covering the requirements asked for.
fn select(requirements: &[String]) -> Result<Vec<(String, &'static Case)>, String> {
    for id in requirements {
        if catalogue::find(id).is_none() {
            return Err(format!(
                "--requirement {id}: unknown requirement ID (see --list-requirements)"
            ));
        }
    }
    Ok(areas::all()
        .into_iter()
        .filter(|(_, c)| {
            requirements.is_empty()
                || c.requirements
                    .iter()
                    .any(|r| requirements.iter().any(|q| *r == q.as_str()))
        })
        .collect())
}

/// A path with a '/' must exist; a bare name is looked up in PATH. The result is
/// absolute but not resolved: a runtime reached through a symlink (a multi-call
/// binary, a wrapper) is invoked by the name it was given.
fn resolve_runtime(arg: &str) -> Result<PathBuf, String> {
    let candidate = if arg.contains('/') {
        Some(PathBuf::from(arg))
    } else {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(arg))
                .find(|p| p.is_file())
        })
    };
    let path = candidate.ok_or_else(|| format!("--runtime {arg}: not found in PATH"))?;
    let meta = std::fs::metadata(&path).map_err(|e| {
        let why = if e.kind() == std::io::ErrorKind::NotFound {
            "no such file".to_string()
        } else {
            e.to_string()
        };
        format!("--runtime {}: {why}", path.display())
    })?;
    use std::os::unix::fs::PermissionsExt;
    if !meta.is_file() || meta.permissions().mode() & 0o111 == 0 {
        return Err(format!(
            "--runtime {}: not an executable file",
            path.display()
        ));
    }
    std::path::absolute(&path).map_err(|e| format!("--runtime {}: {e}", path.display()))
}

fn find_helper(arg: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(p) = arg {
        return helper_bin::check(p).map_err(|e| format!("--helper {e}"));
    }
    let found = helper_bin::candidates().into_iter().find(|p| p.is_file());
    match found {
        Some(p) => helper_bin::check(&p).map_err(|e| format!("helper {e}")),
        None => Err(
            "cannot find the integ-inside helper: run `make integ-inside` or pass --helper PATH"
                .into(),
        ),
    }
}

fn make_workdir(parent: Option<&Path>) -> Result<tempfile::TempDir, String> {
    let mut b = tempfile::Builder::new();
    b.prefix("jc.");
    match parent {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("--workdir {}: {e}", dir.display()))?;
            b.tempdir_in(dir)
        }
        None => b.tempdir(),
    }
    .map_err(|e| format!("cannot make a work directory: {e}"))
}

fn runtime_version(runtime: &Path) -> Option<String> {
    let path = runtime.to_str()?;
    let out = command::runtime_output(path, &["--version"]).ok()?;
    out.lines().next().map(|l| l.trim().to_string())
}

fn write(path: &Path, text: String) -> Result<(), String> {
    std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))
}

fn write_reports(cli: &Cli, run: &Run) -> Result<(), String> {
    if let Some(p) = &cli.report {
        write(
            p,
            report::json::render(run).map_err(|e| format!("--report: {e}"))?,
        )?;
    }
    if let Some(p) = &cli.junit {
        write(
            p,
            report::junit::render(run).map_err(|e| format!("--junit: {e}"))?,
        )?;
    }
    if let Some(p) = &cli.markdown {
        write(p, report::markdown::render(run))?;
    }
    Ok(())
}

/// Writes DIR/NAME.json, .xml and .md, and returns the JSON report as read back,
/// for the matrix.
fn write_report_dir(dir: &Path, name: &str, run: &Run) -> Result<StoredRun, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("--report-dir {}: {e}", dir.display()))?;
    let json_path = dir.join(format!("{name}.json"));
    let json = report::json::render(run).map_err(|e| format!("--report-dir: {e}"))?;
    let stored = report::json::parse(&json_path, &json).map_err(|e| e.to_string())?;
    write(&json_path, json)?;
    let junit = report::junit::render(run).map_err(|e| format!("--report-dir: {e}"))?;
    write(&dir.join(format!("{name}.xml")), junit)?;
    write(
        &dir.join(format!("{name}.md")),
        report::markdown::render(run),
    )?;
    Ok(stored)
}
