//! The typed name of a requirement.

use std::fmt;

/// A requirement's ID. Only `requirements!` declares one (as a constant in an area's
/// `requirements.rs`, re-exported in `crate::req`), so naming a requirement that does
/// not exist is a compile error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ReqId(&'static str);

impl ReqId {
    /// For `requirements!` only.
    #[doc(hidden)]
    pub const fn declare(id: &'static str) -> ReqId {
        ReqId(id)
    }

    /// IDs as a comma-separated list, as messages and listings show them.
    pub fn list(ids: impl IntoIterator<Item = ReqId>) -> String {
        ids.into_iter()
            .map(ReqId::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The snake_case ID, as reports and `--requirement` spell it.
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl std::ops::Deref for ReqId {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl fmt::Display for ReqId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl PartialEq<str> for ReqId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for ReqId {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl serde::Serialize for ReqId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

impl From<ReqId> for String {
    fn from(id: ReqId) -> String {
        id.0.to_string()
    }
}
