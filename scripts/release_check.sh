#!/usr/bin/env bash
# Release check (run by .ci/run): builds the wheel and sdist, runs `twine check`, refuses a wheel that
# carries anything but the `mixpeek` package, then installs the wheel (not editable) into a fresh venv and
# runs the quickstart and scripts/release_smoke.py there, from outside the checkout.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_venv.sh
ensure_venv dev

dist=$(mktemp -d)
trap 'rm -rf "$dist"' EXIT
echo "building the wheel and sdist into $dist" >&2
_quiet .venv/bin/python -m build --wheel --sdist --outdir "$dist" .
.venv/bin/python -m twine check --strict "$dist"/*

wheel=$(ls "$dist"/*.whl)
echo "wheel: $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB)"
# Only the mixpeek package and the wheel's own metadata may be inside.
strays=$(.venv/bin/python - "$wheel" <<'PY'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
print("\n".join(sorted({n.split("/")[0] for n in names if not n.startswith(("mixpeek/", "mixpeek-"))})))
PY
)
if [ -n "$strays" ]; then
  echo "the wheel carries more than the mixpeek package: $strays" >&2
  exit 1
fi
# `pip install mixpeek` pulls in exactly the four runtime dependencies (extras aside).
.venv/bin/python - "$wheel" <<'PY'
import sys, zipfile
from email.parser import Parser
from packaging.requirements import Requirement
from packaging.version import Version

wheel = zipfile.ZipFile(sys.argv[1])
metadata = Parser().parsestr(wheel.read(next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))).decode())
core = sorted(Requirement(r).name for r in metadata.get_all("Requires-Dist") or [] if "extra ==" not in r)
expected = ["pydantic", "python-dateutil", "typing-extensions", "urllib3"]
if core != expected:
    raise SystemExit(f"the wheel's runtime dependencies are {core}, expected exactly {expected}")
if Version(metadata["Version"]) <= Version("1.3.783"):
    raise SystemExit(f"version {metadata['Version']} does not sort above the published 1.3.783")
print(f"metadata: version {metadata['Version']}, runtime dependencies {', '.join(core)}")
PY

python_for_venv=$(.venv/bin/python -c 'import sys; print(sys._base_executable)')
"$python_for_venv" -m venv "$dist/venv"
_quiet "$dist/venv/bin/python" -m pip install "$wheel"
checkout=$(pwd)
(cd "$dist" && env -u MIXPEEK_API_KEY "$dist/venv/bin/python" "$checkout/examples/quickstart.py")
(cd "$dist" && "$dist/venv/bin/python" "$checkout/scripts/release_smoke.py")
