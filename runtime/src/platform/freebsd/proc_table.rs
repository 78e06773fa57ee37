//! `ps` of a jail: the host PIDs of its processes, read from the kernel's
//! process table (sysctl `kern.proc.proc`, an array of `struct kinfo_proc`).
//!
//! Only the sysctl call and the field offsets are FreeBSD-only
//! (`sys_freebsd::jail_pids`); walking the table is here, pure, so it is tested
//! on any host. Each record starts with its own size (`ki_structsize`), which
//! is how the kernel lets a reader step over fields it does not know.

use thiserror::Error;

/// Where the fields read here are in a `struct kinfo_proc` record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layout {
    /// Offset of `ki_pid`.
    pub pid: usize,
    /// Offset of `ki_jid`.
    pub jid: usize,
}

/// Why the table could not be read.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TableError {
    #[error("process table: record at byte {at} has size {size}, too small for ki_pid and ki_jid")]
    RecordTooSmall { at: usize, size: usize },
    #[error("process table: record at byte {at} of size {size} runs past the end ({len} bytes)")]
    Truncated { at: usize, size: usize, len: usize },
}

/// `jid` and the jids of every jail below it, from `jls jid parent` (one line
/// per jail the caller can see, all its descendants included, each with the
/// jid of its parent, 0 for the caller's own jail: sys/kern/kern_jail.c,
/// kern_jail_get `lastjid` and `parent`). A process in a child jail is still
/// the container's: `kill --all`'s kill(-1) reaches it (kern_sig.c killpg1,
/// prison_check allows descendants) and `delete` removes the child jail.
pub fn with_descendants(jid: i32, jls: &str) -> Result<Vec<i32>, String> {
    let mut pairs = Vec::new();
    for line in jls.lines().filter(|l| !l.trim().is_empty()) {
        let nums: Vec<i32> = line
            .split_whitespace()
            .map(str::parse)
            .collect::<Result<_, _>>()
            .map_err(|_| format!("jls printed {line:?}, not a jid and a parent jid"))?;
        let [child, parent] = nums[..] else {
            return Err(format!("jls printed {line:?}, not a jid and a parent jid"));
        };
        pairs.push((child, parent));
    }
    let mut out = vec![jid];
    let mut i = 0;
    while i < out.len() {
        let parent = out[i];
        let children: Vec<i32> = pairs
            .iter()
            .filter(|(c, p)| *p == parent && !out.contains(c))
            .map(|(c, _)| *c)
            .collect();
        out.extend(children);
        i += 1;
    }
    Ok(out)
}

/// The PIDs of the processes of the jails `jids` in `table`, in table order.
pub fn pids_in_jails(table: &[u8], layout: Layout, jids: &[i32]) -> Result<Vec<i32>, TableError> {
    let need = layout.pid.max(layout.jid) + 4;
    let mut pids = Vec::new();
    let mut at = 0;
    while at < table.len() {
        let size = int_at(table, at).map_or(0, |s| usize::try_from(s).unwrap_or(0));
        if size < need.max(4) {
            return Err(TableError::RecordTooSmall { at, size });
        }
        let Some(record) = table.get(at..at + size) else {
            return Err(TableError::Truncated {
                at,
                size,
                len: table.len(),
            });
        };
        // Both fields are inside `record`: `size >= need` was checked.
        if int_at(record, layout.jid).is_some_and(|j| jids.contains(&j)) {
            pids.extend(int_at(record, layout.pid));
        }
        at += size;
    }
    Ok(pids)
}

/// The native-endian C `int` at `offset`, if the bytes are there.
fn int_at(bytes: &[u8], offset: usize) -> Option<i32> {
    let b = bytes.get(offset..offset + 4)?;
    Some(i32::from_ne_bytes([b[0], b[1], b[2], b[3]]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const LAYOUT: Layout = Layout { pid: 8, jid: 16 };

    /// A record of `size` bytes with the given pid and jid.
    fn record(size: i32, pid: i32, jid: i32) -> Vec<u8> {
        let mut r = vec![0u8; size as usize];
        r[0..4].copy_from_slice(&size.to_ne_bytes());
        r[8..12].copy_from_slice(&pid.to_ne_bytes());
        r[16..20].copy_from_slice(&jid.to_ne_bytes());
        r
    }

    #[test]
    fn picks_the_processes_of_one_jail() {
        let table: Vec<u8> = [record(24, 1, 0), record(24, 812, 7), record(24, 813, 7)]
            .concat()
            .into_iter()
            .chain(record(32, 900, 8))
            .collect();
        assert_eq!(pids_in_jails(&table, LAYOUT, &[7]), Ok(vec![812, 813]));
        assert_eq!(pids_in_jails(&table, LAYOUT, &[8]), Ok(vec![900]));
        assert_eq!(pids_in_jails(&table, LAYOUT, &[9]), Ok(vec![]));
        assert_eq!(pids_in_jails(&[], LAYOUT, &[7]), Ok(vec![]));
        assert_eq!(
            pids_in_jails(&table, LAYOUT, &[7, 8]),
            Ok(vec![812, 813, 900])
        );
    }

    #[test]
    fn a_jail_comes_with_every_jail_below_it() {
        let jls = "7 0\n8 7\n9 8\n10 0\n11 10\n";
        assert_eq!(with_descendants(7, jls), Ok(vec![7, 8, 9]));
        assert_eq!(with_descendants(10, jls), Ok(vec![10, 11]));
        assert_eq!(with_descendants(9, jls), Ok(vec![9]));
        assert_eq!(with_descendants(7, ""), Ok(vec![7]));
        assert!(with_descendants(7, "7\n").is_err());
        assert!(with_descendants(7, "a b\n").is_err());
    }

    #[test]
    fn a_malformed_table_is_an_error_not_a_loop() {
        let mut zero = record(24, 5, 7);
        zero[0..4].copy_from_slice(&0i32.to_ne_bytes());
        assert_eq!(
            pids_in_jails(&zero, LAYOUT, &[7]),
            Err(TableError::RecordTooSmall { at: 0, size: 0 })
        );
        let short = record(24, 5, 7);
        assert_eq!(
            pids_in_jails(&short[..20], LAYOUT, &[7]),
            Err(TableError::Truncated {
                at: 0,
                size: 24,
                len: 20
            })
        );
        let mut tail = record(24, 5, 7);
        tail.extend([1, 2]);
        assert!(matches!(
            pids_in_jails(&tail, LAYOUT, &[7]),
            Err(TableError::RecordTooSmall { at: 24, .. })
        ));
    }
}
