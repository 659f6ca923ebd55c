#!/usr/bin/env bash
# The README's test command: on a fresh machine it creates .venv, installs the SDK with its
# development tools and the Ray and Spark extras, and runs the whole test suite. Extra arguments go to
# pytest. The Spark tests need a Java runtime: `bash scripts/java.sh` installs Debian's (CI runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv "dev,ray,spark"
status=0
.venv/bin/python -m pytest "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests: that is a failure for this project" >&2
  exit 1
fi
exit "$status"
