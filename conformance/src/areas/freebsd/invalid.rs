//! Invalid FreeBSD values are errors (config.md#valid-values, config-freebsd.md#jail,
//! config.md#mounts "For all other platforms: This value MUST be an absolute path"),
//! each through the shared `expect_create_rejected`. Skipped elsewhere: a Linux
//! runtime rightly ignores the freebsd section.

use crate::req;

use serde_json::{json, Value};

use crate::areas::support::negative::expect_create_rejected;
use crate::harness::{bundle::mounts, CaseResult, Sandbox};

cases! {
    enforce_statfs_out_of_range_fails: &[req::FREEBSD_INVALID_ENFORCE_STATFS];
    vnet_disable_fails: &[req::FREEBSD_INVALID_VNET];
    sharing_values_fail: &[req::FREEBSD_INVALID_SHARING];
    bad_addresses_fail: &[req::FREEBSD_INVALID_ADDRESSES];
    relative_mount_destination_fails: &[req::MOUNTS_DESTINATION_ABSOLUTE_FREEBSD];
}

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
