//! The one rule for finding the program to run (execvp(3) semantics), used by
//! both backends: `args[0]` itself when it holds a '/', else each directory of
//! the configured environment's `PATH` in order — the first `PATH=` entry, as
//! getenv(3) finds it — or of [`DEFAULT_PATH`] when there is none; an empty
//! entry is the current directory. The search goes on past entries that are
//! missing or not accessible, as execvp does.

/// `PATH` when `process.env` has none (FreeBSD's `_PATH_DEFPATH`; glibc uses
/// the same directories).
pub const DEFAULT_PATH: &str = "/usr/bin:/bin";

/// Where execve(2) looks for `arg0`, in order.
pub fn candidates(arg0: &str, env: &[String]) -> Vec<String> {
    if arg0.contains('/') {
        return vec![arg0.to_string()];
    }
    let path = env
        .iter()
        .find_map(|e| e.strip_prefix("PATH="))
        .unwrap_or(DEFAULT_PATH);
    path.split(':')
        .map(|dir| if dir.is_empty() { "." } else { dir })
        .map(|dir| format!("{}/{arg0}", dir.trim_end_matches('/')))
        .collect()
}

/// Whether an execve(2) failure with `errno` lets the search go on to the next
/// candidate (and which errno to report if none is left), as execvp does.
pub fn keep_searching(errno: i32) -> bool {
    matches!(errno, libc::ENOENT | libc::ENOTDIR | libc::EACCES)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn searches_path_like_execvp() {
        let env = vec!["PATH=/usr/local/bin:/bin/".to_string()];
        assert_eq!(candidates("sh", &env), ["/usr/local/bin/sh", "/bin/sh"]);
        assert_eq!(candidates("/bin/sh", &env), ["/bin/sh"]);
        assert_eq!(candidates("./sh", &env), ["./sh"]);
        assert_eq!(candidates("sh", &[]), ["/usr/bin/sh", "/bin/sh"]);
        assert_eq!(candidates("sh", &["PATH=:/x".into()]), ["./sh", "/x/sh"]);
    }

    #[test]
    fn the_first_path_entry_wins() {
        let env = vec!["PATH=/a".to_string(), "PATH=/b".to_string()];
        assert_eq!(candidates("sh", &env), ["/a/sh"]);
    }
}
