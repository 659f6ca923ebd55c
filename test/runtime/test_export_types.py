"""Type checkers see every top-level name, although `mixpeek/__init__.py` lists only its own.

API classes and models are found at run time through the tables of `mixpeek.api` and `mixpeek.models`
(`mixpeek._runtime.lazy`); type checkers see them through the star imports and `__all__` of the generated
`mixpeek/__init__.py`. A user's file using 20 top-level names (models, API classes, runtime names) must pass
`mypy --strict` and pyright with zero errors, and a file misusing two of them must give exactly those two
errors (so the names are typed, not `Any`).

The checkers see the SDK as a user does: an installed, `py.typed` package found on the interpreter's path
(`PYTHONPATH`), whose own errors are not reported and whose exports follow the library rules (pyright
reports a name missing from `__all__` as not exported). pyright comes from scripts/pyright.sh (npm);
without npm that half is skipped, except under `CI=true`, where it fails.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from test.support.mypy_run import run_mypy
from test.support.pyright import pyright_executable

ROOT = Path(__file__).resolve().parents[2]

#: The names the user's file takes from `mixpeek` (8 models, 5 API classes, 7 runtime names).
NAMES = [
    *("BucketResponse", "CollectionResponse", "CreateCollectionRequest", "CreateNamespaceRequest"),
    *("ErrorResponse", "ListCollectionsResponse", "NamespaceModel", "TaskResponse"),
    *("BucketsApi", "CollectionsApi", "DocumentsApi", "NamespacesApi", "TasksApi"),
    *("ApiClient", "ApiException", "ApiResponse", "Configuration", "Mixpeek", "MixpeekModel"),
    "NotFoundException",
]

USES = f'''"""A user's code: the names from the top-level package, as a function's types and attributes."""

from __future__ import annotations

from typing import List, Optional, Type

import mixpeek
from mixpeek import {", ".join(NAMES)}


def api_client() -> ApiClient:
    return ApiClient(Configuration(host="http://localhost:8000", api_key="sk_test"))


def collection(api: CollectionsApi, name: str) -> Optional[CollectionResponse]:
    try:
        return api.get_collection(name)
    except NotFoundException:
        return None
    except ApiException as error:
        if isinstance(error.data, ErrorResponse):
            print(error.data.error)
        raise


def collections(api: CollectionsApi) -> ListCollectionsResponse:
    return api.list_collections()


def namespace(api: NamespacesApi) -> NamespaceModel:
    return api.get_namespace("ns_demo")


def bucket(api: BucketsApi) -> ApiResponse[BucketResponse]:
    return api.get_bucket_with_http_info("bkt_demo")


def task(api: TasksApi) -> TaskResponse:
    return api.get_task("tsk_demo")


def requests() -> List[MixpeekModel]:
    source = {{"type": "bucket"}}
    created = CreateCollectionRequest.model_validate({{"collection_name": "c", "source": source}})
    return [created, CreateNamespaceRequest.model_validate({{"namespace_name": "n"}})]


def apis(client: ApiClient) -> DocumentsApi:
    api_class: Type[CollectionsApi] = mixpeek.CollectionsApi
    model_class: Type[CollectionResponse] = mixpeek.models.CollectionResponse
    print(api_class(client), model_class, mixpeek.api.TasksApi, mixpeek.NamespaceModel)
    return DocumentsApi(client)


def upload(api: DocumentsApi) -> object:
    # The top-level DocumentsApi is the hand-written subclass with the upload helper, for both checkers.
    return api.upload_documents


def high_level() -> Mixpeek:
    return Mixpeek(api_key="sk_test")
'''

MISUSES = """import mixpeek
from mixpeek import CollectionsApi


def wrong(api: CollectionsApi) -> int:
    return api.get_collection("c")


missing = mixpeek.NoSuchName
"""
#: The lines of MISUSES each checker must report (a wrong return type, an unknown name).
MISUSED_LINES = [6, 9]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = tmp_path_factory.mktemp("export_types")
    (made / "uses.py").write_text(USES, encoding="utf-8")
    (made / "misuses.py").write_text(MISUSES, encoding="utf-8")
    return made


def _environment() -> dict[str, str]:
    """The checkers find `mixpeek` on the interpreter's path, as an installed package."""
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def test_the_file_uses_twenty_top_level_names() -> None:
    import mixpeek

    assert len(set(NAMES)) == 20
    models, apis = set(mixpeek.models.__all__), set(mixpeek.api.__all__)
    assert len(set(NAMES) & models) == 8 and len(set(NAMES) & apis) == 5
    # The package's own names: seven runtime names, and DocumentsApi, the hand-written subclass
    # (apiExtensions) that deliberately shadows the generated class of that name; every other name is
    # listed once.
    assert len(set(NAMES) & set(mixpeek._EXPORTS)) == 8
    assert (models | apis) & set(mixpeek._EXPORTS) == {"DocumentsApi"}
    assert mixpeek._EXPORTS["DocumentsApi"] == "mixpeek.extensions.documents"


def test_mypy_strict_sees_every_name(folder: Path) -> None:
    checked = run_mypy(["uses.py", "misuses.py"], folder, sdk="installed")
    assert [e for e in checked.errors if e.file == "uses.py"] == [], checked.output
    assert sorted(checked.lines("misuses.py")) == MISUSED_LINES, checked.output


def test_pyright_sees_every_name_as_exported(folder: Path) -> None:
    executable = pyright_executable()
    completed = subprocess.run(
        [str(executable), "--pythonpath", sys.executable, "--outputjson", "uses.py", "misuses.py"],
        cwd=folder,
        env=_environment(),
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    result = json.loads(completed.stdout)
    errors = [
        (Path(item["file"]).name, item["range"]["start"]["line"] + 1, item["message"])
        for item in result["generalDiagnostics"]
        if item["severity"] == "error"
    ]
    assert [e for e in errors if e[0] == "uses.py"] == [], errors
    assert sorted({line for name, line, _ in errors if name == "misuses.py"}) == MISUSED_LINES, errors
