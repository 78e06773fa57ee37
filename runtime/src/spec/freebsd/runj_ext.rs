//! runj's `runj.ext.json`: network settings kept beside config.json, for tools
//! that write a config.json without a `freebsd` section.
//!
//! ```json
//! {"network": {"ipv4": {"mode": "new", "addr": ["10.0.0.1"]},
//!              "vnet": {"mode": "new", "interfaces": ["epair0b"]}}}
//! ```
//!
//! | runj.ext.json            | freebsd.jail     |
//! |--------------------------|------------------|
//! | `network.ipv4.mode`      | `ip4`            |
//! | `network.ipv4.addr`      | `ip4Addr`        |
//! | `network.vnet.mode`      | `vnet`           |
//! | `network.vnet.interfaces`| `vnetInterfaces` |
//!
//! Merge rule, field by field: a field set in only one file is taken from that
//! file; a field set in both must have the same value in both, otherwise the
//! bundle is refused with an error naming both fields. (runj lets the extension
//! file override modes and appends its lists; jailrun refuses to guess which of
//! two different answers was meant.) An empty list counts as unset.

use super::de;
use super::error::ConfigError;
use super::model::{Jail, Sharing};
use crate::spec::schema::Object;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::net::Ipv4Addr;

/// The contents of runj.ext.json, flattened.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunjExt {
    pub ipv4_mode: Option<Sharing>,
    pub ipv4_addr: Vec<Ipv4Addr>,
    pub vnet_mode: Option<Sharing>,
    pub vnet_interfaces: Vec<String>,
}

/// runj.ext.json as written.
#[derive(Deserialize)]
struct File {
    #[serde(default, deserialize_with = "de::object")]
    network: Network,
}

#[derive(Default, Deserialize)]
struct Network {
    #[serde(default, deserialize_with = "de::object")]
    ipv4: Ipv4,
    #[serde(default, deserialize_with = "de::object")]
    vnet: Vnet,
}

#[derive(Default, Deserialize)]
struct Ipv4 {
    #[serde(default, deserialize_with = "de::sharing")]
    mode: Option<Sharing>,
    #[serde(default, deserialize_with = "de::addrs")]
    addr: Vec<Ipv4Addr>,
}

#[derive(Default, Deserialize)]
struct Vnet {
    #[serde(default, deserialize_with = "de::sharing_no_disable")]
    mode: Option<Sharing>,
    #[serde(default, deserialize_with = "de::or_default")]
    interfaces: Vec<String>,
}

/// Parses runj.ext.json's text.
pub fn parse(text: &str) -> Result<RunjExt, ConfigError> {
    // runj.ext.json's text (a file of its own, beside config.json).
    #[allow(clippy::disallowed_methods)]
    let doc: Value = serde_json::from_str(text)
        .map_err(|e| ConfigError::runj_ext("", format!("malformed JSON: {e}")))?;
    // runj.ext.json's JSON, read just above.
    #[allow(clippy::disallowed_methods)]
    let file: Object<File> = serde_path_to_error::deserialize(doc).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." { String::new() } else { path };
        ConfigError::runj_ext(field, e.into_inner().to_string())
    })?;
    let Network { ipv4, vnet } = file.0.network;
    Ok(RunjExt {
        ipv4_mode: ipv4.mode,
        ipv4_addr: ipv4.addr,
        vnet_mode: vnet.mode,
        vnet_interfaces: vnet.interfaces,
    })
}

/// Merges `ext` into `jail` by the rule in the module documentation.
pub fn merge(jail: &mut Jail, ext: RunjExt) -> Result<(), ConfigError> {
    one(&mut jail.ip4, ext.ipv4_mode, "network.ipv4.mode", "ip4")?;
    list(
        &mut jail.ip4_addr,
        ext.ipv4_addr,
        "network.ipv4.addr",
        "ip4Addr",
    )?;
    one(&mut jail.vnet, ext.vnet_mode, "network.vnet.mode", "vnet")?;
    list(
        &mut jail.vnet_interfaces,
        ext.vnet_interfaces,
        "network.vnet.interfaces",
        "vnetInterfaces",
    )
}

fn one<T: PartialEq + Serialize>(
    ours: &mut Option<T>,
    theirs: Option<T>,
    ext_field: &str,
    field: &str,
) -> Result<(), ConfigError> {
    match (ours.as_ref(), theirs) {
        (_, None) => Ok(()),
        (None, t) => {
            *ours = t;
            Ok(())
        }
        (Some(o), Some(t)) if *o == t => Ok(()),
        (Some(o), Some(t)) => Err(conflict(ext_field, field, &t, o)),
    }
}

fn list<T: PartialEq + Serialize>(
    ours: &mut Vec<T>,
    theirs: Vec<T>,
    ext_field: &str,
    field: &str,
) -> Result<(), ConfigError> {
    if theirs.is_empty() || *ours == theirs {
        return Ok(());
    }
    if ours.is_empty() {
        *ours = theirs;
        return Ok(());
    }
    Err(conflict(ext_field, field, &theirs, ours))
}

fn conflict<T: Serialize>(ext_field: &str, field: &str, theirs: &T, ours: &T) -> ConfigError {
    let json = |v: &T| serde_json::to_string(v).unwrap_or_default();
    ConfigError::runj_ext(
        ext_field,
        format!(
            "{} conflicts with config.json freebsd.jail.{field} {}",
            json(theirs),
            json(ours)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_field() {
        let ext = parse(
            r#"{"network": {"ipv4": {"mode": "new", "addr": ["10.0.0.1"]},
                "vnet": {"mode": "new", "interfaces": ["epair0b"]}}}"#,
        );
        assert_eq!(
            ext,
            Ok(RunjExt {
                ipv4_mode: Some(Sharing::New),
                ipv4_addr: vec![Ipv4Addr::new(10, 0, 0, 1)],
                vnet_mode: Some(Sharing::New),
                vnet_interfaces: vec!["epair0b".into()],
            })
        );
        assert_eq!(parse("{}"), Ok(RunjExt::default()));
    }

    #[test]
    fn names_bad_fields() {
        let e = parse(r#"{"network": {"vnet": {"mode": "disable"}}}"#);
        assert_eq!(
            e.map_err(|e| e.to_string()),
            Err("runj.ext.json: network.vnet.mode: \"disable\" is not allowed (\"new\" or \"inherit\")".into())
        );
        let e = parse(r#"{"network": {"ipv4": {"addr": ["nope"]}}}"#);
        assert_eq!(
            e.map_err(|e| e.to_string()),
            Err("runj.ext.json: network.ipv4.addr[0]: \"nope\" is not an IPv4 address".into())
        );
    }

    #[test]
    fn merge_takes_unset_fields_and_agrees_on_equal_ones() {
        let mut jail = Jail {
            ip4: Some(Sharing::New),
            ..Jail::default()
        };
        let ext = RunjExt {
            ipv4_mode: Some(Sharing::New),
            ipv4_addr: vec![Ipv4Addr::new(10, 0, 0, 1)],
            ..RunjExt::default()
        };
        assert_eq!(merge(&mut jail, ext), Ok(()));
        assert_eq!(jail.ip4_addr, vec![Ipv4Addr::new(10, 0, 0, 1)]);
    }

    #[test]
    fn merge_refuses_different_values() {
        let mut jail = Jail {
            ip4: Some(Sharing::New),
            vnet_interfaces: vec!["epair0b".into()],
            ..Jail::default()
        };
        let ext = RunjExt {
            ipv4_mode: Some(Sharing::Inherit),
            ..RunjExt::default()
        };
        assert_eq!(
            merge(&mut jail.clone(), ext).map_err(|e| e.to_string()),
            Err("runj.ext.json: network.ipv4.mode: \"inherit\" conflicts with config.json freebsd.jail.ip4 \"new\"".into())
        );
        let ext = RunjExt {
            vnet_interfaces: vec!["epair1b".into()],
            ..RunjExt::default()
        };
        assert_eq!(
            merge(&mut jail, ext).map_err(|e| e.to_string()),
            Err("runj.ext.json: network.vnet.interfaces: [\"epair1b\"] conflicts with config.json freebsd.jail.vnetInterfaces [\"epair0b\"]".into())
        );
    }
}
