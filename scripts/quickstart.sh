#!/usr/bin/env bash
# The README's first command: installs the SDK into .venv and runs examples/quickstart.py.
# Without MIXPEEK_API_KEY the example starts the local Mixpeek server in-process and runs offline;
# with it, the example talks to the real API (MIXPEEK_BASE_URL optional).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv ""
exec .venv/bin/python examples/quickstart.py "$@"
