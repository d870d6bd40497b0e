#!/usr/bin/env bash
# Installs what is missing, builds, and starts the app (on the bundled sample unless given a file).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
bash scripts/build.sh
exec "${GENRELAB_BUILD_DIR:-build}/app/gui/genrelab" "$@"
