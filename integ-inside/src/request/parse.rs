//! The helper's argv: global options, then one subcommand and its arguments.
//!
//! Parsed by hand (no clap): the helper must stay small and static.

use super::args::value;
use super::{Command, Help, Invocation, OutputOptions};
use crate::failure::Failure;
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
                    command: Command::Help(Help),
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
    let command = Command::parse(name, params)
        .unwrap_or_else(|| Err(Failure::usage(name, "unknown subcommand (see --help)")))?;
    if matches!(command, Command::Spawn(_)) && !output.append {
        return Err(Failure::usage("spawn", "needs --out FILE --append"));
    }
    Ok(Invocation { output, command })
}
