//! Comparing an environment with the configured one (config.md#process `env`,
//! config.md#posix-platform-hooks `env`: "the same semantics as environ").
//!
//! The spec's MUST is that the configured variables are what the program sees: a
//! missing or altered one is a failure. It says nothing about variables a runtime
//! adds (runc adds HOME) and environ gives order no meaning, so extras and order are
//! checked as a SHOULD at most, and the message says so.

use crate::catalogue::ReqId;

use std::collections::BTreeMap;

use crate::harness::{CaseResult, Verdict};

/// MUST: every configured `NAME=value` is in `got` with that value.
pub fn configured_present(got: &[String], want: &[String], what: &str) -> CaseResult {
    let seen = by_name(got);
    let mut wrong = Vec::new();
    for (name, value) in by_name(want) {
        match seen.get(name) {
            None => wrong.push(format!("{name} missing")),
            Some(v) if *v != value => wrong.push(format!("{name}={v:?}, configured {value:?}")),
            Some(_) => {}
        }
    }
    if wrong.is_empty() {
        return Ok(());
    }
    Err(Verdict::Fail(format!(
        "environment of {what}: {} (got {got:?}, configured {want:?})",
        wrong.join(", ")
    )))
}

/// SHOULD (as `requirement`): nothing beyond the configured variables, in their
/// order. Call after [`configured_present`].
pub fn exactly(got: &[String], want: &[String], what: &str, requirement: ReqId) -> CaseResult {
    let wanted = by_name(want);
    let extra: Vec<&String> = got
        .iter()
        .filter(|kv| !wanted.contains_key(name_of(kv)))
        .collect();
    let why = if !extra.is_empty() {
        format!("added variables {extra:?}")
    } else if got != want {
        format!("order changed: got {got:?}, configured {want:?}")
    } else {
        return Ok(());
    };
    Err(Verdict::Broke {
        requirement,
        message: format!(
            "environment of {what}: {why} (only a SHOULD: the spec gives environ no rule \
             for added variables or order)"
        ),
    })
}

fn name_of(kv: &str) -> &str {
    kv.split_once('=').map_or(kv, |(n, _)| n)
}

/// NAME → value; a later duplicate wins, as getenv sees it in glibc and FreeBSD libc
/// (the first match). Keep the first.
fn by_name(env: &[String]) -> BTreeMap<&str, &str> {
    let mut map = BTreeMap::new();
    for kv in env {
        let (n, v) = kv.split_once('=').unwrap_or((kv, ""));
        map.entry(n).or_insert(v);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::req;

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn missing_or_altered_variables_fail_the_must() {
        let want = v(&["A=1", "B=x=y", "EMPTY="]);
        assert!(configured_present(&v(&["A=1", "B=x=y", "EMPTY="]), &want, "p").is_ok());
        let missing = configured_present(&v(&["A=1", "EMPTY="]), &want, "p").unwrap_err();
        assert!(
            matches!(&missing, Verdict::Fail(m) if m.contains("B missing")),
            "{missing:?}"
        );
        let altered = configured_present(&v(&["A=2", "B=x=y", "EMPTY="]), &want, "p");
        assert!(matches!(altered, Err(Verdict::Fail(m)) if m.contains("A=\"2\"")));
    }

    #[test]
    fn extras_and_order_pass_the_must_and_are_only_a_should() {
        let want = v(&["A=1", "B=2"]);
        let got = v(&["B=2", "HOME=/", "A=1"]);
        assert!(configured_present(&got, &want, "p").is_ok());
        match exactly(&got, &want, "p", req::PROCESS_ENV_EXACT) {
            Err(Verdict::Broke {
                requirement,
                message,
            }) => {
                assert_eq!(requirement, req::PROCESS_ENV_EXACT);
                assert!(
                    message.contains("HOME=/") && message.contains("SHOULD"),
                    "{message}"
                );
            }
            other => panic!("{other:?}"),
        }
        let reordered = exactly(&v(&["B=2", "A=1"]), &want, "p", req::PROCESS_ENV_EXACT);
        assert!(
            matches!(reordered, Err(Verdict::Broke { message, .. }) if message.contains("order"))
        );
        assert!(exactly(&want, &want, "p", req::PROCESS_ENV_EXACT).is_ok());
    }
}
