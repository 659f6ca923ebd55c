# Sourced by the scripts in this folder: makes sure .venv exists and holds the project.
# Usage: ensure_venv [extras]   (extras: "" for the SDK alone, "dev" for tests and tooling)
# pip's output is kept out of the way and shown only when it fails.

_quiet() {
  local log
  log=$(mktemp)
  if ! "$@" >"$log" 2>&1; then
    cat "$log" >&2
    rm -f "$log"
    return 1
  fi
  rm -f "$log"
}

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
    if [ -z "$python" ]; then
      echo "no Python 3.9+ interpreter found (tried python3.9 ... python3.13, python3; or set PYTHON)" >&2
      return 1
    fi
    echo "creating .venv with $python" >&2
    "$python" -m venv .venv
    _quiet .venv/bin/python -m pip install --upgrade pip
  fi
  local target="."
  [ -n "$extras" ] && target=".[$extras]"
  echo "installing mixpeek${extras:+ with [$extras]} into .venv" >&2
  # compat mode puts the checkout on sys.path with a .pth line, which mypy and pyright follow; setuptools'
  # default editable install is an import hook that type checkers cannot see, so a user's own code would fail
  # with "cannot find module mixpeek". (setuptools calls compat mode transitional; if a release drops it, the
  # strict mode also works for type checkers, at the cost of reinstalling after the generator adds a module.)
  _quiet .venv/bin/python -m pip install -e "$target" --config-settings editable_mode=compat
}
