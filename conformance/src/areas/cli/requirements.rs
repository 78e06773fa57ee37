//! The requirements of the cli area: what its tests check, as data (see
//! `crate::catalogue` for the fields and `crate::req` for every constant).

use crate::catalogue::prelude::*;

requirements! {
    CLI_EXEC_ARGS = req!("cli_exec_args", Convention, "runc-cli#exec", All, "exec ID ARGS runs ARGS inside the running container, with exec's stdio and the --env, --cwd and --user given",
        "", ENGINES, V1_0_0);
    CLI_EXEC_EXIT_STATUS = req!("cli_exec_exit_status", Convention, "runc-cli#exec", All, "exec without --detach exits with the process's exit status",
        "", ENGINES, V1_0_0);
    CLI_EXEC_ENV_CWD_USER = req!("cli_exec_env_cwd_user", Convention, "runc-cli#exec", All, "exec --process FILE gives the process the env, cwd and user of FILE",
        "", ENGINES, V1_0_0);
    CLI_EXEC_PROCESS_FILE = req!("cli_exec_process_file", Convention, "runc-cli#exec", All, "exec --process FILE runs the process a process.json describes (what conmon and the shim send)",
        "", ENGINES, V1_0_0);
    CLI_EXEC_DETACH_PID_FILE = req!("cli_exec_detach_pid_file", Convention, "runc-cli#exec", All, "exec --detach --pid-file returns while the process runs and writes its host PID",
        "", ENGINES, V1_0_0);
    CLI_EXEC_TTY = req!("cli_exec_tty", Convention, "runc-cli#exec", All, "exec --tty --console-socket sends a pty master; the process's stdio is that terminal",
        "", ENGINES, V1_0_0);
    CLI_EXEC_PRESERVE_FDS = req!("cli_exec_preserve_fds", Convention, "runc-cli#exec", All, "exec --preserve-fds N passes descriptors 3..3+N-1 on, and no other inherited one",
        "", ENGINES, V1_0_0);
    CLI_EXEC_SIGNAL_FORWARDING = req!("cli_exec_signal_forwarding", Convention, "runc-cli#exec", All, "exec without --detach passes the signals it receives (SIGTERM, SIGHUP, ...) on to its process, and exits 128+N when signal N killed it",
        "", ENGINES, V1_0_0);
    CLI_EXEC_STOPPED_FAILS = req!("cli_exec_stopped_fails", Convention, "runc-cli#exec", All, "exec into a stopped container fails",
        "", ENGINES, V1_0_0);
    CLI_EXEC_BAD_INPUT = req!("cli_exec_bad_input", Convention, "runc-cli#exec", All, "exec with an unknown ID, a process file that is not JSON, or --preserve-fds beyond the open descriptors fails and changes nothing",
        "", ENGINES, V1_0_0);
    CLI_PS_JSON = req!("cli_ps_json", Convention, "runc-cli#ps", All, "ps --format json prints a JSON array of the host PIDs of the container's processes",
        "", ENGINES, V1_0_0);
    CLI_PAUSE_RESUME = req!("cli_pause_resume", Convention, "runc-cli#pause", All, "pause stops every process (status paused), resume continues them (status running)",
        "", ENGINES, V1_0_0);
    CLI_DELETE_FORCE_MISSING = req!("cli_delete_force_missing", Convention, "runc-cli#delete", All, "delete --force of a container that does not exist succeeds",
        "", ENGINES, V1_0_0);
    CLI_KILL_STOPPED_WORDS = req!("cli_kill_stopped_words", Convention, "runc-cli#kill", All, "kill (and kill --all) of a stopped container succeeds or fails saying \"container not running\", \"no such process\" or \"does not exist\"",
        "", ENGINES, V1_0_0);
    CLI_LOG_JSON_ERRORS = req!("cli_log_json_errors", Convention, "runc-cli#global-options", All, "with --log FILE --log-format json an error is appended as a JSON record with level error and msg",
        "", ENGINES, V1_0_0);
    CLI_LOG_JSON_USAGE_ERRORS = req!("cli_log_json_usage_errors", Convention, "runc-cli#global-options", All, "with --log FILE --log-format json a usage error (an unknown flag) is appended as a JSON record too: containerd's shim shows users only what --log holds",
        "", ENGINES, V1_0_0);
    CLI_VERSION_FORM = req!("cli_version_form", Convention, "runc-cli#global-options", All, "--version prints `NAME version X` and a `spec: VERSION` line",
        "", ENGINES, V1_0_0);
}
