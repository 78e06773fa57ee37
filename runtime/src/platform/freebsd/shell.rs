//! Quoting arguments so that a printed command line can be pasted into sh(1).

/// `arg` as sh(1) reads it: bare when it holds only safe characters,
/// otherwise in single quotes.
pub fn quote(arg: &str) -> String {
    let safe = |c: char| c.is_ascii_alphanumeric() || "-_./:=,@%+^".contains(c);
    if !arg.is_empty() && arg.chars().all(safe) {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

/// `argv` as one command line.
pub fn join<S: AsRef<str>>(argv: &[S]) -> String {
    argv.iter()
        .map(|a| quote(a.as_ref()))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_needs_it() {
        assert_eq!(quote("host.hostname=web1"), "host.hostname=web1");
        assert_eq!(
            quote("ip6.addr=fd00::1,fd00::2"),
            "ip6.addr=fd00::1,fd00::2"
        );
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), r"'it'\''s'");
        assert_eq!(quote(""), "''");
        assert_eq!(
            join(&["mount", "-t", "tmpfs", "x y"]),
            "mount -t tmpfs 'x y'"
        );
    }
}
