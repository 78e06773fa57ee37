//! The broken modes of the robustness area: faults the self-test's wrapper runtime adds
//! to a working one, each with the requirements whose tests must catch it (see
//! `crate::broken_mode`), and the MUSTs of the area no mode breaks.
//!
//! Modes that break what holds under concurrency (helpers in `broken/races.rs`),
//! that tie the container process to its caller (`broken/isolation.rs`), that take
//! a bad signal for SIGTERM, and the following.
//!
//! Modes that resolve mount destinations with the host's view of the path
//! instead of inside the root: through `..`, through a symlink swapped in during
//! create, through a symlink to a host file. The runtime the wrapper passes the
//! config on to stays safe; the wrapper does on the host what a runtime with
//! the fault would do there (make the directory, write where the mount would
//! land), which is what the suite can see. Nothing is mounted on the host: the
//! effects are files and directories the tests clean up.

use std::path::{Component, Path, PathBuf};

use serde_json::{json, Value};

use crate::broken_mode::edit::each;
use crate::broken_mode::{Ctx, Flow, Mode, Unbroken};
use crate::req;

mod isolation;
mod races;

use isolation::{leak_caller_descriptors, stay_in_callers_session};
use races::{create_check_then_act, start_check_then_act, store_lock_without_wait};

/// The modes that break this area's requirements.
pub(crate) static MODES: &[Mode] = &[
    Mode::command(
        "bad-signal-as-term",
        &[req::ROBUST_BAD_SIGNAL_FAILS],
        "kill with a signal that is no signal sends SIGTERM instead of failing",
        &["kill"],
        |mut c| {
            if let Some(i) = c.positional(2) {
                if !is_signal(&c.args[i]) {
                    c.args[i] = "TERM".into();
                }
            }
            Ok(Flow::Forward(c))
        },
    ),
    Mode::command(
        "create-check-then-act",
        &[req::ROBUST_PARALLEL_CREATE_ONE_ID],
        "create checks that the ID is free, then creates without a lock; a create \
              that loses to another after its check reports success",
        &["create"],
        create_check_then_act,
    ),
    Mode::command(
        "start-check-then-act",
        &[req::ROBUST_PARALLEL_START_ONCE],
        "start checks that the container is created, then starts without a lock; a \
              start that loses to another after its check reports success",
        &["start"],
        start_check_then_act,
    ),
    Mode::command(
        "store-lock-without-wait",
        &[req::ROBUST_PARALLEL_DISTINCT_IDS],
        "create, start and delete take a lock on the whole --root without waiting, \
              and fail when another command holds it",
        &["create", "start", "delete"],
        store_lock_without_wait,
    ),
    Mode::config(
        "dotdot-resolved-on-host",
        &[req::ROBUST_MOUNT_DOTDOT_CONTAINED],
        "resolves '..' in a mount destination against the host path, making the \
              destination's directory outside the root",
        dotdot_resolved_on_host,
    ),
    Mode::config(
        "swapped-destination-followed",
        &[req::ROBUST_MOUNT_SWAP_CONTAINED],
        "after the createRuntime hooks, prepares each mount destination through the \
              host's view of it, following a symlink swapped in (writes where the mount lands)",
        swapped_destination_followed,
    ),
    Mode::config(
        "bind-onto-symlink-target",
        &[req::ROBUST_MOUNT_FILE_SYMLINK_CONTAINED],
        "a bind mount onto a symlink to a file lands on the host file it names (its \
              source's content is written there)",
        bind_onto_symlink_target,
    ),
    Mode::command(
        "leak-caller-descriptor",
        &[req::ROBUST_NO_HOST_DESCRIPTORS, req::CLI_EXEC_PRESERVE_FDS],
        "passes every descriptor above 2 the caller left open on into the process \
              (moved down to 3, 4, ... and counted in --preserve-fds)",
        &["create", "exec"],
        leak_caller_descriptors,
    ),
    Mode::command(
        "stay-in-callers-session",
        &[req::ROBUST_OWN_SESSION],
        "the runtime's setsid(2) does nothing (Linux: a seccomp filter returns 0 \
              for it), so the container process stays in the caller's session and group",
        &["create", "exec"],
        stay_in_callers_session,
    )
    .linux_only(),
];

/// The MUSTs of this area no mode breaks, and why.
pub(crate) static UNBROKEN: &[Unbroken] = &[];

/// `dest` under `rootfs` with `..` taken lexically, as the host would: it may
/// climb out of `rootfs`.
fn host_join(rootfs: &Path, dest: &str) -> PathBuf {
    let mut out = rootfs.to_path_buf();
    for c in Path::new(dest.trim_start_matches('/')).components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::Normal(n) => out.push(n),
            _ => {}
        }
    }
    out
}

fn destinations(c: &mut Value) -> Vec<String> {
    let mut out = Vec::new();
    each(c, "/mounts", |m| {
        if let Some(d) = m["destination"].as_str() {
            out.push(d.to_string());
        }
    });
    out
}

fn dotdot_resolved_on_host(c: &mut Value, ctx: &Ctx) {
    let rootfs = ctx.rootfs(c);
    for dest in destinations(c) {
        let at = host_join(&rootfs, &dest);
        if !at.starts_with(&rootfs) {
            let _ = std::fs::create_dir_all(at);
        }
    }
}

/// Appends a createRuntime hook (it runs after the config's own) that writes a
/// file into every destination that is by then a symlink to a directory.
fn swapped_destination_followed(c: &mut Value, ctx: &Ctx) {
    let rootfs = ctx.rootfs(c).display().to_string();
    let script = "root=$1; shift; cat >/dev/null; for d in \"$@\"; do \
                  p=\"$root$d\"; if [ -L \"$p\" ] && [ -d \"$p\" ]; then : >\"$p/mounted-here\"; fi; \
                  done";
    let mut args = vec![json!("sh"), json!("-c"), json!(script), json!("follow")];
    args.push(json!(rootfs));
    args.extend(destinations(c).into_iter().map(Value::from));
    let hook = json!({"path": "/bin/sh", "args": args});
    let Some(config) = c.as_object_mut() else {
        return;
    };
    let hooks = config.entry("hooks").or_insert_with(|| json!({}));
    if let Some(hooks) = hooks.as_object_mut() {
        let list = hooks.entry("createRuntime").or_insert_with(|| json!([]));
        if let Some(list) = list.as_array_mut() {
            list.push(hook);
        }
    }
}

fn bind_onto_symlink_target(c: &mut Value, ctx: &Ctx) {
    let rootfs = ctx.rootfs(c);
    each(c, "/mounts", |m| {
        let bind = m["type"] == "bind"
            || m["options"]
                .as_array()
                .is_some_and(|o| o.iter().any(|o| o == "bind" || o == "rbind"));
        let (Some(dest), Some(source)) = (m["destination"].as_str(), m["source"].as_str()) else {
            return;
        };
        let at = rootfs.join(dest.trim_start_matches('/'));
        let Ok(target) = std::fs::read_link(&at) else {
            return;
        };
        let target = at.parent().unwrap_or(&rootfs).join(target);
        if bind && target.is_file() {
            if let Ok(content) = std::fs::read(source) {
                let _ = std::fs::write(target, content);
            }
        }
    });
}

/// Whether `s` names a signal the way runc's kill takes it (a number, NAME or SIGNAME).
fn is_signal(s: &str) -> bool {
    if let Ok(n) = s.parse::<i32>() {
        return (1..=64).contains(&n);
    }
    let name = s.strip_prefix("SIG").unwrap_or(s);
    name.parse::<nix::sys::signal::Signal>().is_ok()
        || format!("SIG{name}")
            .parse::<nix::sys::signal::Signal>()
            .is_ok()
}

#[cfg(test)]
mod mount_escapes_tests {
    use std::path::Path;

    use serde_json::json;

    use super::host_join;
    use crate::broken_mode::testing::apply;

    #[test]
    fn dotdot_climbs_out_on_the_host() {
        let root = Path::new("/b/rootfs");
        assert_eq!(host_join(root, "/../../x"), Path::new("/x"));
        assert_eq!(host_join(root, "/a/../y"), Path::new("/b/rootfs/y"));
    }

    #[test]
    fn the_follower_hook_runs_after_the_configs_own() {
        let config = json!({"root": {"path": "rootfs"},
            "mounts": [{"destination": "/t", "type": "tmpfs", "source": "tmpfs"}],
            "hooks": {"createRuntime": [{"path": "/bin/true"}]}});
        let c = apply("swapped-destination-followed", &config);
        let list = c["hooks"]["createRuntime"].as_array().expect("hooks");
        assert_eq!(list[0]["path"], "/bin/true");
        assert_eq!(list[1]["args"][4], "/bundles/b1/rootfs");
        assert_eq!(list[1]["args"][5], "/t");
    }
}
