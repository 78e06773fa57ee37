//! The jail name of a container: its ID, under its parent jail if it has one.
//!
//! jail(8) says a name "may not contain a '.'": the dot separates the levels of
//! hierarchical jails (`parent.child`). jailrun refuses container IDs with a
//! '.' rather than mapping them to another character, so that the name of a
//! container's jail is always its ID (or `<parent>.<ID>`) and two IDs can never
//! share a jail. A name made only of digits is refused too, since the kernel
//! only accepts a numeric name equal to the jail's own jid.

use crate::freebsd::MAX_HOST_NAME;
use std::fmt;
use thiserror::Error;

/// A full jail name, e.g. `web1` or `pod1.web1`.
#[derive(
    Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct JailName(String);

/// Why a container ID cannot name a jail.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NameError {
    #[error("container ID is empty")]
    Empty,
    #[error("container ID {0:?} cannot name a jail: jail(8) names cannot contain '.' (it separates parent and child jails)")]
    Dot(String),
    #[error("container ID {0:?} cannot name a jail: the kernel refuses names made only of digits")]
    Numeric(String),
    #[error(
        "container ID {0:?} cannot name a jail: it contains a space, a control character or '/'"
    )]
    BadChar(String),
    #[error("jail name {0:?} is longer than {MAX_HOST_NAME} bytes")]
    TooLong(String),
}

impl JailName {
    /// The jail name for container `id`, created under `parent` if given
    /// (`parent` was checked by `freebsd::load`).
    pub fn new(id: &str, parent: Option<&str>) -> Result<JailName, NameError> {
        if id.is_empty() {
            return Err(NameError::Empty);
        }
        if id.contains('.') {
            return Err(NameError::Dot(id.to_string()));
        }
        if id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(NameError::Numeric(id.to_string()));
        }
        if id
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '/')
        {
            return Err(NameError::BadChar(id.to_string()));
        }
        let full = match parent {
            Some(p) => format!("{p}.{id}"),
            None => id.to_string(),
        };
        if full.len() > MAX_HOST_NAME {
            return Err(NameError::TooLong(full));
        }
        Ok(JailName(full))
    }

    /// A name taken from a plan this module made (already checked).
    pub(super) fn from_planned(full: &str) -> JailName {
        JailName(full.to_string())
    }

    /// The full name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for JailName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The jls(8) command that prints the jid of jail `name` (run by `exec`, shown by
/// the exec dry run).
pub fn jail_id_argv(name: &str) -> Vec<String> {
    ["jls", "-j", name, "jid"].map(String::from).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            JailName::new("web1", None).map(|n| n.to_string()),
            Ok("web1".into())
        );
        assert_eq!(
            JailName::new("web1", Some("pod.a")).map(|n| n.to_string()),
            Ok("pod.a.web1".into())
        );
        assert_eq!(
            JailName::new("a.b", None),
            Err(NameError::Dot("a.b".into()))
        );
        assert_eq!(
            JailName::new("42", None),
            Err(NameError::Numeric("42".into()))
        );
        assert_eq!(
            JailName::new("a b", None),
            Err(NameError::BadChar("a b".into()))
        );
        assert!(matches!(
            JailName::new(&"x".repeat(250), Some("parent")),
            Err(NameError::TooLong(_))
        ));
    }
}
