"""MkDocs hooks of the documentation site (see mkdocs.yml): repository pages become site pages.

README.md, ARCHITECTURE.md, CHANGELOG.md and benchmarks/README.md live outside ``docs/`` because they are the
repository's own front pages. They are added to the site as ``index.md``, ``architecture.md``,
``changelog.md`` and ``benchmarks.md``. Their links are written for a package index page (absolute links
into the repository on GitHub) or for the repository (relative links): each link to a file that is a page
of the site is turned into a link between pages, so strict mode checks it; a link to any other repository
file (``openapi.json``, ``generator/``) points at the repository.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[1]
REPOSITORY = "https://github.com/mixpeek/mixpeek"
BLOB = f"{REPOSITORY}/blob/main/"
TREE = f"{REPOSITORY}/tree/main/"

#: repository file -> its page in the site
EXTRA_PAGES = {
    "README.md": "index.md",
    "ARCHITECTURE.md": "architecture.md",
    "CHANGELOG.md": "changelog.md",
    "benchmarks/README.md": "benchmarks.md",
}

_LINK = re.compile(r"\]\(([^)\s]+)\)")


def on_files(files: Files, config: Any) -> Files:
    """Add the repository's front pages that exist to the site."""
    for source, page in EXTRA_PAGES.items():
        if (ROOT / source).is_file():
            files.append(File.generated(config, page, abs_src_path=str(ROOT / source)))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Turn the links of an added page into links between site pages (or into the repository)."""
    source = {page_name: src for src, page_name in EXTRA_PAGES.items()}.get(page.file.src_uri)
    if source is None:
        return markdown
    return _LINK.sub(lambda match: f"]({_site_link(match.group(1), source, page.file.src_uri)})", markdown)


def _site_link(target: str, source: str, page: str) -> str:
    """Where a link of repository file ``source`` (now the site page ``page``) points in the site."""
    if target.startswith((BLOB, TREE)):
        repository_path = target.split("/main/", 1)[1]
    elif "://" in target or target.startswith(("#", "mailto:")):
        return target
    else:
        repository_path = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
    path, _, anchor = repository_path.partition("#")
    site_path = EXTRA_PAGES.get(path)
    if site_path is None and path.startswith("docs/"):
        site_path = path[len("docs/") :]
    if site_path is None:
        return f"{BLOB if (ROOT / path).is_file() else TREE}{repository_path}"
    relative = posixpath.relpath(site_path, posixpath.dirname(page) or ".")
    return f"{relative}#{anchor}" if anchor else relative
