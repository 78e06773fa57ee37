//! `jailbench`: times whole container lifecycles (create, start, wait for the
//! container process to exit, delete) of a trivial container, for several runtimes
//! in one interleaved run, and prints the median per lifecycle, the peak memory of
//! the runtime process and the ratio to the first runtime.
//!
//! Usage: jailbench [--n N] [--helper PATH] NAME=PATH [NAME=PATH...]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use jailcheck::harness::runtime::driver::CallIo;
use jailcheck::harness::runtime::reaper::{Reaper, Waited};
use jailcheck::harness::{bundle::config, RuntimeCli};

struct Runtime {
    name: String,
    cli: RuntimeCli,
    samples: Vec<Duration>,
    peak_rss_kib: i64,
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("jailbench: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<(), String> {
    let mut n = 200usize;
    let mut helper = PathBuf::from("target/integ-inside");
    let mut runtimes = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--n" => {
                let v = args.next().ok_or("--n needs a number")?;
                n = v.parse().map_err(|_| format!("--n {v}: not a number"))?;
            }
            "--helper" => helper = PathBuf::from(args.next().ok_or("--helper needs a path")?),
            spec => {
                let (name, path) = spec
                    .split_once('=')
                    .ok_or_else(|| format!("{spec}: expected NAME=PATH"))?;
                let path = which(path).ok_or_else(|| format!("{spec}: {path} not found"))?;
                runtimes.push(Runtime {
                    name: name.to_string(),
                    cli: RuntimeCli {
                        path,
                        timeout: Duration::from_secs(30),
                    },
                    samples: Vec::with_capacity(n),
                    peak_rss_kib: 0,
                });
            }
        }
    }
    if runtimes.is_empty() || n == 0 {
        return Err("usage: jailbench [--n N] [--helper PATH] NAME=PATH [NAME=PATH...]".into());
    }
    let work = tempfile::Builder::new()
        .prefix("jb.")
        .tempdir()
        .map_err(|e| format!("tempdir: {e}"))?;
    let bundle = make_bundle(work.path(), &helper)?;
    Reaper::global();
    // One warm-up lifecycle each, then N rounds, interleaved so that load changes
    // on the machine affect every runtime alike.
    for rt in runtimes.iter_mut() {
        lifecycle(rt, work.path(), &bundle, "warm")?;
        rt.samples.clear();
    }
    for i in 0..n {
        for rt in runtimes.iter_mut() {
            lifecycle(rt, work.path(), &bundle, &i.to_string())?;
        }
    }
    print_table(&runtimes, n);
    Ok(())
}

/// A bundle whose process is the static helper exiting 0 at once.
fn make_bundle(dir: &Path, helper: &Path) -> Result<PathBuf, String> {
    let bundle = dir.join("bundle");
    let rootfs = bundle.join("rootfs");
    fs::create_dir_all(&rootfs).map_err(|e| format!("{}: {e}", rootfs.display()))?;
    fs::copy(helper, rootfs.join(integ_inside::HELPER_NAME))
        .map_err(|e| format!("{}: {e}", helper.display()))?;
    let mut cfg = config::base("bench", jailcheck::catalogue::version::TARGET);
    config::set_program(&mut cfg, &integ_inside::request::Exit { code: 0 });
    fs::write(bundle.join("config.json"), cfg.to_string()).map_err(|e| e.to_string())?;
    Ok(bundle)
}

/// create, start, wait for exit, delete; records the wall time.
fn lifecycle(rt: &mut Runtime, work: &Path, bundle: &Path, tag: &str) -> Result<(), String> {
    let root = work.join(format!("root-{}", rt.name));
    let id = format!("bench-{}-{tag}", rt.name);
    let pid_file = work.join("pid");
    let prefix = work.join("call");
    let io = CallIo {
        prefix: &prefix,
        cwd: None,
    };
    let s = |v: &str| v.to_string();
    let started = Instant::now();
    let create = vec![
        s("create"),
        s("--bundle"),
        bundle.display().to_string(),
        s("--pid-file"),
        pid_file.display().to_string(),
        id.clone(),
    ];
    let mut peak = 0;
    let mut call = |args: Vec<String>| -> Result<(), String> {
        let inv = rt.cli.run(&root, &args, &io).map_err(|v| v.to_string())?;
        peak = peak.max(inv.max_rss_kib.unwrap_or(0));
        if inv.ok() {
            Ok(())
        } else {
            Err(format!(
                "{}: {} {}",
                rt.name,
                inv.command,
                inv.first_error_line()
            ))
        }
    };
    call(create)?;
    let pid: i32 = fs::read_to_string(&pid_file)
        .ok()
        .and_then(|t| t.trim().parse().ok())
        .ok_or_else(|| format!("{}: no pid file", rt.name))?;
    call(vec![s("start"), id.clone()])?;
    if let Waited::TimedOut = Reaper::global().wait(pid, Duration::from_secs(30)) {
        return Err(format!("{}: container process did not exit", rt.name));
    }
    call(vec![s("delete"), id])?;
    rt.samples.push(started.elapsed());
    rt.peak_rss_kib = rt.peak_rss_kib.max(peak);
    Ok(())
}

fn print_table(runtimes: &[Runtime], n: usize) {
    let medians: Vec<f64> = runtimes
        .iter()
        .map(|r| percentile(&r.samples, 50))
        .collect();
    println!("{n} lifecycles per runtime (create, start, wait for exit, delete), interleaved");
    println!(
        "{:<10} {:>10} {:>10} {:>14} {:>14}",
        "runtime", "median ms", "p90 ms", "peak RSS MiB", "× first"
    );
    for (rt, median) in runtimes.iter().zip(&medians) {
        println!(
            "{:<10} {:>10.2} {:>10.2} {:>14.1} {:>14.2}",
            rt.name,
            median,
            percentile(&rt.samples, 90),
            rt.peak_rss_kib as f64 / 1024.0,
            median / medians[0]
        );
    }
}

/// The p-th percentile of the samples, in milliseconds.
fn percentile(samples: &[Duration], p: usize) -> f64 {
    let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(|a, b| a.total_cmp(b));
    let idx = (ms.len().saturating_sub(1) * p) / 100;
    ms.get(idx).copied().unwrap_or(0.0)
}

/// A path with '/' as is; a bare name from PATH.
fn which(name: &str) -> Option<PathBuf> {
    if name.contains('/') {
        return Path::new(name).is_file().then(|| PathBuf::from(name));
    }
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}
