//! The broken modes of the mounts area: faults the self-test's wrapper runtime adds
//! to a working one, each with the requirements whose tests must catch it (see
//! `crate::broken_mode`), and the MUSTs of the area no mode breaks.
//!
//! Modes that mishandle mounts (config.md#mounts, #linux-mount-options,
//! #posix-platform-mounts), on Linux and on FreeBSD.

use serde_json::{json, Value};

use crate::broken_mode::edit::{each, retain};
use crate::broken_mode::{Ctx, Mode, Unbroken};
use crate::req;

/// The modes that break this area's requirements.
pub(crate) static MODES: &[Mode] = &[
    Mode::config(
        "reverse-mounts",
        &[req::MOUNTS_ORDER],
        "makes the mounts in reverse order",
        |c, _| {
            if let Some(mounts) = c.pointer_mut("/mounts").and_then(Value::as_array_mut) {
                mounts.reverse();
            }
        },
    ),
    Mode::config(
        "bind-as-tmpfs",
        &[req::MOUNTS_BIND],
        "mounts an empty tmpfs where a bind (or nullfs) mount was asked for",
        |c, _| each(c, "/mounts", bind_as_tmpfs),
    ),
    Mode::config(
        "bind-source-in-root",
        &[
            req::MOUNTS_BIND_SOURCE_RELATIVE,
            req::MOUNTS_NULLFS_SOURCE_RELATIVE_FREEBSD,
        ],
        "resolves a relative bind source against root.path instead of the bundle",
        bind_source_in_root,
    ),
    Mode::config(
        "ignore-readonly-mounts",
        &[req::MOUNTS_RO, req::MOUNTS_NULLFS_FREEBSD],
        "drops ro from every mount's options",
        |c, _| each(c, "/mounts", |m| retain_options(m, |o| o != "ro")),
    ),
    Mode::config(
        "drop-tmpfs-mounts",
        &[req::MOUNTS_TMPFS],
        "leaves out tmpfs mounts",
        |c, _| retain(c, "/mounts", |m| m["type"] != "tmpfs"),
    ),
    Mode::config(
        "proc-from-host",
        &[req::MOUNTS_PROC],
        "bind-mounts the host's /proc instead of mounting a proc of the container's own",
        |c, _| {
            each(c, "/mounts", |m| {
                if m["type"] == "proc" {
                    m["type"] = json!("none");
                    m["source"] = json!("/proc");
                    m["options"] = json!(["rbind"]);
                }
            })
        },
    ),
    Mode::config(
        "mkdir-follows-symlinks",
        &[req::MOUNTS_SYMLINK_CONTAINED],
        "follows a symlink in a mount destination on the host, making its target outside the root",
        mkdir_follows_symlinks,
    ),
    Mode::config(
        "skip-missing-destinations",
        &[req::MOUNTS_DESTINATION_CREATED],
        "leaves out a mount whose destination does not exist in the root",
        |c, ctx| {
            let rootfs = ctx.rootfs(c);
            retain(c, "/mounts", |m| {
                let dest = m["destination"].as_str().unwrap_or("/");
                rootfs.join(dest.trim_start_matches('/')).exists()
            })
        },
    ),
    Mode::config(
        "drop-propagated-binds",
        &[req::MOUNTS_BIND_PROPAGATION],
        "leaves out bind mounts whose options set a propagation (private, shared, slave, ...)",
        |c, _| retain(c, "/mounts", |m| !sets_propagation(m)),
    ),
    Mode::config(
        "drop-tmpfs-options",
        &[
            req::MOUNTS_TMPFS_FREEBSD,
            req::MOUNTS_TMPFS_OPTIONS_ENFORCED_FREEBSD,
        ],
        "drops the options of tmpfs mounts (size, mode, …)",
        |c, _| {
            each(c, "/mounts", |m| {
                if m["type"] == "tmpfs" {
                    m["options"] = json!([]);
                }
            })
        },
    ),
    Mode::config(
        "drop-devfs-ruleset",
        &[req::MOUNTS_DEVFS_FREEBSD],
        "drops the ruleset= option of devfs mounts",
        |c, _| {
            each(c, "/mounts", |m| {
                if m["type"] == "devfs" {
                    retain_options(m, |o| {
                        !o.as_str().is_some_and(|s| s.starts_with("ruleset="))
                    });
                }
            })
        },
    ),
    Mode::config(
        "drop-fdescfs-mounts",
        &[req::MOUNTS_FDESCFS_FREEBSD],
        "leaves out fdescfs mounts",
        |c, _| retain(c, "/mounts", |m| m["type"] != "fdescfs"),
    ),
    Mode::config(
        "drop-procfs-mounts",
        &[req::MOUNTS_PROCFS_FREEBSD],
        "leaves out procfs mounts (FreeBSD)",
        |c, _| retain(c, "/mounts", |m| m["type"] != "procfs"),
    ),
];

/// The MUSTs of this area no mode breaks, and why.
pub(crate) static UNBROKEN: &[Unbroken] = &[];

fn retain_options(mount: &mut Value, keep: impl FnMut(&Value) -> bool) {
    retain(mount, "/options", keep);
}

fn is_bind(m: &Value) -> bool {
    let opts = m["options"].as_array().map(Vec::as_slice).unwrap_or(&[]);
    m["type"] == "bind" || m["type"] == "nullfs" || opts.iter().any(|o| o == "bind" || o == "rbind")
}

fn bind_as_tmpfs(m: &mut Value) {
    if is_bind(m) {
        m["type"] = json!("tmpfs");
        m["source"] = json!("tmpfs");
        retain_options(m, |o| o != "bind" && o != "rbind");
    }
}

fn bind_source_in_root(c: &mut Value, _: &Ctx) {
    let root = c["root"]["path"].as_str().unwrap_or("rootfs").to_string();
    each(c, "/mounts", |m| {
        let source = m["source"].as_str().unwrap_or("").to_string();
        if is_bind(m) && !source.is_empty() && !source.starts_with('/') {
            m["source"] = json!(format!("{root}/{source}"));
        }
    });
}

/// What a runtime that resolves destinations on the host does: a symlink at
/// ROOT/DEST is followed as the host sees it (an absolute target is a host path, a
/// relative one climbs from ROOT), and the directory it leads to is made, even
/// outside the root.
fn mkdir_follows_symlinks(c: &mut Value, ctx: &Ctx) {
    let rootfs = ctx.rootfs(c);
    each(c, "/mounts", |m| {
        let Some(dest) = m["destination"].as_str() else {
            return;
        };
        let at = rootfs.join(dest.trim_start_matches('/'));
        if let Ok(target) = std::fs::read_link(&at) {
            let resolved = at.parent().unwrap_or(&rootfs).join(target);
            let _ = std::fs::create_dir_all(resolved);
        }
    });
}

/// Whether mount `m` has a propagation option (config.md#linux-mount-options:
/// private, shared, slave, unbindable, and their recursive `r` forms).
fn sets_propagation(m: &Value) -> bool {
    let propagation = |o: &str| {
        let base = o.strip_prefix('r').unwrap_or(o);
        matches!(base, "private" | "shared" | "slave" | "unbindable")
    };
    m["options"]
        .as_array()
        .is_some_and(|o| o.iter().any(|o| o.as_str().is_some_and(propagation)))
}

#[cfg(test)]
mod tests {
    use crate::broken_mode::testing::apply;
    use serde_json::json;

    #[test]
    fn propagated_binds_are_left_out() {
        let c = json!({"mounts": [
            {"destination": "/p", "type": "none", "options": ["rbind", "rprivate"]},
            {"destination": "/s", "type": "none", "options": ["bind", "shared"]},
            {"destination": "/r", "type": "none", "options": ["rbind", "ro"]},
            {"destination": "/t", "type": "tmpfs"}
        ]});
        let kept = apply("drop-propagated-binds", &c);
        let dests: Vec<&str> = kept["mounts"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|m| m["destination"].as_str())
            .collect();
        assert_eq!(dests, ["/r", "/t"]);
    }

    fn config() -> serde_json::Value {
        json!({"root": {"path": "rootfs"}, "mounts": [
            {"destination": "/proc", "type": "proc", "source": "proc"},
            {"destination": "/a", "type": "none", "source": "rel", "options": ["bind", "ro"]},
            {"destination": "/b", "type": "nullfs", "source": "/host", "options": ["ro"]},
            {"destination": "/t", "type": "tmpfs", "source": "tmpfs", "options": ["size=64k"]},
            {"destination": "/dev", "type": "devfs", "source": "devfs", "options": ["ruleset=4"]},
            {"destination": "/dev/fd", "type": "fdescfs", "source": "fdesc"},
            {"destination": "/proc", "type": "procfs", "source": "proc"},
        ]})
    }

    fn types(c: &serde_json::Value) -> Vec<String> {
        c["mounts"]
            .as_array()
            .map(|l| {
                l.iter()
                    .map(|m| m["type"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    #[test]
    fn readonly_dropped_everywhere_and_order_reversed() {
        let c = apply("ignore-readonly-mounts", &config());
        assert_eq!(
            c["mounts"][0],
            config()["mounts"][0],
            "a mount without options keeps none"
        );
        assert_eq!(c["mounts"][1]["options"], json!(["bind"]));
        assert_eq!(c["mounts"][2]["options"], json!([]));
        let r = apply("reverse-mounts", &config());
        assert_eq!(r["mounts"][0]["type"], "procfs");
    }

    #[test]
    fn binds_become_tmpfs_and_relative_sources_move_into_the_root() {
        let c = apply("bind-as-tmpfs", &config());
        assert_eq!(
            c["mounts"][1],
            json!({"destination": "/a", "type": "tmpfs", "source": "tmpfs", "options": ["ro"]})
        );
        assert_eq!(c["mounts"][2]["type"], "tmpfs");
        let r = apply("bind-source-in-root", &config());
        assert_eq!(r["mounts"][1]["source"], "rootfs/rel");
        assert_eq!(r["mounts"][2]["source"], "/host");
    }

    #[test]
    fn proc_comes_from_the_host() {
        let c = apply("proc-from-host", &config());
        assert_eq!(
            c["mounts"][0],
            json!({"destination": "/proc", "type": "none", "source": "/proc", "options": ["rbind"]})
        );
    }

    #[test]
    fn freebsd_filesystems_lose_their_options_or_their_mount() {
        let c = apply("drop-tmpfs-options", &config());
        assert_eq!(c["mounts"][3]["options"], json!([]));
        let d = apply("drop-devfs-ruleset", &config());
        assert_eq!(d["mounts"][4]["options"], json!([]));
        let f = apply("drop-fdescfs-mounts", &config());
        assert!(!types(&f).contains(&"fdescfs".to_string()));
        let p = apply("drop-procfs-mounts", &config());
        assert_eq!(
            types(&p),
            ["proc", "none", "nullfs", "tmpfs", "devfs", "fdescfs"]
        );
        let t = apply("drop-tmpfs-mounts", &config());
        assert!(!types(&t).contains(&"tmpfs".to_string()));
    }
}
