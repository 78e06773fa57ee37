//! Reading one JSON object field by field, so that every error names its field.

use super::error::ConfigError;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

/// A JSON object and the dotted path that leads to it.
pub struct Obj<'a> {
    map: &'a Map<String, Value>,
    path: String,
    file: &'static str,
}

impl<'a> Obj<'a> {
    /// `value` as an object found at `path` of `file`.
    pub fn new(value: &'a Value, path: &str, file: &'static str) -> Result<Obj<'a>, ConfigError> {
        match value {
            Value::Object(map) => Ok(Obj {
                map,
                path: path.to_string(),
                file,
            }),
            other => Err(error(
                file,
                path,
                format!("expected an object, found {}", kind(other)),
            )),
        }
    }

    /// The dotted path of `key` in this object.
    pub fn field(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// An error about `key`.
    pub fn err(&self, key: &str, problem: impl Into<String>) -> ConfigError {
        error(self.file, &self.field(key), problem.into())
    }

    /// `key`, absent or null as `None`.
    pub fn raw(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    /// `key` deserialized as `T`.
    pub fn get<T: DeserializeOwned>(&self, key: &str) -> Result<Option<T>, ConfigError> {
        match self.raw(key) {
            None => Ok(None),
            Some(v) => T::deserialize(v)
                .map(Some)
                .map_err(|e| self.err(key, e.to_string())),
        }
    }

    /// `key` as a list of strings (absent: empty).
    pub fn strings(&self, key: &str) -> Result<Vec<String>, ConfigError> {
        Ok(self.get::<Vec<String>>(key)?.unwrap_or_default())
    }

    /// `key` as a nested object.
    pub fn child(&self, key: &str) -> Result<Option<Obj<'a>>, ConfigError> {
        match self.raw(key) {
            None => Ok(None),
            Some(v) => Obj::new(v, &self.field(key), self.file).map(Some),
        }
    }
}

fn error(file: &'static str, field: &str, problem: String) -> ConfigError {
    ConfigError {
        file,
        field: field.to_string(),
        problem,
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
