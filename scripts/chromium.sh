#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium when it is missing (used by test/docs/test_site.py, which loads
# pages of the documentation site in it). Prints the path of the executable.
set -euo pipefail
if ! command -v chromium >/dev/null 2>&1; then
  command -v apt-get >/dev/null || { echo "chromium is missing and apt-get is not available" >&2; exit 1; }
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi
command -v chromium
