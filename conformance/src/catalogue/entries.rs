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
pub(super) use req;

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
    req!("root_readonly_default", Must, "config.md#root", All, "without root.readonly the root filesystem is writable inside"),
    // --- hooks ---
    req!("hooks_create_phase", Must, "runtime.md#lifecycle", All, "prestart, createRuntime and createContainer hooks run during create, before it returns and before the program"),
    req!("hooks_create_order", Must, "config.md#createcontainer-hooks", All, "prestart hooks run before createRuntime hooks, which run before createContainer hooks"),
    req!("hooks_start_container_timing", Must, "config.md#startcontainer-hooks", All, "startContainer hooks run on start, before the user program is executed"),
    req!("hooks_poststart_timing", Must, "config.md#poststart", All, "poststart hooks run after the user program is executed and before start returns"),
    req!("hooks_poststop_timing", Must, "config.md#poststop", All, "poststop hooks run after the container is deleted and before delete returns"),
    req!("hooks_order_within_kind", Must, "config.md#posix-platform-hooks", All, "hooks of one kind are called in the listed order"),
    req!("hooks_path_args_env", Must, "config.md#posix-platform-hooks", All, "a hook runs path with exactly its args as argv and its env as environment"),
    req!("hooks_state_stdin", Must, "config.md#posix-platform-hooks", All, "each hook reads the container state (ociVersion, id, bundle, annotations) on stdin"),
    req!("hooks_state_status", Must, "runtime.md#state", All, "the status a hook reads matches its lifecycle step: creating, created, running, stopped"),
    req!("hooks_state_pid", Must, "runtime.md#state", All, "the pid a hook reads is the container process as seen from the hook's namespace"),
    req!("hooks_runtime_namespace", Must, "config.md#posix-platform-hooks", All, "prestart, createRuntime, poststart and poststop hooks resolve and run in the runtime namespace"),
    req!("hooks_create_container_namespace", Must, "config.md#createcontainer-hooks", All, "createContainer hooks resolve their path in the runtime namespace and run in the container's"),
    req!("hooks_start_container_namespace", Must, "config.md#startcontainer-hooks", All, "startContainer hooks resolve their path and run in the container namespace"),
    req!("hooks_timeout", Must, "config.md#posix-platform-hooks", All, "a hook still running after its timeout is aborted and counts as failed"),
    req!("hooks_create_failure", Must, "runtime.md#lifecycle", All, "a failing prestart, createRuntime or createContainer hook fails create, destroys the container, and the program never runs"),
    req!("hooks_start_container_failure", Must, "runtime.md#lifecycle", All, "a failing startContainer hook fails start, stops the container, and the program never runs"),
    req!("hooks_poststart_failure", Must, "runtime.md#lifecycle", All, "a failing poststart hook fails start and stops the container"),
    req!("hooks_failure_runs_poststop", Must, "runtime.md#lifecycle", All, "after a creation hook fails, the container is destroyed and the poststop hooks still run"),
    req!("hooks_poststop_failure_warns", Must, "runtime.md#lifecycle", All, "a failing poststop hook is only a warning: delete succeeds and the remaining hooks run"),
    // --- mounts ---
    req!("mounts_order", Must, "config.md#mounts", All, "mounts are made in the listed order, so a later mount covers an earlier one"),
    req!("mounts_bind", Must, "config.md#linux-mount-options", Linux, "bind mounts a host directory or file at the destination, writes reaching the host"),
    req!("mounts_bind_source_relative", Must, "config.md#mounts", Linux, "a relative bind source is relative to the bundle"),
    req!("mounts_ro", Must, "config.md#linux-mount-options", Linux, "the ro option makes a mount read-only inside the container"),
    req!("mounts_tmpfs", Must, "config.md#posix-platform-mounts", Linux, "a tmpfs mount gives the container a fresh, writable, empty filesystem"),
    req!("mounts_proc", Must, "config.md#posix-platform-mounts", Linux, "a proc mount shows the container's own processes"),
    req!("mounts_fs_options", Should, "config.md#linux-mount-options", Linux, "options mount(8) does not know (tmpfs size, mode) reach the filesystem as data"),
    req!("mounts_destination_created", Convention, "runc-cli#mounts", All, "a missing mount destination is created inside the root (runc behaviour engines rely on)"),
    req!("mounts_symlink_contained", Must, "config.md#mounts", All, "the destination is a path inside the container: a symlink in it never leads a mount outside the root"),
    req!("mounts_nullfs_freebsd", Must, "config.md#mounts", FreeBsd, "a nullfs mount shows a host directory at the destination, ro when asked"),
    req!("mounts_tmpfs_freebsd", Must, "config.md#mounts", FreeBsd, "a tmpfs mount with size and mode options is made at the destination"),
    req!("mounts_devfs_freebsd", Should, "config-freebsd.md#devices", FreeBsd, "a devfs mount at /dev gives the container its device nodes, filtered by the ruleset option"),
    req!("mounts_fdescfs_freebsd", Must, "config.md#mounts", FreeBsd, "an fdescfs mount shows the process's descriptors"),
    req!("mounts_procfs_freebsd", Must, "config.md#mounts", FreeBsd, "a procfs mount shows the container's processes"),
    // --- terminal ---
    req!("terminal_pty", Must, "config.md#process", All, "terminal true puts a pseudoterminal on the process's standard streams"),
    req!("terminal_console_size", Must, "config.md#process", All, "consoleSize sets the terminal's height and width"),
    req!("terminal_console_size_ignored", Must, "config.md#process", All, "consoleSize is ignored when terminal is false or unset"),
    req!("terminal_controlling", Convention, "runc-cli#create", All, "the pseudoterminal is the process's controlling terminal"),
    req!("terminal_console_socket", Convention, "runc-cli#create", All, "--console-socket receives the pty master over SCM_RIGHTS; the program's I/O goes through it"),
    req!("terminal_needs_console_socket", Convention, "runc-cli#create", All, "terminal true without --console-socket is an error"),
    req!("terminal_console_socket_needs_terminal", Convention, "runc-cli#create", All, "--console-socket without terminal true is an error"),
    // --- network ---
    req!("linux_netns_new", Must, "config-linux.md#namespaces", Linux, "a network entry without path gives the container a network stack of its own: a loopback device and none of the host's interfaces"),
    req!("linux_netns_inherit", Must, "config-linux.md#namespaces", Linux, "without a network entry the container stays in the runtime's network namespace and sees its interfaces"),
    req!("linux_netns_path", Must, "config-linux.md#namespaces", Linux, "a network entry with a path places the container process in the namespace of that file"),
    req!("linux_namespace_path_error", Must, "config-linux.md#namespaces", Linux, "a namespace path that is not a namespace of the entry's type makes create fail"),
    req!("linux_netns_ready_after_create", Must, "runtime.md#create", Linux, "create applies the network namespace: an interface moved into it before start is what the program uses"),
    req!("linux_net_devices", Must, "config-linux.md#network-devices", Linux, "each netDevices entry is moved into the container's namespace under its new name, up, keeping its global addresses"),
    // --- FreeBSD ---
    req!("freebsd_jail_created", Must, "config-freebsd.md#jail", FreeBsd, "the container runs inside a jail"),
    req!("freebsd_jail_removed", Must, "runtime.md#delete", FreeBsd, "delete removes the jail"),
    req!("freebsd_enforce_statfs", Must, "config-freebsd.md#jail", FreeBsd, "enforceStatfs sets the jail's enforce_statfs, 2 when unset"),
    req!("freebsd_allow", Must, "config-freebsd.md#jail", FreeBsd, "allow.* keys set the jail's allow parameters; unset boolean keys are off"),
    req!("freebsd_allow_mount", Must, "config-freebsd.md#jail", FreeBsd, "allow.mount lets the jail mount exactly the listed filesystem types"),
    req!("freebsd_ip4_inherit", Must, "config-freebsd.md#jail", FreeBsd, "ip4 inherit lets the jail use the host's IPv4 addresses"),
    req!("freebsd_ip4_addr", Must, "config-freebsd.md#jail", FreeBsd, "ip4Addr restricts the jail to exactly the listed IPv4 addresses"),
    req!("freebsd_interface_alias", Must, "config-freebsd.md#jail", FreeBsd, "with interface set, each ip4Addr is an alias on that interface from create until the container is gone"),
    req!("freebsd_vnet_interfaces", Must, "config-freebsd.md#jail", FreeBsd, "vnet new with vnetInterfaces gives the jail its own network stack holding the listed interfaces"),
    req!("freebsd_vnet_interfaces_returned", Must, "config-freebsd.md#jail", FreeBsd, "vnetInterfaces belong to the jail only during its lifetime: they are back on the host after delete"),
];
