//! The command line: global options, then one subcommand and its arguments.
//!
//! Parsed by hand (no clap): the helper must stay small and static.

use crate::failure::Failure;
use std::net::SocketAddr;
use std::path::PathBuf;

/// Usage text printed by `help` / `--help`.
pub const USAGE: &str = "\
usage: integ-inside [--out FILE [--append]] [--ready FIFO] SUBCOMMAND [ARGS...]

Prints one JSON report on stdout (or to FILE: atomically, or appended as one line).
--ready FIFO: write \"ready\\n\" to FIFO once ready for the event the test sends.

observations:
  process [ARGS...]        argv, env, cwd, ids, groups, umask, rlimits, terminal
  identity                 hostname and domainname
  mounts                   mounts visible to the process
  network                  interfaces and addresses
  jail                     jail facts (FreeBSD security.jail.* sysctls)
  descriptors              open descriptors, cwd, root and /proc/self/exe identities
actions:
  exit CODE                exit with CODE (0-255), print nothing
  wait-signal              block signals, wait for one, report it
  spawn N                  fork N children; each process reports one signal
                           (needs --out FILE --append)
  write-file PATH [TEXT]   create/truncate PATH and write TEXT (default \"jailcheck\\n\")
  read-file PATH           report the contents of PATH
  paths PATH...            whether each PATH exists, and its mode
  sysv                     try to create a SysV message queue, semaphore, shm
  connect ADDR [MESSAGE]   TCP: send MESSAGE (default \"ping\\n\"), read the reply
  listen ADDR              TCP: accept one connection, echo one line back
  hook LABEL [--exit CODE] [--block] [--kill-parent] [--container-mounts]
       [--await FIFO SECONDS] [--probe-pid-file FILE]
                           record an OCI hook call (stdin = state JSON), with
                           the container's mounts, whether a line came on FIFO,
                           whether the pid in FILE still exists; with
                           --kill-parent, then SIGKILL the runtime process that ran it
  tty-echo                 read one line from stdin, report it with terminal facts
  sleep                    pause forever
  help                     this text
ADDR is IPv4:PORT or [IPv6]:PORT.";

/// Upper bound for `spawn N`, to keep a typo from fork-bombing the host.
pub const MAX_SPAWN: u32 = 256;

/// Where the report goes and whom to tell when ready.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutputOptions {
    /// `--out FILE`: write the report to FILE instead of stdout.
    pub out: Option<PathBuf>,
    /// `--append`: append one line to FILE instead of replacing it.
    pub append: bool,
    /// `--ready FIFO`: announce readiness on this FIFO.
    pub ready: Option<PathBuf>,
}

/// One subcommand with its parsed arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Process,
    Descriptors,
    Identity,
    Mounts,
    Network,
    Jail,
    Exit(i32),
    WaitSignal,
    Spawn(u32),
    WriteFile {
        path: PathBuf,
        content: String,
    },
    ReadFile {
        path: PathBuf,
    },
    Paths(Vec<PathBuf>),
    Sysv,
    Connect {
        address: SocketAddr,
        raw: String,
        message: String,
    },
    Listen {
        address: SocketAddr,
        raw: String,
    },
    Hook {
        probes: crate::act::hook_probe::HookProbes,
        label: String,
        exit: i32,
        block: bool,
        kill_parent: bool,
    },
    TtyEcho,
    Sleep,
    Help,
}

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invocation {
    pub output: OutputOptions,
    pub command: Command,
}

/// Parses the arguments after argv[0].
pub fn parse(args: &[String]) -> Result<Invocation, Failure> {
    let mut output = OutputOptions::default();
    let mut rest = args;
    while let Some((first, tail)) = rest.split_first() {
        match first.as_str() {
            "--out" => {
                let (file, tail) = value(tail, "--out", "FILE")?;
                output.out = Some(PathBuf::from(file));
                rest = tail;
            }
            "--ready" => {
                let (fifo, tail) = value(tail, "--ready", "FIFO")?;
                output.ready = Some(PathBuf::from(fifo));
                rest = tail;
            }
            "--append" => {
                output.append = true;
                rest = tail;
            }
            "--help" | "-h" => {
                return Ok(Invocation {
                    output,
                    command: Command::Help,
                })
            }
            option if option.starts_with('-') => {
                return Err(Failure::usage(option, "unknown option (see --help)"))
            }
            _ => break,
        }
    }
    if output.append && output.out.is_none() {
        return Err(Failure::usage("--append", "needs --out FILE"));
    }
    let Some((name, params)) = rest.split_first() else {
        return Err(Failure::usage("usage", "no subcommand given (see --help)"));
    };
    let command = subcommand(name, params)?;
    if matches!(command, Command::Spawn(_)) && !output.append {
        return Err(Failure::usage("spawn", "needs --out FILE --append"));
    }
    Ok(Invocation { output, command })
}

fn subcommand(name: &str, params: &[String]) -> Result<Command, Failure> {
    let command = match name {
        // `process` takes any arguments: they are what it reports.
        "process" => return Ok(Command::Process),
        "descriptors" => Command::Descriptors,
        "identity" => Command::Identity,
        "mounts" => Command::Mounts,
        "network" => Command::Network,
        "jail" => Command::Jail,
        "sysv" => Command::Sysv,
        "wait-signal" => Command::WaitSignal,
        "tty-echo" => Command::TtyEcho,
        "sleep" => Command::Sleep,
        "help" => Command::Help,
        "exit" => {
            let [code] = exact(name, params, "CODE")?;
            return Ok(Command::Exit(exit_code(name, code)?));
        }
        "spawn" => {
            let [count] = exact(name, params, "N")?;
            return Ok(Command::Spawn(spawn_count(count)?));
        }
        "write-file" => {
            let (path, content) = one_or_two(name, params, "PATH [CONTENT]")?;
            return Ok(Command::WriteFile {
                path: PathBuf::from(path),
                content: content.unwrap_or("jailcheck\n").to_string(),
            });
        }
        "paths" if !params.is_empty() => {
            return Ok(Command::Paths(params.iter().map(PathBuf::from).collect()));
        }
        "read-file" => {
            let [path] = exact(name, params, "PATH")?;
            return Ok(Command::ReadFile {
                path: PathBuf::from(path),
            });
        }
        "connect" => {
            let (raw, message) = one_or_two(name, params, "ADDR [MESSAGE]")?;
            return Ok(Command::Connect {
                address: socket_address(name, raw)?,
                raw: raw.to_string(),
                message: message.unwrap_or("ping\n").to_string(),
            });
        }
        "listen" => {
            let [raw] = exact(name, params, "ADDR")?;
            return Ok(Command::Listen {
                address: socket_address(name, raw)?,
                raw: raw.to_string(),
            });
        }
        "hook" => return hook(params),
        other => return Err(Failure::usage(other, "unknown subcommand (see --help)")),
    };
    if let Some(extra) = params.first() {
        return Err(Failure::usage(
            name,
            format!("unexpected argument {extra:?}"),
        ));
    }
    Ok(command)
}

fn hook(params: &[String]) -> Result<Command, Failure> {
    let Some((label, mut rest)) = params.split_first() else {
        return Err(Failure::usage(
            "hook",
            "needs LABEL [--exit CODE] [--block] [--kill-parent] [probes]",
        ));
    };
    let mut exit = 0;
    let mut block = false;
    let mut kill_parent = false;
    let mut probes = crate::act::hook_probe::HookProbes::default();
    while let Some((first, tail)) = rest.split_first() {
        match first.as_str() {
            "--exit" => {
                let (code, tail) = value(tail, "hook --exit", "CODE")?;
                exit = exit_code("hook --exit", code)?;
                rest = tail;
            }
            "--block" => {
                block = true;
                rest = tail;
            }
            "--kill-parent" => {
                kill_parent = true;
                rest = tail;
            }
            "--container-mounts" => {
                probes.container_mounts = true;
                rest = tail;
            }
            "--await" => {
                let (fifo, tail) = value(tail, "hook --await", "FIFO")?;
                let (secs, tail) = value(tail, "hook --await", "SECONDS")?;
                let secs = secs.parse().map_err(|_| {
                    Failure::usage(
                        "hook --await",
                        format!("{secs:?} is not a number of seconds"),
                    )
                })?;
                probes.await_fifo = Some((PathBuf::from(fifo), secs));
                rest = tail;
            }
            "--probe-pid-file" => {
                let (file, tail) = value(tail, "hook --probe-pid-file", "FILE")?;
                probes.pid_file = Some(PathBuf::from(file));
                rest = tail;
            }
            other => {
                return Err(Failure::usage(
                    "hook",
                    format!("unexpected argument {other:?}"),
                ))
            }
        }
    }
    Ok(Command::Hook {
        label: label.clone(),
        exit,
        block,
        kill_parent,
        probes,
    })
}

/// The value that follows an option.
fn value<'a>(
    tail: &'a [String],
    option: &str,
    what: &str,
) -> Result<(&'a str, &'a [String]), Failure> {
    match tail.split_first() {
        Some((v, rest)) => Ok((v.as_str(), rest)),
        None => Err(Failure::usage(option, format!("needs {what}"))),
    }
}

fn exact<'a, const N: usize>(
    name: &str,
    params: &'a [String],
    shape: &str,
) -> Result<[&'a str; N], Failure> {
    let strs: Vec<&str> = params.iter().map(String::as_str).collect();
    <[&str; N]>::try_from(strs).map_err(|_| Failure::usage(name, format!("usage: {name} {shape}")))
}

fn one_or_two<'a>(
    name: &str,
    params: &'a [String],
    shape: &str,
) -> Result<(&'a str, Option<&'a str>), Failure> {
    match params {
        [a] => Ok((a, None)),
        [a, b] => Ok((a, Some(b))),
        _ => Err(Failure::usage(name, format!("usage: {name} {shape}"))),
    }
}

fn exit_code(what: &str, text: &str) -> Result<i32, Failure> {
    text.parse::<u8>()
        .map(i32::from)
        .map_err(|_| Failure::usage(what, format!("{text:?} is not an exit code (0-255)")))
}

fn spawn_count(text: &str) -> Result<u32, Failure> {
    match text.parse::<u32>() {
        Ok(n) if n <= MAX_SPAWN => Ok(n),
        _ => Err(Failure::usage(
            "spawn",
            format!("{text:?} is not a count of children (0-{MAX_SPAWN})"),
        )),
    }
}

fn socket_address(what: &str, text: &str) -> Result<SocketAddr, Failure> {
    text.parse().map_err(|_| {
        Failure::usage(
            what,
            format!("{text:?} is not IPv4:PORT or [IPv6]:PORT (no host names)"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(line: &str) -> Result<Invocation, Failure> {
        let args: Vec<String> = line.split_whitespace().map(String::from).collect();
        parse(&args)
    }

    #[test]
    fn observation_without_options() {
        let inv = parse_str("identity").expect("parses");
        assert_eq!(inv.command, Command::Identity);
        assert_eq!(inv.output, OutputOptions::default());
    }

    #[test]
    fn process_accepts_any_arguments() {
        let inv = parse_str("process --weird a b").expect("parses");
        assert_eq!(inv.command, Command::Process);
    }

    #[test]
    fn global_options_before_subcommand() {
        let inv =
            parse_str("--out /o --append --ready /f hook pre --exit 3 --block").expect("parses");
        assert_eq!(inv.output.out, Some(PathBuf::from("/o")));
        assert!(inv.output.append);
        assert_eq!(inv.output.ready, Some(PathBuf::from("/f")));
        assert_eq!(
            inv.command,
            Command::Hook {
                label: "pre".into(),
                exit: 3,
                block: true,
                kill_parent: false,
                probes: Default::default(),
            }
        );
    }

    #[test]
    fn hook_kill_parent() {
        let inv = parse_str("hook create --kill-parent").expect("parses");
        assert!(matches!(
            inv.command,
            Command::Hook {
                kill_parent: true,
                ..
            }
        ));
    }

    #[test]
    fn hook_defaults() {
        let inv = parse_str("hook poststop").expect("parses");
        assert_eq!(
            inv.command,
            Command::Hook {
                label: "poststop".into(),
                exit: 0,
                block: false,
                kill_parent: false,
                probes: Default::default(),
            }
        );
    }

    #[test]
    fn defaults_for_optional_arguments() {
        let inv = parse_str("write-file /x").expect("parses");
        assert_eq!(
            inv.command,
            Command::WriteFile {
                path: "/x".into(),
                content: "jailcheck\n".into()
            }
        );
        let inv = parse_str("connect [::1]:80").expect("parses");
        match inv.command {
            Command::Connect {
                address, message, ..
            } => {
                assert_eq!(address.port(), 80);
                assert!(address.is_ipv6());
                assert_eq!(message, "ping\n");
            }
            other => panic!("unexpected {other:?}"),
        }
    }

    #[test]
    fn usage_errors_exit_2() {
        for bad in [
            "",
            "--append process",
            "--out",
            "--bogus process",
            "frobnicate",
            "exit",
            "exit 256",
            "exit -1",
            "exit 1 2",
            "identity extra",
            "spawn 2",
            "--out /o spawn 2",
            "--out /o --append spawn many",
            "connect localhost:80",
            "connect 1.2.3.4",
            "hook",
            "hook x --exit",
            "hook x --frob",
        ] {
            let err = parse_str(bad).expect_err(bad);
            assert_eq!(err.code, crate::failure::EXIT_USAGE, "{bad}");
        }
    }

    #[test]
    fn spawn_needs_append() {
        let inv = parse_str("--out /o --append spawn 2").expect("parses");
        assert_eq!(inv.command, Command::Spawn(2));
    }

    #[test]
    fn help_anywhere_in_globals() {
        assert_eq!(parse_str("--help").expect("parses").command, Command::Help);
        assert_eq!(parse_str("help").expect("parses").command, Command::Help);
    }
}
