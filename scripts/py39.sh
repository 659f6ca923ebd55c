#!/usr/bin/env bash
# Checks that the SDK installs and works on the oldest supported Python (3.9): a separate venv with
# the runtime dependencies at their lowest majors, then the runtime, generated and client tests.
set -euo pipefail
cd "$(dirname "$0")/.."
py39="${PYTHON39:-}"
if [ -z "$py39" ]; then
  for candidate in python3.9 "$HOME/.pyenv/versions/3.9.18/bin/python"; do
    if "$candidate" -c 'import sys; assert sys.version_info[:2] == (3, 9)' >/dev/null 2>&1; then
      py39="$candidate"; break
    fi
  done
fi
if [ -z "$py39" ]; then echo "no Python 3.9 interpreter found" >&2; exit 1; fi
if [ ! -x .venv39/bin/python ]; then
  "$py39" -m venv .venv39
  .venv39/bin/python -m pip install -q --upgrade pip
fi
.venv39/bin/python -m pip install -q -e '.[dev]'
status=0
.venv39/bin/python -m pytest test/runtime test/generated test/client test/local test/extensions test/seed || status=$?
[ "$status" -eq 5 ] && { echo "no tests collected under Python 3.9" >&2; exit 1; }
exit "$status"
