//! runj's commands as cobra declares them (cmd/runj/*.go at samuelkarp/runj@02137f6):
//! names, usage lines, flags and argument counts, and the help texts cobra prints.

/// One flag of a command.
pub struct Flag {
    pub long: &'static str,
    pub short: Option<char>,
    /// The value's type as cobra prints it; `None` for a boolean.
    pub value: Option<&'static str>,
    pub help: &'static str,
}

/// One command: cobra's `Use`, short help, flags and number of arguments.
pub struct Cmd {
    pub name: &'static str,
    pub usage: &'static str,
    pub short: &'static str,
    pub flags: &'static [Flag],
    pub args: (usize, usize),
}

/// A flag of a command.
pub const fn flag(
    long: &'static str,
    short: Option<char>,
    value: Option<&'static str>,
    help: &'static str,
) -> Flag {
    Flag {
        long,
        short,
        value,
        help,
    }
}

/// Every command runj has.
pub static COMMANDS: &[Cmd] = &[
    Cmd {
        name: "create",
        usage: "create <container-id> [path-to-bundle]",
        short: "Create a new container with given ID and bundle",
        flags: &[
            flag(
                "bundle",
                Some('b'),
                Some("string"),
                "path to the root of the bundle directory",
            ),
            flag(
                "console-socket",
                None,
                Some("string"),
                "path to an AF_UNIX socket which will receive the console's pseudoterminal master",
            ),
            flag(
                "pid-file",
                None,
                Some("string"),
                "specify a file where the process ID will be written",
            ),
        ],
        args: (1, 2),
    },
    Cmd {
        name: "delete",
        usage: "delete <container-id>",
        short: "Delete a container",
        flags: &[],
        args: (1, 1),
    },
    Cmd {
        name: "kill",
        usage: "kill <container-id> [signal]",
        short: "Send a signal to a container",
        flags: &[
            flag(
                "all",
                Some('a'),
                None,
                "send the specified signal to all processes inside the container",
            ),
            flag(
                "pid",
                Some('p'),
                Some("int"),
                "send the specified signal to a specific process ID",
            ),
        ],
        args: (1, 2),
    },
    Cmd {
        name: "start",
        usage: "start <container-id>",
        short: "Start a jail",
        flags: &[],
        args: (1, 1),
    },
    Cmd {
        name: "state",
        usage: "state <container-id>",
        short: "Query the state of a container",
        flags: &[],
        args: (1, 1),
    },
];

fn flag_lines(flags: &[Flag], cmd: &str) -> String {
    let help_flag = Flag {
        long: "help",
        short: Some('h'),
        value: None,
        help: "",
    };
    let mut all: Vec<&Flag> = flags.iter().chain(std::iter::once(&help_flag)).collect();
    all.sort_by_key(|f| f.long);
    let left = |f: &Flag| {
        let short = f
            .short
            .map(|c| format!("-{c}, "))
            .unwrap_or_else(|| "    ".into());
        format!(
            "  {short}--{}{}",
            f.long,
            f.value.map(|v| format!(" {v}")).unwrap_or_default()
        )
    };
    let width = all.iter().map(|f| left(f).len()).max().unwrap_or(0) + 3;
    all.iter()
        .map(|f| {
            let text = if f.long == "help" {
                format!("help for {cmd}")
            } else {
                f.help.to_string()
            };
            format!("{:width$}{text}\n", left(f))
        })
        .collect()
}

/// A command's usage, printed after a usage error.
pub fn usage(cmd: &Cmd) -> String {
    format!(
        "Usage:\n  runj {} [flags]\n\nFlags:\n{}\n",
        cmd.usage,
        flag_lines(cmd.flags, cmd.name)
    )
}

/// A command's `--help`.
pub fn help(cmd: &Cmd) -> String {
    format!("{}\n\n{}", cmd.short, usage(cmd))
}

/// The usage of `runj` itself.
pub fn root_usage() -> String {
    let mut out = String::from("Usage:\n  runj [command]\n\nAvailable Commands:\n");
    for c in COMMANDS {
        out.push_str(&format!("  {:11} {}\n", c.name, c.short));
    }
    out.push_str("  help        Help about any command\n\nFlags:\n");
    out.push_str("  -h, --help      help for runj\n  -v, --version   version for runj\n\n");
    out.push_str("Use \"runj [command] --help\" for more information about a command.\n");
    out
}

/// `runj --help`.
pub fn root_help() -> String {
    format!(
        "runj is a skeleton OCI runtime for FreeBSD\n\n{}",
        root_usage()
    )
}
