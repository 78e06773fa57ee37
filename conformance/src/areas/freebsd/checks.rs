//! The FreeBSD checks as pure functions over observations: the jail's own view
//! (`integ-inside jail`, `network`, `identity`, `paths`, `sysv`, `mounts`) and the
//! host's (`jls -n`). The cases only gather observations and call these, so each
//! check is unit-tested here against a good and a bad synthetic observation.

use std::collections::{BTreeMap, BTreeSet};

use integ_inside::{
    IdentityReport, IpcAttempt, JailReport, MountsReport, NetworkReport, PathsReport, SysvReport,
    WriteReport,
};

use crate::harness::CaseResult;
use crate::{check, check_eq};

/// `jls -n` output: `key=value` words, booleans as bare `allow.x`/`allow.nox`.
pub type HostParams = BTreeMap<String, String>;

/// Parses one jail's `jls -n` line. A bare `a.noB` is `a.B=false`, a bare `a.B`
/// is `a.B=true`; quoted values lose their quotes.
pub fn parse_jls(line: &str) -> HostParams {
    let mut params = HostParams::new();
    for word in split_words(line) {
        match word.split_once('=') {
            Some((k, v)) => {
                params.insert(k.to_string(), v.trim_matches('"').to_string());
            }
            None => {
                let (prefix, last) = word.rsplit_once('.').unwrap_or(("", word.as_str()));
                let join = |name: &str| {
                    if prefix.is_empty() {
                        name.to_string()
                    } else {
                        format!("{prefix}.{name}")
                    }
                };
                match last.strip_prefix("no") {
                    Some(name) => params.insert(join(name), "false".into()),
                    None => params.insert(word.clone(), "true".into()),
                };
            }
        }
    }
    params
}

/// Splits on spaces outside double quotes.
fn split_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let (mut cur, mut quoted) = (String::new(), false);
    for c in line.trim().chars() {
        match c {
            '"' => {
                quoted = !quoted;
                cur.push(c);
            }
            ' ' if !quoted => {
                if !cur.is_empty() {
                    words.push(std::mem::take(&mut cur));
                }
            }
            _ => cur.push(c),
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// The host sees parameter `name` of the jail as `want`.
pub fn host_param(p: &HostParams, name: &str, want: &str) -> CaseResult {
    check_eq!(
        p.get(name).map(String::as_str),
        Some(want),
        "jls -n: {name}"
    );
    Ok(())
}

/// The jail sees `security.jail.<name>` as `want`.
pub fn inside_param(r: &JailReport, name: &str, want: &str) -> CaseResult {
    check_eq!(
        r.params.get(name).map(String::as_str),
        Some(want),
        "security.jail.{name} inside the jail"
    );
    Ok(())
}

/// The process is jailed.
pub fn jailed(r: &JailReport) -> CaseResult {
    check!(
        r.jailed,
        "the container process is not jailed (security.jail.jailed = 0)"
    );
    Ok(())
}

/// The jail is named after the container ID (a child jail: `parent.ID`).
pub fn named(p: &HostParams, id: &str) -> CaseResult {
    let name = p.get("name").map(String::as_str).unwrap_or("");
    check!(
        name == id || name.ends_with(&format!(".{id}")),
        "the jail is named {name:?}, not after the container ID {id:?}"
    );
    Ok(())
}

/// The jail's parent is the jail with `parent_jid`, which allows children.
pub fn child_of(child: &HostParams, parent: &HostParams) -> CaseResult {
    let jid = parent.get("jid").map(String::as_str);
    check_eq!(
        child.get("parent").map(String::as_str),
        jid,
        "jls -n: parent of the child jail"
    );
    let max: u32 = parent
        .get("children.max")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    check!(
        max >= 1,
        "the parent jail's children.max is {max}: the runtime did not let it hold children"
    );
    Ok(())
}

/// The addresses of one family ("." for IPv4, ":" for IPv6) the jail sees.
pub fn addresses(r: &NetworkReport, family: char) -> BTreeSet<String> {
    r.interfaces
        .iter()
        .flat_map(|i| &i.addresses)
        .filter_map(|a| a.split('/').next())
        .filter(|a| a.contains(family))
        .map(|a| a.split('%').next().unwrap_or(a).to_string())
        .collect()
}

/// The jail sees exactly `want` of that family.
pub fn exactly_addresses(r: &NetworkReport, family: char, want: &[&str]) -> CaseResult {
    let want: BTreeSet<String> = want.iter().map(|s| s.to_string()).collect();
    check_eq!(addresses(r, family), want, "addresses the jail sees");
    Ok(())
}

/// The jail sees `addr` among its addresses.
pub fn sees_address(r: &NetworkReport, family: char, addr: &str) -> CaseResult {
    let seen = addresses(r, family);
    check!(
        seen.contains(addr),
        "the jail does not see {addr}; it sees {seen:?}"
    );
    Ok(())
}

/// The jail sees every interface in `names` (its network stack is the host's).
pub fn sees_interfaces(r: &NetworkReport, names: &[String]) -> CaseResult {
    let seen: BTreeSet<&str> = r.interfaces.iter().map(|i| i.name.as_str()).collect();
    let missing: Vec<&String> = names
        .iter()
        .filter(|n| !seen.contains(n.as_str()))
        .collect();
    check!(
        missing.is_empty(),
        "the jail does not see the host's interfaces {missing:?}: its vnet is not inherited"
    );
    Ok(())
}

/// The jail's names are `hostname` and `domainname`.
pub fn identity(r: &IdentityReport, hostname: &str, domainname: &str) -> CaseResult {
    check_eq!(r.hostname.as_str(), hostname, "hostname inside the jail");
    check_eq!(
        r.domainname.as_str(),
        domainname,
        "domainname inside the jail"
    );
    Ok(())
}

/// Which SysV kinds a `sysv` report says could be created, by name.
pub fn sysv_allowed(r: &SysvReport, kind: &str, want: bool) -> CaseResult {
    let a: &IpcAttempt = match kind {
        "sysvmsg" => &r.msg,
        "sysvsem" => &r.sem,
        _ => &r.shm,
    };
    check!(
        a.ok == want,
        "{kind}: creating an IPC object inside the jail {} (errno {:?})",
        if a.ok {
            "worked, but must be refused"
        } else {
            "failed, but must work"
        },
        a.errno
    );
    Ok(())
}

/// `path` exists in the jail, with `mode` when given.
pub fn path_present(r: &PathsReport, path: &str, mode: Option<u32>) -> CaseResult {
    let e = r.entries.iter().find(|e| e.path == path);
    check!(
        e.is_some_and(|e| e.exists),
        "{path} is missing inside the jail"
    );
    if let (Some(want), Some(e)) = (mode, e) {
        check_eq!(
            e.mode.map(|m| format!("{m:o}")),
            Some(format!("{want:o}")),
            "mode of {path}"
        );
    }
    Ok(())
}

/// `path` does not exist in the jail.
pub fn path_absent(r: &PathsReport, path: &str) -> CaseResult {
    let e = r.entries.iter().find(|e| e.path == path);
    check!(
        e.is_some_and(|e| !e.exists),
        "{path} is visible inside the jail but must be hidden"
    );
    Ok(())
}

/// `jls -j JID` found the jail (`exists`) as the lifecycle step requires (`want`).
pub fn jail_exists(exists: bool, want: bool, jid: &str, when: &str) -> CaseResult {
    check!(
        exists == want,
        "jail {jid} {} {when}",
        if exists { "still exists" } else { "is gone" }
    );
    Ok(())
}

/// The last mount at `target` has type `fstype`.
pub fn mount_type(r: &MountsReport, target: &str, fstype: &str) -> CaseResult {
    let m = r.mounts.iter().rev().find(|m| m.target == target);
    check_eq!(
        m.map(|m| m.fstype.as_str()),
        Some(fstype),
        "type of the mount at {target}"
    );
    Ok(())
}

/// A write was refused with `errno` (a read-only or full filesystem).
pub fn write_refused(w: &WriteReport, errno: i32) -> CaseResult {
    check!(
        !w.ok,
        "the write to {} succeeded but must be refused",
        w.path
    );
    check_eq!(
        w.errno,
        Some(errno),
        "errno of the refused write to {}",
        w.path
    );
    Ok(())
}

/// procfs shows the reading process: /proc/curproc/status names the helper.
pub fn proc_status_of_helper(status: &str) -> CaseResult {
    check!(
        status.starts_with(integ_inside::HELPER_NAME),
        "/proc/curproc/status does not describe the helper: {status:.200}"
    );
    Ok(())
}

/// The host interface carries the alias `addr` (`want`) or not.
pub fn alias_on_host(host_addresses: &[String], addr: &str, want: bool, when: &str) -> CaseResult {
    check!(
        host_addresses.iter().any(|a| a == addr) == want,
        "{when} the alias {addr} is {} the interface: {host_addresses:?}",
        if want { "missing from" } else { "still on" }
    );
    Ok(())
}

/// The jail's own vnet holds `inside` and not the host's `outside`.
pub fn vnet_holds(r: &NetworkReport, inside: &str, outside: &str) -> CaseResult {
    let seen: Vec<&str> = r.interfaces.iter().map(|i| i.name.as_str()).collect();
    check!(
        seen.contains(&inside),
        "the jail's vnet does not hold {inside}: it sees {seen:?}"
    );
    check!(
        !seen.contains(&outside),
        "the jail sees the host's {outside}: its vnet is not its own"
    );
    Ok(())
}

#[cfg(test)]
#[path = "checks_tests.rs"]
mod tests;
