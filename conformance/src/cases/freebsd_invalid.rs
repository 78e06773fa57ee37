//! Invalid FreeBSD values are errors (config.md#valid-values, config-freebsd.md#jail,
//! config.md#mounts "For all other platforms: This value MUST be an absolute path"),
//! each through the shared `expect_create_rejected`. Skipped elsewhere: a Linux
//! runtime rightly ignores the freebsd section.

use serde_json::{json, Value};

use super::negative::expect_create_rejected;
use super::Case;
use crate::harness::{mounts, CaseResult, Sandbox};

/// The FreeBSD invalid-value tests.
pub static CASES: &[Case] = &[
    Case {
        name: "enforce_statfs_out_of_range_fails",
        requirements: &["freebsd_invalid_enforce_statfs"],
        needs: &[],
        body: enforce_statfs_out_of_range_fails,
    },
    Case {
        name: "vnet_disable_fails",
        requirements: &["freebsd_invalid_vnet"],
        needs: &[],
        body: vnet_disable_fails,
    },
    Case {
        name: "sharing_values_fail",
        requirements: &["freebsd_invalid_sharing"],
        needs: &[],
        body: sharing_values_fail,
    },
    Case {
        name: "bad_addresses_fail",
        requirements: &["freebsd_invalid_addresses"],
        needs: &[],
        body: bad_addresses_fail,
    },
    Case {
        name: "relative_mount_destination_fails",
        requirements: &["mounts_destination_absolute_freebsd"],
        needs: &[],
        body: relative_mount_destination_fails,
    },
];

/// Each `freebsd.jail` value in turn must be refused (a fresh container ID each).
fn each_rejected(sb: &mut Sandbox, field: &str, values: &[Value]) -> CaseResult {
    let base = sb.config.clone();
    let main = sb.id.clone();
    for (i, v) in values.iter().enumerate() {
        sb.config = base.clone();
        sb.id = format!("{main}-{i}");
        expect_create_rejected(sb, &format!("freebsd.jail.{field} {v}"), |c| {
            c["freebsd"]["jail"][field] = v.clone();
        })?;
    }
    sb.id = main;
    Ok(())
}

fn enforce_statfs_out_of_range_fails(sb: &mut Sandbox) -> CaseResult {
    each_rejected(sb, "enforceStatfs", &[json!(3), json!(-1), json!("2")])
}

fn vnet_disable_fails(sb: &mut Sandbox) -> CaseResult {
    each_rejected(sb, "vnet", &[json!("disable"), json!("shared")])
}

fn sharing_values_fail(sb: &mut Sandbox) -> CaseResult {
    each_rejected(sb, "host", &[json!("disable"), json!("bogus")])?;
    for field in ["ip4", "ip6", "sysvmsg", "sysvsem", "sysvshm"] {
        each_rejected(sb, field, &[json!("bogus"), json!(true)])?;
    }
    Ok(())
}

fn bad_addresses_fail(sb: &mut Sandbox) -> CaseResult {
    each_rejected(
        sb,
        "ip4Addr",
        &[
            json!(["10.0.0.300"]),
            json!(["::1"]),
            json!(["host.example"]),
        ],
    )?;
    each_rejected(sb, "ip6Addr", &[json!(["1.2.3.4"]), json!(["fd00::g"])])
}

fn relative_mount_destination_fails(sb: &mut Sandbox) -> CaseResult {
    expect_create_rejected(sb, "a relative mount destination", |c| {
        mounts::add(c, mounts::tmpfs("scratch", &[]));
    })
}
