"""The example that ends every method section of the committed ``docs/api/<Class>.md`` runs as written.

Each example is executed against the recording server (found through ``MIXPEEK_BASE_URL``, as the example's
``Configuration`` gives no host), which answers with the operation's sample response from the generator's test
plan; the example must make exactly one request, with the HTTP method and a path matching the template of the
section's HTTP call, and print the decoded result (unless the method returns nothing).
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import mixpeek
from generator.config import load_config
from generator.ir import OperationTest
from generator.parse import build_package
from generator.spec import load_spec

if TYPE_CHECKING:
    from test.support.servers import RecordingServer

PROJECT_ROOT = Path(__file__).resolve().parents[2]
API_DOCS = PROJECT_ROOT / "docs" / "api"

_SECTION = re.compile(r"^## (\w+)\n(.*?)(?=^## |\Z)", re.MULTILINE | re.DOTALL)
_HTTP_CALL = re.compile(r"^`([A-Z]+) (/\S*)`", re.MULTILINE)
_EXAMPLE = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_PLACEHOLDER = re.compile(r"\\\{\w+\\\}")


@dataclass(frozen=True)
class DocExample:
    """The example of one method section."""

    api_class: str
    name: str
    http_method: str
    path: str  # the path template, e.g. /v1/collections/{collection_identifier}
    source: str

    @property
    def id(self) -> str:
        return f"{self.api_class}.{self.name}"

    def path_pattern(self) -> re.Pattern[str]:
        """The raw (percent-encoded) request paths the template admits: one segment per placeholder."""
        return re.compile(_PLACEHOLDER.sub("[^/]+", re.escape(self.path)))


def _sections(page: Path) -> Iterator[tuple[str, str]]:
    for match in _SECTION.finditer(page.read_text(encoding="utf-8")):
        yield match.group(1), match.group(2)


def doc_examples() -> list[DocExample]:
    """Every method section's example (a section without an HTTP call or an example is an error)."""
    examples: list[DocExample] = []
    for page in sorted(API_DOCS.glob("*Api.md")):
        for name, body in _sections(page):
            call = _HTTP_CALL.search(body)
            blocks = _EXAMPLE.findall(body)
            assert call is not None, f"{page.name}#{name}: no HTTP call"
            assert len(blocks) == 1, f"{page.name}#{name}: {len(blocks)} example blocks"
            examples.append(DocExample(page.stem, name, call.group(1), call.group(2), blocks[0]))
    return examples


EXAMPLES = doc_examples()


@pytest.fixture(scope="module")
def plans() -> dict[tuple[str, str], OperationTest]:
    """The generator's test plan of every (class, method): its sample response among the rest."""
    package = build_package(
        load_spec(PROJECT_ROOT / "openapi.json"),
        load_config(PROJECT_ROOT / "openapi-generator-config.yaml"),
        "openapi.json",
    )
    return {(plan.api_class, plan.operation.name): plan for plan in package.operation_tests}


def _answer(server: RecordingServer, plan: OperationTest) -> None:
    """Make the server answer as the operation's generated test does."""
    if plan.response_check == "is_none" or plan.response_body_source is None:
        server.respond(plan.response_status)
        return
    body: Any = ast.literal_eval(plan.response_body_source)
    if plan.response_check == "text":
        server.respond(plan.response_status, body, content_type="text/plain")
    elif plan.response_check == "none":
        server.respond(plan.response_status, b'{"line": 1}\n', content_type=plan.operation.response_media)
    else:
        server.respond(plan.response_status, json.dumps(body).encode("utf-8"))


def test_every_method_section_has_an_example(plans: dict[tuple[str, str], OperationTest]) -> None:
    documented = [(example.api_class, example.name) for example in EXAMPLES]
    assert len(documented) == len(set(documented))
    assert set(documented) == set(plans)


def test_the_section_http_call_is_the_operation(plans: dict[tuple[str, str], OperationTest]) -> None:
    for example in EXAMPLES:
        operation = plans[(example.api_class, example.name)].operation
        assert (example.http_method, example.path) == (operation.http_method, operation.path), example.id


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.id for example in EXAMPLES])
def test_example_makes_the_documented_call(
    example: DocExample,
    plans: dict[tuple[str, str], OperationTest],
    recording_server: RecordingServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    plan = plans[(example.api_class, example.name)]
    _answer(recording_server, plan)
    monkeypatch.setenv("MIXPEEK_BASE_URL", recording_server.url)
    for name in ("MIXPEEK_API_KEY", "MIXPEEK_NAMESPACE"):
        monkeypatch.delenv(name, raising=False)
    printed: list[tuple[Any, ...]] = []

    code = compile(example.source, f"docs/api/{example.api_class}.md#{example.name}", "exec")
    exec(code, {"__name__": "doc_example", "print": lambda *values: printed.append(values)})

    requests = recording_server.requests
    assert len(requests) == 1
    request = requests[0]
    assert request.method == example.http_method
    assert example.path_pattern().fullmatch(request.raw_path), (request.raw_path, example.path)
    security = plan.operation.security
    assert (request.headers.get("Authorization") == "Bearer sk_...") == ("BearerAuth" in security)
    assert (request.headers.get("X-Namespace") == "ns_...") == ("NamespaceHeader" in security)
    if plan.operation.return_type.expr == "None":
        assert printed == []
    else:
        assert len(printed) == 1
        if plan.response_check == "model":
            assert isinstance(printed[0][0], getattr(mixpeek, str(plan.response_model)))
