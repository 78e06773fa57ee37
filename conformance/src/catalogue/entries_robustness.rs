//! The robustness area's entries: bad input, faults, races and escapes. Where the
//! spec states the requirement, the reference names that section; where it is a
//! habit of the runc command line that engines rely on, it is a CONVENTION; where
//! it only follows from the spec (a container's root confines it), it is a SHOULD.

use super::entries::req;
use super::Level::{Convention, Must, Should};
use super::Platforms::{All, Linux};
use super::Requirement;

/// Every robustness requirement.
#[rustfmt::skip]
pub static ROBUSTNESS: &[Requirement] = &[
    // --- bad input ---
    req!("robust_invalid_config_fails", Must, "runtime.md#create", All, "a config.json that is malformed, not an object, of wrong types or with invalid values makes create fail and creates no container"),
    req!("robust_invalid_id_fails", Must, "runtime.md#create", All, "an ID that is not valid (empty, '/', '..', control characters, too long for a path) makes create fail and creates no container"),
    req!("robust_missing_bundle_fails", Must, "runtime.md#create", All, "a bundle path that does not exist or holds no config.json makes create fail"),
    req!("robust_bad_signal_fails", Must, "runtime.md#kill", All, "kill with a signal name or number that does not exist fails and has no effect on the container"),
    req!("robust_bad_cli_paths_fail", Convention, "runc-cli#create", All, "a --pid-file in a missing directory, or a --console-socket that is not a socket, makes create fail"),
    req!("robust_error_names_problem", Convention, "runc-cli#errors", All, "a refused input gives a one-line error naming the field, path or value at fault, not a crash or a bare usage text"),
    // --- faults ---
    req!("robust_killed_create_cleanable", Convention, "runc-cli#delete", All, "after the runtime is SIGKILLed during create, delete --force removes whatever it left (state, mounts, processes)"),
    req!("robust_killed_process_stopped", Must, "runtime.md#state", All, "a container process killed from outside is reported stopped, and delete then removes the container"),
    req!("robust_state_root_faults", Convention, "runc-cli#global-options", All, "a read-only or full --root makes create fail with an error and leaves no half-written state"),
    // --- races ---
    req!("robust_parallel_create_one_id", Must, "runtime.md#create", All, "of N creates of one ID at once, exactly one succeeds and the others fail cleanly"),
    req!("robust_parallel_start_once", Must, "runtime.md#start", All, "of N starts of one created container at once, exactly one succeeds and the program runs once"),
    req!("robust_parallel_kill_delete", Convention, "runc-cli#delete", All, "kills and forced deletes of one container at once end with the container gone and nothing left"),
    req!("robust_parallel_distinct_ids", Must, "runtime.md#create", All, "creates, starts and deletes of many distinct IDs at once all succeed and leave nothing"),
    // --- escapes ---
    req!("robust_mount_dotdot_contained", Must, "config.md#mounts", All, "a mount destination climbing out with '..' stays inside the root"),
    req!("robust_mount_swap_contained", Must, "config.md#mounts", All, "a mount destination swapped for a symlink to the host during create never leads a mount or a write outside the root"),
    req!("robust_mount_file_symlink_contained", Must, "config.md#mounts", All, "a bind mount onto a symlink to a host file never changes that file"),
    req!("robust_cwd_inside_root", Should, "config.md#root", All, "the container process's working directory is inside its root, even when cwd names a /proc/self/fd link"),
    req!("robust_no_host_descriptors", Should, "config.md#root", All, "no descriptor of the host (beyond stdio) is open in the container process"),
    req!("robust_exe_not_runtime", Should, "config.md#root", Linux, "the container process is never the runtime's binary on the host (/proc/self/exe), so it cannot overwrite it"),
    req!("robust_state_inside_root", Convention, "runc-cli#global-options", All, "no container ID makes the runtime write, read or delete state outside --root"),
];
