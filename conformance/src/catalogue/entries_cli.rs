//! The `cli` area: what engines (podman with conmon, containerd's runc shim,
//! go-runc) rely on in a runtime's command line beyond the spec's operations.
//! None of it is in runtime-spec, so every level is CONVENTION with runc as the
//! reference; the reference names the runc command (`runc-cli#exec`, …).

use super::version::V1_0_0;
use super::Basis::{self, Derived};
use super::Level::Convention;
use super::Platforms::All;
use super::Requirement;

/// What engines do with the command.
const ENGINES: Basis = Derived(
    "not in the spec (it defines no command line); runc does this and podman's conmon, containerd's shim or go-runc depend on it",
);

/// The requirements of the cli area.
#[rustfmt::skip]
pub static CLI: &[Requirement] = &[
    req!("cli_exec_args", Convention, "runc-cli#exec", All, "exec ID ARGS runs ARGS inside the running container, with exec's stdio and the --env, --cwd and --user given",
        "", ENGINES, V1_0_0),
    req!("cli_exec_exit_status", Convention, "runc-cli#exec", All, "exec without --detach exits with the process's exit status",
        "", ENGINES, V1_0_0),
    req!("cli_exec_env_cwd_user", Convention, "runc-cli#exec", All, "exec --process FILE gives the process the env, cwd and user of FILE",
        "", ENGINES, V1_0_0),
    req!("cli_exec_process_file", Convention, "runc-cli#exec", All, "exec --process FILE runs the process a process.json describes (what conmon and the shim send)",
        "", ENGINES, V1_0_0),
    req!("cli_exec_detach_pid_file", Convention, "runc-cli#exec", All, "exec --detach --pid-file returns while the process runs and writes its host PID",
        "", ENGINES, V1_0_0),
    req!("cli_exec_tty", Convention, "runc-cli#exec", All, "exec --tty --console-socket sends a pty master; the process's stdio is that terminal",
        "", ENGINES, V1_0_0),
    req!("cli_exec_preserve_fds", Convention, "runc-cli#exec", All, "exec --preserve-fds N passes descriptors 3..3+N-1 on, and no other inherited one",
        "", ENGINES, V1_0_0),
    req!("cli_exec_signal_forwarding", Convention, "runc-cli#exec", All, "exec without --detach passes the signals it receives (SIGTERM, SIGHUP, ...) on to its process, and exits 128+N when signal N killed it",
        "", ENGINES, V1_0_0),
    req!("cli_exec_stopped_fails", Convention, "runc-cli#exec", All, "exec into a stopped container fails",
        "", ENGINES, V1_0_0),
    req!("cli_exec_bad_input", Convention, "runc-cli#exec", All, "exec with an unknown ID, a process file that is not JSON, or --preserve-fds beyond the open descriptors fails and changes nothing",
        "", ENGINES, V1_0_0),
    req!("cli_ps_json", Convention, "runc-cli#ps", All, "ps --format json prints a JSON array of the host PIDs of the container's processes",
        "", ENGINES, V1_0_0),
    req!("cli_pause_resume", Convention, "runc-cli#pause", All, "pause stops every process (status paused), resume continues them (status running)",
        "", ENGINES, V1_0_0),
    req!("cli_delete_force_missing", Convention, "runc-cli#delete", All, "delete --force of a container that does not exist succeeds",
        "", ENGINES, V1_0_0),
    req!("cli_kill_stopped_words", Convention, "runc-cli#kill", All, "kill (and kill --all) of a stopped container succeeds or fails saying \"container not running\", \"no such process\" or \"does not exist\"",
        "", ENGINES, V1_0_0),
    req!("cli_log_json_errors", Convention, "runc-cli#global-options", All, "with --log FILE --log-format json an error is appended as a JSON record with level error and msg",
        "", ENGINES, V1_0_0),
    req!("cli_log_json_usage_errors", Convention, "runc-cli#global-options", All, "with --log FILE --log-format json a usage error (an unknown flag) is appended as a JSON record too: containerd's shim shows users only what --log holds",
        "", ENGINES, V1_0_0),
    req!("cli_version_form", Convention, "runc-cli#global-options", All, "--version prints `NAME version X` and a `spec: VERSION` line",
        "", ENGINES, V1_0_0),
];
