#!/usr/bin/env bash
# The real program in a real X server: starts the built `genrelab --smoke-test` under Xvfb with
# the xcb platform (not offscreen). It opens the bundled sample, shows every section, starts a
# NUTS run and cancels it, closes the window and must exit 0 with no Qt warning about the
# platform (qt.qpa.*, xcb, a missing plugin). Settings and autosave go to a temporary HOME.
#
#   bash scripts/smoke-xvfb.sh [PATH/TO/genrelab]     installs xvfb and xauth when missing (CI)
#   bash scripts/smoke-xvfb.sh --skip-without-xvfb [PATH/TO/genrelab]
#                                                      exits 77 (CTest: skipped) without xvfb-run
set -euo pipefail
cd "$(dirname "$0")/.."
skip_without_xvfb=0
if [ "${1:-}" = "--skip-without-xvfb" ]; then skip_without_xvfb=1; shift; fi
binary="${1:-${GENRELAB_BUILD_DIR:-build}/app/gui/genrelab}"
sample="data/music_genre_sample.csv"

if ! command -v xvfb-run >/dev/null 2>&1; then
  if [ "$skip_without_xvfb" = 1 ]; then
    echo "smoke-xvfb: skipped: xvfb-run is not installed (Debian: apt-get install xvfb xauth)"
    exit 77
  fi
  bash scripts/install-deps.sh xvfb xauth
fi
[ -x "$binary" ] || { echo "smoke-xvfb: $binary is not a built genrelab (build first: scripts/build.sh)" >&2; exit 1; }

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export HOME="$scratch" XDG_CONFIG_HOME="$scratch/config" XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache"
export XDG_RUNTIME_DIR="$scratch/runtime"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
unset QT_QPA_PLATFORM_PLUGIN_PATH
status=0
QT_QPA_PLATFORM=xcb timeout 300 xvfb-run -a -s "-screen 0 1600x1000x24" \
  "$binary" --smoke-test "$sample" >"$scratch/out" 2>"$scratch/err" || status=$?
cat "$scratch/out"
if [ -s "$scratch/err" ]; then echo "--- stderr:"; cat "$scratch/err"; fi

fail=0
[ "$status" -eq 0 ] || { echo "smoke-xvfb: FAILED: genrelab exited with $status"; fail=1; }
grep -qx "smoke: platform xcb" "$scratch/out" || { echo "smoke-xvfb: FAILED: the app did not run on the xcb platform"; fail=1; }
for section in Data Explore Model Train Results Experiments Predict; do
  grep -qx "smoke: section $section shown" "$scratch/out" || { echo "smoke-xvfb: FAILED: section $section was not shown"; fail=1; }
done
grep -q "^smoke: run cancelled" "$scratch/out" || { echo "smoke-xvfb: FAILED: no run was started and cancelled"; fail=1; }
if grep -Eiq "qt\.qpa|xcb|platform plugin|QXcb|could not connect to display|wayland" "$scratch/err"; then
  echo "smoke-xvfb: FAILED: Qt warned about the platform (above)"; fail=1
fi
[ "$fail" = 0 ] && echo "smoke-xvfb: passed (real genrelab, xcb under Xvfb, exit code 0)"
exit "$fail"
