#!/usr/bin/env bash
# Installs the Debian 12 packages genrelab needs, only those that are missing; arguments
# name more packages (scripts/test-sanitizers.sh: clang for the fuzzer).
set -euo pipefail
packages=("$@" build-essential cmake qt6-base-dev libqcustomplot-dev libqcustomplot2.1-qt6 qt6-svg-dev libeigen3-dev libgl-dev libbenchmark-dev nlohmann-json3-dev fonts-dejavu-core)
# The locale test generates de_DE.UTF-8 with localedef, which needs the locale sources.
packages+=(locales)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
