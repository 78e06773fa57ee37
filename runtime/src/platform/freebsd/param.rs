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
    /// Printed comma-separated: jail(8) splits `ip4.addr=` and `ip6.addr=`
    /// at commas (usr.sbin/jail/jail.c main), and nothing else.
    List(Vec<String>),
    /// One `name=item` argument per item: jail(8) appends a repeated
    /// command-line parameter to the values it already has
    /// (usr.sbin/jail/config.c add_param, PF_APPEND), and runs one command
    /// per value for its internal parameters such as `vnet.interface`
    /// (usr.sbin/jail/command.c run_command).
    Repeated(Vec<String>),
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
        JailParam::new(name, ParamValue::List(strings(items)))
    }

    /// A parameter given once per item.
    pub fn repeated<T: fmt::Display>(name: impl Into<String>, items: &[T]) -> JailParam {
        JailParam::new(name, ParamValue::Repeated(strings(items)))
    }

    /// The command-line arguments of this parameter: one `name=value`, or
    /// one `name=item` per item of a `Repeated` value.
    pub fn args(&self) -> Vec<String> {
        match &self.value {
            ParamValue::Repeated(items) => {
                items.iter().map(|i| format!("{}={i}", self.name)).collect()
            }
            value => vec![format!("{}={value}", self.name)],
        }
    }
}

fn strings<T: fmt::Display>(items: &[T]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

impl fmt::Display for ParamValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParamValue::Bool(b) => write!(f, "{b}"),
            ParamValue::Int(n) => write!(f, "{n}"),
            ParamValue::Str(s) => f.write_str(s),
            ParamValue::List(items) | ParamValue::Repeated(items) => f.write_str(&items.join(",")),
        }
    }
}

/// The arguments of [`JailParam::args`], space-separated.
impl fmt::Display for JailParam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.args().join(" "))
    }
}

/// The value of parameter `name` in `params`.
pub fn find<'a>(params: &'a [JailParam], name: &str) -> Option<&'a ParamValue> {
    params.iter().find(|p| p.name == name).map(|p| &p.value)
}

/// The items of list or repeated parameter `name` (empty when absent).
pub fn list_items<'a>(params: &'a [JailParam], name: &str) -> &'a [String] {
    match find(params, name) {
        Some(ParamValue::List(items) | ParamValue::Repeated(items)) => items,
        _ => &[],
    }
}
