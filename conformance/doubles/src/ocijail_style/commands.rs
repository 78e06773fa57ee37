//! ocijail's command line as `ocijail/*.cpp` declares it at dfr/ocijail@79e49b1:
//! main.cpp's global options, and each subcommand's options and positionals.

use crate::cli11::{opt, required, Opt, Sub};

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

pub(crate) static GLOBAL: &[Opt] = &[
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

pub(crate) static SUBS: &[Sub] = &[
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
