//! One `name=value` argument of `jail -c`.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A jail(8) parameter and its value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JailParam {
    /// A name documented in FreeBSD 14's jail(8), e.g. `allow.raw_sockets`.
    pub name: String,
    pub value: ParamValue,
}

/// The value of a jail(8) parameter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ParamValue {
    /// Printed `true` or `false` (jail(8) accepts both spellings).
    Bool(bool),
    Int(i64),
    Str(String),
    /// Printed comma-separated, as jail(8) takes lists on the command line.
    List(Vec<String>),
}

impl JailParam {
    /// `name=value`.
    pub fn new(name: impl Into<String>, value: ParamValue) -> JailParam {
        JailParam {
            name: name.into(),
            value,
        }
    }

    /// A boolean parameter.
    pub fn bool(name: impl Into<String>, v: bool) -> JailParam {
        JailParam::new(name, ParamValue::Bool(v))
    }

    /// A string parameter.
    pub fn str(name: impl Into<String>, v: impl Into<String>) -> JailParam {
        JailParam::new(name, ParamValue::Str(v.into()))
    }

    /// A list parameter from anything printable.
    pub fn list<T: fmt::Display>(name: impl Into<String>, items: &[T]) -> JailParam {
        JailParam::new(
            name,
            ParamValue::List(items.iter().map(ToString::to_string).collect()),
        )
    }
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Bool(b) => write!(f, "{b}"),
            ParamValue::Int(n) => write!(f, "{n}"),
            ParamValue::Str(s) => f.write_str(s),
            ParamValue::List(items) => f.write_str(&items.join(",")),
        }
    }
}

impl fmt::Display for JailParam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}={}", self.name, self.value)
    }
}

/// The value of parameter `name` in `params`.
pub fn find<'a>(params: &'a [JailParam], name: &str) -> Option<&'a ParamValue> {
    params.iter().find(|p| p.name == name).map(|p| &p.value)
}

/// The items of list parameter `name` (empty when absent).
pub fn list_items<'a>(params: &'a [JailParam], name: &str) -> &'a [String] {
    match find(params, name) {
        Some(ParamValue::List(items)) => items,
        _ => &[],
    }
}
