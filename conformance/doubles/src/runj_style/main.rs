//! runj's command line over jailrun, for the self-test: the suite must give a
//! runtime shaped like runj a verdict. It has what `cmd/runj` has at
//! samuelkarp/runj@02137f6 and nothing more: no global flags (state lives in one
//! fixed directory), `create <id> [bundle]` with `--bundle`, `--pid-file`,
//! `--console-socket`; `start`, `state`, `kill <id> [signal]` with `--all` and
//! `--pid`; `delete <id>` without `--force`; no `list`, `features`, `exec`, `ps`,
//! `pause` or `resume`. Flags it does not
//! have are refused the way cobra (runj's parser) refuses them. Behaviour is
//! jailrun's (`JAILCHECK_REAL_RUNTIME`), run with `--root` set to the fixed state
//! directory: `JAILCHECK_RUNJ_STATE_DIR`, else runj's own `/var/lib/runj/jails`.

mod commands;

use std::os::unix::process::CommandExt;
use std::process::{Command, ExitCode};

use commands::{help, root_help, root_usage, usage, Cmd, COMMANDS};

/// runj's state directory (state/dir.go).
const DEFAULT_STATE_DIR: &str = "/var/lib/runj/jails";

/// What cobra parsed: flag values by long name, and the positional arguments.
struct Parsed {
    flags: Vec<(&'static str, String)>,
    args: Vec<String>,
    help: bool,
}

impl Parsed {
    fn get(&self, long: &str) -> Option<&str> {
        self.flags
            .iter()
            .find(|(l, _)| *l == long)
            .map(|(_, v)| v.as_str())
    }
}

/// A usage error: cobra prints it, then the command's usage, and exits 1.
struct Usage(String);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(code) => code,
        Err(Some((msg, cmd))) => {
            eprintln!("Error: {msg}");
            if let Some(cmd) = cmd {
                eprint!("{}", usage(cmd));
            }
            ExitCode::from(1)
        }
        Err(None) => ExitCode::from(1),
    }
}

type Failure = Option<(String, Option<&'static Cmd>)>;

fn run(args: &[String]) -> Result<ExitCode, Failure> {
    let Some(pos) = subcommand_position(args) else {
        return root_without_command(args);
    };
    let name = args[pos].as_str();
    let cmd = match COMMANDS.iter().find(|c| c.name == name) {
        Some(c) => c,
        None if name == "help" => {
            let topic = args
                .get(pos + 1)
                .and_then(|t| COMMANDS.iter().find(|c| c.name == t));
            print!("{}", topic.map(help).unwrap_or_else(root_help));
            return Ok(ExitCode::SUCCESS);
        }
        None => {
            eprintln!("Error: unknown command {name:?} for \"runj\"\nRun 'runj --help' for usage.");
            return Err(None);
        }
    };
    let rest: Vec<String> = args
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != pos)
        .map(|(_, a)| a.clone())
        .collect();
    let parsed = parse(cmd, &rest).map_err(|Usage(m)| Some((m, Some(cmd))))?;
    if parsed.help {
        print!("{}", help(cmd));
        return Ok(ExitCode::SUCCESS);
    }
    let (min, max) = cmd.args;
    let n = parsed.args.len();
    if n < min || n > max {
        let want = if min == max {
            format!("{min}")
        } else {
            format!("between {min} and {max}")
        };
        return Err(Some((
            format!("accepts {want} arg(s), received {n}"),
            Some(cmd),
        )));
    }
    let line = translate(cmd, &parsed).map_err(|Usage(m)| Some((m, Some(cmd))))?;
    exec_real(&line)
}

/// `runj` alone, `runj --help`, `runj --version`, or a flag runj does not have.
fn root_without_command(args: &[String]) -> Result<ExitCode, Failure> {
    match args.first().map(String::as_str) {
        None | Some("-h" | "--help") => print!("{}", root_help()),
        Some("-v" | "--version") => {
            // runj's own line (cobra's form), then the `spec:` line of the runtime
            // underneath, so version-aware verdicts judge the same version as jailrun's.
            println!("runj version 0.0.0-jailcheck (runj's command line over jailrun)");
            print!("{}", real_spec_line());
        }
        Some(other) => {
            let flag = other.split('=').next().unwrap_or(other);
            eprintln!("Error: unknown flag: {flag}");
            eprint!("{}", root_usage());
            return Err(None);
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Where the subcommand is: cobra skips flags, and the value after a flag
/// written without `=` (it cannot know yet whether that flag takes one).
fn subcommand_position(args: &[String]) -> Option<usize> {
    let mut i = 0;
    while i < args.len() {
        let a = &args[i];
        if !a.starts_with('-') {
            return Some(i);
        }
        let boolean = matches!(a.as_str(), "-h" | "--help" | "-v" | "--version");
        i += if a.contains('=') || boolean { 1 } else { 2 };
    }
    None
}

/// Parses a command's flags as pflag does: `--name value`, `--name=value`,
/// `-n value`, `-nvalue`, booleans bare, `--` ends the flags.
fn parse(cmd: &'static Cmd, args: &[String]) -> Result<Parsed, Usage> {
    let mut parsed = Parsed {
        flags: Vec::new(),
        args: Vec::new(),
        help: false,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--" {
            parsed.args.extend(it.by_ref().cloned());
            break;
        }
        let (spec, inline) = if let Some(long) = a.strip_prefix("--") {
            let (name, inline) = match long.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (long, None),
            };
            if name == "help" {
                parsed.help = true;
                continue;
            }
            let spec = cmd.flags.iter().find(|f| f.long == name);
            (
                spec.ok_or_else(|| Usage(format!("unknown flag: --{name}")))?,
                inline,
            )
        } else if let Some(short) = a.strip_prefix('-').filter(|s| !s.is_empty()) {
            let c = short.chars().next().unwrap_or('-');
            if c == 'h' {
                parsed.help = true;
                continue;
            }
            let spec = cmd.flags.iter().find(|f| f.short == Some(c));
            let spec =
                spec.ok_or_else(|| Usage(format!("unknown shorthand flag: '{c}' in {a}")))?;
            let tail = &short[c.len_utf8()..];
            (
                spec,
                (!tail.is_empty()).then(|| tail.trim_start_matches('=').to_string()),
            )
        } else {
            parsed.args.push(a.clone());
            continue;
        };
        let value = match (spec.value, inline) {
            (None, v) => v.unwrap_or_else(|| "true".into()),
            (Some(_), Some(v)) => v,
            (Some(_), None) => it
                .next()
                .cloned()
                .ok_or_else(|| Usage(format!("flag needs an argument: --{}", spec.long)))?,
        };
        parsed.flags.push((spec.long, value));
    }
    Ok(parsed)
}

/// The jailrun command line for a parsed runj command, with runj's own checks.
fn translate(cmd: &Cmd, p: &Parsed) -> Result<Vec<String>, Usage> {
    let state_dir =
        std::env::var("JAILCHECK_RUNJ_STATE_DIR").unwrap_or_else(|_| DEFAULT_STATE_DIR.into());
    let mut line = vec!["--root".to_string(), state_dir, cmd.name.to_string()];
    let id = p.args[0].clone();
    match cmd.name {
        "create" => {
            let bundle = match (p.get("bundle"), p.args.get(1).map(String::as_str)) {
                (Some(flag), Some(arg)) => {
                    return Err(Usage(format!(
                        "must specify bundle via argument ({arg:?}) or flag ({flag:?}), not both"
                    )))
                }
                (Some(b), None) | (None, Some(b)) => b.to_string(),
                (None, None) => {
                    return Err(Usage(
                        "bundle is required, specify via argument or --bundle flag".into(),
                    ))
                }
            };
            line.extend(["--bundle".to_string(), bundle]);
            for long in ["pid-file", "console-socket"] {
                if let Some(v) = p.get(long) {
                    line.extend([format!("--{long}"), v.to_string()]);
                }
            }
            line.push(id);
        }
        "kill" => {
            let all = p.get("all").is_some_and(|v| v != "false");
            // runj's own check (cmd/runj/kill.go:48); its --pid 0 means "not given".
            let pid = p.get("pid").filter(|v| *v != "0");
            if let Some(pid) = pid {
                if all {
                    return Err(Usage("cannot specify both --all and --pid".into()));
                }
                line.extend(["--pid".to_string(), pid.to_string()]);
            }
            if all {
                line.push("--all".into());
            }
            line.push(id);
            line.extend(p.args.get(1).cloned());
        }
        "delete" => {
            // runj deletes whenever no process runs in the jail (cmd/runj/delete.go:45),
            // so a container left `creating` by a killed create is removed too;
            // jailrun needs --force for that one.
            if status_of(&line[..2], &id).as_deref() == Some("creating") {
                line.push("--force".into());
            }
            line.push(id);
        }
        _ => line.push(id),
    }
    Ok(line)
}

/// The status jailrun reports for `id` under `root_args` (`--root DIR`), if any.
fn status_of(root_args: &[String], id: &str) -> Option<String> {
    let real = std::env::var("JAILCHECK_REAL_RUNTIME").ok()?;
    let out = Command::new(real)
        .args(root_args)
        .args(["state", id])
        .output()
        .ok()?;
    let state: serde_json::Value = serde_json::from_slice(&out.stdout).ok()?;
    state["status"].as_str().map(str::to_string)
}

fn exec_real(line: &[String]) -> Result<ExitCode, Failure> {
    let real = std::env::var("JAILCHECK_REAL_RUNTIME")
        .map_err(|_| Some(("JAILCHECK_REAL_RUNTIME is not set".to_string(), None)))?;
    let err = Command::new(&real).args(line).exec();
    Err(Some((format!("exec {real}: {err}"), None)))
}

/// The `spec: …` line of the real runtime's `--version`, with its newline; empty
/// when it has none or cannot be run.
fn real_spec_line() -> String {
    let Ok(real) = std::env::var("JAILCHECK_REAL_RUNTIME") else {
        return String::new();
    };
    let out = Command::new(real).arg("--version").output();
    let text = out
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default();
    text.lines()
        .find(|l| l.starts_with("spec:"))
        .map(|l| format!("{l}\n"))
        .unwrap_or_default()
}
