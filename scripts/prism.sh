#!/usr/bin/env bash
# Installs the Prism mock server (@stoplight/prism-cli, an independent OpenAPI validator) into .tools/prism,
# once: a second run with the same version installed does nothing. Prints the path of the prism executable.
# Used by test/reliability/test_prism_contract.py; needs node and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${PRISM_VERSION:-5.16.0}"
prefix=".tools/prism"
bin="$prefix/node_modules/.bin/prism"
stamp="$prefix/.installed-$version"
if [ ! -x "$bin" ] || [ ! -f "$stamp" ]; then
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error \
    "@stoplight/prism-cli@$version" >&2
  rm -f "$prefix"/.installed-*
  touch "$stamp"
fi
echo "$(pwd)/$bin"
