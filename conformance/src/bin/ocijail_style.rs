//! ocijail's command line over jailrun, for the self-test. It has what
//! `ocijail/*.cpp` declares at dfr/ocijail@79e49b1 and nothing more: global
//! `--root`, `--log`, `--log-format`, `--log-level`, `--version`; `create ID` with
//! `--bundle`, `--console-socket`, `--pid-file`, `--preserve-fds`; `start`,
//! `state`, `delete --force`, `kill ID [SIGNAL]` with `--all`/`--pid`, `list`
//! with `--format`, `features`, `exec`. Anything else is refused as CLI11
//! (ocijail's parser) refuses it: the message, "Run with --help for more
//! information.", and CLI11's exit codes. Behaviour is jailrun's
//! (`JAILCHECK_REAL_RUNTIME`); without `--root` state goes to
//! `JAILCHECK_OCIJAIL_STATE_DIR`, else ocijail's `/var/run/ocijail`.

use std::os::unix::process::CommandExt;
use std::process::{Command, ExitCode};

/// ocijail's default state database (main.h).
const DEFAULT_STATE_DIR: &str = "/var/run/ocijail";

/// CLI11's exit codes for the errors the wrapper reproduces.
const VALIDATION_ERROR: u8 = 105;
const REQUIRED_ERROR: u8 = 106;
const EXCLUDES_ERROR: u8 = 108;
const EXTRAS_ERROR: u8 = 109;

/// An option: names as CLI11 prints them, and whether it takes a value.
struct Opt {
    names: &'static [&'static str],
    /// CLI11's type column (`TEXT`, `INT`, …); `None` for a flag.
    kind: Option<&'static str>,
    help: &'static str,
}

/// A subcommand with its options and positionals (`(name, required, help)`).
struct Sub {
    name: &'static str,
    about: &'static str,
    opts: &'static [Opt],
    positionals: &'static [(&'static str, bool, &'static str)],
}

const fn opt(
    names: &'static [&'static str],
    kind: Option<&'static str>,
    help: &'static str,
) -> Opt {
    Opt { names, kind, help }
}

/// Options create and exec share (create.cpp, exec.cpp).
const CONSOLE_SOCKET: Opt = opt(
    &["--console-socket"],
    Some("TEXT:PATH"),
    "Path to a socket which will receive the console pty descriptor",
);
const PID_FILE: Opt = opt(
    &["--pid-file"],
    Some("TEXT"),
    "Path to a file where the container process id will be written",
);
const PRESERVE_FDS: Opt = opt(
    &["--preserve-fds"],
    Some("UINT"),
    "Number of additional file descriptors for the container",
);

const ID: (&str, bool, &str) = ("container-id", true, "Unique identifier for the container");

static GLOBAL: &[Opt] = &[
    opt(
        &["--root"],
        Some("TEXT"),
        "Override default location for state database",
    ),
    opt(&["--version"], None, "Print runtime version"),
    opt(&["--log-format"], Some("TEXT:{json,text}"), "Log format"),
    opt(
        &["--log-level"],
        Some("TEXT:{debug,info,warn}"),
        "Log level",
    ),
    opt(&["--log"], Some("TEXT"), "Log file"),
];

static SUBS: &[Sub] = &[
    Sub {
        name: "create",
        about: "Create a jail instance for the container described by the given bundle directory.",
        opts: &[
            opt(
                &["-b", "--bundle"],
                Some("TEXT:DIR"),
                "Path to the OCI runtime bundle directory",
            ),
            CONSOLE_SOCKET,
            PID_FILE,
            PRESERVE_FDS,
        ],
        positionals: &[ID],
    },
    Sub {
        name: "start",
        about: "Start the container with the given id",
        opts: &[],
        positionals: &[ID],
    },
    Sub {
        name: "delete",
        about: "Delete the container with the given id",
        opts: &[opt(&["--force"], None, "Delete even if running")],
        positionals: &[ID],
    },
    Sub {
        name: "exec",
        about: "Execute a command in the container with the given id",
        // exec.cpp: the process comes only from --process (required); no ARGS,
        // --env, --cwd or --user.
        opts: &[
            opt(
                &["--process"],
                Some("TEXT:PATH REQUIRED"),
                "Path to a file containing the process json",
            ),
            CONSOLE_SOCKET,
            PID_FILE,
            opt(
                &["-t", "--tty"],
                None,
                "Allocate a pty for the exec process",
            ),
            opt(
                &["-d", "--detach"],
                None,
                "Detach the command and execute in the background",
            ),
            PRESERVE_FDS,
        ],
        positionals: &[("container-id", true, "Unique identifier for the exec")],
    },
    Sub {
        name: "kill",
        about: "Send a signal to a container",
        opts: &[
            opt(
                &["-a", "--all"],
                None,
                "Send the signal to all processes in the container",
            ),
            opt(
                &["-p", "--pid"],
                Some("INT"),
                "Send the signal to the given process",
            ),
        ],
        positionals: &[ID, ("signal", false, "Signal to send, defaults to TERM")],
    },
    Sub {
        name: "state",
        about: "Get the state of the container with the given id",
        opts: &[],
        positionals: &[ID],
    },
    Sub {
        name: "list",
        about: "List containers",
        opts: &[
            opt(&["-q", "--quiet"], Some("BOOLEAN"), "show only IDs"),
            opt(
                &["-f", "--format"],
                Some("TEXT:{json,table}"),
                "output format: either table or json (default: table)",
            ),
        ],
        positionals: &[],
    },
    Sub {
        name: "features",
        about: "Get the enabled feature set of the runtime",
        opts: &[],
        positionals: &[],
    },
];

/// Options given (by their last name) and positionals, for one level.
#[derive(Default)]
struct Given {
    opts: Vec<(&'static str, String)>,
    positionals: Vec<String>,
    extras: Vec<String>,
    help: bool,
}

impl Given {
    fn get(&self, name: &str) -> Option<&str> {
        self.opts
            .iter()
            .rev()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// A CLI11 error: its message and exit code.
struct Cli11(String, u8);

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
    if let Some((name, _, _)) = sub
        .positionals
        .iter()
        .skip(given.positionals.len())
        .find(|(_, required, _)| *required)
    {
        return Err(Cli11(format!("{name} is required"), REQUIRED_ERROR));
    }
    let line = translate(&top, sub, &given)?;
    let real = std::env::var("JAILCHECK_REAL_RUNTIME")
        .map_err(|_| Cli11("JAILCHECK_REAL_RUNTIME is not set".into(), 1))?;
    let err = Command::new(&real).args(&line).exec();
    Err(Cli11(format!("exec {real}: {err}"), 1))
}

/// Parses one level's options (`--name value`, `--name=value`, `-n value`);
/// positionals beyond `max_positionals` and unknown options are extras.
fn parse(opts: &'static [Opt], args: &[String], max_positionals: usize) -> Result<Given, Cli11> {
    let mut given = Given::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "-h" || a == "--help" {
            given.help = true;
            continue;
        }
        if !a.starts_with('-') || a == "-" {
            if given.positionals.len() < max_positionals {
                given.positionals.push(a.clone());
            } else {
                given.extras.push(a.clone());
            }
            continue;
        }
        let (name, inline) = match a.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (a.as_str(), None),
        };
        let Some(o) = opts.iter().find(|o| o.names.contains(&name)) else {
            given.extras.push(a.clone());
            continue;
        };
        let last = o.names[o.names.len() - 1];
        let value = match (o.kind, inline) {
            (None, _) => "true".to_string(),
            (Some(_), Some(v)) => v,
            (Some(_), None) => it
                .next()
                .cloned()
                .ok_or_else(|| Cli11(format!("{last}: 1 required TEXT missing"), 114))?,
        };
        given.opts.push((last, value));
    }
    Ok(given)
}

fn extras(extras: &[String]) -> Cli11 {
    Cli11(
        format!(
            "The following arguments were not expected: {}",
            extras.join(" ")
        ),
        EXTRAS_ERROR,
    )
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
        "create" => {
            if let Some(dir) = given
                .get("--bundle")
                .filter(|d| !std::path::Path::new(d).is_dir())
            {
                return Err(Cli11(
                    format!("--bundle: Directory does not exist: {dir}"),
                    VALIDATION_ERROR,
                ));
            }
            if let Some(p) = given
                .get("--console-socket")
                .filter(|p| !std::path::Path::new(p).exists())
            {
                return Err(Cli11(
                    format!("--console-socket: Path does not exist: {p}"),
                    VALIDATION_ERROR,
                ));
            }
            if given.get("--preserve-fds").is_some_and(|n| n != "0") {
                return Err(unavailable("--preserve-fds"));
            }
            for name in ["--bundle", "--pid-file", "--console-socket"] {
                if let Some(v) = given.get(name) {
                    line.extend([name.to_string(), v.to_string()]);
                }
            }
        }
        "delete" if given.get("--force").is_some() => line.push("--force".into()),
        "kill" => match (given.get("--all"), given.get("--pid")) {
            (Some(_), Some(_)) => return Err(Cli11("--all excludes --pid".into(), EXCLUDES_ERROR)),
            (_, Some(_)) => return Err(unavailable("--pid")),
            (Some(_), None) => line.push("--all".into()),
            (None, None) => {}
        },
        "list" => {
            if given.get("--quiet").is_some() {
                return Err(unavailable("--quiet"));
            }
            line.extend([
                "--format".to_string(),
                given.get("--format").unwrap_or("table").to_string(),
            ]);
        }
        "exec" => {
            let Some(process) = given.get("--process") else {
                return Err(Cli11("--process is required".into(), REQUIRED_ERROR));
            };
            for (name, p) in [
                ("--process", Some(process)),
                ("--console-socket", given.get("--console-socket")),
            ] {
                if let Some(p) = p.filter(|p| !std::path::Path::new(p).exists()) {
                    return Err(Cli11(
                        format!("{name}: Path does not exist: {p}"),
                        VALIDATION_ERROR,
                    ));
                }
            }
            for name in [
                "--process",
                "--console-socket",
                "--pid-file",
                "--preserve-fds",
            ] {
                if let Some(v) = given.get(name) {
                    line.extend([name.to_string(), v.to_string()]);
                }
            }
            for name in ["--tty", "--detach"] {
                if given.get(name).is_some() {
                    line.push(name.to_string());
                }
            }
        }
        _ => {}
    }
    line.extend(given.positionals.iter().cloned());
    Ok(line)
}

fn option_lines(opts: &[Opt]) -> String {
    let mut out =
        String::from("Options:\n  -h,--help                   Print this help message and exit\n");
    for o in opts {
        let left = format!(
            "{}{}",
            o.names.join(","),
            o.kind.map(|k| format!(" {k}")).unwrap_or_default()
        );
        if left.len() < 26 {
            out.push_str(&format!("  {left:26}  {}\n", o.help));
        } else {
            out.push_str(&format!("  {left}\n  {:26}  {}\n", "", o.help));
        }
    }
    out
}

fn top_help() -> String {
    let mut out =
        String::from("ocijail: Yet another OCI runtime\nUsage: ocijail [OPTIONS] SUBCOMMAND\n\n");
    out.push_str(&option_lines(GLOBAL));
    out.push_str("\nSubcommands:\n");
    for s in SUBS {
        out.push_str(&format!("  {:26}  {}\n", s.name, s.about));
    }
    out
}

fn sub_help(sub: &Sub) -> String {
    let names: Vec<&str> = sub.positionals.iter().map(|(n, _, _)| *n).collect();
    let mut out = format!(
        "{}\nUsage: ocijail {} [OPTIONS] {}\n\n",
        sub.about,
        sub.name,
        names.join(" ")
    );
    if !sub.positionals.is_empty() {
        out.push_str("Positionals:\n");
        for (name, required, help) in sub.positionals {
            let left = format!("{name} TEXT{}", if *required { " REQUIRED" } else { "" });
            out.push_str(&format!("  {left:26}  {help}\n"));
        }
        out.push('\n');
    }
    out.push_str(&option_lines(sub.opts));
    out
}
