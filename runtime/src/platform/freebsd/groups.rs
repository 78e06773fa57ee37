//! The container process's group list on FreeBSD, whichever setgroups(2) the
//! binary was linked against.
//!
//! Up to FreeBSD 14, setgroups(2) sets the whole `cr_groups` array and its
//! first entry is the effective gid (sys/kern/kern_prot.c, kern_setgroups and
//! crsetgroups_locked; setgroups(0) keeps one entry, the egid). FreeBSD 15
//! changed the system call to set only the supplementary groups (kept apart
//! from `cr_gid`); the old form survives as `freebsd14_setgroups`, which
//! drops the first entry into `cr_gid` (kern_prot.c under COMPAT_FREEBSD14).
//! Which of the two a call reaches depends on the libc symbol the binary was
//! linked against, not on the running kernel, so `kern.osreldate` cannot
//! tell. The process therefore asks: after `setgroups(0, NULL)` the old
//! getgroups(2) still returns the egid and the new one returns nothing. The
//! list is chosen for that answer, and the result is read back with
//! getgroups(2) and getegid(2); a mismatch is an error, never a silently
//! wrong group list.

use std::collections::BTreeSet;

/// How this binary's setgroups(2)/getgroups(2) treat the first entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupsAbi {
    /// FreeBSD 14 and before: entry 0 is the effective gid.
    EgidFirst,
    /// FreeBSD 15: the list is the supplementary groups only.
    SupplementaryOnly,
}

/// The ABI, from what getgroups(2) returned right after `setgroups(0, NULL)`.
pub fn abi_after_empty_setgroups(got: &[u32]) -> Result<GroupsAbi, String> {
    match got.len() {
        0 => Ok(GroupsAbi::SupplementaryOnly),
        1 => Ok(GroupsAbi::EgidFirst),
        n => Err(format!(
            "getgroups returned {n} groups after setgroups(0): neither the FreeBSD 14 nor the FreeBSD 15 behaviour"
        )),
    }
}

/// The list to pass to setgroups(2) so that the supplementary groups are
/// `additional` (called after setresgid(2) has set `gid`).
pub fn setgroups_list(abi: GroupsAbi, gid: u32, additional: &[u32]) -> Vec<u32> {
    match abi {
        GroupsAbi::EgidFirst => {
            let mut list = vec![gid];
            list.extend(additional.iter().filter(|g| **g != gid));
            list
        }
        GroupsAbi::SupplementaryOnly => additional.to_vec(),
    }
}

/// Checks what getgroups(2) and getegid(2) return against what was asked.
pub fn check(
    abi: GroupsAbi,
    gid: u32,
    additional: &[u32],
    got: &[u32],
    egid: u32,
) -> Result<(), String> {
    let want: BTreeSet<u32> = additional.iter().copied().collect();
    let (first_ok, rest): (bool, BTreeSet<u32>) = match abi {
        GroupsAbi::EgidFirst => (
            got.first() == Some(&gid),
            got.iter().skip(1).copied().collect(),
        ),
        GroupsAbi::SupplementaryOnly => (true, got.iter().copied().collect()),
    };
    let rest_ok = match abi {
        // Entry 0 is the egid: a gid also listed in additionalGids stays there.
        GroupsAbi::EgidFirst => {
            rest.iter().chain([&gid]).copied().collect::<BTreeSet<_>>()
                == want.iter().chain([&gid]).copied().collect()
        }
        GroupsAbi::SupplementaryOnly => rest == want,
    };
    if egid != gid || !first_ok || !rest_ok {
        return Err(format!(
            "the group list did not take: asked gid {gid} with additional gids {additional:?}, got egid {egid} and groups {got:?} ({abi:?})"
        ));
    }
    Ok(())
}

/// Probes the ABI, sets the groups and checks them (after setresgid(2)).
pub fn apply(gid: u32, additional: &[u32]) -> Result<(), String> {
    use nix::unistd::{getegid, getgroups, setgroups, Gid};
    let raw = |g: Vec<Gid>| g.into_iter().map(Gid::as_raw).collect::<Vec<u32>>();
    let errno = |what: &str, e: nix::errno::Errno| format!("{what}: {}", e.desc());
    setgroups(&[]).map_err(|e| errno("setgroups(0)", e))?;
    let probe = raw(getgroups().map_err(|e| errno("getgroups", e))?);
    let abi = abi_after_empty_setgroups(&probe)?;
    let list: Vec<Gid> = setgroups_list(abi, gid, additional)
        .into_iter()
        .map(Gid::from_raw)
        .collect();
    setgroups(&list).map_err(|e| errno("setgroups", e))?;
    let got = raw(getgroups().map_err(|e| errno("getgroups", e))?);
    check(abi, gid, additional, &got, getegid().as_raw())
}

#[cfg(test)]
mod tests {
    use super::*;
    use GroupsAbi::*;

    #[test]
    fn the_probe_tells_the_two_setgroups_apart() {
        assert_eq!(abi_after_empty_setgroups(&[]), Ok(SupplementaryOnly));
        assert_eq!(abi_after_empty_setgroups(&[0]), Ok(EgidFirst));
        assert!(abi_after_empty_setgroups(&[0, 5]).is_err());
    }

    #[test]
    fn freebsd_14_takes_the_gid_first_and_15_the_additional_gids_only() {
        assert_eq!(setgroups_list(EgidFirst, 100, &[5, 100, 7]), [100, 5, 7]);
        assert_eq!(setgroups_list(EgidFirst, 100, &[]), [100]);
        assert_eq!(
            setgroups_list(SupplementaryOnly, 100, &[5, 100, 7]),
            [5, 100, 7]
        );
        assert!(setgroups_list(SupplementaryOnly, 100, &[]).is_empty());
    }

    #[test]
    fn a_group_list_that_did_not_take_is_an_error() {
        assert_eq!(check(EgidFirst, 100, &[5, 7], &[100, 5, 7], 100), Ok(()));
        assert_eq!(check(EgidFirst, 100, &[100, 5], &[100, 5], 100), Ok(()));
        assert_eq!(check(SupplementaryOnly, 100, &[7, 5], &[5, 7], 100), Ok(()));
        // FreeBSD 15 given the 14 form: the gid became a supplementary group.
        assert!(check(SupplementaryOnly, 100, &[5], &[5, 100], 100).is_err());
        // FreeBSD 14 given the 15 form: the first additional gid became the egid.
        assert!(check(EgidFirst, 100, &[5, 7], &[5, 7], 5).is_err());
        assert!(check(EgidFirst, 100, &[5], &[100], 100).is_err());
        let e = check(SupplementaryOnly, 100, &[], &[], 0).expect_err("egid 0");
        assert!(e.contains("got egid 0"), "{e}");
    }
}
