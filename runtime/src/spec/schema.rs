//! config.json as one typed value, with the field at fault named when a type is
//! wrong (`process.args[1]: invalid type: integer, expected a string`).
//!
//! [`parse`] is the only place config.json's text becomes a [`Config`]: the
//! text is read as JSON once, checked for NUL bytes, and deserialized into the
//! typed value (the `freebsd` section included), after which the JSON is gone.

use crate::spec::config::Config;
use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserialize, DeserializeOwned, Deserializer, MapAccess, Visitor};
use serde_json::Value;
use std::fmt;
use std::marker::PhantomData;
use thiserror::Error;

/// Why config.json does not have the shape of a configuration.
#[derive(Debug, Error)]
pub enum SchemaError {
    #[error("malformed JSON: {0}")]
    Malformed(serde_json::Error),
    #[error("the configuration must be a JSON object, not {0}")]
    NotObject(&'static str),
    #[error("{0}: contains a NUL byte, which no path, argument or name can hold")]
    Nul(String),
    #[error("{path}: {source}")]
    Field {
        /// Where in the document, e.g. `process.args[1]`.
        path: String,
        source: serde_json::Error,
    },
}

/// Parses config.json's text into the typed configuration.
pub(in crate::spec) fn parse(text: &[u8]) -> Result<Config, SchemaError> {
    #[cfg(test)]
    PARSES.with(|n| n.set(n.get() + 1));
    // config.json's text: the one place it is read as JSON.
    #[allow(clippy::disallowed_methods)]
    let raw: Value = serde_json::from_slice(text).map_err(SchemaError::Malformed)?;
    typed(raw)
}

#[cfg(test)]
thread_local! {
    /// How many times this thread ran [`parse`].
    static PARSES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// How many times this thread has parsed a config.json (tests).
#[cfg(test)]
pub(in crate::spec) fn parse_count() -> usize {
    PARSES.with(std::cell::Cell::get)
}

/// Deserializes the document, which must be an object.
fn typed<T: DeserializeOwned>(raw: Value) -> Result<T, SchemaError> {
    let kind = match raw {
        Value::Object(_) => None,
        Value::Null => Some("null"),
        Value::Bool(_) => Some("a boolean"),
        Value::Number(_) => Some("a number"),
        Value::String(_) => Some("a string"),
        Value::Array(_) => Some("an array"),
    };
    if let Some(kind) = kind {
        return Err(SchemaError::NotObject(kind));
    }
    if let Some(path) = nul_at(&raw, "") {
        return Err(SchemaError::Nul(path));
    }
    // config.json's JSON into the typed configuration, once (from `parse`).
    #[allow(clippy::disallowed_methods)]
    let typed = serde_path_to_error::deserialize(raw);
    typed.map_err(|e| SchemaError::Field {
        path: e.path().to_string(),
        source: e.into_inner(),
    })
}

/// A platform's section (`freebsd`), typed when config.json is read. Its type
/// errors are kept, not raised: config.md#extensibility has a runtime ignore
/// other platforms' sections, so only the platform that reads it refuses it.
#[derive(Debug, Clone, PartialEq)]
pub struct PlatformSection<T>(Result<T, SectionError>);

/// A type error inside a platform section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SectionError {
    /// Where in the section, e.g. `jail.ip4Addr[1]`; empty for the section itself.
    pub path: String,
    /// What is wrong.
    pub problem: String,
}

impl<T> PlatformSection<T> {
    /// The section, or the first type error found in it.
    pub fn get(&self) -> Result<&T, &SectionError> {
        self.0.as_ref()
    }
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for PlatformSection<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // The section is taken out whole first, so that a type error inside
        // it never reaches the document's path tracker (which keeps the first
        // path it is given, and would put it on a later, real error).
        let section = Value::deserialize(d)?;
        // The freebsd section, handed over by the document's deserialization above.
        #[allow(clippy::disallowed_methods)]
        let section = serde_path_to_error::deserialize(section).map(|o: Object<T>| o.0);
        let section = section.map_err(|e| {
            let path = e.path().to_string();
            SectionError {
                path: if path == "." { String::new() } else { path },
                problem: e.into_inner().to_string(),
            }
        });
        Ok(PlatformSection(section))
    }
}

/// A `T` given as a JSON object, and only as one (a derived struct would also
/// take an array of its fields in order).
pub struct Object<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(ObjectVisitor(PhantomData))
    }
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = Object<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Object<T>, A::Error> {
        // The same map, so the field path is still followed.
        T::deserialize(MapAccessDeserializer::new(map)).map(Object)
    }
}

/// The path of the first string holding a NUL byte, annotations excepted (they
/// only travel inside JSON, where NUL is fine).
fn nul_at(v: &Value, path: &str) -> Option<String> {
    match v {
        Value::String(s) if s.contains('\0') => Some(path.to_string()),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| nul_at(item, &format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(key, item)| {
            let here = if path.is_empty() {
                key.clone()
            } else {
                format!("{path}.{key}")
            };
            if here == "annotations" {
                None
            } else if key.contains('\0') {
                Some(here)
            } else {
                nul_at(item, &here)
            }
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Doc {
        process: Inner,
    }

    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        args: Vec<String>,
    }

    #[test]
    fn names_the_field_and_refuses_non_objects() {
        let e = typed::<Doc>(json!({ "process": { "args": ["a", 7] } })).unwrap_err();
        assert!(e.to_string().starts_with("process.args[1]: "), "{e}");
        let e = typed::<Doc>(json!({ "process": { "args": ["a\0b"] } })).unwrap_err();
        assert!(
            e.to_string().starts_with("process.args[0]: contains a NUL"),
            "{e}"
        );
        let e = typed::<Doc>(json!([1])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the configuration must be a JSON object, not an array"
        );
    }
}
