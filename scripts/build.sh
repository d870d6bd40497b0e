#!/usr/bin/env bash
# Configures and builds genrelab (Release by default) into build/ (or $GENRELAB_BUILD_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${GENRELAB_BUILD_DIR:-build}"
build_type="${GENRELAB_BUILD_TYPE:-Release}"
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
