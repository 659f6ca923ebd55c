"""Writes the names-only copy of the published package's surface that the compatibility test reads.

    .venv/bin/python -m test.compat.extract_surface /work/shared/reference/upstream-sdk-1.3.783-surface.json

Only names are kept: API classes -> methods -> parameter names in order (``name?`` marks an optional one)
and the return type name; models -> kind and attribute -> wire names; the top-level exports. Not needed at
test time.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

TARGET = Path(__file__).parent / "published-surface-1.3.783.json"


def names_only(surface: dict[str, Any]) -> dict[str, Any]:
    api_classes = {
        cls: {
            method: {
                "params": [param["name"] + ("" if param["required"] else "?") for param in info["params"]],
                "returns": info["returns"],
            }
            for method, info in sorted(methods.items())
        }
        for cls, methods in sorted(surface["api_classes"].items())
    }
    models: dict[str, Any] = {}
    for name, info in sorted(surface["models"].items()):
        entry: dict[str, Any] = {"kind": info["kind"]}
        if info["kind"] == "model":
            entry["fields"] = {attr: field["wire"] for attr, field in sorted(info["fields"].items())}
        models[name] = entry
    return {
        "package": surface["package"],
        "version": surface["version"],
        "api_classes": api_classes,
        "models": models,
        "top_level_exports": sorted(surface["top_level_exports"]),
    }


def main(argv: list[str]) -> int:
    source = Path(argv[0]) if argv else Path("/work/shared/reference/upstream-sdk-1.3.783-surface.json")
    surface = json.loads(source.read_text(encoding="utf-8"))
    TARGET.write_text(json.dumps(names_only(surface), indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
