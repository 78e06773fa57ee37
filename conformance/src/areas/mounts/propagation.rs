//! Mounts: bind mounts that carry a propagation option (config.md#linux-mount-options:
//! `rbind`, `rprivate`, `shared`, `slave` are MUST options). jailrun once failed
//! every such mount: it closed the resolved destination before the propagation
//! change used its `/proc/self/fd` path, so create failed.

use crate::req;

use serde_json::json;

use crate::areas::support::mounts::{host_dir, mountpoint, read_inside};
use crate::check_eq;
use crate::harness::{bundle::mounts, CaseResult, Sandbox};

cases! {
    bind_with_propagation_options: &[req::MOUNTS_BIND_PROPAGATION];
}

/// Destination and options of each bind mount, as engines write them (podman
/// and containerd add `rprivate` to binds; `shared` and `slave` for volumes
/// asked to propagate).
const BINDS: &[(&str, &[&str])] = &[
    ("/mnt/rprivate", &["rbind", "rprivate"]),
    ("/mnt/shared", &["bind", "shared"]),
    ("/mnt/slave", &["rbind", "rslave"]),
];

fn bind_with_propagation_options(sb: &mut Sandbox) -> CaseResult {
    for (destination, options) in BINDS {
        let name = destination.trim_start_matches("/mnt/");
        let src = host_dir(sb, name, "data", &format!("bound with {options:?}\n"))?;
        mountpoint(sb, destination)?;
        mounts::add(
            &mut sb.config,
            json!({
                "destination": destination,
                "type": "none",
                "source": src.display().to_string(),
                "options": options,
            }),
        );
    }
    // Each run has every mount: create must succeed with all of them, and each
    // shows its own source's data.
    for (destination, options) in BINDS {
        let got = read_inside(sb, &format!("{destination}/data"))?;
        check_eq!(
            got,
            format!("bound with {options:?}\n"),
            "{destination}/data through the bind mount with {options:?}"
        );
    }
    Ok(())
}
