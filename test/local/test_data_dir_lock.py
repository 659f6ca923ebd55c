"""One data directory, one server: a second server on the same directory refuses to start, with a message
that says why, until the first one stops."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mixpeek.local import LocalServer
from mixpeek.local.storage import DataDirInUse
from test.local.helpers import raw
from test.local.test_cli import REPOSITORY, command_server


def test_a_second_server_on_the_same_data_dir_refuses_to_start(tmp_path: Path) -> None:
    with LocalServer(data_dir=str(tmp_path)) as first:
        second = LocalServer(data_dir=str(tmp_path))
        with pytest.raises(DataDirInUse) as refused:
            second.start()
        assert str(tmp_path) in str(refused.value) and "another" in str(refused.value)
        assert raw(first.url, "GET", "/v1/namespaces")[0] == 200  # the first one is untouched
    with LocalServer(data_dir=str(tmp_path)) as after_stop:  # stopping released the directory
        assert raw(after_stop.url, "GET", "/v1/namespaces")[0] == 200


def test_servers_on_different_data_dirs_run_side_by_side(tmp_path: Path) -> None:
    with LocalServer(data_dir=str(tmp_path / "a")), LocalServer(data_dir=str(tmp_path / "b")):
        pass


def test_the_command_refuses_a_data_dir_in_use_with_a_clear_message(tmp_path: Path) -> None:
    with command_server("--data-dir", str(tmp_path)):
        command = [sys.executable, "-m", "mixpeek.local", "--port", "0", "--data-dir", str(tmp_path)]
        second = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True, timeout=60)
    assert second.returncode != 0
    assert "already in use" in second.stderr and str(tmp_path) in second.stderr
    assert "Traceback" not in second.stderr
