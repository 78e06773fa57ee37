#!/bin/sh
# Fails when a Cargo.toml of the workspace declares a dependency its package does
# not use (cargo-machete: a source scan, no nightly toolchain). Installs the tool
# on a clean machine first.
set -eu
cd "$(dirname "$0")/.."
if ! command -v cargo-machete >/dev/null 2>&1; then
    cargo install --locked --quiet cargo-machete
    PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
fi
cargo machete
