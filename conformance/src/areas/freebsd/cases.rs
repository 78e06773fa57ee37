//! FreeBSD jails (config-freebsd.md#jail): the container runs in a jail, the jail
//! has the parameters the `freebsd.jail` section asks for (as the jail itself sees
//! them through `security.jail.*`), and delete removes the jail. Skipped elsewhere
//! by their requirements' platform.

use crate::req;

use integ_inside::JailReport;
use serde_json::{json, Value};

use super::checks as freebsd_checks;
use crate::harness::host::host_needs;
use crate::harness::net::epair::jail_of;
use crate::harness::{host::command, CaseResult, Sandbox, Verdict};

cases! {
    process_is_jailed: &[req::FREEBSD_JAIL_CREATED];
    delete_removes_jail: &[req::FREEBSD_JAIL_REMOVED];
    enforce_statfs_applied: &[req::FREEBSD_ENFORCE_STATFS];
    enforce_statfs_default: &[req::FREEBSD_ENFORCE_STATFS];
    allow_flags_applied: &[req::FREEBSD_ALLOW];
    allow_defaults_kept: &[req::FREEBSD_ALLOW];
    allow_mount_types: &[req::FREEBSD_ALLOW_MOUNT];
}

/// Runs `integ-inside jail` in a container configured with this `freebsd.jail`.
fn jail_report(sb: &mut Sandbox, jail: Value) -> Result<JailReport, Verdict> {
    sb.config["freebsd"] = json!({ "jail": jail });
    sb.run_helper(&["jail"])
}

/// Checks that the jail reports `security.jail.<name>` as `want`.
fn expect_param(r: &JailReport, name: &str, want: &str) -> CaseResult {
    freebsd_checks::inside_param(r, name, want)
}

fn process_is_jailed(sb: &mut Sandbox) -> CaseResult {
    let r: JailReport = sb.run_helper(&["jail"])?;
    freebsd_checks::jailed(&r)
}

fn delete_removes_jail(sb: &mut Sandbox) -> CaseResult {
    sb.helper_args(&["exit", "0"]);
    sb.own().create()?;
    let pid = sb.own().pid()?;
    let jid = jail_of(pid)?;
    sb.own().start()?;
    sb.wait_exit(pid)?;
    let exists = |jid: &str| command::output("jls", &["-j", jid, "jid"]).is_ok();
    freebsd_checks::jail_exists(
        exists(&jid),
        true,
        &jid,
        "before delete (the runtime must keep it until delete)",
    )?;
    sb.own().delete()?;
    freebsd_checks::jail_exists(exists(&jid), false, &jid, "after delete")
}

fn enforce_statfs_applied(sb: &mut Sandbox) -> CaseResult {
    let r = jail_report(sb, json!({ "enforceStatfs": 1 }))?;
    expect_param(&r, "enforce_statfs", "1")
}

fn enforce_statfs_default(sb: &mut Sandbox) -> CaseResult {
    let r = jail_report(sb, json!({}))?;
    expect_param(&r, "enforce_statfs", "2")
}

fn allow_flags_applied(sb: &mut Sandbox) -> CaseResult {
    // Every value is the opposite of the kernel's default for a new jail
    // (set_hostname on; raw sockets and chflags off): a runtime that ignored the
    // keys would show the defaults and fail.
    let r = jail_report(
        sb,
        json!({ "allow": { "setHostname": false, "rawSockets": true, "chflags": true } }),
    )?;
    expect_param(&r, "set_hostname_allowed", "0")?;
    expect_param(&r, "allow_raw_sockets", "1")?;
    expect_param(&r, "chflags_allowed", "1")
}

fn allow_defaults_kept(sb: &mut Sandbox) -> CaseResult {
    // config-freebsd.md#jail: the boolean allow keys are off by default. Not checked
    // here: setHostname and reservedPorts, whose default the spec states both ways
    // ("with the exception of setHostname and reservedPorts" against "Defaults to
    // false"); jailrun keeps jail(8)'s default (on) for them, see the README.
    let r = jail_report(sb, json!({ "host": "new" }))?;
    expect_param(&r, "allow_raw_sockets", "0")?;
    expect_param(&r, "chflags_allowed", "0")
}

fn allow_mount_types(sb: &mut Sandbox) -> CaseResult {
    host_needs::require(host_needs::ALLOW_MOUNT_TMPFS)?;
    let r = jail_report(
        sb,
        json!({ "enforceStatfs": 1, "allow": { "mount": ["tmpfs"] } }),
    )?;
    expect_param(&r, "mount_allowed", "1")?;
    expect_param(&r, "mount_tmpfs_allowed", "1")?;
    // A type not listed must stay off. devfs, not nullfs: mount_devfs_allowed always
    // exists, mount_nullfs_allowed only once the nullfs module is loaded.
    expect_param(&r, "mount_devfs_allowed", "0")
}
