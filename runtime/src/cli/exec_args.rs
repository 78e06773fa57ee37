//! The flags of `exec`, as runc has them (conmon and containerd's shim use
//! `--process F --detach --pid-file F [--tty --console-socket S]`).

use crate::lifecycle::exec::ExecOptions;
use crate::platform::Platform;
use clap::Args;
use std::path::PathBuf;

/// `exec [FLAGS] ID [COMMAND [ARG...]]`.
#[derive(Debug, Args)]
pub struct ExecArgs {
    pub id: String,
    /// The program and its arguments (unless --process is given).
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub command: Vec<String>,
    /// A process.json (config.md#process) describing the process.
    #[arg(long, short = 'p', value_name = "FILE")]
    pub process: Option<PathBuf>,
    /// Return once the process runs, instead of waiting for its exit.
    #[arg(long, short = 'd')]
    pub detach: bool,
    /// Write the process's host PID to this file.
    #[arg(long)]
    pub pid_file: Option<PathBuf>,
    /// Give the process a pseudoterminal (needs --console-socket).
    #[arg(long, short = 't')]
    pub tty: bool,
    /// Unix socket that receives the terminal's master.
    #[arg(long)]
    pub console_socket: Option<PathBuf>,
    /// Pass descriptors 3 .. 3+N-1 on to the process.
    #[arg(long, default_value_t = 0, value_name = "N")]
    pub preserve_fds: u32,
    /// Working directory (absolute) inside the container.
    #[arg(long)]
    pub cwd: Option<String>,
    /// KEY=VALUE to set (repeatable).
    #[arg(long, short = 'e')]
    pub env: Vec<String>,
    /// UID[:GID] to run as (numeric).
    #[arg(long, short = 'u')]
    pub user: Option<String>,
    /// Supplementary group (repeatable).
    #[arg(long, short = 'g')]
    pub additional_gids: Vec<u32>,
    /// Print what would run, and run nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Platform of the --dry-run plan.
    #[arg(long, requires = "dry_run")]
    pub platform: Option<Platform>,
    /// Bundle of the --dry-run plan (else the container's own).
    #[arg(long, short = 'b', requires = "dry_run")]
    pub bundle: Option<PathBuf>,
}

impl ExecArgs {
    /// The options of the `exec` operation.
    pub fn options(&self, trace: bool) -> ExecOptions {
        ExecOptions {
            process_file: self.process.clone(),
            args: self.command.clone(),
            env: self.env.clone(),
            cwd: self.cwd.clone(),
            user: self.user.clone(),
            additional_gids: self.additional_gids.clone(),
            tty: self.tty,
            detach: self.detach,
            pid_file: self.pid_file.clone(),
            console_socket: self.console_socket.clone(),
            preserve_fds: self.preserve_fds,
            trace,
        }
    }
}
