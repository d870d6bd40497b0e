#!/usr/bin/env bash
# Builds the libFuzzer target for the CSV reader (fuzz) with clang and runs it.
#   scripts/fuzz.sh [seconds]   (default 60; CI runs the default)
# Seeds: fuzz/corpus (kept small in the repo). New inputs go to $build/fuzz-corpus, and
# a crash leaves its input in $build/fuzz-artifacts; make each one a named test in tst_csv or
# tst_table. Exits nonzero on a crash, a leak or a sanitizer report.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
build_dir="${GENRELAB_FUZZ_BUILD_DIR:-build-fuzz}"
cxx="${GENRELAB_FUZZ_CXX:-clang++}"
cmake -S . -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" -DGENRELAB_FUZZ=ON \
  -DGENRELAB_BUILD_GUI=OFF -DGENRELAB_BUILD_TESTS=OFF -DGENRELAB_BUILD_BENCH=OFF "${@:2}" >/dev/null
cmake --build "$build_dir" -j "$(nproc)" --target fuzz_table
mkdir -p "$build_dir/fuzz-corpus" "$build_dir/fuzz-artifacts"
# -max_len: the reader's paths need a header and a few rows, not megabytes; -timeout: a single
# input that takes seconds is a finding (quadratic parsing), not a slow machine.
ASAN_OPTIONS="detect_leaks=1:halt_on_error=1" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
  "$build_dir/fuzz/fuzz_table" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
  -dict=fuzz/csv.dict -artifact_prefix="$build_dir/fuzz-artifacts/" -print_final_stats=1 \
  "$build_dir/fuzz-corpus" fuzz/corpus
