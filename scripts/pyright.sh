#!/usr/bin/env bash
# Installs the pyright type checker (npm package `pyright`) into .tools/pyright, once: a second run with the
# same version installed does nothing. Prints the path of the pyright executable.
# Used by the tests that run pyright; needs node and npm.
set -euo pipefail
cd "$(dirname "$0")/.."
version="${PYRIGHT_VERSION:-1.1.414}"
prefix=".tools/pyright"
bin="$prefix/node_modules/.bin/pyright"
stamp="$prefix/.installed-$version"
if [ ! -x "$bin" ] || [ ! -f "$stamp" ]; then
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-audit --no-fund --loglevel=error "pyright@$version" >&2
  rm -f "$prefix"/.installed-*
  touch "$stamp"
fi
echo "$(pwd)/$bin"
