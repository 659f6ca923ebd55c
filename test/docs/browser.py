"""A headless Chromium driven over the DevTools protocol: open a page, evaluate JavaScript in it.

Just enough to check a page as a person sees it after its scripts ran (the documentation site's search is
built by a web worker, so a static DOM dump is not enough). Chromium is Debian's package
(`scripts/chromium.sh` installs it); the protocol is spoken with `websocket-client`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import time
import urllib.request
from types import TracebackType
from typing import Any, Optional

import websocket


class Browser:
    """One headless Chromium with one tab; a context manager."""

    def __init__(self, executable: str) -> None:
        self._profile = tempfile.mkdtemp(prefix="chromium-profile-")
        self._process = subprocess.Popen(
            [
                executable,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                f"--user-data-dir={self._profile}",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        port = self._devtools_port()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as answer:
            tab = next(t for t in json.load(answer) if t.get("type") == "page")
        self._socket = websocket.create_connection(
            tab["webSocketDebuggerUrl"], timeout=30, suppress_origin=True
        )
        self._next_id = 0

    def _devtools_port(self) -> int:
        assert self._process.stderr is not None
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self._process.stderr.readline()
            found = re.search(r"DevTools listening on ws://127\.0\.0\.1:(\d+)/", line)
            if found:
                return int(found.group(1))
            if not line and self._process.poll() is not None:
                break
        raise RuntimeError("chromium did not announce its DevTools port")

    def _command(self, method: str, **params: Any) -> Any:
        self._next_id += 1
        self._socket.send(json.dumps({"id": self._next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self._socket.recv())
            if message.get("id") == self._next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message.get("result", {})

    def open(self, url: str) -> None:
        """Navigate and wait until the document has loaded."""
        self._command("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete' && location.href !== 'about:blank'")

    def evaluate(self, expression: str) -> Any:
        """The JSON value of a JavaScript expression in the page."""
        result = self._command("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, seconds: float = 20.0) -> Any:
        """Poll ``expression`` until it is truthy; its value, or an AssertionError after ``seconds``."""
        deadline = time.monotonic() + seconds
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"still false after {seconds} s: {expression}")
            time.sleep(0.2)

    def close(self) -> None:
        self._socket.close()
        self._process.terminate()
        self._process.wait(timeout=10)
        shutil.rmtree(self._profile, ignore_errors=True)

    def __enter__(self) -> Browser:
        return self

    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        traceback: Optional[TracebackType],
    ) -> None:
        self.close()
