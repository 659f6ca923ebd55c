"""Generated docstrings and reference pages say each thing once.

The spec owns the prose (what an operation or parameter means); the generator owns what it derives from the
structure (the HTTP call, where a parameter goes, whether it is required, the result type). These tests read
the committed generated files, which test_tree keeps equal to what the generator writes.
"""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path
from typing import Iterator, List, Tuple

PROJECT_ROOT = Path(__file__).resolve().parents[2]
API_DIR = PROJECT_ROOT / "mixpeek" / "api"
API_DOCS = PROJECT_ROOT / "docs" / "api"
# On the docstring with its line breaks collapsed: the wrapping may break the line anywhere.
CALL = re.compile(
    r"HTTP call: `(?P<method>[A-Z]+) (?P<path>[^`]+)`\. "
    r"(?P<credentials>Needs an API key(?: and a namespace)?\.|No API key is needed\.)"
)
ARG = re.compile(
    r"^(?P<name>\w+): (?P<text>.*) \((?P<where>path|query|header|request body|form field)"
    r"(?: `[^`]+`)?, (?:required|optional)\)$"
)
# The words that name each location; a parameter's own text must not use them.
LOCATION_WORDS = {
    "path": r"\bpath\b",
    "query": r"\bquery (?:parameter|string)\b",
    "header": r"\bheader\b",
    "request body": r"\b(?:request )?body\b",
    "form field": r"\bform field\b",
}
DOC_LOCATION = {"body": "request body", "form": "form field"}


def operation_docstrings() -> Iterator[Tuple[str, str]]:
    """(class.method, docstring) of every generated operation method (those that state an HTTP call)."""
    for module in sorted(API_DIR.glob("*_api.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for cls in (node for node in tree.body if isinstance(node, ast.ClassDef)):
            for function in (node for node in cls.body if isinstance(node, ast.FunctionDef)):
                doc = ast.get_docstring(function)
                if doc and CALL.search(flat(doc)):
                    yield f"{cls.name}.{function.name}", inspect.cleandoc(doc)


def flat(doc: str) -> str:
    """The docstring on one line, its runs of white space made single spaces."""
    return " ".join(doc.split())


def argument_entries(doc: str) -> List[str]:
    """The entries of the Args section, each joined onto one line."""
    lines = doc.split("\n\nArgs:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    entries: List[str] = []
    for line in lines:
        if line.startswith("    ") and not line.startswith("     "):
            entries.append(line.strip())
        else:
            entries[-1] += " " + line.strip()
    return entries


def test_every_operation_docstring_is_checked() -> None:
    assert sum(1 for _ in operation_docstrings()) > 500


def test_docstrings_state_the_http_call_once() -> None:
    repeated = []
    for where, doc in operation_docstrings():
        text = flat(doc)
        match = CALL.search(text)
        assert match is not None
        if text.count(match["path"]) != 1 or text.count(f"{match['method']} /") != 1:
            repeated.append(where)
    assert repeated == []


def test_docstrings_state_each_parameter_location_once() -> None:
    repeated = []
    checked = 0
    for where, doc in operation_docstrings():
        for entry in argument_entries(doc):
            match = ARG.match(entry)
            if match is None:
                continue  # authorization, x_namespace, **options: not spec parameters
            checked += 1
            if re.search(LOCATION_WORDS[match["where"]], match["text"], re.IGNORECASE):
                repeated.append(f"{where}: {entry}")
    assert checked > 1000
    assert repeated == []


def test_docstrings_state_the_credentials_once() -> None:
    repeated = []
    for where, doc in operation_docstrings():
        text = flat(doc)
        assert CALL.search(text) is not None
        if text.count("API key") != 1 + text.count("`Bearer <API key>`"):
            repeated.append(where)
    assert repeated == []


def test_docstrings_leave_the_result_type_to_the_returns_line() -> None:
    repeated = []
    for where, doc in operation_docstrings():
        returns = doc.rsplit("Returns: ", 1)[1].rstrip(".")
        prose = doc.split("\n\nHTTP call:", 1)[0]
        if re.search(rf"\bReturns an? {re.escape(returns)}\b", prose):
            repeated.append(where)
    assert repeated == []


def reference_sections() -> Iterator[Tuple[str, str]]:
    """(page#method, section text) of every operation section of the API reference pages."""
    for page in sorted(API_DOCS.glob("*Api.md")):
        for section in page.read_text(encoding="utf-8").split("\n## ")[1:]:
            yield f"{page.name}#{section.split(chr(10), 1)[0]}", section


def test_reference_sections_state_the_http_call_once() -> None:
    repeated = []
    sections = 0
    for where, section in reference_sections():
        sections += 1
        calls = re.findall(r"`([A-Z]+ /[^`]*)`", section)
        if len(calls) != 1:
            repeated.append(f"{where}: {calls}")
    assert sections > 500
    assert repeated == []


def test_reference_parameter_texts_leave_the_location_to_its_column() -> None:
    repeated = []
    for where, section in reference_sections():
        for row in re.findall(r"^\| `\w+` \|.*\|$", section, re.MULTILINE):
            cells = [cell.strip() for cell in row.strip("|").split(" | ")]
            location = DOC_LOCATION.get(cells[2].split(" ")[0], cells[2].split(" ")[0])
            if re.search(LOCATION_WORDS[location], cells[4], re.IGNORECASE):
                repeated.append(f"{where}: {row}")
    assert repeated == []
