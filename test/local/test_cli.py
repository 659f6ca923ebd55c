"""`python -m mixpeek.local` serves until stopped, announcing the URL it bound."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from test.local.helpers import raw

REPOSITORY = Path(__file__).resolve().parents[2]


def test_the_command_serves_with_a_key_list_and_a_data_directory(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "mixpeek.local",
        "--port",
        "0",
        "--data-dir",
        str(tmp_path),
        "--api-key",
        "sk_cli",
    ]
    process = subprocess.Popen(command, cwd=REPOSITORY, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        banner = process.stderr.readline()
        found = re.search(r"http://127\.0\.0\.1:\d+", banner)
        assert found, banner
        url = found.group(0)
        assert raw(url, "GET", "/v1/namespaces", api_key="sk_other")[0] == 401
        status, body = raw(
            url, "POST", "/v1/namespaces/standalone", {"namespace_id": "cli"}, api_key="sk_cli"
        )
        assert (status, body["namespace_id"]) == (200, "cli")
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert (tmp_path / "mixpeek-local.sqlite3").exists()
