//! Finding the `integ-inside` helper and checking that it can run in an empty root.

use std::path::{Path, PathBuf};

/// Where to look for the helper when `--helper` is not given: `$JAILCHECK_HELPER`,
/// then `target/integ-inside` relative to this executable (what `make integ-inside`
/// writes), then beside this executable.
pub fn candidates() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(p) = std::env::var_os("JAILCHECK_HELPER") {
        out.push(PathBuf::from(p));
    }
    if let Ok(exe) = std::env::current_exe() {
        if let Some(dir) = exe.parent() {
            out.push(dir.join("../integ-inside"));
            out.push(dir.join("../../integ-inside"));
            out.push(dir.join("integ-inside"));
        }
    }
    out
}

/// Checks the helper exists and is statically linked (no ELF interpreter), since it
/// runs in a root filesystem that holds nothing else.
pub fn check(path: &Path) -> Result<PathBuf, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    if elf_interpreter(&bytes) {
        return Err(format!(
            "{} is dynamically linked; build the static helper with `make integ-inside`",
            path.display()
        ));
    }
    std::fs::canonicalize(path).map_err(|e| format!("{}: {e}", path.display()))
}

/// True when a 64-bit little-endian ELF image has a PT_INTERP program header.
fn elf_interpreter(b: &[u8]) -> bool {
    let u16_at = |o: usize| {
        b.get(o..o + 2)
            .map(|s| u16::from_le_bytes([s[0], s[1]]) as usize)
    };
    let u32_at = |o: usize| {
        b.get(o..o + 4)
            .map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    };
    let u64_at = |o: usize| {
        b.get(o..o + 8).map(|s| {
            s.iter()
                .rev()
                .fold(0u64, |acc, x| (acc << 8) | u64::from(*x)) as usize
        })
    };
    if b.get(0..4) != Some(b"\x7fELF") || b.get(4) != Some(&2) {
        return false;
    }
    let (Some(phoff), Some(phentsize), Some(phnum)) = (u64_at(0x20), u16_at(0x36), u16_at(0x38))
    else {
        return false;
    };
    (0..phnum).any(|i| u32_at(phoff + i * phentsize) == Some(3))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dynamic_system_binary_has_an_interpreter() {
        let bytes = std::fs::read("/bin/sh").expect("read /bin/sh");
        assert!(elf_interpreter(&bytes));
        assert!(!elf_interpreter(b"not an elf"));
    }
}
