"""Shared by the engine tests: the local server in this process, a standalone namespace, rows to write."""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Iterator
from types import ModuleType

import pytest

from mixpeek.client import Mixpeek
from mixpeek.local import LocalServer

API_KEY = "sk_integration_tests"
NAMESPACE = "scale-out"
DIMENSION = 4


def engine(module: str, extra: str, needs_java: bool = False) -> ModuleType:
    """Import an engine for a test module; when it (or Java) is missing, skip, except in CI, which installs
    both (scripts/test.sh installs the extras, .ci/run runs scripts/java.sh), so there it fails."""
    missing = None
    try:
        found = importlib.import_module(module)
    except ImportError:
        missing = f'{module} is not installed: pip install -e ".[{extra}]"'
    if missing is None and needs_java and shutil.which("java") is None:
        missing = "Spark needs a Java runtime: bash scripts/java.sh"
    if missing is not None:
        if os.environ.get("CI"):
            pytest.fail(missing, pytrace=False)
        pytest.skip(missing, allow_module_level=True)
    return found


@pytest.fixture()
def local_server() -> Iterator[LocalServer]:
    with LocalServer() as server:
        with Mixpeek(api_key=API_KEY, base_url=server.url, namespace=NAMESPACE) as mp:
            mp.namespaces.create(
                namespace_id=NAMESPACE,
                mode="standalone",
                vector_configs=[{"name": "emb", "dimension": DIMENSION, "metric": "cosine"}],
            )
        yield server


def make_rows(count: int) -> list[dict[str, object]]:
    """Rows with an id, a vector and two payload columns; row i's vector is distinct and non-zero."""
    return [
        {
            "id": f"doc-{i:06d}",
            "embedding": [float(i % 7 + 1), float(i % 5 + 1), float(i % 3 + 1), float(i + 1)],
            "category": f"c{i % 3}",
            "rank": i,
        }
        for i in range(count)
    ]
