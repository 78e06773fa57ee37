//! config.json as typed values, with the field at fault named when a type is wrong
//! (`process.args[1]: invalid type: integer, expected a string`).

use serde::de::DeserializeOwned;
use serde_json::Value;
use thiserror::Error;

/// Why config.json does not have the shape of a configuration.
#[derive(Debug, Error)]
pub enum SchemaError {
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

/// Deserializes the document, which must be an object.
pub fn typed<T: DeserializeOwned>(raw: &Value) -> Result<T, SchemaError> {
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
    if let Some(path) = nul_at(raw, "") {
        return Err(SchemaError::Nul(path));
    }
    serde_path_to_error::deserialize(raw.clone()).map_err(|e| SchemaError::Field {
        path: e.path().to_string(),
        source: e.into_inner(),
    })
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
        let e = typed::<Doc>(&json!({ "process": { "args": ["a", 7] } })).unwrap_err();
        assert!(e.to_string().starts_with("process.args[1]: "), "{e}");
        let e = typed::<Doc>(&json!({ "process": { "args": ["a\0b"] } })).unwrap_err();
        assert!(
            e.to_string().starts_with("process.args[0]: contains a NUL"),
            "{e}"
        );
        let e = typed::<Doc>(&json!([1])).unwrap_err();
        assert_eq!(
            e.to_string(),
            "the configuration must be a JSON object, not an array"
        );
    }
}
