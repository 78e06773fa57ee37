//! A deliberately broken OCI runtime for the suite's self-test: it wraps a working
//! runtime (`JAILCHECK_REAL_RUNTIME`) and breaks exactly one behaviour, chosen by
//! `JAILCHECK_BROKEN_MODE`. The self-test shows that the tests checking that
//! behaviour fail. Modes:
//!
//! - `none`: pass everything through (the control)
//! - `drop-env`: removes the last `process.env` entry on create
//! - `ignore-hostname`: removes `hostname` on create
//! - `lie-state`: `state` always reports status `running`
//! - `no-kill-all`: ignores `kill --all` (signals only the init process)
//! - `wrong-signal`: `kill` always sends SIGTERM, whatever was asked
//! - `start-on-create`: `create` also starts the container
//! - `force-delete`: `delete` always behaves as `delete --force`
//! - `ignore-uid`: runs the process as uid 0 whatever `process.user.uid` says
//! - `ignore-rlimits`: drops `process.rlimits`
//! - `skip-poststop`: drops `hooks.poststop`
//! - `ignore-readonly-mounts`: drops `ro` from every mount's options
//! - `ignore-terminal`: sets `process.terminal` false and drops `--console-socket`
//! - `ignore-root-readonly`: sets `root.readonly` false
//! - `reverse-hooks`: runs the hooks of each kind in reverse order
//! - `drop-hook-env`: removes `env` from every hook (the hook inherits the runtime's)
//! - `reverse-mounts`: makes the mounts in reverse order
//! - `ignore-console-size`: drops `process.consoleSize`
//! - `drop-netns`: removes the `network` entry of `linux.namespaces` (the container
//!   stays in the host's network namespace)

use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};

use serde_json::Value;

fn main() -> ExitCode {
    match run() {
        Ok(code) => code,
        Err(e) => {
            eprintln!("broken-runtime: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let real = std::env::var("JAILCHECK_REAL_RUNTIME")
        .map_err(|_| "JAILCHECK_REAL_RUNTIME is not set".to_string())?;
    let mode = std::env::var("JAILCHECK_BROKEN_MODE").unwrap_or_else(|_| "none".into());
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let command = subcommand(&args).map(str::to_string);
    match (mode.as_str(), command.as_deref()) {
        ("drop-env", Some("create")) => edit_config(&args, |c| {
            if let Some(env) = c["process"]["env"].as_array_mut() {
                env.pop();
            }
        })?,
        ("ignore-hostname", Some("create")) => edit_config(&args, |c| {
            if let Some(o) = c.as_object_mut() {
                o.remove("hostname");
            }
        })?,
        ("ignore-uid", Some("create")) => edit_config(&args, |c| {
            c["process"]["user"]["uid"] = Value::from(0);
        })?,
        ("ignore-rlimits", Some("create")) => edit_config(&args, |c| {
            if let Some(p) = c["process"].as_object_mut() {
                p.remove("rlimits");
            }
        })?,
        ("skip-poststop", Some("create")) => edit_config(&args, |c| {
            if let Some(h) = c["hooks"].as_object_mut() {
                h.remove("poststop");
            }
        })?,
        ("ignore-readonly-mounts", Some("create")) => edit_config(&args, |c| {
            if let Some(mounts) = c["mounts"].as_array_mut() {
                for m in mounts {
                    if let Some(opts) = m["options"].as_array_mut() {
                        opts.retain(|o| o != "ro");
                    }
                }
            }
        })?,
        ("ignore-terminal", Some("create")) => {
            edit_config(&args, |c| c["process"]["terminal"] = Value::from(false))?;
            drop_flag_with_value(&mut args, "--console-socket");
        }
        ("ignore-root-readonly", Some("create")) => edit_config(&args, |c| {
            c["root"]["readonly"] = Value::from(false);
        })?,
        ("reverse-hooks", Some("create")) => edit_config(&args, |c| {
            if let Some(kinds) = c["hooks"].as_object_mut() {
                for list in kinds.values_mut().filter_map(Value::as_array_mut) {
                    list.reverse();
                }
            }
        })?,
        ("drop-hook-env", Some("create")) => edit_config(&args, |c| {
            if let Some(kinds) = c["hooks"].as_object_mut() {
                for list in kinds.values_mut().filter_map(Value::as_array_mut) {
                    for hook in list.iter_mut().filter_map(Value::as_object_mut) {
                        hook.remove("env");
                    }
                }
            }
        })?,
        ("reverse-mounts", Some("create")) => edit_config(&args, |c| {
            if let Some(mounts) = c["mounts"].as_array_mut() {
                mounts.reverse();
            }
        })?,
        ("ignore-console-size", Some("create")) => edit_config(&args, |c| {
            if let Some(p) = c["process"].as_object_mut() {
                p.remove("consoleSize");
            }
        })?,
        ("drop-netns", Some("create")) => edit_config(&args, |c| {
            if let Some(list) = c["linux"]["namespaces"].as_array_mut() {
                list.retain(|ns| ns["type"] != "network");
            }
        })?,
        ("no-kill-all", Some("kill")) => args.retain(|a| a != "--all" && a != "-a"),
        ("wrong-signal", Some("kill")) => {
            let id_pos = positional(&args, 1);
            if let Some(pos) = id_pos {
                args.truncate(pos + 1);
                args.push("TERM".into());
            }
        }
        ("force-delete", Some("delete")) if !args.iter().any(|a| a == "--force" || a == "-f") => {
            let pos = args.iter().position(|a| a == "delete").unwrap_or(0);
            args.insert(pos + 1, "--force".into());
        }
        ("lie-state", Some("state")) => return lie_state(&real, &args),
        ("start-on-create", Some("create")) => return start_on_create(&real, &args),
        _ => {}
    }
    Err(format!(
        "exec {real}: {}",
        Command::new(&real).args(&args).exec()
    ))
}

/// The subcommand: the first argument that is not a global flag or its value.
fn subcommand(args: &[String]) -> Option<&str> {
    positional(args, 0).map(|i| args[i].as_str())
}

/// Index of the n-th positional argument (global flags with values skipped).
fn positional(args: &[String], n: usize) -> Option<usize> {
    let with_value = [
        "--root",
        "--log",
        "--log-format",
        "--bundle",
        "-b",
        "--pid-file",
        "--console-socket",
        "--format",
    ];
    let mut seen = 0;
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if with_value.contains(&a.as_str()) {
            i += 2;
            continue;
        }
        if !a.starts_with('-') {
            if seen == n {
                return Some(i);
            }
            seen += 1;
        }
        i += 1;
    }
    None
}

fn flag_value(args: &[String], flag: &str) -> Option<String> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1).cloned())
}

fn drop_flag_with_value(args: &mut Vec<String>, flag: &str) {
    if let Some(i) = args.iter().position(|a| a == flag) {
        args.drain(i..(i + 2).min(args.len()));
    }
}

/// Rewrites the bundle's config.json before passing `create` on.
fn edit_config(args: &[String], edit: impl FnOnce(&mut Value)) -> Result<(), String> {
    let bundle = PathBuf::from(flag_value(args, "--bundle").unwrap_or_else(|| ".".into()));
    let path = bundle.join("config.json");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut config: Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    edit(&mut config);
    let out = serde_json::to_string_pretty(&config).map_err(|e| e.to_string())?;
    std::fs::write(&path, out).map_err(|e| format!("{}: {e}", path.display()))
}

fn lie_state(real: &str, args: &[String]) -> Result<ExitCode, String> {
    let out = Command::new(real)
        .args(args)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("{real}: {e}"))?;
    if !out.status.success() {
        return Ok(ExitCode::from(1));
    }
    let mut state: Value = serde_json::from_slice(&out.stdout).map_err(|e| e.to_string())?;
    state["status"] = Value::from("running");
    println!("{state}");
    Ok(ExitCode::SUCCESS)
}

fn start_on_create(real: &str, args: &[String]) -> Result<ExitCode, String> {
    let status = Command::new(real)
        .args(args)
        .status()
        .map_err(|e| format!("{real}: {e}"))?;
    if !status.success() {
        return Ok(ExitCode::from(1));
    }
    let id = positional(args, 1)
        .map(|i| args[i].clone())
        .ok_or("no container ID")?;
    let mut start = vec![];
    if let Some(root) = flag_value(args, "--root") {
        start.extend(["--root".to_string(), root]);
    }
    start.extend(["start".to_string(), id]);
    let status = Command::new(real)
        .args(&start)
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("{real}: {e}"))?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
