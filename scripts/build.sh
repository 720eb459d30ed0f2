#!/usr/bin/env bash
# Configures and builds one preset of CMakePresets.json: release (default) or asan.
# usage: scripts/build.sh [release|asan] [ninja targets...]
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-release}"
shift || true
if [ ! -f "build/$preset/build.ninja" ]; then
    cmake --preset "$preset" >/dev/null
fi
# ccache keeps compiled objects between builds and clean clones on this machine.
export CCACHE_DIR="${CCACHE_DIR:-$HOME/.cache/ccache}"
# Paths below the project count as relative, so a fresh clone elsewhere hits the same cache.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}"
export CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-true}"
cmake --build --preset "$preset" -- "$@"
