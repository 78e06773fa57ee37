//! `linux.resources.devices` without a device cgroup (config-linux.md#allowed-device-list).
//!
//! jailrun does no cgroup work, so it cannot enforce a device list. It accepts the
//! rules whose effect it already has without one: deny rules (engines put a
//! deny-all first), and allow rules naming only the default devices, which
//! config-linux.md#default-devices says the runtime MUST supply anyway (containerd
//! allows exactly those). Any other allow rule is refused.

use serde_json::Value;

/// Character devices of config-linux.md#default-devices, as (major, minor):
/// null, zero, full, random, urandom, tty, console, ptmx; minor `None` is every
/// minor (136 is /dev/pts/*).
const DEFAULT_DEVICES: &[(i64, Option<i64>)] = &[
    (1, Some(3)),
    (1, Some(5)),
    (1, Some(7)),
    (1, Some(8)),
    (1, Some(9)),
    (5, Some(0)),
    (5, Some(1)),
    (5, Some(2)),
    (136, None),
];

/// Checks the rules; returns the index of the first rule jailrun cannot honour.
pub fn first_unsupported(rules: &[Value]) -> Option<usize> {
    rules.iter().position(|rule| !supported(rule))
}

fn supported(rule: &Value) -> bool {
    if rule.get("allow").and_then(Value::as_bool) != Some(true) {
        return true;
    }
    if rule.get("type").and_then(Value::as_str) != Some("c") {
        return false;
    }
    let major = rule.get("major").and_then(Value::as_i64);
    let minor = rule.get("minor").and_then(Value::as_i64);
    DEFAULT_DEVICES
        .iter()
        .any(|&(ma, mi)| major == Some(ma) && (mi.is_none() || minor == mi))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn containerd_default_list_is_accepted() {
        let rules = json!([
            {"allow": false, "access": "rwm"},
            {"allow": true, "type": "c", "major": 1, "minor": 3, "access": "rwm"},
            {"allow": true, "type": "c", "major": 136, "access": "rwm"},
            {"allow": true, "type": "c", "major": 5, "minor": 2, "access": "rwm"}
        ]);
        assert_eq!(first_unsupported(rules.as_array().unwrap()), None);
    }

    #[test]
    fn other_allow_rules_are_refused() {
        for (rule, why) in [
            (json!({"allow": true, "access": "rwm"}), "allow everything"),
            (
                json!({"allow": true, "type": "b", "major": 8, "minor": 0}),
                "a disk",
            ),
            (
                json!({"allow": true, "type": "c", "major": 1}),
                "every mem device",
            ),
            (
                json!({"allow": true, "type": "c", "major": 10, "minor": 200}),
                "tun",
            ),
        ] {
            let rules = [json!({"allow": false}), rule];
            assert_eq!(first_unsupported(&rules), Some(1), "{why}");
        }
    }
}
