//! Modes that resolve mount destinations with the host's view of the path
//! instead of inside the root: through `..`, through a symlink swapped in during
//! create, through a symlink to a host file. The runtime the wrapper passes the
//! config on to stays safe; the wrapper does on the host what a runtime with
//! the fault would do there (make the directory, write where the mount would
//! land), which is what the suite can see. Nothing is mounted on the host: the
//! effects are files and directories the tests clean up.

use std::path::{Component, Path, PathBuf};

use serde_json::{json, Value};

use crate::mode::{each, ConfigMode, Ctx};

/// The modes of this area.
pub const MODES: &[ConfigMode] = &[
    ConfigMode {
        name: "dotdot-resolved-on-host",
        doc: "resolves '..' in a mount destination against the host path, making the \
              destination's directory outside the root",
        edit: dotdot_resolved_on_host,
    },
    ConfigMode {
        name: "swapped-destination-followed",
        doc: "after the createRuntime hooks, prepares each mount destination through the \
              host's view of it, following a symlink swapped in (writes where the mount lands)",
        edit: swapped_destination_followed,
    },
    ConfigMode {
        name: "bind-onto-symlink-target",
        doc: "a bind mount onto a symlink to a file lands on the host file it names (its \
              source's content is written there)",
        edit: bind_onto_symlink_target,
    },
];

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

#[cfg(test)]
mod tests {
    use std::path::Path;

    use serde_json::json;

    use super::{host_join, MODES};
    use crate::mode::testing::apply;

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
        let c = apply(MODES, "swapped-destination-followed", &config);
        let list = c["hooks"]["createRuntime"].as_array().expect("hooks");
        assert_eq!(list[0]["path"], "/bin/true");
        assert_eq!(list[1]["args"][4], "/bundles/b1/rootfs");
        assert_eq!(list[1]["args"][5], "/t");
    }
}
