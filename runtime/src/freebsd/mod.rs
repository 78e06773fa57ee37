//! Typed `freebsd` section of config.json.
