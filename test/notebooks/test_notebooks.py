"""Every notebook of examples/notebooks runs (nbclient, offline against the in-process local server) and
shows what it is there to show; the committed notebooks carry no outputs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = Path(__file__).resolve().parents[2] / "examples" / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))


def _execute(path: Path, tmp_path: Path) -> Any:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    return notebook


def _outputs(notebook: Any) -> list[dict[str, Any]]:
    return [output for cell in notebook.cells if cell.cell_type == "code" for output in cell.outputs]


def _html(notebook: Any) -> list[str]:
    return [
        str(output["data"]["text/html"])
        for output in _outputs(notebook)
        if "text/html" in output.get("data", {})
    ]


def _plain(notebook: Any) -> list[str]:
    return [
        str(output["data"]["text/plain"])
        for output in _outputs(notebook)
        if "text/plain" in output.get("data", {})
    ]


def _streams(notebook: Any) -> str:
    return "".join(str(output["text"]) for output in _outputs(notebook) if output["output_type"] == "stream")


def test_there_are_the_four_notebooks() -> None:
    assert [path.name for path in PATHS] == [
        "01_quickstart.ipynb",
        "02_filters_sorting_pagination.ipynb",
        "03_bulk_upsert_to_pandas.ipynb",
        "04_streaming_stages.ipynb",
    ]


@pytest.mark.parametrize("path", PATHS, ids=lambda path: path.name)
def test_committed_notebooks_have_no_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name} has outputs committed"


def test_quickstart(tmp_path: Path) -> None:
    notebook = _execute(NOTEBOOKS / "01_quickstart.ipynb", tmp_path)
    assert not [output for output in _outputs(notebook) if output["output_type"] == "error"]
    tables = [text for text in _html(notebook) if 'class="mixpeek-table"' in text]
    hits = [text for text in tables if "<th>document_id</th><th>score</th>" in text]
    assert hits and "<td>doc-3</td>" in hits[0] and "showing 10 of" not in hits[0]
    assert "('doc-3', 1.0)" in _plain(notebook)
    assert any("inserted=30" in text and "document_ids=<30 ids>" in text for text in _plain(notebook))


def test_filters_sorting_and_pagination(tmp_path: Path) -> None:
    notebook = _execute(NOTEBOOKS / "02_filters_sorting_pagination.ipynb", tmp_path)
    plain = _plain(notebook)
    assert "[120, 105, 90, 75, 60, 45, 30, 15, 0]" in plain
    assert any("more pages exist" in text and "<th>retriever_id</th>" in text for text in _html(notebook))
    assert "(6, ['cheap-docs-by-price', 'extra-0', 'extra-1'])" in plain
    assert "(6, 2)" in plain


def test_bulk_upsert_then_pandas(tmp_path: Path) -> None:
    notebook = _execute(NOTEBOOKS / "03_bulk_upsert_to_pandas.ipynb", tmp_path)
    plain = _plain(notebook)
    counts = [text for text in plain if text.startswith("(50000, 50, ")]
    assert counts and int(counts[0].strip("()").split(", ")[2]) < 300  # the repr of the result is short
    assert "50000/50000" in _streams(notebook)  # the progress bar reached the end
    frames = [text for text in _html(notebook) if 'class="dataframe"' in text]
    assert frames and "row-42" in frames[-1]  # the nearest hit of row 42's own vector is row 42


def test_streaming_stages(tmp_path: Path) -> None:
    notebook = _execute(NOTEBOOKS / "04_streaming_stages.ipynb", tmp_path)
    printed = _streams(notebook).splitlines()
    assert printed == [
        "stage_start search 0",
        "stage_complete search 10",
        "stage_start docs_only 0",
        "stage_complete docs_only 5",
        "execution_complete  5",
    ]
    assert any("RetrieverStreamEvent" in text for text in _html(notebook))
