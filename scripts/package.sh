#!/usr/bin/env bash
# Builds the .deb from a finished build (scripts/test.sh's), installs it as a user would, checks
# that the installed programs start and that their files are in place, then purges it again.
#   scripts/package.sh            (GENRELAB_BUILD_DIR: the build folder, default build)
# Installing needs root; without it the script builds and describes the package, and says so.
# The .deb holds binaries built for this CPU when the build used GENRELAB_NATIVE=ON (the
# default of scripts/build.sh); configure with -DGENRELAB_NATIVE=OFF for a package to hand out.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir="${GENRELAB_BUILD_DIR:-build}"
if [ ! -f "$build_dir/CPackConfig.cmake" ]; then
  echo "package: no configured build in $build_dir (scripts/build.sh makes one)" >&2
  exit 1
fi
# cpack installs the finished build into a staging folder; it rebuilds nothing that is up to date.
rm -f "$build_dir"/genrelab_*.deb
(cd "$build_dir" && cpack -G DEB >/dev/null)
debs=("$build_dir"/genrelab_*.deb)
deb="$(realpath "${debs[0]}")"
dpkg-deb --field "$deb" Package Version Architecture Section Maintainer Depends
echo "package: built $deb ($(du -h "$deb" | cut -f1))"
if [ "$(id -u)" -ne 0 ]; then
  echo "package: not root, so the .deb is not installed and tried (run as root to do that)" >&2
  exit 0
fi

apt_get() { DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -y -qq "$@"; }
work="$(mktemp -d)"
cleanup() {
  apt_get purge genrelab >/dev/null || echo "package: purging genrelab failed" >&2
  rm -rf "$work"
}
trap cleanup EXIT
# desktop-file-validate checks the installed desktop entry.
bash scripts/install-deps.sh desktop-file-utils
# apt-get hands the file to dpkg and installs whatever of its Depends is missing.
apt_get install "$deb" >/dev/null
dpkg-query -W -f='${Status}\n' genrelab | grep -qx "install ok installed"

fail() { echo "package: $*" >&2; exit 1; }
version="$(dpkg-deb --field "$deb" Version)"
[ "$(/usr/bin/genrelab-cli --version)" = "genrelab-cli $version" ] || fail "genrelab-cli --version does not say $version"
sample=/usr/share/genrelab/music_genre_sample.csv
cmp -s "$sample" data/music_genre_sample.csv || fail "the installed sample differs from data/music_genre_sample.csv"
/usr/bin/genrelab-cli inspect "$sample" >"$work/inspect.txt" || fail "genrelab-cli inspect failed"
grep -q "^Rows  *2,000$" "$work/inspect.txt" || fail "inspect of the installed sample does not report 2,000 rows"
grep -q "Bollywood" "$work/inspect.txt" || fail "inspect did not find the installed class names beside the sample"
QT_QPA_PLATFORM=offscreen /usr/bin/genrelab --screenshot "$work/shots" --data "$sample" >/dev/null 2>"$work/gui.log" \
  || { cat "$work/gui.log" >&2; fail "genrelab --screenshot failed"; }
shots=$(find "$work/shots" -name '*.png' -size +1k | wc -l)
[ "$shots" -ge 7 ] || fail "genrelab --screenshot wrote $shots PNGs, expected one per section (7 or more)"
[ "$(man -w genrelab-cli)" = /usr/share/man/man1/genrelab-cli.1 ] || fail "man -w genrelab-cli does not find the page"
man -w genrelab >/dev/null || fail "man -w genrelab does not find the page"
desktop-file-validate /usr/share/applications/genrelab.desktop || fail "the installed desktop entry does not validate"
for size in 16 22 24 32 48 64 128 256; do
  [ -s "/usr/share/icons/hicolor/${size}x${size}/apps/genrelab.png" ] || fail "no ${size}x${size} icon"
done
echo "package: installed $deb; genrelab-cli $version, inspect, $shots screenshots, man pages, desktop entry and icons in place; purging"
