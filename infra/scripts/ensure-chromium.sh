#!/usr/bin/env bash
# Makes sure a Chromium for the admin app's browser tests is installed and prints its path
# on stdout. Installs Debian's chromium package (as root) when /usr/bin/chromium is absent;
# CHROMIUM_PATH points elsewhere when set.
set -euo pipefail
log() { echo "[ensure-chromium] $*" >&2; }
CHROMIUM=${CHROMIUM_PATH:-/usr/bin/chromium}

if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" -ne 0 ]; then
    log "$CHROMIUM is missing and installing it needs root: apt-get install chromium"
    exit 1
  fi
  log "Chromium is not installed: installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends chromium fonts-noto-cjk >&2
fi
[ -x "$CHROMIUM" ] || { log "$CHROMIUM is still missing"; exit 1; }
"$CHROMIUM" --version >&2 || true
echo "$CHROMIUM"
