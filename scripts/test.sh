#!/usr/bin/env bash
# Installs what is missing, builds, and runs every test. Real-data tests run when
# GENRELAB_REAL_DATA names the Kaggle music_genre_train.csv, and skip (saying so) otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
if [ -n "${GENRELAB_REAL_DATA:-}" ]; then
  if [ -f "$GENRELAB_REAL_DATA" ]; then
    GENRELAB_REAL_DATA="$(realpath "$GENRELAB_REAL_DATA")"; export GENRELAB_REAL_DATA
  else
    echo "note: GENRELAB_REAL_DATA=$GENRELAB_REAL_DATA is not a file; real-data tests will skip" >&2
  fi
fi
cd "${GENRELAB_BUILD_DIR:-build}"
QT_QPA_PLATFORM=offscreen ctest --output-on-failure -j "$(nproc)"
