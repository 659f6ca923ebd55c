"""Display of SDK values: bounded reprs, IPython text and HTML tables (escaped), errors as one block."""

from __future__ import annotations

import pickle
import sys
from typing import Any

import pytest
from IPython.lib.pretty import pretty

from mixpeek._runtime import display
from mixpeek._runtime.record import Record, wrap
from mixpeek.client.bulk_upsert import merge_responses
from mixpeek.client.errors import BulkUpsertError, NotFoundError
from mixpeek.client.pagination import PageRequest, Paginator
from mixpeek.models import NamespaceModel


def _hits(count: int) -> Record:
    hits = [
        {
            "document_id": f"d{i}",
            "score": 1 / (i + 1),
            "payload": {"title": f"<b>{i}</b>", "n": i, "a": 1, "b": 2},
        }
        for i in range(count)
    ]
    value = wrap({"documents": hits, "execution_id": "e1"})
    assert isinstance(value, Record)
    return value


def test_record_repr_is_the_dict_repr_when_small_and_bounded_when_large() -> None:
    small = wrap({"a": 1, "b": [1, 2]})
    assert repr(small) == repr({"a": 1, "b": [1, 2]})
    large = _hits(500)
    text = repr(large)
    assert len(text) < display.REPR_LIMIT + 100
    assert text.startswith(repr(dict(large))[:200]) and "more characters not shown" in text
    assert large == pickle.loads(pickle.dumps(large))  # only the display is bounded


def test_hits_show_as_an_escaped_html_table_of_id_score_and_first_payload_fields() -> None:
    rendered = _hits(12)._repr_html_()
    assert "<th>document_id</th><th>score</th><th>title</th><th>n</th><th>a</th></tr>" in rendered
    assert "<td>&lt;b&gt;0&lt;/b&gt;</td>" in rendered and "<b>0</b>" not in rendered
    assert rendered.count("<tr>") == 1 + display.TABLE_ROWS
    assert "showing 10 of 12" in rendered and "execution_id=e1" in rendered


def test_pretty_text_is_a_table_of_hits() -> None:
    text = pretty(_hits(3))
    assert text.splitlines()[1].split() == ["document_id", "score", "title", "n", "a"]
    assert text.splitlines()[2].split()[:2] == ["d0", "1"]


def test_upsert_result_shows_counts_and_token_and_ids_only_on_request() -> None:
    responses = [
        {"inserted": 1000, "document_ids": [f"doc-{b}-{i}" for i in range(1000)], "write_token": f"wt_{b}"}
        for b in range(5)
    ]
    result = merge_responses(responses)
    assert (
        repr(result) == "UpsertResult(inserted=5000, document_ids=<5,000 ids>, write_token='wt_4', batches=5)"
    )
    assert pretty(result) == repr(result)
    assert "doc-4-999" in result.summary(ids=True)
    assert "5,000 ids" in result._repr_html_() and "wt_4" in result._repr_html_()


def test_paginator_displays_only_its_first_page_once() -> None:
    fetched: list[PageRequest] = []

    def fetch(request: PageRequest) -> Any:
        fetched.append(request)
        return wrap({"results": [{"id": f"r{i}"} for i in range(2)], "pagination": {"next_cursor": "c2"}})

    pages: Paginator[Any] = Paginator(fetch)
    assert "not fetched yet" in repr(pages) and fetched == []
    assert "more pages exist" in pages._repr_html_() and "<td>r1</td>" in pages._repr_html_()
    assert "more pages exist" in pretty(pages)
    assert len(fetched) == 1 and repr(pages) == "Paginator(first page: 2 items, more pages)"


def test_paginator_to_list_and_to_pandas() -> None:
    def fetch(request: PageRequest) -> Any:
        page = request.page or 1
        items = [{"id": f"p{page}-{i}", "payload": {"k": page}} for i in range(2)]
        return wrap({"results": items, "pagination": {"page": page, "total_pages": 3}})

    pages: Paginator[Any] = Paginator(fetch)
    assert [item["id"] for item in pages.to_list()] == ["p1-0", "p1-1", "p2-0", "p2-1", "p3-0", "p3-1"]
    assert len(pages.to_list(limit=3)) == 3
    frame = pages.to_pandas()
    assert list(frame.columns) == ["id", "k"] and list(frame["k"]) == [1, 1, 2, 2, 3, 3]


def test_to_pandas_names_the_install_command_when_pandas_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # an import of pandas now raises ImportError
    with pytest.raises(ImportError, match="pip install pandas"):
        _hits(2).to_pandas()


def test_record_to_pandas_lifts_payload_fields() -> None:
    frame = _hits(3).to_pandas()
    assert list(frame.columns) == ["document_id", "score", "title", "n", "a", "b"]
    assert list(frame["n"]) == [0, 1, 2]
    assert list(wrap({"x": 1, "y": "z"}).to_pandas().iloc[0]) == [1, "z"]


def test_models_have_bounded_repr_and_a_field_table() -> None:
    model = NamespaceModel.model_validate(
        {"namespace_id": "ns_1", "namespace_name": "n<1>", "notes": "<x>" * 1000}
    )
    assert len(repr(model)) < display.REPR_LIMIT + 100 and "more characters not shown" in repr(model)
    rendered = model._repr_html_()
    assert "<td>namespace_id</td><td>ns_1</td>" in rendered and "n&lt;1&gt;" in rendered
    assert pretty(model).startswith("NamespaceModel {")


def test_errors_show_as_one_block() -> None:
    error = NotFoundError(404, {"error": {"message": "namespace <nope> not found"}}, "Not Found")
    block = error._repr_html_()
    assert block.startswith('<pre class="mixpeek-error"') and "&lt;nope&gt;" in block
    assert pretty(error).startswith("NotFoundError: ")
    written = merge_responses([])
    bulk = BulkUpsertError(written, [], 0)
    assert pretty(bulk).startswith("BulkUpsertError: Bulk upsert failed")
