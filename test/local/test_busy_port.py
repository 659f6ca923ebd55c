"""A port that is already taken: the command refuses in one line (no traceback), the class raises an OSError
saying which port and what to do, and a data directory it had locked is released."""

from __future__ import annotations

import errno
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from mixpeek.local import LocalServer
from mixpeek.local.server import CannotListen
from test.local.helpers import raw
from test.local.test_cli import REPOSITORY


@contextmanager
def held_port() -> Iterator[int]:
    """A loopback port this test binds and listens on, so nothing else can."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield int(holder.getsockname()[1])


def test_the_command_refuses_a_busy_port_in_one_line(tmp_path: Path) -> None:
    with held_port() as port:
        command = [sys.executable, "-m", "mixpeek.local", "--port", str(port), "--data-dir", str(tmp_path)]
        finished = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True, timeout=60)
    assert finished.returncode != 0
    assert "Traceback" not in finished.stderr and "Errno" not in finished.stderr
    lines = finished.stderr.strip().splitlines()
    assert len(lines) == 1, finished.stderr
    assert f"port {port}" in lines[0] and "already in use" in lines[0] and "--port" in lines[0]


def test_a_server_on_a_busy_port_raises_and_releases_its_data_dir(tmp_path: Path) -> None:
    with held_port() as port, pytest.raises(CannotListen) as refused:
        LocalServer(port=port, data_dir=str(tmp_path)).start()
    assert isinstance(refused.value, OSError)
    assert refused.value.errno in (errno.EADDRINUSE, getattr(errno, "WSAEADDRINUSE", errno.EADDRINUSE))
    assert f"port {port} on 127.0.0.1 is already in use" in str(refused.value)
    with LocalServer(data_dir=str(tmp_path)) as server:  # the refused server did not keep the directory
        assert raw(server.url, "GET", "/v1/namespaces")[0] == 200


def test_an_address_that_is_not_this_machines_is_one_line_too() -> None:
    command = [sys.executable, "-m", "mixpeek.local", "--port", "0", "--host", "192.0.2.1"]  # TEST-NET-1
    finished = subprocess.run(command, cwd=REPOSITORY, capture_output=True, text=True, timeout=60)
    assert finished.returncode != 0 and "Traceback" not in finished.stderr
    assert finished.stderr.startswith("mixpeek-local: cannot listen on 192.0.2.1:0: ")
