"""Every module path of the published ``mixpeek`` 1.3.783 imports here and offers the names it defined there,
and modules are reachable as attributes after a bare ``import mixpeek`` (loaded on first access).

The paths and names come from ``published-modules-1.3.783.json`` (names only; see ``extract_modules.py``).
Everything runs in one fresh interpreter, so nothing another test imported can make a path work.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, Dict, List

import mixpeek.exceptions
import mixpeek.rest

PUBLISHED: Dict[str, List[str]] = json.loads(
    (Path(__file__).parent / "published-modules-1.3.783.json").read_text(encoding="utf-8")
)
ROOT = Path(__file__).resolve().parents[2]

#: Published paths and names that other parts of issue 9 provide, each with its owner. Strict: an entry that
#: starts to exist fails the test until it is removed here, so this list only shrinks.
PROVIDED_ELSEWHERE: Dict[str, Any] = {
    "mixpeek.configuration": {
        "reason": "the OpenAPI Generator auth settings of Configuration (issue 9, item 6, runtime side)",
        "names": [
            "APIKeyAuthSetting",
            "AuthSettings",
            "BasicAuthSetting",
            "BearerAuthSetting",
            "BearerFormatAuthSetting",
            "GenericAuthSetting",
            "HTTPSignatureAuthSetting",
            "HostSetting",
            "HostSettingVariable",
            "OAuth2AuthSetting",
        ],
    },
}

#: Runs in a fresh interpreter. Reads {path: [names]} on stdin and prints a JSON report:
#: - "eager": modules (of mixpeek) that `import mixpeek` alone loaded;
#: - "attribute": paths not reachable as attributes from the bare package (step 1, before any import);
#: - "import": paths whose import fails; "names": path -> names it lacks.
PROBE = """
import functools, importlib, json, sys
wanted = json.load(sys.stdin)
import mixpeek
eager = sorted(n for n in sys.modules if n.startswith("mixpeek.") and not n.startswith("mixpeek._"))
report = {"eager": eager, "attribute": {}, "import": {}, "names": {}}
reached = {}
for path in wanted:
    try:
        reached[path] = functools.reduce(getattr, path.split(".")[1:], mixpeek)
    except Exception as error:
        report["attribute"][path] = f"{type(error).__name__}: {error}"
for path, names in wanted.items():
    try:
        module = importlib.import_module(path)
    except Exception as error:
        report["import"][path] = f"{type(error).__name__}: {error}"
        continue
    if path in reached and reached[path] is not module:
        report["attribute"][path] = "the attribute is not the module"
    lacking = [name for name in names if not hasattr(module, name)]
    if lacking:
        report["names"][path] = lacking
print(json.dumps(report))
"""


def _probe(wanted: Dict[str, List[str]]) -> Dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        input=json.dumps(wanted),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=600,
    )
    report: Dict[str, Any] = json.loads(done.stdout)
    return report


def _expected_gaps() -> Dict[str, Any]:
    """path -> None (the whole module is provided elsewhere) or the list of names provided elsewhere."""
    return {
        path: entry["names"] if isinstance(entry, dict) else None
        for path, entry in PROVIDED_ELSEWHERE.items()
    }


def test_every_published_module_path_imports_in_a_fresh_process_and_offers_its_names() -> None:
    assert len(PUBLISHED) > 1400, "the list of published modules is incomplete"
    report = _probe(PUBLISHED)
    gaps = _expected_gaps()
    missing_modules = {path for path in report["import"] if gaps.get(path, []) is not None}
    missing_names = {
        path: sorted(set(names) - set(gaps.get(path) or ())) for path, names in report["names"].items()
    }
    problems = [f"{path}: {report['import'][path]}" for path in sorted(missing_modules)]
    problems += [f"{path}: lacks {names}" for path, names in sorted(missing_names.items()) if names]
    problems += [
        f"{path}: not reachable as an attribute ({why})"
        for path, why in sorted(report["attribute"].items())
        if path not in report["import"]
    ]
    assert not problems, "\n".join(problems)


def test_the_list_of_gaps_provided_elsewhere_only_names_real_gaps() -> None:
    report = _probe({path: PUBLISHED[path] for path in PROVIDED_ELSEWHERE})
    stale = []
    for path, names in _expected_gaps().items():
        if names is None and path not in report["import"]:
            stale.append(f"{path} imports now: remove it from PROVIDED_ELSEWHERE")
        elif names is not None and set(names) - set(report["names"].get(path, ())):
            stale.append(f"{path} offers some of {names} now: remove them from PROVIDED_ELSEWHERE")
    assert not stale, "\n".join(stale)


def test_bare_import_loads_no_submodule_until_it_is_reached_as_an_attribute() -> None:
    report = _probe({"mixpeek.models": [], "mixpeek.api": [], "mixpeek.rest": []})
    assert report["eager"] == [], "import mixpeek must stay lazy"
    assert not report["attribute"] and not report["import"]


def test_helpers_the_published_modules_offered_behave_as_there() -> None:
    assert mixpeek.exceptions.render_path(["data", 0, "name"]) == "['data'][0]['name']"
    assert [
        mixpeek.rest.is_socks_proxy_url(url)
        for url in ("socks5://proxy:1080", "SOCKS4A://proxy", "http://proxy:3128", None, "socks://proxy")
    ] == [True, True, False, False, False]
