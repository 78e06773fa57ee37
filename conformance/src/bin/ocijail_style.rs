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
//! is ocijail's one line (main.cpp:158-160). Behaviour is jailrun's
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
    /// CLI11's type column (`TEXT`, `INT`, …); `None` for a flag. `:DIR` and
    /// `:PATH` are CLI11's ExistingDirectory and ExistingPath checks.
    kind: Option<&'static str>,
    /// CLI11's `->required()`.
    required: bool,
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
    Opt {
        names,
        kind,
        required: false,
        help,
    }
}

/// A required option.
const fn required(names: &'static [&'static str], kind: &'static str, help: &'static str) -> Opt {
    Opt {
        names,
        kind: Some(kind),
        required: true,
        help,
    }
}

/// The options of create and exec that share names (create.cpp, exec.cpp).
const CONSOLE_SOCKET: Opt = opt(
    &["--console-socket"],
    Some("TEXT:PATH"),
    "Path to a socket which will receive the console pty descriptor",
);
const PRESERVE_FDS: Opt = opt(
    &["--preserve-fds"],
    Some("INT"),
    "Number of additional file descriptors for the container",
);
/// The pid-file option of create and exec, whose help texts differ.
const fn pid_file(help: &'static str) -> Opt {
    opt(&["--pid-file"], Some("TEXT"), help)
}

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
            pid_file("Path to a file where the container process id will be written"),
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
        opts: &[
            required(
                &["--process"],
                "TEXT:PATH",
                "Path to a file containing the process json",
            ),
            CONSOLE_SOCKET,
            pid_file("Path to a file where the container process id will be written"),
            opt(
                &["--tty", "-t"],
                None,
                "Allocate a pty for the exec process",
            ),
            opt(
                &["--detach", "-d"],
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
        let last = o.long();
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

impl Opt {
    /// The name options are known by here: the long one (CLI11 lists it first).
    fn long(&self) -> &'static str {
        self.names
            .iter()
            .copied()
            .find(|n| n.starts_with("--"))
            .unwrap_or(self.names[0])
    }
}

/// CLI11's ExistingDirectory (`TEXT:DIR`) and ExistingPath (`TEXT:PATH`) checks.
fn check_paths(sub: &Sub, given: &Given) -> Result<(), Cli11> {
    for o in sub.opts {
        let Some(value) = given.get(o.long()) else {
            continue;
        };
        let path = std::path::Path::new(value);
        let problem = match o.kind {
            Some(k) if k.ends_with(":DIR") && !path.is_dir() => "Directory does not exist",
            Some(k) if k.ends_with(":PATH") && !path.exists() => "Path does not exist",
            _ => continue,
        };
        return Err(Cli11(
            format!("{}: {problem}: {value}", o.long()),
            VALIDATION_ERROR,
        ));
    }
    Ok(())
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

fn option_lines(opts: &[Opt]) -> String {
    let mut out =
        String::from("Options:\n  -h,--help                   Print this help message and exit\n");
    for o in opts {
        let left = format!(
            "{}{}{}",
            o.names.join(","),
            o.kind.map(|k| format!(" {k}")).unwrap_or_default(),
            if o.required { " REQUIRED" } else { "" }
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
