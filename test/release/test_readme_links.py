"""README.md is also the package's long description on the package index, where relative links break: every
link in it is absolute (or an anchor of the page itself), and every link into this repository names a file
or folder that exists, so the links do not rot. The documentation site maps the same links back to its own
pages (docs_site/hooks.py), and its strict build checks their anchors."""

from __future__ import annotations

import re
from pathlib import Path

from docs_site.hooks import BLOB, TREE

ROOT = Path(__file__).resolve().parents[2]
LINKS = re.compile(r"\]\(([^)\s]+)\)")


def _links() -> list[str]:
    return LINKS.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def test_every_readme_link_is_absolute_or_an_anchor() -> None:
    relative = [link for link in _links() if not link.startswith(("https://", "http://", "#", "mailto:"))]
    assert not relative, f"relative links break on the package index page: {relative}"


def test_every_link_into_the_repository_exists() -> None:
    missing = []
    for link in _links():
        for prefix in (BLOB, TREE):
            if link.startswith(prefix):
                path = link[len(prefix) :].partition("#")[0]
                if not (ROOT / path).exists():
                    missing.append(link)
    assert not missing, missing
    assert any(link.startswith(BLOB) for link in _links()), "the README links to no repository file"
