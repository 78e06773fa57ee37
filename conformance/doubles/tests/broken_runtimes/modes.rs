//! Which requirement each broken mode breaks, and the MUSTs no mode breaks (with
//! the reason, also listed in the README's self-test section).

/// A mode of `jailcheck-broken-runtime` and the requirement whose tests it must fail.
pub struct Mode {
    pub name: &'static str,
    pub breaks: &'static str,
    /// The mode's mechanism works on Linux only (whatever the requirement's platforms).
    pub linux_only: bool,
    /// Another requirement the suite may count the failure against, when a test's
    /// weakness makes it so (each case says why).
    pub or_counted_against: Option<&'static str>,
}

const fn m(name: &'static str, breaks: &'static str) -> Mode {
    Mode {
        name,
        breaks,
        linux_only: false,
        or_counted_against: None,
    }
}

const fn linux(name: &'static str, breaks: &'static str) -> Mode {
    Mode {
        name,
        breaks,
        linux_only: true,
        or_counted_against: None,
    }
}

/// Every mode, by area.
pub const MODES: &[Mode] = &[
    // state
    m("state-drop-oci-version", "state_oci_version"),
    m("state-wrong-id", "state_id"),
    m("state-undefined-status", "state_status_values"),
    m("state-drop-pid", "state_pid_linux"),
    m("state-bogus-pid", "state_pid"),
    m("state-relative-bundle", "state_bundle_absolute"),
    m("state-drop-annotations", "state_annotations"),
    m("state-of-unknown-id", "state_unknown_id_fails"),
    // lifecycle
    m("state-creating-after-create", "lifecycle_create_created"),
    // lifecycle::create_does_not_run_program reads the state pid before it looks for
    // the program's output: when the program has already run and exited during
    // create, a stale pid makes the failure count against state_pid (and a missing
    // one against the test's own requirement), depending on timing.
    Mode {
        or_counted_against: Some("state_pid"),
        ..m("start-on-create", "lifecycle_create_not_run_program")
    },
    m("create-replaces-duplicate", "lifecycle_create_duplicate_id"),
    m(
        "create-failure-leaves-container",
        "lifecycle_create_error_leaves_nothing",
    ),
    m("start-does-nothing", "lifecycle_start_runs_program"),
    m("start-not-created-ok", "lifecycle_start_not_created_fails"),
    m("lie-state", "lifecycle_status_transitions"),
    m("exec-missing-exits-127", "lifecycle_exec_missing_fails"),
    m("exit-status-lost", "lifecycle_exit_status"),
    m("unknown-id-ok", "lifecycle_unknown_id_fails"),
    m("delete-stopped-noop", "delete_stopped"),
    m("force-delete", "delete_not_stopped_fails"),
    m("delete-leaves-state", "delete_removes_resources"),
    // kill
    m("wrong-signal", "kill_sends_signal"),
    m("kill-created-refused", "kill_created"),
    m("kill-stopped-ok", "kill_stopped_fails"),
    m("no-kill-all", "kill_all_cli"),
    // process
    m("drop-empty-args", "process_args"),
    m("drop-env", "process_env"),
    m("ignore-cwd", "process_cwd"),
    m("ignore-uid", "process_user_uid_gid"),
    m("drop-additional-gids", "process_additional_gids"),
    m("ignore-rlimits", "process_rlimits"),
    m("dedupe-rlimits", "process_rlimits_duplicate"),
    m("stdin-tty", "process_no_terminal"),
    // identity and root
    m("ignore-hostname", "identity_hostname"),
    m("drop-domainname", "identity_domainname"),
    m("root-relative-to-cwd", "root_path_relative"),
    m("root-absolute-as-relative", "root_path_absolute"),
    m("ignore-root-readonly", "root_readonly"),
    m("root-readonly-by-default", "root_readonly_default"),
    // hooks
    m("create-runtime-hooks-on-delete", "hooks_create_phase"),
    m("swap-prestart-create-runtime", "hooks_create_order"),
    m(
        "start-container-hooks-on-create",
        "hooks_start_container_timing",
    ),
    m("poststart-hooks-on-create", "hooks_poststart_timing"),
    m("skip-poststop", "hooks_poststop_timing"),
    m("reverse-hooks", "hooks_order_within_kind"),
    m("drop-hook-env", "hooks_path_args_env"),
    m("hook-state-drop-annotations", "hooks_state_stdin"),
    m("hook-state-wrong-status", "hooks_state_status"),
    m("hook-state-wrong-pid", "hooks_state_pid"),
    linux("hooks-in-container-uts", "hooks_runtime_namespace"),
    m(
        "create-container-hooks-in-runtime-ns",
        "hooks_create_container_namespace",
    ),
    m(
        "start-container-hooks-in-runtime-ns",
        "hooks_start_container_namespace",
    ),
    m("drop-hook-timeouts", "hooks_timeout"),
    m("create-hook-failure-ignored", "hooks_create_failure"),
    m(
        "skip-start-container-hooks",
        "hooks_start_container_failure",
    ),
    m("poststart-hook-failure-ignored", "hooks_poststart_failure"),
    m(
        "no-poststop-after-failed-create",
        "hooks_failure_runs_poststop",
    ),
    m("poststop-failure-aborts", "hooks_poststop_failure_warns"),
    // mounts
    m("reverse-mounts", "mounts_order"),
    m("bind-as-tmpfs", "mounts_bind"),
    m("bind-source-in-root", "mounts_bind_source_relative"),
    m("ignore-readonly-mounts", "mounts_ro"),
    m("drop-tmpfs-mounts", "mounts_tmpfs"),
    m("proc-from-host", "mounts_proc"),
    m("mkdir-follows-symlinks", "mounts_symlink_contained"),
    // operations on missing or invalid IDs and bundles
    m("no-id-ok", "op_state_without_id"),
    m("no-id-ok", "op_create_without_id"),
    m("no-id-ok", "op_start_without_id"),
    m("no-id-ok", "op_kill_without_id"),
    m("no-id-ok", "op_delete_without_id"),
    m("missing-bundle-ok", "op_create_without_bundle"),
    m("invalid-id-ok", "lifecycle_create_invalid_id"),
    m("missing-config-ok", "bundle_config_missing_fails"),
    m("process-defaulted", "lifecycle_start_without_process"),
    m("start-rereads-config", "lifecycle_config_edit_no_effect"),
    m("state-pid-as-string", "state_schema"),
    m("refused-kill-deletes", "kill_stopped_state_unchanged"),
    m(
        "delete-removes-bundle-config",
        "delete_keeps_foreign_resources",
    ),
    // validation of config.json
    m(
        "unknown-properties-refused",
        "config_unknown_properties_ignored",
    ),
    m(
        "empty-annotations-dropped",
        "config_unknown_annotations_ignored",
    ),
    m("oci-version-not-checked", "config_oci_version_semver"),
    m("root-defaulted", "config_root_required"),
    m("relative-cwd-accepted", "config_cwd_absolute"),
    m("process-defaulted", "config_args_required"),
    m(
        "empty-annotation-key-dropped",
        "config_annotation_key_nonempty",
    ),
    m("unknown-rlimits-dropped", "process_rlimits_unknown_type"),
    m(
        "unknown-capabilities-dropped",
        "process_capabilities_unknown_warned",
    ),
    m("relative-hook-paths-dropped", "hooks_path_absolute"),
    m("nonpositive-timeouts-dropped", "hooks_timeout_positive"),
    m(
        "relative-destination-refused",
        "mounts_relative_destination_linux",
    ),
    m("drop-must-mount-options", "mounts_linux_must_options"),
    m("lone-idmap-dropped", "mounts_idmap_pairs"),
    // hooks as observed
    m(
        "poststart-hooks-on-create",
        "hooks_poststart_after_exec_observed",
    ),
    m(
        "poststop-hooks-on-start",
        "hooks_poststop_after_container_gone",
    ),
    // features
    m("features-min-above-max", "features_oci_versions"),
    m("oci-version-min-refused", "features_oci_version_accepted"),
    m("features-empty-stand-in", "features_null_not_empty"),
    m(
        "features-extra-property",
        "features_no_undefined_properties",
    ),
    m("skip-poststart", "features_hooks_supported"),
    m(
        "features-mount-option-missing",
        "features_mount_options_recognized",
    ),
    m("features-annotation-not-string", "features_annotations_map"),
    // robustness
    m("oci-version-not-checked", "robust_invalid_config_fails"),
    m("invalid-id-ok", "robust_invalid_id_fails"),
    m("missing-config-ok", "robust_missing_bundle_fails"),
    m("bad-signal-as-term", "robust_bad_signal_fails"),
    m("lie-state", "robust_killed_process_stopped"),
    m("create-check-then-act", "robust_parallel_create_one_id"),
    m("start-check-then-act", "robust_parallel_start_once"),
    m("store-lock-without-wait", "robust_parallel_distinct_ids"),
    m("dotdot-resolved-on-host", "robust_mount_dotdot_contained"),
    m(
        "swapped-destination-followed",
        "robust_mount_swap_contained",
    ),
    m(
        "bind-onto-symlink-target",
        "robust_mount_file_symlink_contained",
    ),
    m("leak-caller-descriptor", "robust_no_host_descriptors"),
    m("leak-caller-descriptor", "cli_exec_preserve_fds"),
    linux("stay-in-callers-session", "robust_own_session"),
    // the Linux root filesystem
    m("dev-symlinks-removed", "linux_dev_symlinks"),
    m("rootfs-propagation-refused", "linux_rootfs_propagation"),
    m("proc-through-symlink", "linux_proc_not_through_symlink"),
    // terminal
    m("ignore-terminal", "terminal_pty"),
    m("ignore-console-size", "terminal_console_size"),
    m("console-size-refused", "terminal_console_size_ignored"),
    // Linux network namespaces
    m("drop-netns", "linux_netns_new"),
    m("add-netns", "linux_netns_inherit"),
    m("drop-netns-path", "linux_netns_path"),
    m("bad-ns-path-ignored", "linux_namespace_path_error"),
    m("netns-reset-on-start", "linux_netns_ready_after_create"),
    m("drop-net-devices", "linux_net_devices"),
    // runc command-line conventions
    m("pid-file-off-by-one", "cli_pid_file"),
    m("stdio-not-inherited", "cli_stdio_inherited"),
    m("delete-force-ignored", "delete_force_cli"),
    m("delete-created-refused", "delete_created_cli"),
    m("kill-default-sigkill", "kill_signal_names_cli"),
    m("ignore-terminal", "terminal_console_socket"),
    m(
        "terminal-without-socket-ok",
        "terminal_needs_console_socket",
    ),
    m(
        "console-socket-without-terminal-ok",
        "terminal_console_socket_needs_terminal",
    ),
    m("skip-missing-destinations", "mounts_destination_created"),
    m("drop-propagated-binds", "mounts_bind_propagation"),
    m("exec-exit-0", "cli_exec_exit_status"),
    m("exec-no-signal-forwarding", "cli_exec_signal_forwarding"),
    m("delete-force-missing-fails", "cli_delete_force_missing"),
    // FreeBSD jails and their mounts
    m("ignore-readonly-mounts", "mounts_nullfs_freebsd"),
    m("drop-tmpfs-options", "mounts_tmpfs_freebsd"),
    m("drop-devfs-ruleset", "mounts_devfs_freebsd"),
    m("drop-fdescfs-mounts", "mounts_fdescfs_freebsd"),
    m("drop-procfs-mounts", "mounts_procfs_freebsd"),
    m("drop-enforce-statfs", "freebsd_enforce_statfs"),
    m("drop-allow-raw-sockets", "freebsd_allow"),
    // freebsd::allow_defaults_kept checks values equal to the kernel's defaults, so
    // only a runtime that turns flags on unasked can fail it: this one does.
    m("allow-flags-on-by-default", "freebsd_allow"),
    m("drop-allow-mount-type", "freebsd_allow_mount"),
    m("ip4-inherit-disabled", "freebsd_ip4_inherit"),
    m("drop-ip4-addr", "freebsd_ip4_addr"),
    m("drop-jail-interface", "freebsd_interface_alias"),
    m("drop-vnet-interfaces", "freebsd_vnet_interfaces"),
    m(
        "delete-destroys-vnet-interfaces",
        "freebsd_vnet_interfaces_returned",
    ),
    m("host-new-ignored", "freebsd_host_new"),
    m("host-inherit-as-new", "freebsd_host_inherit"),
    m("ip4-disable-as-inherit", "freebsd_ip4_disable"),
    m("ip6-inherit-disabled", "freebsd_ip6_inherit"),
    m("drop-ip6-addr", "freebsd_ip6_addr"),
    m("ip6-disable-as-inherit", "freebsd_ip6_disable"),
    m("vnet-inherit-as-new", "freebsd_vnet_inherit"),
    m("drop-jail-parent", "freebsd_parent"),
    m("drop-sysv", "freebsd_sysvmsg"),
    m("drop-sysv", "freebsd_sysvsem"),
    m("drop-sysv", "freebsd_sysvshm"),
    m("drop-allow-flags", "freebsd_allow_set_hostname"),
    m("drop-allow-raw-sockets", "freebsd_allow_raw_sockets"),
    m("drop-allow-flags", "freebsd_allow_chflags"),
    m("drop-allow-flags", "freebsd_allow_quotas"),
    m("drop-allow-flags", "freebsd_allow_socket_af"),
    m("drop-allow-flags", "freebsd_allow_mlock"),
    m("drop-allow-flags", "freebsd_allow_reserved_ports"),
    m("drop-allow-flags", "freebsd_allow_suser"),
    m("drop-freebsd-devices", "freebsd_devices"),
    m("drop-freebsd-device-modes", "freebsd_devices"),
    m(
        "invalid-jail-values-dropped",
        "freebsd_invalid_enforce_statfs",
    ),
    m("invalid-jail-values-dropped", "freebsd_invalid_vnet"),
    m("invalid-jail-values-dropped", "freebsd_invalid_sharing"),
    m("invalid-jail-values-dropped", "freebsd_invalid_addresses"),
    m(
        "relative-destination-made-absolute",
        "mounts_destination_absolute_freebsd",
    ),
    m(
        "bind-source-in-root",
        "mounts_nullfs_source_relative_freebsd",
    ),
    m(
        "drop-tmpfs-options",
        "mounts_tmpfs_options_enforced_freebsd",
    ),
];

/// MUST requirements no mode breaks, and why. The README's self-test section lists
/// the same, one `- \`ID\`: reason` line each (checked by a test).
pub const WITHOUT_MODE: &[(&str, &str)] = &[
    (
        "hooks_create_runtime_after_environment",
        "the reference runtime runs prestart and createRuntime hooks at one point, after \
         the mounts; no wrapper of it can run them before",
    ),
    (
        "freebsd_jail_created",
        "a wrapper cannot make the runtime it wraps run the process outside a jail",
    ),
    (
        "freebsd_jail_removed",
        "a wrapper that keeps the jail after delete would leave a jail on the host that \
         the test's guard cannot remove",
    ),
];
