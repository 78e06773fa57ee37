//! ocijail's command line over jailrun, for the self-test. It has what
//! `ocijail/*.cpp` declares at dfr/ocijail@79e49b1 and nothing more: global
//! `--root`, `--log`, `--log-format`, `--log-level`, `--version`; `create ID` with
//! `--bundle`, `--console-socket`, `--pid-file`, `--preserve-fds`; `start`,
//! `state`, `delete --force`, `kill ID [SIGNAL]` with `--all`/`--pid`, `list`
//! with `--format`, `features`, `exec ID` with `--process` (required: no program
//! as arguments), `--console-socket`, `--pid-file`, `--tty`, `--detach`,
//! `--preserve-fds`. Anything else is refused as CLI11 (ocijail's parser)
//! refuses it: the message, "Run with --help for more information.", and CLI11's
//! exit codes, on stderr only, never in `--log` (main.cpp:37-38 hands a parse
//! error to `app.exit`; only errors after parsing reach `log_error`). `--version`
//! is ocijail's one line (main.cpp:158-160). It speaks ocijail's spec versions:
//! `features` declares ociVersionMin 1.0.0 and ociVersionMax 1.2.0
//! (features.cpp:74-75), `state` says ociVersion 1.0.2 (main.cpp:109), and `create`
//! refuses a bundle that is not 1.0.x to 1.2.x with "create: unsupported OCI
//! version" before doing anything (create.cpp:125-129). Behaviour is jailrun's
//! (`JAILCHECK_REAL_RUNTIME`); without `--root` state goes to
//! `JAILCHECK_OCIJAIL_STATE_DIR`, else ocijail's `/var/run/ocijail`.

use std::os::unix::process::CommandExt;
use std::process::{Command, ExitCode};

mod cli11;
mod commands;
#[path = "../old_spec/speaks.rs"]
mod speaks;

use cli11::{check_paths, extras, parse, sub_help, top_help, Cli11, Given, Sub};
use cli11::{EXCLUDES_ERROR, REQUIRED_ERROR};
use commands::{GLOBAL, SUBS};
use speaks::{bundle_of, json_of, Speaks};

/// ocijail's versions: features.cpp:74-75, main.cpp:109, create.cpp:125-129.
const SPEAKS: Speaks = Speaks {
    min: "1.0.0",
    max: "1.2.0",
    state: "1.0.2",
    accepts: |v| v.major == 1 && v.minor <= 2,
};

/// ocijail's default state database (main.h).
const DEFAULT_STATE_DIR: &str = "/var/run/ocijail";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(Cli11(msg, code)) => {
            eprintln!("{msg}\nRun with --help for more information.");
            ExitCode::from(code)
        }
    }
}

fn run(args: &[String]) -> Result<ExitCode, Cli11> {
    let split = args
        .iter()
        .position(|a| SUBS.iter().any(|s| s.name == a))
        .unwrap_or(args.len());
    let top = parse(GLOBAL, &args[..split], 0)?;
    if top.help || (split == args.len() && args.iter().any(|a| a == "--help" || a == "-h")) {
        print!("{}", top_help());
        return Ok(ExitCode::SUCCESS);
    }
    if top.opts.iter().any(|(n, _)| *n == "--version") {
        // ocijail's form: one line, no `spec:` line (main.cpp:158-160).
        println!("ocijail version 0.6.0-jailcheck (ocijail's command line over jailrun)");
        return Ok(ExitCode::SUCCESS);
    }
    if !top.extras.is_empty() {
        return Err(extras(&top.extras));
    }
    let Some(sub) = args
        .get(split)
        .and_then(|n| SUBS.iter().find(|s| s.name == n))
    else {
        return Err(Cli11("A subcommand is required".into(), REQUIRED_ERROR));
    };
    let given = parse(sub.opts, &args[split + 1..], sub.positionals.len())?;
    if given.help {
        print!("{}", sub_help(sub));
        return Ok(ExitCode::SUCCESS);
    }
    if !given.extras.is_empty() {
        return Err(extras(&given.extras));
    }
    // CLI11 runs validators before it checks what is required.
    check_paths(sub, &given)?;
    if let Some((name, _, _)) = sub
        .positionals
        .iter()
        .skip(given.positionals.len())
        .find(|(_, required, _)| *required)
    {
        return Err(Cli11(format!("{name} is required"), REQUIRED_ERROR));
    }
    if let Some(o) = sub
        .opts
        .iter()
        .find(|o| o.required && given.get(o.long()).is_none())
    {
        return Err(Cli11(format!("{} is required", o.long()), REQUIRED_ERROR));
    }
    let line = translate(&top, sub, &given)?;
    let real = std::env::var("JAILCHECK_REAL_RUNTIME")
        .map_err(|_| Cli11("JAILCHECK_REAL_RUNTIME is not set".into(), 1))?;
    let printed = |doc: Result<serde_json::Value, u8>| match doc {
        Ok(d) => {
            println!("{d}");
            Ok(ExitCode::SUCCESS)
        }
        Err(code) => Ok(ExitCode::from(code)),
    };
    match sub.name {
        "features" => return printed(json_of(&real, &line).map(|d| SPEAKS.features(d))),
        "state" => return printed(json_of(&real, &line).map(|d| SPEAKS.state(d))),
        "create" => {
            if let Some(v) = SPEAKS.refused(&bundle_of(&line)) {
                eprintln!("create: unsupported OCI version {v}");
                return Ok(ExitCode::from(1));
            }
        }
        _ => {}
    }
    let err = Command::new(&real).args(&line).exec();
    Err(Cli11(format!("exec {real}: {err}"), 1))
}

/// Appends every option of `sub` that was given, under the same long name (which
/// jailrun shares): a flag alone, an option with its value.
fn forward(line: &mut Vec<String>, sub: &Sub, given: &Given) {
    for o in sub.opts {
        match (given.get(o.long()), o.kind) {
            (Some(_), None) => line.push(o.long().to_string()),
            (Some(v), Some(_)) => line.extend([o.long().to_string(), v.to_string()]),
            (None, _) => {}
        }
    }
}

/// The jailrun command line for a parsed ocijail command.
fn translate(top: &Given, sub: &Sub, given: &Given) -> Result<Vec<String>, Cli11> {
    let unavailable = |what: &str| {
        Cli11(
            format!("{what}: not available (jailrun underneath has no such option)"),
            1,
        )
    };
    let root = top.get("--root").map(str::to_string).unwrap_or_else(|| {
        std::env::var("JAILCHECK_OCIJAIL_STATE_DIR").unwrap_or_else(|_| DEFAULT_STATE_DIR.into())
    });
    let mut line = vec!["--root".to_string(), root];
    for name in ["--log", "--log-format"] {
        if let Some(v) = top.get(name) {
            line.extend([name.to_string(), v.to_string()]);
        }
    }
    if top.get("--log-level") == Some("debug") {
        line.push("--debug".into());
    }
    line.push(sub.name.to_string());
    match sub.name {
        "kill" if given.get("--all").is_some() && given.get("--pid").is_some() => {
            return Err(Cli11("--all excludes --pid".into(), EXCLUDES_ERROR))
        }
        "create" | "delete" | "kill" | "exec" => forward(&mut line, sub, given),
        "list" => {
            if given.get("--quiet").is_some() {
                return Err(unavailable("--quiet"));
            }
            line.extend([
                "--format".to_string(),
                given.get("--format").unwrap_or("table").to_string(),
            ]);
        }
        _ => {}
    }
    line.extend(given.positionals.iter().cloned());
    Ok(line)
}
