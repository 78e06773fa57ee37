//! Container IDs: what `--root/<id>` may be named.

use std::fmt;
use thiserror::Error;

/// Longest accepted ID, in bytes.
pub const MAX_LEN: usize = 1024;

/// A validated container ID: safe to use as one path component under `--root`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContainerId(String);

/// Why a container ID was refused.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum IdError {
    #[error("container ID is empty")]
    Empty,
    #[error("container ID is longer than {MAX_LEN} bytes")]
    TooLong,
    #[error("container ID {0:?} is not allowed")]
    Reserved(String),
    #[error("container ID {0:?} contains '/'")]
    Slash(String),
    #[error("container ID {0:?} contains a non-printable character")]
    NotPrintable(String),
}

impl ContainerId {
    /// Validates `id`: non-empty, at most [`MAX_LEN`] bytes, no '/', not `.` or `..`,
    /// printable characters only (no spaces or control characters).
    pub fn new(id: &str) -> Result<Self, IdError> {
        if id.is_empty() {
            return Err(IdError::Empty);
        }
        if id.len() > MAX_LEN {
            return Err(IdError::TooLong);
        }
        if id == "." || id == ".." {
            return Err(IdError::Reserved(id.to_string()));
        }
        if id.contains('/') {
            return Err(IdError::Slash(id.to_string()));
        }
        if id.chars().any(|c| c.is_control() || c.is_whitespace()) {
            return Err(IdError::NotPrintable(id.to_string()));
        }
        Ok(ContainerId(id.to_string()))
    }

    /// The ID as a string.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ContainerId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_ordinary_ids() {
        for id in ["a", "web-1", "c_2.x", "UPPER", "ünïcode", "..a", "a..b"] {
            assert_eq!(ContainerId::new(id).map(|i| i.to_string()), Ok(id.into()));
        }
    }

    #[test]
    fn refuses_bad_ids() {
        assert_eq!(ContainerId::new(""), Err(IdError::Empty));
        assert_eq!(ContainerId::new("."), Err(IdError::Reserved(".".into())));
        assert_eq!(ContainerId::new(".."), Err(IdError::Reserved("..".into())));
        assert!(matches!(ContainerId::new("a/b"), Err(IdError::Slash(_))));
        assert!(matches!(ContainerId::new("/"), Err(IdError::Slash(_))));
        assert!(matches!(
            ContainerId::new("a\nb"),
            Err(IdError::NotPrintable(_))
        ));
        assert!(matches!(
            ContainerId::new("a b"),
            Err(IdError::NotPrintable(_))
        ));
        assert!(matches!(
            ContainerId::new("\u{0}"),
            Err(IdError::NotPrintable(_))
        ));
    }

    #[test]
    fn bounds_length() {
        assert!(ContainerId::new(&"x".repeat(MAX_LEN)).is_ok());
        assert_eq!(
            ContainerId::new(&"x".repeat(MAX_LEN + 1)),
            Err(IdError::TooLong)
        );
    }
}
