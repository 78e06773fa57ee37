//! Parsing of Linux `/proc/self/mountinfo` (see proc_pid_mountinfo(5)).

use integ_inside::MountEntry;

/// Parses the whole file; malformed lines are reported with their line number.
pub fn parse(text: &str) -> Result<Vec<MountEntry>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(i, line)| {
            parse_line(line).ok_or_else(|| format!("line {}: malformed: {line:?}", i + 1))
        })
        .collect()
}

/// Parses one line:
/// `36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue`.
///
/// Options are the per-mount ones followed by the superblock's, without repeating
/// any, and without the superblock's `ro`/`rw` (a read-only bind mount of a
/// read-write filesystem is read-only, and must not also say `rw`).
pub fn parse_line(line: &str) -> Option<MountEntry> {
    let fields: Vec<&str> = line.split(' ').collect();
    let separator = fields.iter().position(|&f| f == "-")?;
    if separator < 6 {
        return None;
    }
    let target = unescape(fields[4]);
    let mut options: Vec<String> = split_options(fields[5]);
    let fstype = unescape(fields.get(separator + 1)?);
    let source = unescape(fields.get(separator + 2)?);
    if let Some(superoptions) = fields.get(separator + 3) {
        for option in split_options(superoptions) {
            if option != "ro" && option != "rw" && !options.contains(&option) {
                options.push(option);
            }
        }
    }
    Some(MountEntry {
        source,
        target,
        fstype,
        options,
    })
}

fn split_options(field: &str) -> Vec<String> {
    field
        .split(',')
        .filter(|o| !o.is_empty())
        .map(unescape)
        .collect()
}

/// Undoes the kernel's octal escapes (`\040` space, `\011` tab, `\012` newline,
/// `\134` backslash); anything else is kept as is.
pub fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\\' {
            if let Some(value) = bytes.get(i + 1..i + 4).and_then(octal) {
                out.push(value);
                i += 4;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Three octal digits as a byte (at most `\377`).
fn octal(digits: &[u8]) -> Option<u8> {
    digits.iter().try_fold(0u8, |acc, &d| {
        if !(b'0'..=b'7').contains(&d) {
            return None;
        }
        acc.checked_mul(8)?.checked_add(d - b'0')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_octal() {
        assert_eq!(unescape(r"/mnt/a\040b"), "/mnt/a b");
        assert_eq!(unescape(r"tab\011nl\012bs\134"), "tab\tnl\nbs\\");
        assert_eq!(unescape(r"no\escape\04"), r"no\escape\04");
        assert_eq!(unescape(r"\400"), r"\400");
    }

    #[test]
    fn parses_line_with_optional_fields() {
        let m = parse_line(
            "36 35 98:0 /mnt1 /mnt\\0402 rw,noatime master:1 shared:2 - ext3 /dev/root rw,errors=continue",
        )
        .expect("parses");
        assert_eq!(m.target, "/mnt 2");
        assert_eq!(m.source, "/dev/root");
        assert_eq!(m.fstype, "ext3");
        assert_eq!(m.options, ["rw", "noatime", "errors=continue"]);
    }

    #[test]
    fn read_only_bind_of_rw_filesystem_is_only_ro() {
        let m = parse_line("50 1 8:1 /data /ro ro,nosuid - ext4 /dev/sda1 rw,relatime")
            .expect("parses");
        assert_eq!(m.options, ["ro", "nosuid", "relatime"]);
    }

    #[test]
    fn parses_line_without_optional_fields() {
        let m =
            parse_line("22 1 0:21 / /proc rw,nosuid,nodev,noexec - proc proc rw").expect("parses");
        assert_eq!(m.target, "/proc");
        assert_eq!(m.options, ["rw", "nosuid", "nodev", "noexec"]);
    }

    #[test]
    fn rejects_malformed() {
        assert!(parse_line("garbage").is_none());
        assert!(parse_line("1 2 3 - x").is_none());
        let err = parse("22 1 0:21 / /proc rw - proc proc rw\nbad line\n").expect_err("bad");
        assert!(err.starts_with("line 2:"), "{err}");
    }

    #[test]
    fn parses_file_skipping_blank_lines() {
        let all =
            parse("22 1 0:21 / /proc rw - proc proc rw\n\n23 1 0:5 / /dev rw - devtmpfs udev rw\n")
                .expect("parses");
        assert_eq!(all.len(), 2);
        assert_eq!(all[1].target, "/dev");
    }
}
