"""Names-only lists derived from a facts file, committed so the tests can check coverage without it.

`operations-<version>.txt`: one "METHOD PATH published-method-name" line per operation.
`schemas-<version>.txt`: one schema name per line. Both sorted, so they diff well between versions.
"""

from __future__ import annotations

from pathlib import Path
from typing import List

from spec_builder.jsontypes import JsonObject
from spec_builder.paths import iter_operations


def operation_lines(facts: JsonObject) -> List[str]:
    """Lines "METHOD PATH published-method-name" for every operation of a facts file, sorted."""
    return sorted(
        f"{method.upper()} {path} {operation.get('x-python-method') or operation['operationId']}"
        for path, method, operation in iter_operations(facts["paths"])
    )


def schema_lines(facts: JsonObject) -> List[str]:
    """Every component schema name of a facts file, sorted."""
    return sorted(facts.get("components", {}).get("schemas", {}))


def write_name_lists(facts: JsonObject, directory: Path) -> List[Path]:
    """Write both lists for the facts' API version into `directory`; return the files written."""
    version = facts["info"]["version"]
    written = []
    for stem, lines in (("operations", operation_lines(facts)), ("schemas", schema_lines(facts))):
        target = directory / f"{stem}-{version}.txt"
        target.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")
        written.append(target)
    return written
