//! The jail name of a container: its ID, under its parent jail if it has one.
//!
//! jail(8) says a name "may not contain a '.'": the dot separates the levels of
//! hierarchical jails (`parent.child`). jailrun refuses container IDs with a
//! '.' rather than mapping them to another character, so that the name of a
//! container's jail is always its ID (or `<parent>.<ID>`) and two IDs can never
//! share a jail. A name the kernel reads as a number is refused too, since it
//! only accepts a numeric name equal to the jail's own jid
//! (sys/kern/kern_jail.c, kern_jail_set: `strtoul` consuming the whole name).
//!
//! The name is also an argument of `jail -R <name>` when the container is
//! deleted, so two more shapes are refused: a component that is exactly `*`,
//! which usr.sbin/jail/config.c (wild_jail_name) makes a wildcard that
//! state.c (start_state) matches against every running jail, and a leading
//! `-`, which jail(8)'s getopt would read as an option.

use crate::spec::freebsd::MAX_HOST_NAME;
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
    #[error("container ID {0:?} cannot name a jail: the kernel reads it as a number (optional spaces and sign, then digits) and refuses numeric names")]
    Numeric(String),
    #[error("container ID {0:?} cannot name a jail: jail(8) reads a name component \"*\" as a wildcard matching every jail")]
    Wildcard(String),
    #[error("container ID {0:?} cannot name a jail: it starts with '-', which jail(8) would read as an option")]
    LeadingDash(String),
    #[error(
        "container ID {0:?} cannot name a jail: it contains a space, a control character or '/'"
    )]
    BadChar(String),
    #[error("jail name {0:?} is longer than {MAX_HOST_NAME} bytes")]
    TooLong(String),
}

impl JailName {
    /// The jail name for container `id`, created under `parent` if given
    /// (`parent` was checked by `spec::freebsd::load`).
    pub fn new(id: &str, parent: Option<&str>) -> Result<JailName, NameError> {
        if id.is_empty() {
            return Err(NameError::Empty);
        }
        if id.contains('.') {
            return Err(NameError::Dot(id.to_string()));
        }
        if strtoul_reads_whole(id) {
            return Err(NameError::Numeric(id.to_string()));
        }
        if id == "*" {
            return Err(NameError::Wildcard(id.to_string()));
        }
        if id.starts_with('-') {
            return Err(NameError::LeadingDash(id.to_string()));
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

/// Whether C's `strtoul(s, &end, 10)` would consume all of `s`: optional
/// leading white space, an optional sign, then one or more digits. The kernel
/// refuses such a jail name unless it is the jail's own jid.
pub(crate) fn strtoul_reads_whole(s: &str) -> bool {
    let t = s.trim_start_matches([' ', '\t', '\n', '\x0b', '\x0c', '\r']);
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Whether `jail -R <full>` names exactly jail `full`: no component is the
/// wildcard `*` and it does not start with `-` (see the module comment).
/// False only for a name an older jailrun recorded before those were refused.
#[cfg(any(target_os = "freebsd", test))]
pub fn one_jail_for_jail_r(full: &str) -> bool {
    !full.starts_with('-') && !full.split('.').any(|c| c == "*")
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
        for numeric in ["+42", "-42", "007", "0"] {
            assert_eq!(
                JailName::new(numeric, None),
                Err(NameError::Numeric(numeric.into()))
            );
        }
        assert!(JailName::new("4a", None).is_ok());
        assert!(JailName::new("-", None).is_err());
        assert!(matches!(
            JailName::new(&"x".repeat(250), Some("parent")),
            Err(NameError::TooLong(_))
        ));
    }

    #[test]
    fn ids_that_jail_minus_r_would_not_read_as_one_jail_are_refused() {
        assert_eq!(
            JailName::new("*", None),
            Err(NameError::Wildcard("*".into()))
        );
        assert_eq!(
            JailName::new("*", Some("pod")),
            Err(NameError::Wildcard("*".into()))
        );
        assert_eq!(
            JailName::new("-c", None),
            Err(NameError::LeadingDash("-c".into()))
        );
        // '*' inside a component is no wildcard for wild_jail_name.
        assert!(JailName::new("a*", None).is_ok());
        assert!(JailName::new("web-1", None).is_ok());
    }

    #[test]
    fn jail_r_reads_a_star_component_or_a_dash_as_something_else() {
        assert!(one_jail_for_jail_r("web1"));
        assert!(one_jail_for_jail_r("pod.a*b"));
        assert!(!one_jail_for_jail_r("*"));
        assert!(!one_jail_for_jail_r("pod.*"));
        assert!(!one_jail_for_jail_r("*.web1"));
        assert!(!one_jail_for_jail_r("-x"));
    }

    #[test]
    fn strtoul_whole_string_rule() {
        for yes in ["1", "+1", "-1", " 12", "\t-3", "00"] {
            assert!(strtoul_reads_whole(yes), "{yes:?}");
        }
        for no in ["", "+", "-", "1a", "a1", "1 ", "0x1"] {
            assert!(!strtoul_reads_whole(no), "{no:?}");
        }
    }
}
