#!/usr/bin/env bash
# The documentation site (MkDocs with Material; see mkdocs.yml and ARCHITECTURE.md).
#   bash scripts/docs.sh          build it into site/ in strict mode (a broken link or missing page fails)
#   bash scripts/docs.sh serve    serve it with live reload on http://127.0.0.1:8000
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv dev
export NO_MKDOCS_2_WARNING=1
case "${1:-build}" in
  build) .venv/bin/mkdocs build --strict --quiet "${@:2}" && echo "built $(pwd)/site" ;;
  serve) exec .venv/bin/mkdocs serve --strict "${@:2}" ;;
  *) echo "usage: bash scripts/docs.sh [build|serve] [mkdocs options]" >&2; exit 2 ;;
esac
