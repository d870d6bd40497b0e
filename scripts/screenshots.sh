#!/usr/bin/env bash
# Regenerates every screenshot of docs/screenshots from the current build:
#   scripts/screenshots.sh [--fast] [OUT_DIR]          (OUT_DIR: docs/screenshots by default)
# - data, explore, model, train, results, experiments, predict: `genrelab --screenshot` after a
#   short SVI fit, on the sample in data/, or on $GENRELAB_REAL_DATA when it is set;
# - train_nuts, results_nuts: the same with NUTS (1,000 training rows, 4 chains);
# - explore_200_classes, results_200_classes: a 200-class file (genrelab-cli synth, each genre
#   split into 20 classes by tempo, folded into 200);
# - restore-offer: the autosave's restore dialog, shot by tst_app_scale.
# --fast (CI, tests/tst_screenshots): the sample only, shorter fits (--screenshot-fast) and a
# 1,000-row 200-class file, so the whole script runs in well under a minute.
# The data file is copied into a temporary folder first, and the app refuses to shoot a section
# that shows an absolute path, so no picture names a folder of this machine.
# Uses $GENRELAB_BUILD_DIR (default build/) for genrelab, genrelab-cli and tests/tst_app_scale.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${GENRELAB_BUILD_DIR:-build}"
[[ "$build" = /* ]] || build="$root/$build"
app="$build/app/gui/genrelab"
cli="$build/app/cli/genrelab-cli"
scale_test="$build/tests/tst_app_scale"

fast=0
out="$root/docs/screenshots"
for arg in "$@"; do
  case "$arg" in
    --fast) fast=1 ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "screenshots.sh: unknown option $arg" >&2; exit 2 ;;
    *) out="$arg" ;;
  esac
done
for binary in "$app" "$cli" "$scale_test"; do
  [[ -x "$binary" ]] || { echo "screenshots.sh: $binary is missing: build first (scripts/build.sh)" >&2; exit 1; }
done
mkdir -p "$out"
out="$(cd "$out" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"
export LC_ALL=C.UTF-8

# The data under its own name in the temporary folder, with its class names when they lie beside
# it (as <stem>_classes.csv or music_genre_classes.csv, where the app looks for them).
data="$root/data/music_genre_sample.csv"
if [[ $fast -eq 0 && -n "${GENRELAB_REAL_DATA:-}" ]]; then data="$GENRELAB_REAL_DATA"; fi
name="$(basename "$data")"
cp "$data" "$work/$name"
for classes in "$(dirname "$data")/${name%.csv}_classes.csv" "$(dirname "$data")/music_genre_classes.csv"; do
  if [[ -f "$classes" ]]; then cp "$classes" "$work/"; fi
done

speed=()
[[ $fast -eq 1 ]] && speed=(--screenshot-fast)
# shoot FOLDER ARGS...: one --screenshot run into $work/FOLDER, its output shown only on failure.
shoot() {
  local folder="$1"
  shift
  if ! "$app" --screenshot "$work/$folder" "${speed[@]}" "$@" >"$work/$folder.log" 2>&1; then
    echo "screenshots.sh: genrelab --screenshot $folder failed:" >&2
    cat "$work/$folder.log" >&2
    exit 1
  fi
}
take() { cp "$work/$1" "$out/$2"; echo "wrote $out/$2"; }

shoot svi --data "$work/$name"
for section in data explore model train results experiments predict; do take "svi/$section.png" "$section.png"; done

shoot nuts --data "$work/$name" --screenshot-inference nuts
take nuts/train.png train_nuts.png
take nuts/results.png results_nuts.png

rows=10000
[[ $fast -eq 1 ]] && rows=1000
# In a folder of its own: the 11 genre names beside the data above do not name these classes.
mkdir "$work/many-classes"
"$cli" synth --rows "$rows" --seed 1 --out "$work/many-classes/synth.csv" >/dev/null 2>&1
awk -F, 'BEGIN{OFS=","} NR==1{print;next} {$NF=($NF*20+int($(NF-3))%20)%200; print}' "$work/many-classes/synth.csv" >"$work/many-classes/classes200.csv"
rm -f "$work/many-classes/synth.csv" "$work/many-classes/synth_classes.csv"
shoot many --data "$work/many-classes/classes200.csv"
take many/explore.png explore_200_classes.png
take many/results.png results_200_classes.png

if ! GENRELAB_SHOT_DIR="$work" "$scale_test" autosaveIsOfferedBackAfterACrash >"$work/restore.log" 2>&1; then
  echo "screenshots.sh: tst_app_scale autosaveIsOfferedBackAfterACrash failed:" >&2
  cat "$work/restore.log" >&2
  exit 1
fi
take restore-offer.png restore-offer.png
