#!/usr/bin/env bash
# Install everything the atlas needs on a fresh Debian machine: Python packages and,
# for the browser tests, Debian's Chromium (Playwright drives /usr/bin/chromium; it never downloads a browser).
#
#   bash setup.sh               everything: the build, the tests and their browser
#   bash setup.sh --build-only  only what `python build_site.py` needs: the "# Site build" part of
#                               requirements.txt, no Chromium (the Pages workflow publishes with this)
set -euo pipefail
cd "$(dirname "$0")"
BUILD_ONLY=0
case "${1:-}" in
  "") ;;
  --build-only) BUILD_ONLY=1 ;;
  *) echo "usage: bash setup.sh [--build-only]" >&2; exit 2 ;;
esac
CHROMIUM="${ATLAS_CHROMIUM:-/usr/bin/chromium}"  # tests point this elsewhere to see the install step
if [ "$BUILD_ONLY" -eq 0 ] && [ ! -x "$CHROMIUM" ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: $CHROMIUM is missing and apt-get is unavailable; browser tests will fail" >&2
  fi
fi
if [ "$BUILD_ONLY" -eq 1 ]; then
  # requirements.txt stays the one list of pins (and the one cache key); its first part is the build's.
  BUILD_REQUIREMENTS="$(mktemp)"
  trap 'rm -f "$BUILD_REQUIREMENTS"' EXIT
  awk '/^# Tests and checks/ { exit } { print }' requirements.txt > "$BUILD_REQUIREMENTS"
  python -m pip install --quiet --disable-pip-version-check -r "$BUILD_REQUIREMENTS"
else
  python -m pip install --quiet --disable-pip-version-check -r requirements.txt
fi
