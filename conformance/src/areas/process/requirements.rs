//! The requirements of the process area: what its tests check, as data (see
//! `crate::catalogue` for the fields and `crate::req` for every constant).

use crate::catalogue::prelude::*;

requirements! {
    PROCESS_ARGS = req!("process_args", Must, "config.md#process", All, "args reach the program exactly, args[0] resolved like execvp",
        "args (array of strings, OPTIONAL) with similar semantics to IEEE Std 1003.1-2008 execvp's argv.", AS_PROCESS, V1_0_0);
    PROCESS_ENV = req!("process_env", Must, "config.md#process", All, "every configured variable reaches the program with its configured value",
        "env (array of strings, OPTIONAL) with the same semantics as IEEE Std 1003.1-2008's environ.", AS_PROCESS, V1_0_0);
    PROCESS_ENV_EXACT = req!("process_env_exact", Should, "config.md#process", All, "the program sees no variable beyond the configured ones, in the configured order",
        "env (array of strings, OPTIONAL) with the same semantics as IEEE Std 1003.1-2008's environ.",
        Derived("environ has no MUST about extra variables (runc adds HOME) nor any meaning for order; read as a SHOULD at most"), V1_0_0);
    PROCESS_CWD = req!("process_cwd", Must, "config.md#process", All, "the working directory is process.cwd",
        "cwd (string, REQUIRED) is the working directory that will be set for the executable.", AS_PROCESS, V1_0_0);
    PROCESS_USER_UID_GID = req!("process_user_uid_gid", Must, "config.md#posix-platform-user", All, "the process runs with user.uid and user.gid",
        "uid (int, REQUIRED) specifies the user ID in the container namespace.", AS_PROCESS, V1_0_0);
    PROCESS_ADDITIONAL_GIDS = req!("process_additional_gids", Must, "config.md#posix-platform-user", All, "user.additionalGids are the supplementary groups",
        "additionalGids (array of ints, OPTIONAL) specifies additional group IDs in the container namespace to be added to the process.", AS_PROCESS, V1_0_0);
    PROCESS_UMASK = req!("process_umask", Should, "config.md#posix-platform-user", All, "user.umask is applied (unchanged when unset)",
        "If unspecified, the umask should not be changed from the calling process' umask.",
        Derived("the only normative word is a lower-case should, about the unset case; kept at SHOULD"), V1_0_2);
    PROCESS_RLIMITS = req!("process_rlimits", Must, "config.md#posix-process", All, "each rlimit's soft and hard values match getrlimit",
        "rlim.rlim_cur MUST match the configured value.", Stated, V1_0_0);
    PROCESS_RLIMITS_DUPLICATE = req!("process_rlimits_duplicate", Must, "config.md#posix-process", All, "duplicate rlimit types are an error",
        "If rlimits contains duplicated entries with same type, the runtime MUST generate an error.", Stated, V1_0_0);
    PROCESS_NO_TERMINAL = req!("process_no_terminal", Must, "config.md#process", All, "terminal false or unset allocates no terminal",
        "terminal (bool, OPTIONAL) specifies whether a terminal is attached to the process, defaults to false.", AS_PROCESS, V1_0_0);
    PROCESS_UMASK_UNSET = req!("process_umask_unset", Should, "config.md#posix-platform-user", All, "without user.umask the process keeps the umask of the runtime's caller",
        "If unspecified, the umask should not be changed from the calling process' umask.", UMASK, V1_1_0);
}
