"""The documentation site, built in strict mode and looked at in headless Chromium as a reader would.

Three pages: the home page (the README), an API class reference page and a model page. On each, the
navigation is there; the API page shows its example code block; searching for an operation finds its page.
Chromium comes from `scripts/chromium.sh` (CI installs it before the tests); without it the test is skipped
outside CI and fails in CI.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks._serving import LOOPBACK_ANY_PORT, ServerThread
from test.docs.browser import Browser

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site built in strict mode into a temporary folder, served on 127.0.0.1; yields its URL."""
    out = tmp_path_factory.mktemp("site")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    handler = functools.partial(QuietHandler, directory=str(out))
    with ServerThread(http.server.ThreadingHTTPServer(LOOPBACK_ANY_PORT, handler)) as served:
        yield served.url


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is missing: .ci/run installs it with scripts/chromium.sh")
        pytest.skip("chromium is not installed: run `bash scripts/chromium.sh`")
    with Browser(executable) as opened:
        yield opened


NAV_LABELS = "[...document.querySelectorAll('.md-tabs__link, .md-nav__link')].map(e => e.textContent.trim())"


@pytest.mark.parametrize(
    ("page", "heading"),
    [
        ("index.html", "mixpeek"),
        ("api/CollectionsApi.html", "CollectionsApi"),
        ("models/CollectionResponse.html", "CollectionResponse"),
    ],
)
def test_pages_have_their_heading_and_the_site_navigation(
    site: str, browser: Browser, page: str, heading: str
) -> None:
    browser.open(f"{site}/{page}")
    assert browser.evaluate("document.querySelector('article h1').textContent.trim()").startswith(heading)
    labels = browser.evaluate(NAV_LABELS)
    assert {"Home", "Guides", "Reference", "API classes", "Models"} <= set(labels), labels


def test_an_api_page_shows_its_runnable_example(site: str, browser: Browser) -> None:
    browser.open(f"{site}/api/CollectionsApi.html")
    blocks = browser.evaluate("[...document.querySelectorAll('article pre code')].map(e => e.textContent)")
    assert any("mixpeek.CollectionsApi(api_client)" in block for block in blocks), blocks[:2]
    assert any(".get_collection(" in block for block in blocks)


def test_search_finds_an_operation_page(site: str, browser: Browser) -> None:
    browser.open(f"{site}/index.html")
    browser.evaluate(
        "(() => { const input = document.querySelector('.md-search__input');"
        " input.focus(); input.value = 'describe_collection_features';"
        " input.dispatchEvent(new Event('input', {bubbles: true})); return true; })()"
    )
    links = browser.wait_for(
        "[...document.querySelectorAll('.md-search-result__item a')].map(a => a.getAttribute('href'))",
        seconds=30,
    )
    assert any("api/CollectionsApi.html" in link for link in links), links
