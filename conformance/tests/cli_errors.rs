//! Bad input to jailcheck itself: one clear line, exit status 2, no panic.

use std::process::Command;

fn jailcheck(args: &[&str]) -> (Option<i32>, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_jailcheck"))
        .args(args)
        .output()
        .expect("run jailcheck");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn missing_runtime_path() {
    let (code, err) = jailcheck(&["--runtime", "/usr/local/bin/ocijal"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        err.trim(),
        "jailcheck: --runtime /usr/local/bin/ocijal: no such file"
    );
}

#[test]
fn runtime_name_not_in_path() {
    let (code, err) = jailcheck(&["--runtime", "no-such-runtime-xyz"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("no-such-runtime-xyz: not found in PATH"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn unknown_requirement_id() {
    let (code, err) = jailcheck(&["--runtime", "/bin/true", "--requirement", "no_such_req"]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("--requirement no_such_req: unknown requirement ID"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn unreadable_expectations_file() {
    let (code, err) = jailcheck(&[
        "--runtime",
        "/bin/true",
        "--helper",
        "/bin/true",
        "--expectations",
        "/nonexistent/expect.txt",
    ]);
    assert_eq!(code, Some(2));
    assert!(err.contains("/nonexistent/expect.txt"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn missing_runtime_flag() {
    let (code, err) = jailcheck(&[]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--runtime"), "{err}");
}

#[test]
fn list_requirements_names_levels_and_tests() {
    let out = Command::new(env!("CARGO_BIN_EXE_jailcheck"))
        .arg("--list-requirements")
        .output()
        .expect("run jailcheck");
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("process_env"));
    assert!(text.contains("config.md#process"));
    assert!(text.contains("process::env_exact"));
    assert!(text.contains("MUSTs without a test"));
}
