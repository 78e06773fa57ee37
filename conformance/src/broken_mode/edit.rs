//! Small edits of a config.json value at a JSON pointer, each a no-op where the
//! pointer leads nowhere (the real runtime then sees the config as it was).

use serde_json::Value;

/// Removes `key` from the object at JSON pointer `at`, if there is one.
pub fn remove(c: &mut Value, at: &str, key: &str) {
    if let Some(o) = c.pointer_mut(at).and_then(Value::as_object_mut) {
        o.remove(key);
    }
}

/// Applies `f` to every element of the array at JSON pointer `at`, if there is one.
pub fn each(c: &mut Value, at: &str, mut f: impl FnMut(&mut Value)) {
    if let Some(items) = c.pointer_mut(at).and_then(Value::as_array_mut) {
        items.iter_mut().for_each(&mut f);
    }
}

/// Removes the last element of the array at JSON pointer `at`, if there is one.
pub fn pop(c: &mut Value, at: &str) {
    if let Some(items) = c.pointer_mut(at).and_then(Value::as_array_mut) {
        items.pop();
    }
}

/// Keeps the elements of the array at JSON pointer `at` for which `keep` holds.
pub fn retain(c: &mut Value, at: &str, keep: impl FnMut(&Value) -> bool) {
    if let Some(items) = c.pointer_mut(at).and_then(Value::as_array_mut) {
        items.retain(keep);
    }
}
