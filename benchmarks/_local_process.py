"""The local server as a child process, for benchmarks that give the client and the server a core each."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

REPOSITORY = Path(__file__).resolve().parents[1]


@contextmanager
def local_server_process(data_dir: Optional[str] = None) -> Iterator[str]:
    """A `python -m mixpeek.local` child process on a free port (SQLite in `data_dir` when given); yields its
    URL and stops it afterwards."""
    command = [sys.executable, "-m", "mixpeek.local", "--port", "0"]
    command += ["--data-dir", data_dir] if data_dir else []
    process = subprocess.Popen(command, cwd=REPOSITORY, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stderr is not None
        found = re.search(r"http://[\d.]+:\d+", process.stderr.readline())
        if not found:
            raise RuntimeError("the local server did not announce its URL")
        yield found.group(0)
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stderr is not None:
            process.stderr.close()
