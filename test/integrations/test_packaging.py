"""The integrations import their engine only when asked, and say which extra to install when it is missing."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
import sys
import mixpeek, mixpeek.client
assert not any(m == "ray" or m.startswith(("ray.", "pyspark")) for m in sys.modules), "an engine was imported"
sys.modules["{module}"] = None  # as if the engine were not installed
try:
    import mixpeek.integrations.{integration}
except ImportError as error:
    print(error)
"""


def _missing_engine_message(integration: str, module: str) -> str:
    code = PROBE.format(integration=integration, module=module)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.strip()


def test_a_missing_ray_names_the_extra() -> None:
    assert 'pip install "mixpeek[ray]"' in _missing_engine_message("ray", "ray.data")


def test_a_missing_pyspark_names_the_extra() -> None:
    assert 'pip install "mixpeek[spark]"' in _missing_engine_message("spark", "pyspark.sql.datasource")
