//! A runtime that speaks runtime-spec 1.0.0 only, over jailrun, for the
//! self-test: its `features` declares ociVersionMin and ociVersionMax 1.0.0, its
//! `--version` has a `spec: 1.0.0` line, its `state` says ociVersion 1.0.0, and its
//! `create` refuses a bundle whose ociVersion is newer with an "unknown version"
//! error before doing anything, as Debian's crun does. Everything else is
//! jailrun's (`JAILCHECK_REAL_RUNTIME`). The suite must judge it at 1.0.0: the
//! tests of newer requirements reported as newer, no failure from a version it
//! never claimed. With `JAILCHECK_OLD_SPEC_SILENT` set it declares nothing (no
//! `features` command, no `spec:` line), so only a probe of `create` can tell.

use std::os::unix::process::CommandExt;
use std::process::{Command, ExitCode};

use jailcheck::catalogue::version::V1_0_0;

mod speaks;

use speaks::{bundle_of, json_of, Speaks};

const SPEAKS: Speaks = Speaks {
    min: "1.0.0",
    max: "1.0.0",
    state: "1.0.0",
    accepts: |v| v <= V1_0_0,
};

/// Global flags that take a value (runc's spelling, which jailrun shares).
const GLOBAL_WITH_VALUE: [&str; 3] = ["--root", "--log", "--log-format"];

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Ok(real) = std::env::var("JAILCHECK_REAL_RUNTIME") else {
        eprintln!("jailcheck-old-spec: JAILCHECK_REAL_RUNTIME is not set");
        return ExitCode::from(1);
    };
    let help = args.iter().any(|a| a == "--help" || a == "-h");
    let silent = std::env::var_os("JAILCHECK_OLD_SPEC_SILENT").is_some();
    match subcommand(&args).filter(|_| !help) {
        None if args.iter().any(|a| a == "--version" || a == "-v") => {
            println!("jailcheck-old-spec version 0.1.0 (spec 1.0.0 over jailrun)");
            if !silent {
                println!("spec: {}", SPEAKS.max);
            }
            ExitCode::SUCCESS
        }
        Some("features") if silent => {
            eprintln!("jailcheck-old-spec: unknown command \"features\"");
            ExitCode::from(1)
        }
        Some("features") => print_json(json_of(&real, &args).map(|d| SPEAKS.features(d))),
        Some("state") => print_json(json_of(&real, &args).map(|d| SPEAKS.state(d))),
        Some("create" | "run") => match SPEAKS.refused(&bundle_of(&args)) {
            Some(v) => {
                eprintln!("jailcheck-old-spec: unknown version specified: {v} (supported: 1.0.0)");
                ExitCode::from(1)
            }
            None => exec(&real, &args),
        },
        _ => exec(&real, &args),
    }
}

/// The subcommand: the first argument that is neither a global flag nor its value.
fn subcommand(args: &[String]) -> Option<&str> {
    let mut i = 0;
    while let Some(a) = args.get(i) {
        if GLOBAL_WITH_VALUE.contains(&a.as_str()) {
            i += 2;
        } else if a.starts_with('-') {
            i += 1;
        } else {
            return Some(a);
        }
    }
    None
}

fn print_json(doc: Result<serde_json::Value, u8>) -> ExitCode {
    match doc {
        Ok(d) => {
            println!("{d}");
            ExitCode::SUCCESS
        }
        Err(code) => ExitCode::from(code),
    }
}

fn exec(real: &str, args: &[String]) -> ExitCode {
    let err = Command::new(real).args(args).exec();
    eprintln!("jailcheck-old-spec: exec {real}: {err}");
    ExitCode::from(1)
}
