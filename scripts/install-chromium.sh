#!/usr/bin/env bash
# Installs Debian's Chromium for the browser tests (tests/browser), when it is missing.
# Playwright drives this browser (/usr/bin/chromium); its own browser download is never used.
# Idempotent: does nothing when /usr/bin/chromium is already there.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "Chromium is missing ($CHROMIUM) and installing it needs root. Run:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y chromium fonts-dejavu-core" >&2
  exit 1
fi

echo "Installing Debian's chromium and a font (for the browser tests and their screenshots)..."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core
"$CHROMIUM" --version
