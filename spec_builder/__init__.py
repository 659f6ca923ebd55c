"""Builds the project's own `openapi.json` from the newest API facts and the previous published spec.

The facts file (0.82) is exact about names, types and required flags but lossy about nullability,
defaults, bounds, patterns and upload formats; the previous spec (0.81) still has those for the parts of the
API that did not change. `build_spec` merges the two, fixes the published naming accidents, and writes
descriptions in the project's own words. Run it as `python -m spec_builder`.
"""

from spec_builder.build import BuildReport, build_spec

__all__ = ["BuildReport", "build_spec"]
