#!/usr/bin/env bash
# Configures and builds genrelab (Release by default) into build/ (or $GENRELAB_BUILD_DIR).
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${GENRELAB_BUILD_DIR:-build}"
build_type="${GENRELAB_BUILD_TYPE:-Release}"
# -march=native: genrelab is built where it runs (developers, CI and users build from source);
# AVX2/FMA roughly halve the cost of a gradient (docs/BENCHMARKS.md). GENRELAB_NATIVE=OFF for a portable build.
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE="$build_type" -DGENRELAB_NATIVE="${GENRELAB_NATIVE:-ON}" "$@" >/dev/null
cmake --build "$build_dir" -j "$(nproc)"
