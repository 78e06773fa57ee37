//! A terse command line over jailrun, for the self-test: the one a minimal
//! argument parser gives. Its `--help` texts (global and each command's) name the
//! commands and their arguments but list no flag at all, and it accepts no flag
//! but `--help` and `--version`: `create ID BUNDLE` takes the bundle by position,
//! state lives in one fixed directory (`JAILCHECK_TERSE_STATE_DIR`, else
//! `/run/jailcheck-terse`), and there is no `--pid-file`, `--console-socket`,
//! `kill --all`, `delete --force` or exec flag. Everything else is jailrun's
//! (`JAILCHECK_REAL_RUNTIME`), run with `--root` set to the fixed directory. The
//! suite, which reads these help texts, must skip what needs a flag and judge the
//! rest as it judges jailrun.

use std::os::unix::process::CommandExt;
use std::process::{Command, ExitCode};

/// The fixed state directory when `JAILCHECK_TERSE_STATE_DIR` is not set.
const DEFAULT_STATE_DIR: &str = "/run/jailcheck-terse";

/// Each command and its arguments, as the help texts show them.
const COMMANDS: &[(&str, &str)] = &[
    ("create", "ID BUNDLE"),
    ("start", "ID"),
    ("state", "ID"),
    ("kill", "ID [SIGNAL]"),
    ("delete", "ID"),
    ("exec", "ID PROGRAM [ARG...]"),
    ("list", ""),
    ("features", ""),
    ("ps", "ID"),
    ("pause", "ID"),
    ("resume", "ID"),
];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("terse: error: {msg}");
            ExitCode::from(1)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, String> {
    let (command, rest) = match args.split_first() {
        None => return help(None),
        Some((first, _)) if is_help(first) => return help(None),
        Some((first, _)) if first == "--version" || first == "-v" => {
            return exec_real(std::slice::from_ref(first))
        }
        Some((first, rest)) => (first.as_str(), rest),
    };
    let Some((name, _)) = COMMANDS.iter().find(|(c, _)| *c == command) else {
        return Err(format!("unknown command {command:?} (see terse --help)"));
    };
    if rest.iter().any(|a| is_help(a)) {
        return help(Some(name));
    }
    // exec's program and its arguments are not the runtime's.
    let own = match *name {
        "exec" => &rest[..rest.len().min(1)],
        _ => rest,
    };
    if let Some(flag) = own.iter().find(|a| a.starts_with('-')) {
        return Err(format!("unknown option {flag:?}"));
    }
    let state_dir = std::env::var("JAILCHECK_TERSE_STATE_DIR")
        .unwrap_or_else(|_| DEFAULT_STATE_DIR.to_string());
    let mut line = vec!["--root".to_string(), state_dir, name.to_string()];
    match (*name, rest) {
        ("create", [id, bundle]) => {
            line.extend(["--bundle".to_string(), bundle.clone(), id.clone()]);
        }
        ("create", _) => return Err("create takes ID BUNDLE".to_string()),
        _ => line.extend(rest.iter().cloned()),
    }
    exec_real(&line)
}

fn is_help(arg: &str) -> bool {
    arg == "--help" || arg == "-h"
}

/// The global help (commands only) or a command's (its arguments only).
fn help(command: Option<&str>) -> Result<ExitCode, String> {
    match command.and_then(|c| COMMANDS.iter().find(|(n, _)| *n == c)) {
        Some((name, args)) => println!("usage: terse {name} {args}"),
        None => {
            println!("usage: terse COMMAND [ARG...]\n\ncommands:");
            for (name, _) in COMMANDS {
                println!("  {name}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn exec_real(line: &[String]) -> Result<ExitCode, String> {
    let real = std::env::var("JAILCHECK_REAL_RUNTIME")
        .map_err(|_| "JAILCHECK_REAL_RUNTIME is not set".to_string())?;
    let err = Command::new(&real).args(line).exec();
    Err(format!("exec {real}: {err}"))
}
