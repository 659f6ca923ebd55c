"""One server per data directory: an exclusive lock on ``<data_dir>/mixpeek-local.lock``.

Two servers writing the same SQLite file would each serve from their own in-memory copy and overwrite
each other's writes. The lock is an OS advisory lock (``flock`` on POSIX, ``msvcrt.locking`` on Windows)
held on an open file for as long as the storage is open: it is released by `release()`, and by the OS if
the process dies, so a crashed server never leaves a stale lock behind. The file records the holder's pid
for the refusal message.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO, Optional

LOCK_FILE = "mixpeek-local.lock"


class DataDirInUse(RuntimeError):
    """Another local server (in this process or another) holds the data directory."""


def _try_lock(handle: IO[str]) -> bool:
    """Take the exclusive lock without waiting; False when another holder has it."""
    try:
        if sys.platform == "win32":
            import msvcrt

            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


class DataDirLock:
    """The exclusive lock of one data directory, taken on creation."""

    def __init__(self, directory: Path) -> None:
        self.path = directory / LOCK_FILE
        handle = open(self.path, "a+", encoding="utf-8")  # noqa: SIM115 - held open until release()
        if not _try_lock(handle):
            handle.seek(0)
            holder = handle.read().strip() or "unknown"
            handle.close()
            raise DataDirInUse(
                f"The data directory {directory} is already in use by another mixpeek-local server "
                f"(pid {holder}); stop it, or give this server another --data-dir"
            )
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._handle: Optional[IO[str]] = handle

    def release(self) -> None:
        """Give the directory back (closing the file releases the OS lock); idempotent."""
        if self._handle is not None:
            self._handle.close()
            self._handle = None
