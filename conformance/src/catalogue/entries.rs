//! The catalogue's entries. Summaries paraphrase runtime-spec v1.3.0; the reference
//! names the document and section (GitHub heading anchors).

use super::Level::{Convention, Must, Should};
use super::Platforms::{All, FreeBsd, Linux};
use super::Requirement;

macro_rules! req {
    ($id:literal, $level:expr, $reference:literal, $platforms:expr, $summary:literal) => {
        Requirement {
            id: $id,
            level: $level,
            reference: $reference,
            platforms: $platforms,
            summary: $summary,
        }
    };
}

/// Every requirement the suite knows, grouped by area.
#[rustfmt::skip]
pub static CATALOGUE: &[Requirement] = &[
    // --- state ---
    req!("state_oci_version", Must, "runtime.md#state", All, "state carries a non-empty ociVersion string"),
    req!("state_id", Must, "runtime.md#state", All, "state carries the container's ID"),
    req!("state_status_values", Must, "runtime.md#state", All, "status is one of the defined values for the defined situations"),
    req!("state_pid_linux", Must, "runtime.md#state", Linux, "pid is present when status is created or running (Linux)"),
    req!("state_bundle_absolute", Must, "runtime.md#state", All, "bundle is the absolute path of the bundle directory"),
    req!("state_annotations", Must, "runtime.md#state", All, "annotations from config.json appear in the state (or are absent/empty when none)"),
    req!("state_unknown_id_fails", Must, "runtime.md#query-state", All, "querying the state of a container that does not exist is an error"),
    // --- lifecycle ---
    req!("lifecycle_create_created", Must, "runtime.md#create", All, "create makes a new container whose status is created"),
    req!("lifecycle_create_not_run_program", Must, "runtime.md#lifecycle", All, "the user program does not run before start"),
    req!("lifecycle_create_duplicate_id", Must, "runtime.md#create", All, "create with an ID already in use fails and creates nothing"),
    req!("lifecycle_create_error_leaves_nothing", Must, "runtime.md#errors", All, "a failed create leaves the environment as if it was never attempted"),
    req!("lifecycle_start_runs_program", Must, "runtime.md#start", All, "start runs the user-specified program"),
    req!("lifecycle_start_not_created_fails", Must, "runtime.md#start", All, "start on a container that is not created fails and has no effect"),
    req!("lifecycle_status_transitions", Must, "runtime.md#lifecycle", All, "status goes created, running, stopped as the process starts and exits"),
    req!("lifecycle_exec_missing_fails", Must, "runtime.md#lifecycle", All, "a process whose args[0] cannot be executed makes create or start fail"),
    req!("lifecycle_exit_status", Must, "runtime.md#lifecycle", All, "the container process's exit status is that of the user program"),
    req!("lifecycle_unknown_id_fails", Must, "runtime.md#operations", All, "start, kill and delete of an unknown ID fail"),
    req!("delete_stopped", Must, "runtime.md#delete", All, "delete removes a stopped container and its ID can be reused"),
    req!("delete_not_stopped_fails", Must, "runtime.md#delete", All, "delete of a running container fails and it keeps running"),
    req!("delete_removes_resources", Must, "runtime.md#delete", All, "delete removes what create made (state, mounts, processes)"),
    req!("delete_created_cli", Convention, "runc-cli#delete", All, "delete of a created (never started) container removes it"),
    req!("delete_force_cli", Convention, "runc-cli#delete", All, "delete --force removes a running container"),
    // --- kill ---
    req!("kill_sends_signal", Must, "runtime.md#kill", All, "kill sends the given signal to the container process"),
    req!("kill_created", Must, "runtime.md#kill", All, "kill works on a created container"),
    req!("kill_stopped_fails", Must, "runtime.md#kill", All, "kill of a stopped container fails"),
    req!("kill_signal_names_cli", Convention, "runc-cli#kill", All, "kill accepts SIGNAME, NAME and numbers, default SIGTERM"),
    req!("kill_all_cli", Convention, "runc-cli#kill", All, "kill --all signals every process in the container"),
    // --- CLI conventions ---
    req!("cli_pid_file", Convention, "runc-cli#create", All, "create --pid-file writes the container process's pid, matching state"),
    req!("cli_root_isolates", Convention, "runc-cli#global-options", All, "--root selects the state directory; containers in other roots are unseen"),
    req!("cli_stdio_inherited", Convention, "runc-cli#create", All, "without a terminal the container process inherits create's stdio"),
    // --- process ---
    req!("process_args", Must, "config.md#process", All, "args reach the program exactly, args[0] resolved like execvp"),
    req!("process_env", Must, "config.md#process", All, "the environment is exactly the configured env"),
    req!("process_cwd", Must, "config.md#process", All, "the working directory is process.cwd"),
    req!("process_user_uid_gid", Must, "config.md#posix-platform-user", All, "the process runs with user.uid and user.gid"),
    req!("process_additional_gids", Must, "config.md#posix-platform-user", All, "user.additionalGids are the supplementary groups"),
    req!("process_umask", Should, "config.md#posix-platform-user", All, "user.umask is applied (unchanged when unset)"),
    req!("process_rlimits", Must, "config.md#posix-process", All, "each rlimit's soft and hard values match getrlimit"),
    req!("process_rlimits_duplicate", Must, "config.md#posix-process", All, "duplicate rlimit types are an error"),
    req!("process_no_terminal", Must, "config.md#process", All, "terminal false or unset allocates no terminal"),
    // --- identity ---
    req!("identity_hostname", Must, "config.md#hostname", All, "the container sees the configured hostname"),
    req!("identity_domainname", Must, "config.md#domainname", All, "the container sees the configured domainname"),
    // --- root ---
    req!("root_path_relative", Must, "config.md#root", All, "a relative root.path is relative to the bundle"),
    req!("root_path_absolute", Must, "config.md#root", All, "an absolute root.path is used as is"),
    req!("root_readonly", Must, "config.md#root", All, "root.readonly makes the root filesystem read-only inside"),
    // --- FreeBSD ---
    req!("freebsd_jail_created", Must, "config-freebsd.md#jail", FreeBsd, "the container runs inside a jail"),
    req!("freebsd_jail_removed", Must, "runtime.md#delete", FreeBsd, "delete removes the jail"),
];
