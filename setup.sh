#!/usr/bin/env bash
# Install everything the atlas needs on a fresh Debian machine: Python packages and,
# for the browser tests, Debian's Chromium (Playwright drives /usr/bin/chromium; it never downloads a browser).
set -euo pipefail
cd "$(dirname "$0")"
if [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  else
    echo "warning: /usr/bin/chromium is missing and apt-get is unavailable; browser tests will fail" >&2
  fi
fi
python -m pip install --quiet --disable-pip-version-check -r requirements.txt
