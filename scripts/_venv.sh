# Sourced by the scripts in this folder: makes sure .venv exists and holds the project.
# Usage: ensure_venv [extras]   (extras: "" for the SDK alone, "dev" for tests and tooling)
ensure_venv() {
  local extras="${1:-}"
  local python="${PYTHON:-}"
  if [ -z "$python" ]; then
    for candidate in python3.11 python3.12 python3.13 python3.10 python3.9 python3; do
      if "$candidate" -c 'import sys; assert sys.version_info >= (3, 9)' >/dev/null 2>&1; then
        python="$candidate"; break
      fi
    done
  fi
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
    .venv/bin/python -m pip install -q --upgrade pip
  fi
  local target="."
  [ -n "$extras" ] && target=".[$extras]"
  .venv/bin/python -m pip install -q -e "$target"
}
