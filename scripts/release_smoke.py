"""Smoke test of an installed wheel: run with the interpreter of a fresh venv, from outside the checkout.

    /tmp/venv/bin/python scripts/release_smoke.py

Checks, against the installed package and its ``mixpeek-local`` entry point (never the source tree): the
import is the installed one and light; the versions are set; the local server starts from its console
script; one call through a generated API class and one through the high-level client succeed there.
Exits non-zero, naming the check, at the first failure.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import mixpeek


def check(condition: bool, what: str) -> None:
    if not condition:
        raise SystemExit(f"release smoke test failed: {what}")
    print(f"ok: {what}")


def main() -> int:
    package_dir = Path(mixpeek.__file__).resolve().parent
    check("site-packages" in package_dir.parts, f"mixpeek is imported from the wheel ({package_dir})")
    version = mixpeek.__version__
    check(re.fullmatch(r"\d+\.\d+\.\d+", version) is not None, f"__version__ {version}")
    check(bool(mixpeek.API_VERSION), f"API_VERSION {mixpeek.API_VERSION}")
    loaded = [name for name in sys.modules if name.startswith(("mixpeek.api.", "mixpeek.models."))]
    check(not loaded, "import mixpeek loads no API or model module")

    script = shutil.which("mixpeek-local", path=str(Path(sys.executable).parent))
    check(script is not None, "the mixpeek-local console script is installed")
    assert script is not None
    server = subprocess.Popen([script, "--port", "0"], stderr=subprocess.PIPE, text=True)
    try:
        assert server.stderr is not None
        banner = server.stderr.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+", banner)
        check(found is not None, f"mixpeek-local announces its URL ({banner.strip()!r})")
        assert found is not None
        url = found.group(0)

        configuration = mixpeek.Configuration(host=url, api_key="sk_release_smoke", namespace="smoke")
        with mixpeek.ApiClient(configuration) as api_client:
            created = mixpeek.NamespacesApi(api_client).create_namespace(
                mixpeek.CreateNamespaceRequest(namespace_name="smoke")
            )
            check(created.namespace_name == "smoke", "a generated API call (NamespacesApi.create_namespace)")

        with mixpeek.Mixpeek(api_key="sk_release_smoke", namespace="smoke", base_url=url) as mp:
            fetched = mp.namespaces.get("smoke")
            check(fetched["namespace_name"] == "smoke", "a high-level call (mp.namespaces.get)")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
